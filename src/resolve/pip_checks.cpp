#include "resolve/pip_checks.hpp"

#include "common/error.hpp"
#include "pep/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace pwi::resolve {

Version target_python_version(const TargetEnvironment& target)
{
  const auto it = target.markers.find("python_full_version");
  const std::string full = it == target.markers.end() ? "" : it->second;
  std::string numbers;
  int parts = 0;
  for (std::size_t i = 0; i < full.size() && parts < 3; ++i) {
    std::size_t j = i;
    while (j < full.size() && std::isdigit(static_cast<unsigned char>(full[j]))) {
      ++j;
    }
    if (j == i) {
      break;
    }
    numbers += (parts++ ? "." : "") + full.substr(i, j - i);
    if (j >= full.size() || full[j] != '.') {
      break;
    }
    i = j;
  }
  if (numbers.empty()) {
    throw InputError(SourceLocation{}, fmt::format("the target's python_full_version '{}' is "
                                                   "not a Python version",
                                                   full));
  }
  return Version::parse(numbers);
}

bool markers_hold(const Requirement& req, const MarkerEnvironment& env,
                  const std::set<std::string>& extras)
{
  if (!req.marker) {
    return true;
  }
  if (extras.empty()) {
    return req.marker->evaluate(env, "");
  }
  return std::any_of(extras.begin(), extras.end(),
                     [&](const std::string& e) { return req.marker->evaluate(env, e); });
}

bool metadata_consistent(const WheelMetadata& metadata, const std::string& key,
                         const Version& version)
{
  return normalize_name(metadata.name) == key && metadata.version == version;
}

}  // namespace pwi::resolve
