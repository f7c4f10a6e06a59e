// The RFC 822 header block of METADATA and WHEEL files, split as Python's email.parser does
// with its default compat32 policy (pip reads metadata through email.message_from_string).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi {

struct EmailHeader {
  std::string name;   // as written
  std::string value;  // leading blanks stripped; continuation lines kept with their line breaks
  int line = 0;       // 1-based line of the header name
  // Where each piece of `value` came from, to map an offset in it back to line and column.
  struct Segment {
    std::size_t value_offset;
    int line;
    int column;  // 1-based column of value[value_offset] on `line`
  };
  std::vector<Segment> segments;

  // Line and column (1-based) of `offset` within `value`.
  std::pair<int, int> position_of(std::size_t offset) const;
};

class EmailHeaders {
public:
  // Never fails: like the email package, malformed lines end the header block or are skipped.
  static EmailHeaders parse(std::string_view text);

  // First header of that name (case-insensitive), as Message.get().
  const EmailHeader* get(std::string_view name) const;
  // All headers of that name, in order, as Message.get_all().
  std::vector<const EmailHeader*> get_all(std::string_view name) const;

  const std::vector<EmailHeader>& headers() const { return m_headers; }
  // The physical lines of the text, without line endings, for error displays.
  const std::vector<std::string>& lines() const { return m_lines; }

private:
  std::vector<EmailHeader> m_headers;
  std::vector<std::string> m_lines;
};

}  // namespace pwi
