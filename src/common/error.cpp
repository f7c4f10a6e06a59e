#include "common/error.hpp"

#include "common/url_credentials.hpp"

#include <fmt/format.h>

namespace pwi {

std::string format_located_message(const SourceLocation& where, const std::string& message)
{
  std::string out = where.file;
  if (where.line > 0) {
    out += fmt::format(":{}", where.line);
    if (where.column > 0) {
      out += fmt::format(":{}", where.column);
    }
  }
  // A message or line may quote a URL with credentials (an --index-url line, a value expanded
  // from ${VAR}): they are masked as pip masks them, and the caret follows the masked text.
  out += fmt::format(": {}", redact_url_credentials(message));
  if (!where.line_text.empty()) {
    out += fmt::format("\n  {}", redact_url_credentials(where.line_text));
    if (where.column > 0) {
      std::size_t column = static_cast<std::size_t>(where.column - 1);
      std::size_t shifted = column;
      for (const UrlCredentials& found : find_url_credentials(where.line_text)) {
        const std::size_t masked =
          redacted_userinfo(std::string_view(where.line_text).substr(found.offset, found.size))
            .size();
        if (column >= found.offset + found.size) {
          shifted = shifted + masked - found.size;
        } else if (column >= found.offset) {
          shifted = shifted - (column - found.offset);
        }
      }
      out += fmt::format("\n  {}^", std::string(shifted, ' '));
    }
  }
  return out;
}

}  // namespace pwi
