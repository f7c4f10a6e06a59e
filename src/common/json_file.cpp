#include "common/json_file.hpp"

#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pwi {

namespace {

// nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: ";
// the location goes into SourceLocation instead.
std::string json_reason(const nlohmann::json::parse_error& e)
{
  const std::string_view what = e.what();
  const auto colon = what.find(": ");
  return std::string(colon == std::string_view::npos ? what : what.substr(colon + 2));
}

SourceLocation location_of(std::string_view text, std::size_t byte, const std::string& path)
{
  // nlohmann's byte is the 1-based position just after the offending character.
  const std::size_t offset = std::min(byte > 0 ? byte - 1 : 0, text.size());
  const auto line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t begin =
    (line_start == std::string_view::npos || offset == 0) ? 0 : line_start + 1;
  const auto line_end = text.find('\n', begin);
  const int line = static_cast<int>(std::count(text.begin(), text.begin() + begin, '\n')) + 1;
  return SourceLocation{path, line, static_cast<int>(offset - begin) + 1,
                        std::string(text.substr(begin, line_end - begin))};
}

}  // namespace

nlohmann::json parse_json(std::string_view text, const std::string& path)
{
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(location_of(text, e.byte, path),
                     fmt::format("not valid JSON: {}", json_reason(e)));
  }
}

}  // namespace pwi
