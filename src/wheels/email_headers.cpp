#include "wheels/email_headers.hpp"

#include <algorithm>

namespace pwi {

namespace {

struct Line {
  std::string_view text;    // without the line ending
  std::string_view ending;  // "\r\n", "\r", "\n" or "" at the end of the text
};

// The email package splits on \r\n, \r and \n alike.
std::vector<Line> split_lines(std::string_view text)
{
  std::vector<Line> out;
  while (!text.empty()) {
    const auto end = text.find_first_of("\r\n");
    if (end == std::string_view::npos) {
      out.push_back({text, ""});
      break;
    }
    const std::size_t ending_size =
      (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1;
    out.push_back({text.substr(0, end), text.substr(end, ending_size)});
    text.remove_prefix(end + ending_size);
  }
  return out;
}

// email.feedparser's headerRE: ^(From |[\041-\071\073-\176]*:|[\t ])
bool is_header_line(std::string_view line)
{
  if (line.substr(0, 5) == "From " || (!line.empty() && (line[0] == ' ' || line[0] == '\t'))) {
    return true;
  }
  for (const char c : line) {
    if (c == ':') {
      return true;
    }
    if (c < '\041' || c > '\176') {
      return false;
    }
  }
  return false;
}

bool iequals(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

}  // namespace

std::pair<int, int> EmailHeader::position_of(std::size_t offset) const
{
  const Segment* found = &segments.front();
  for (const auto& segment : segments) {
    if (segment.value_offset <= offset) {
      found = &segment;
    }
  }
  return {found->line, found->column + static_cast<int>(offset - found->value_offset)};
}

EmailHeaders EmailHeaders::parse(std::string_view text)
{
  EmailHeaders out;
  const std::vector<Line> lines = split_lines(text);
  for (const auto& line : lines) {
    out.m_lines.emplace_back(line.text);
  }
  EmailHeader* last = nullptr;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i].text;
    const int line_number = static_cast<int>(i) + 1;
    if (!is_header_line(line)) {
      break;  // the empty line before the body, or the body itself (a defect, tolerated)
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (last != nullptr) {  // else a continuation without header: skipped
        // compat32 keeps the previous line's ending and this line as they are.
        last->value += lines[i - 1].ending;
        last->segments.push_back({last->value.size(), line_number, 1});
        last->value += line;
      }
      continue;
    }
    last = nullptr;
    const auto colon = line.find(':');
    if (line.substr(0, 5) == "From " || colon == 0) {
      continue;  // a Unix envelope line, or a header without name: skipped
    }
    EmailHeader header;
    header.name = line.substr(0, colon);
    header.line = line_number;
    std::size_t start = colon + 1;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) {
      ++start;
    }
    header.value = line.substr(start);
    header.segments.push_back({0, line_number, static_cast<int>(start) + 1});
    out.m_headers.push_back(std::move(header));
    last = &out.m_headers.back();
  }
  // header_source_parse() strips trailing \r and \n only; inner line breaks stay.
  for (auto& header : out.m_headers) {
    while (!header.value.empty() && (header.value.back() == '\n' || header.value.back() == '\r')) {
      header.value.pop_back();
    }
  }
  return out;
}

const EmailHeader* EmailHeaders::get(std::string_view name) const
{
  for (const auto& header : m_headers) {
    if (iequals(header.name, name)) {
      return &header;
    }
  }
  return nullptr;
}

std::vector<const EmailHeader*> EmailHeaders::get_all(std::string_view name) const
{
  std::vector<const EmailHeader*> out;
  for (const auto& header : m_headers) {
    if (iequals(header.name, name)) {
      out.push_back(&header);
    }
  }
  return out;
}

}  // namespace pwi
