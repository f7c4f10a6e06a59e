#include "wheels/wheel_metadata.hpp"

#include "common/error.hpp"
#include "pep/names.hpp"
#include "wheels/email_headers.hpp"
#include "wheels/wheel_archive.hpp"
#include "wheels/wheel_name.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace pwi {

namespace {

[[noreturn]] void fail(const std::string& origin, const std::string& message)
{
  throw InputError(SourceLocation{origin, 0, 0, ""}, message);
}

// pip.utils.wheel.wheel_dist_info_dir: the one top-level *.dist-info directory, whose
// canonical name starts with the project's.
std::string find_dist_info(const WheelArchive& archive, const std::string& project_key,
                           const std::string& origin)
{
  std::set<std::string> dirs;
  for (const auto& name : archive.names()) {
    const std::string top = name.substr(0, name.find('/'));
    if (top.size() >= 10 && top.compare(top.size() - 10, 10, ".dist-info") == 0) {
      dirs.insert(top);
    }
  }
  if (dirs.empty()) {
    fail(origin, ".dist-info directory not found");
  }
  if (dirs.size() > 1) {
    std::string list;
    for (const auto& dir : dirs) {
      list += (list.empty() ? "" : ", ") + dir;
    }
    fail(origin, "multiple .dist-info directories found: " + list);
  }
  const std::string& dir = *dirs.begin();
  if (normalize_name(dir).rfind(project_key, 0) != 0) {
    fail(origin,
         fmt::format(".dist-info directory '{}' does not start with '{}'", dir, project_key));
  }
  return dir;
}

// pip.utils.wheel.wheel_version + check_compatibility: major version 1 only.
void check_wheel_version(std::string_view text, const std::string& origin)
{
  const EmailHeaders headers = EmailHeaders::parse(text);
  const EmailHeader* version = headers.get("Wheel-Version");
  if (version == nullptr) {
    fail(origin, "WHEEL is missing Wheel-Version");
  }
  std::string_view value = version->value;
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
    value.remove_suffix(1);
  }
  const std::string_view major_text = value.substr(0, value.find('.'));
  int major = 0;
  const auto [end, ec] =
    std::from_chars(major_text.data(), major_text.data() + major_text.size(), major);
  if (ec != std::errc() || end != major_text.data() + major_text.size()) {
    fail(origin, fmt::format("invalid Wheel-Version: '{}'", version->value));
  }
  if (major > 1) {
    fail(origin, fmt::format("Wheel-Version {} is not compatible with this version of pip "
                             "(it supports 1.x)",
                             value));
  }
}

bool is_valid_utf8(std::string_view text)
{
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t n = b < 0x80             ? 1
                    : (b & 0xE0) == 0xC0 ? 2
                    : (b & 0xF0) == 0xE0 ? 3
                    : (b & 0xF8) == 0xF0 ? 4
                                         : 0;
    if (n == 0 || i + n > text.size() || (n == 2 && b < 0xC2) || (n == 4 && b > 0xF4)) {
      return false;
    }
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    if (n == 3) {  // overlong forms and UTF-16 surrogates are invalid in Python's codec too
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0)) {
        return false;
      }
    } else if (n == 4) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      if ((b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90)) {
        return false;
      }
    }
    i += n;
  }
  return true;
}

const EmailHeader& required(const EmailHeaders& headers, std::string_view name,
                            const std::string& origin)
{
  const EmailHeader* header = headers.get(name);
  if (header == nullptr) {
    fail(origin, fmt::format("METADATA has no {} header", name));
  }
  return *header;
}

[[noreturn]] void fail_at(const EmailHeaders& headers, const EmailHeader& header,
                          std::size_t offset, const std::string& origin, const std::string& message)
{
  const auto [line, column] = header.position_of(offset);
  throw InputError(
    SourceLocation{origin, line, column, headers.lines()[static_cast<std::size_t>(line - 1)]},
    message);
}

}  // namespace

WheelMetadata parse_wheel_metadata(std::string_view text, const std::string& origin)
{
  if (!is_valid_utf8(text)) {
    fail(origin, "METADATA is not valid UTF-8");
  }
  const EmailHeaders headers = EmailHeaders::parse(text);
  WheelMetadata out;
  const EmailHeader& name = required(headers, "Name", origin);
  out.name = name.value;
  const EmailHeader& version = required(headers, "Version", origin);
  try {
    out.version = Version::parse(version.value);
  } catch (const ParseError& e) {
    fail_at(headers, version, e.offset(), origin,
            fmt::format("invalid Version '{}': {}", version.value, e.what()));
  }
  for (const EmailHeader* header : headers.get_all("Requires-Dist")) {
    try {
      out.requires_dist.push_back(Requirement::parse(header->value));
    } catch (const ParseError& e) {
      fail_at(headers, *header, e.offset(), origin,
              fmt::format("invalid Requires-Dist: {}", e.what()));
    }
  }
  if (const EmailHeader* header = headers.get("Requires-Python")) {
    try {
      out.requires_python = SpecifierSet::parse(header->value);
    } catch (const ParseError& e) {
      out.warnings.push_back(
        fmt::format("Package '{}' has an invalid Requires-Python: {}", out.name, e.what()));
    }
  }
  for (const EmailHeader* header : headers.get_all("Provides-Extra")) {
    out.provides_extra.push_back(header->value);
  }
  return out;
}

WheelMetadata read_wheel_metadata(const std::string& wheel_path)
{
  const std::string basename = wheel_path.substr(wheel_path.rfind('/') + 1);
  std::optional<WheelName> wheel_name;
  try {
    wheel_name = WheelName::parse(basename);
  } catch (const ParseError& e) {
    fail(wheel_path, e.what());
  }
  const WheelArchive archive(wheel_path);
  const std::string dist_info = find_dist_info(archive, wheel_name->key, wheel_path);
  const std::string wheel_member = dist_info + "/WHEEL";
  check_wheel_version(archive.read(wheel_member), wheel_path + "/" + wheel_member);
  const std::string metadata_member = dist_info + "/METADATA";
  return parse_wheel_metadata(archive.read(metadata_member), wheel_path + "/" + metadata_member);
}

}  // namespace pwi
