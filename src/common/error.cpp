#include "common/error.hpp"

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
  out += fmt::format(": {}", message);
  if (!where.line_text.empty()) {
    out += fmt::format("\n  {}", where.line_text);
    if (where.column > 0) {
      out += fmt::format("\n  {}^", std::string(static_cast<std::size_t>(where.column - 1), ' '));
    }
  }
  return out;
}

}  // namespace pwi
