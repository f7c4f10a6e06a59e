#include "wheels/target_environment.hpp"

#include "common/error.hpp"
#include "common/json_file.hpp"
#include "pep/pytext.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pwi {

const std::vector<std::string_view> TargetEnvironment::k_marker_names = {
  "implementation_name",
  "implementation_version",
  "os_name",
  "platform_machine",
  "platform_python_implementation",
  "platform_release",
  "platform_system",
  "platform_version",
  "python_full_version",
  "python_version",
  "sys_platform"};

namespace {

[[noreturn]] void malformed(const std::string& origin, const std::string& message)
{
  throw InputError(SourceLocation{origin, 0, 0, ""}, message);
}

bool is_tag(std::string_view tag)
{
  return std::count(tag.begin(), tag.end(), '-') == 2 && tag.front() != '-' && tag.back() != '-' &&
         tag.find("--") == std::string_view::npos;
}

}  // namespace

std::optional<std::size_t> TargetEnvironment::tag_rank(std::string_view tag) const
{
  const auto it = std::find(tags.begin(), tags.end(), pytext::lower(tag));
  if (it == tags.end()) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(it - tags.begin());
}

std::optional<std::size_t> TargetEnvironment::best_rank(const WheelName& wheel) const
{
  std::optional<std::size_t> best;
  for (const auto& tag : wheel.tags) {
    const auto rank = tag_rank(tag);
    if (rank && (!best || *rank < *best)) {
      best = rank;
    }
  }
  return best;
}

TargetEnvironment TargetEnvironment::load(const std::string& json_path)
{
  RealFileSystem fs;
  return load(fs, json_path);
}

TargetEnvironment TargetEnvironment::load(FileSystem& fs, const std::string& json_path)
{
  return parse(fs.read_file(json_path), json_path);
}

TargetEnvironment TargetEnvironment::parse(std::string_view json_text, const std::string& origin)
{
  const nlohmann::json json = parse_json(json_text, origin);
  if (!json.is_object()) {
    malformed(origin, "expected a JSON object with \"markers\" and \"tags\"");
  }

  TargetEnvironment env;
  const auto markers = json.find("markers");
  if (markers == json.end() || !markers->is_object()) {
    malformed(origin, "\"markers\" must be an object of strings");
  }
  for (const auto& [name, value] : markers->items()) {
    if (!value.is_string()) {
      malformed(origin, fmt::format("\"markers\".\"{}\" must be a string", name));
    }
    env.markers.emplace(name, value.get<std::string>());
  }
  for (const auto name : k_marker_names) {
    if (env.markers.find(name) == env.markers.end()) {
      malformed(origin, fmt::format("\"markers\" lacks \"{}\"", name));
    }
  }

  const auto tags = json.find("tags");
  if (tags == json.end() || !tags->is_array() || tags->empty()) {
    malformed(origin, "\"tags\" must be a non-empty array of strings");
  }
  for (std::size_t i = 0; i < tags->size(); ++i) {
    const auto& tag = (*tags)[i];
    if (!tag.is_string() || !is_tag(tag.get<std::string>())) {
      malformed(origin, fmt::format("\"tags\"[{}] is not a wheel tag like "
                                    "\"cp311-cp311-manylinux_2_36_x86_64\": {}",
                                    i, tag.dump()));
    }
    env.tags.push_back(pytext::lower(tag.get<std::string>()));
  }
  return env;
}

}  // namespace pwi
