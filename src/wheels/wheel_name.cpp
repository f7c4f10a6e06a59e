#include "wheels/wheel_name.hpp"

#include "common/error.hpp"
#include "pep/names.hpp"
#include "pep/pytext.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace pwi {

namespace {

constexpr std::string_view k_suffix = ".whl";

struct Part {
  std::string_view text;
  std::size_t offset;
};

bool has_space(std::string_view text)
{
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (pytext::space_at(text, i) != 0) {
      return true;
    }
  }
  return false;
}

std::vector<std::string_view> split_dots(std::string_view text)
{
  std::vector<std::string_view> out;
  for (;;) {
    const auto dot = text.find('.');
    out.push_back(text.substr(0, dot));
    if (dot == std::string_view::npos) {
      return out;
    }
    text.remove_prefix(dot + 1);
  }
}

std::string replace_underscores(std::string_view text)
{
  std::string out(text);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

}  // namespace

WheelName WheelName::parse(std::string_view filename)
{
  const auto invalid = [&](std::size_t offset) {
    return ParseError(fmt::format("{} is not a valid wheel filename.", filename), offset);
  };
  if (filename.size() <= k_suffix.size() ||
      filename.substr(filename.size() - k_suffix.size()) != k_suffix) {
    throw invalid(0);
  }
  // pip's regular expression allows no '-' inside a part, so the parts are the '-' fields.
  std::vector<Part> parts;
  const std::string_view stem = filename.substr(0, filename.size() - k_suffix.size());
  for (std::size_t start = 0;;) {
    const auto dash = stem.find('-', start);
    parts.push_back({stem.substr(start, dash - start), start});
    if (dash == std::string_view::npos) {
      break;
    }
    start = dash + 1;
  }
  if (parts.size() != 5 && parts.size() != 6) {
    throw invalid(0);
  }
  const bool has_build = parts.size() == 6;
  const Part& name = parts[0];
  const Part& version = parts[1];
  // Every part but the version and the build tag is non-empty; only the build tag may hold
  // whitespace, and it starts with a digit.
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool is_build = has_build && i == 2;
    if (is_build) {
      if (parts[i].text.empty() || !pytext::is_digit(parts[i].text.front())) {
        throw invalid(parts[i].offset);
      }
    } else if ((i != 1 && parts[i].text.empty()) || has_space(parts[i].text)) {
      throw invalid(parts[i].offset);
    }
  }

  WheelName out;
  out.filename = filename;
  out.name = replace_underscores(name.text);
  out.key = normalize_name(out.name);
  const std::string version_text = replace_underscores(version.text);
  auto parsed_version = Version::try_parse(version_text);
  if (!parsed_version) {
    throw ParseError(
      fmt::format("invalid version '{}' in wheel filename {}", version_text, filename),
      version.offset);
  }
  out.version = std::move(*parsed_version);

  if (has_build) {
    const std::string_view build = parts[2].text;
    const auto digits_end = static_cast<std::size_t>(
      std::find_if(build.begin(), build.end(), [](char c) { return !pytext::is_digit(c); }) -
      build.begin());
    int number = 0;
    const auto [end, ec] = std::from_chars(build.data(), build.data() + digits_end, number);
    if (ec != std::errc() || end != build.data() + digits_end) {
      throw ParseError(fmt::format("build tag number too large in wheel filename {}", filename),
                       parts[2].offset);
    }
    out.build_tag = std::pair{number, std::string(build.substr(digits_end))};
  }

  const std::size_t first_tag = has_build ? 3 : 2;
  for (const auto python : split_dots(parts[first_tag].text)) {
    for (const auto abi : split_dots(parts[first_tag + 1].text)) {
      for (const auto platform : split_dots(parts[first_tag + 2].text)) {
        out.tags.push_back(pytext::lower(fmt::format("{}-{}-{}", python, abi, platform)));
      }
    }
  }
  std::sort(out.tags.begin(), out.tags.end());
  out.tags.erase(std::unique(out.tags.begin(), out.tags.end()), out.tags.end());
  return out;
}

}  // namespace pwi
