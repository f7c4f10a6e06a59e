// Wheel file names (the binary distribution format spec), read as pip 23.2's
// pip._internal.models.wheel.Wheel reads them:
//   {name}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl
// where each tag may be a compressed set ("py2.py3").
#pragma once

#include "pep/version.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pwi {

struct WheelName {
  std::string filename;  // as given
  std::string name;      // as in the file name, with '_' read as '-' (as pip does)
  std::string key;       // normalize_name(name)
  Version version;       // the file name's version, with '_' read as '-'
  // (leading number, rest): "1" -> (1, ""), "2b" -> (2, "b"); pip sorts by this tuple.
  std::optional<std::pair<int, std::string>> build_tag;
  // Every python-abi-platform combination, lowercased as packaging.tags.Tag does; sorted,
  // unique (pip's Wheel.get_formatted_file_tags()).
  std::vector<std::string> tags;

  // Throws ParseError(message, offset) like "x.whl is not a valid wheel filename.".
  static WheelName parse(std::string_view filename);
};

}  // namespace pwi
