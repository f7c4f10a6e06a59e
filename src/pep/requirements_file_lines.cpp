#include "pep/requirements_file_lines.hpp"

#include "pep/pytext.hpp"

#include <algorithm>

namespace pwi::reqfile {

namespace {

bool starts_with(std::string_view s, std::string_view prefix)
{
  return s.substr(0, prefix.size()) == prefix;
}

// Length of the str.splitlines() line boundary at `pos`, 0 if none:
// \n \r \r\n \v \f \x1c \x1d \x1e \x85 \u2028 \u2029.
std::size_t line_break_at(std::string_view s, std::size_t pos)
{
  const char c = s[pos];
  if (c == '\r') {
    return pos + 1 < s.size() && s[pos + 1] == '\n' ? 2 : 1;
  }
  if (c == '\n' || c == '\v' || c == '\f' || c == '\x1c' || c == '\x1d' || c == '\x1e') {
    return 1;
  }
  const std::string_view rest = s.substr(pos);
  if (starts_with(rest, "\xC2\x85")) {
    return 2;
  }
  if (starts_with(rest, "\xE2\x80\xA8") || starts_with(rest, "\xE2\x80\xA9")) {
    return 3;
  }
  return 0;
}

std::vector<std::string_view> split_lines(std::string_view s)
{
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (const std::size_t n = line_break_at(s, i)) {
      lines.push_back(s.substr(start, i - start));
      i += n;
      start = i;
    } else {
      ++i;
    }
  }
  if (start < s.size()) {
    lines.push_back(s.substr(start));
  }
  return lines;
}

// COMMENT_RE.match(line): the first non-blank character is '#'.
bool is_comment_line(std::string_view line)
{
  const std::size_t pos = pytext::skip_spaces(line, 0);
  return pos < line.size() && line[pos] == '#';
}

// Where COMMENT_RE = (^|\s+)#.*$ starts matching: the blank run before the first '#' that
// begins the line or follows a blank; npos when there is no comment.
std::size_t comment_start(std::string_view line)
{
  std::size_t run_start = 0;
  bool after_space = true;  // '^' counts as a blank run of length zero
  for (std::size_t i = 0; i < line.size();) {
    if (line[i] == '#' && after_space) {
      return run_start;
    }
    if (const std::size_t n = pytext::space_at(line, i)) {
      if (!after_space || i == 0) {
        run_start = i;
      }
      after_space = true;
      i += n;
    } else {
      after_space = false;
      run_start = i + 1;
      ++i;
    }
  }
  return std::string_view::npos;
}

std::string_view strip_backslashes(std::string_view s)  // str.strip("\\")
{
  while (!s.empty() && s.front() == '\\') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == '\\') {
    s.remove_suffix(1);
  }
  return s;
}

struct Joined {
  int line;
  std::string raw;
};

// join_lines(): a line ending in '\' (and not a comment) continues on the next one.
std::vector<Joined> join_lines(const std::vector<std::string_view>& lines)
{
  std::vector<Joined> out;
  std::optional<Joined> pending;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const int number = static_cast<int>(i) + 1;
    const bool comment = is_comment_line(line);
    if (line.empty() || line.back() != '\\' || comment) {
      // pip prefixes comment lines with a blank so that COMMENT_RE still matches once joined.
      std::string text = comment ? " " + std::string(line) : std::string(line);
      if (pending) {
        pending->raw += text;
        out.push_back(std::move(*pending));
        pending.reset();
      } else {
        out.push_back({number, std::move(text)});
      }
    } else {
      if (!pending) {
        pending = Joined{number, ""};
      }
      pending->raw += strip_backslashes(line);
    }
  }
  if (pending) {
    out.push_back(std::move(*pending));
  }
  return out;
}

bool is_env_name_char(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// expand_env_variables(): every ${NAME} found in the line, in order, is replaced everywhere in
// the (already partly expanded) line by its value, unless unset or empty.
void expand_env_variables(LogicalLine& line, const Getenv& getenv)
{
  std::vector<std::string> found;
  for (std::size_t i = 0; i + 3 < line.text.size() + 1; ++i) {
    if (line.text.compare(i, 2, "${") != 0) {
      continue;
    }
    std::size_t end = i + 2;
    while (end < line.text.size() && is_env_name_char(line.text[end])) {
      ++end;
    }
    if (end > i + 2 && end < line.text.size() && line.text[end] == '}') {
      found.push_back(line.text.substr(i, end + 1 - i));
      i = end;
    }
  }
  for (const auto& var : found) {
    const auto value = getenv(var.substr(2, var.size() - 3));
    if (!value || value->empty()) {
      continue;
    }
    std::string text;
    std::vector<std::size_t> origin;
    for (std::size_t i = 0; i < line.text.size();) {
      if (line.text.compare(i, var.size(), var) == 0) {
        text += *value;
        origin.insert(origin.end(), value->size(), line.origin[i]);
        i += var.size();
      } else {
        text += line.text[i];
        origin.push_back(line.origin[i]);
        ++i;
      }
    }
    origin.push_back(line.origin.back());
    line.text = std::move(text);
    line.origin = std::move(origin);
  }
}

bool iequals_ascii(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// PEP 263's ENCODING_RE = rb"coding[:=]\s*([-\w.]+)" on a line starting with '#'.
std::optional<std::string> declared_encoding(std::string_view line)
{
  if (line.empty() || line[0] != '#') {
    return std::nullopt;
  }
  for (std::size_t at = line.find("coding"); at != std::string_view::npos;
       at = line.find("coding", at + 1)) {
    std::size_t i = at + 6;
    if (i >= line.size() || (line[i] != ':' && line[i] != '=')) {
      continue;
    }
    ++i;
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) {
      ++i;
    }
    std::size_t end = i;
    while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) ||
                                 line[end] == '-' || line[end] == '_' || line[end] == '.')) {
      ++end;
    }
    if (end > i) {
      return std::string(line.substr(i, end - i));
    }
  }
  return std::nullopt;
}

// Returns the 1-based line of the first invalid UTF-8 sequence, 0 when valid.
int invalid_utf8_line(std::string_view text)
{
  int line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b == '\n') {
      ++line;
    }
    const std::size_t n = b < 0x80                          ? 1
                          : (b & 0xE0) == 0xC0 && b >= 0xC2 ? 2
                          : (b & 0xF0) == 0xE0              ? 3
                          : (b & 0xF8) == 0xF0 && b <= 0xF4 ? 4
                                                            : 0;
    if (n == 0 || i + n > text.size()) {
      return line;
    }
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return line;
      }
    }
    const auto b1 = n > 1 ? static_cast<unsigned char>(text[i + 1]) : 0;
    if ((n == 3 && ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0))) ||
        (n == 4 && ((b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90)))) {
      return line;
    }
    i += n;
  }
  return 0;
}

std::string latin1_to_utf8(std::string_view bytes)
{
  std::string out;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xC0 | (b >> 6));
      out += static_cast<char>(0x80 | (b & 0x3F));
    }
  }
  return out;
}

}  // namespace

std::string decode(std::string_view bytes)
{
  constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
  if (starts_with(bytes, k_utf8_bom)) {
    bytes.remove_prefix(k_utf8_bom.size());
  } else if (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF") ||
             starts_with(bytes, std::string_view("\x00\x00\xFE\xFF", 4))) {
    throw DecodeError{1, "not supported here: UTF-16 or UTF-32 encoded file (save it as UTF-8)"};
  } else {
    std::size_t start = 0;
    for (int line = 1; line <= 2 && start <= bytes.size(); ++line) {
      const auto end = bytes.find('\n', start);
      const auto encoding = declared_encoding(bytes.substr(start, end - start));
      if (encoding) {
        std::string name = *encoding;
        std::replace(name.begin(), name.end(), '_', '-');
        if (iequals_ascii(name, "latin-1") || iequals_ascii(name, "latin1") ||
            iequals_ascii(name, "iso-8859-1") || iequals_ascii(name, "iso8859-1")) {
          return latin1_to_utf8(bytes);
        }
        if (!iequals_ascii(name, "utf-8") && !iequals_ascii(name, "utf8") &&
            !iequals_ascii(name, "ascii") && !iequals_ascii(name, "us-ascii")) {
          throw DecodeError{
            line, "not supported here: encoding '" + *encoding + "' (use UTF-8, ASCII or Latin-1)"};
        }
        break;
      }
      if (end == std::string_view::npos) {
        break;
      }
      start = end + 1;
    }
  }
  if (const int line = invalid_utf8_line(bytes)) {
    throw DecodeError{line, "not valid UTF-8 (declare another encoding with a "
                            "'# -*- coding: ... -*-' line)"};
  }
  return std::string(bytes);
}

std::vector<LogicalLine> preprocess(std::string_view content, const Getenv& getenv)
{
  std::vector<LogicalLine> out;
  for (auto& joined : join_lines(split_lines(content))) {
    LogicalLine line;
    line.line = joined.line;
    line.raw = std::move(joined.raw);
    std::string_view kept = line.raw;
    kept = kept.substr(0, comment_start(kept));
    const std::string_view stripped = pytext::strip(kept);
    if (stripped.empty()) {
      continue;
    }
    const auto offset = static_cast<std::size_t>(stripped.data() - line.raw.data());
    line.text = stripped;
    for (std::size_t i = 0; i <= stripped.size(); ++i) {
      line.origin.push_back(offset + i);
    }
    expand_env_variables(line, getenv);
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace pwi::reqfile
