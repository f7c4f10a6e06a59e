// The core metadata of a wheel (<name>-<version>.dist-info/METADATA inside the .whl), read as
// pip 23.2 reads it: the .dist-info directory found as pip.utils.wheel.wheel_dist_info_dir
// finds it, WHEEL's Wheel-Version checked, METADATA parsed as an email message.
#pragma once

#include "pep/requirement.hpp"
#include "pep/specifier.hpp"
#include "pep/version.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pwi {

struct WheelMetadata {
  std::string name;  // the Name header, as written
  Version version;
  std::vector<Requirement> requires_dist;
  // Absent when the header is missing, or invalid: pip then warns and ignores it (see warnings).
  std::optional<SpecifierSet> requires_python;
  std::vector<std::string> provides_extra;  // as written; pip compares them with safe_extra()
  std::vector<std::string> warnings;        // what pip would log as warnings
};

// Throws IoError when the file cannot be opened, InputError naming the wheel (and the line
// of METADATA when known) when it is corrupt, truncated, not a wheel or has bad metadata.
WheelMetadata read_wheel_metadata(const std::string& wheel_path);

// The METADATA text alone; `origin` names it in errors.
WheelMetadata parse_wheel_metadata(std::string_view text, const std::string& origin);

}  // namespace pwi
