// What `write-image --config SPEC.json` changes in the base image's configuration, and the
// image references it is tagged with.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pwi::image {

struct ImageSpec {
  std::vector<std::string> env;  // KEY=VALUE: set in the base's Env, new keys appended
  std::optional<std::string> user;
  std::optional<std::string> workdir;
  std::optional<std::vector<std::string>> entrypoint;  // nullopt: the base's; empty: none
  std::optional<std::vector<std::string>> cmd;
  std::map<std::string, std::string> labels;
  std::vector<std::string> exposed_ports;  // "8080/tcp"
  std::vector<std::string> tags;           // as given, checked
};

// Parses SPEC.json's text (`path` names it in errors). Throws InputError "path: /env/1: ..."
// with the JSON pointer of the offending value, for unknown keys too.
ImageSpec parse_image_spec(std::string_view text, const std::string& path);

// An image reference with a tag, as Docker's reference package normalizes it: the full form
// ("docker.io/library/python:3.11") and the familiar one ("python:3.11"). A missing tag is
// "latest". nullopt when `ref` is not a valid tagged reference (a digest is not accepted).
struct ImageReference {
  std::string full;
  std::string familiar;
  std::string tag;
};
std::optional<ImageReference> parse_image_reference(std::string_view ref);

// "1970-01-01T00:00:00Z": RFC 3339 in UTC, as Docker writes "created".
std::string rfc3339(std::int64_t epoch);

// The base's configuration with `spec` applied.
void apply_image_spec(nlohmann::json& config, const ImageSpec& spec);

}  // namespace pwi::image
