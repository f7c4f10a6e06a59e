// The Python that the image will run: its PEP 508 marker values and its supported wheel tags,
// probed inside the base image (cmake/PyWheelImage/probe.py) and stored as ENV.json:
//   {"markers": {"python_version": "3.11", ...}, "tags": ["cp311-cp311-manylinux_2_36_x86_64",
//   ...]}
#pragma once

#include "common/file_system.hpp"
#include "pep/marker.hpp"
#include "wheels/wheel_name.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi {

struct TargetEnvironment {
  // The variables a PEP 508 marker may name (besides "extra"); ENV.json must define them all.
  static const std::vector<std::string_view> k_marker_names;

  MarkerEnvironment markers;
  std::vector<std::string> tags;  // lowercased, most preferred first, as packaging.tags.sys_tags

  // Position of `tag` in `tags` (first occurrence); nullopt when the target does not support it.
  // A linear scan: a few hundred tags, a few per wheel, and `tags` stays a plain member.
  std::optional<std::size_t> tag_rank(std::string_view tag) const;
  // The best (lowest) rank among the wheel's tags, as pip's Wheel.support_index_min; nullopt
  // when the wheel does not fit the target.
  std::optional<std::size_t> best_rank(const WheelName& wheel) const;

  // Throws IoError when the file cannot be read, InputError naming the file and the problem
  // when it is malformed.
  static TargetEnvironment load(const std::string& json_path);
  static TargetEnvironment load(FileSystem& fs, const std::string& json_path);
  static TargetEnvironment parse(std::string_view json_text, const std::string& origin);
};

}  // namespace pwi
