#include "pep/pytext.hpp"

#include <array>
#include <cstdint>

namespace pwi::pytext {

namespace {

// Decodes the code point at `pos`; `length` is 1 for invalid bytes, which then match nothing.
std::uint32_t decode(std::string_view s, std::size_t pos, std::size_t& length)
{
  const auto b0 = static_cast<unsigned char>(s[pos]);
  length = 1;
  if (b0 < 0x80) {
    return b0;
  }
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return 0xFFFFFFFF;
  }
  if (pos + n > s.size()) {
    return 0xFFFFFFFF;
  }
  for (std::size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) {
      return 0xFFFFFFFF;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  length = n;
  return cp;
}

bool is_python_space(std::uint32_t cp)
{
  if ((cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20)) {
    return true;
  }
  switch (cp) {
  case 0x85:
  case 0xA0:
  case 0x1680:
  case 0x2028:
  case 0x2029:
  case 0x202F:
  case 0x205F:
  case 0x3000:
    return true;
  default:
    return cp >= 0x2000 && cp <= 0x200A;
  }
}

}  // namespace

std::size_t space_at(std::string_view s, std::size_t pos)
{
  if (pos >= s.size()) {
    return 0;
  }
  std::size_t length = 0;
  return is_python_space(decode(s, pos, length)) ? length : 0;
}

std::size_t skip_spaces(std::string_view s, std::size_t pos)
{
  while (std::size_t n = space_at(s, pos)) {
    pos += n;
  }
  return pos;
}

std::string_view strip(std::string_view s)
{
  std::size_t begin = skip_spaces(s, 0);
  std::size_t end = begin;
  for (std::size_t pos = begin; pos < s.size();) {
    if (std::size_t n = space_at(s, pos)) {
      pos += n;
    } else {
      std::size_t length = 0;
      decode(s, pos, length);
      pos += length;
      end = pos;
    }
  }
  return s.substr(begin, end - begin);
}

std::size_t letter_at(std::string_view s, std::size_t pos, char lower)
{
  if (pos >= s.size()) {
    return 0;
  }
  const char c = s[pos];
  if (c == lower || c == lower - 'a' + 'A') {
    return 1;
  }
  if (static_cast<unsigned char>(c) < 0x80) {
    return 0;
  }
  std::size_t length = 0;
  const std::uint32_t cp = decode(s, pos, length);
  // Python's re folds these onto ASCII letters under IGNORECASE.
  const bool folds = (lower == 'i' && (cp == 0x130 || cp == 0x131)) ||
                     (lower == 's' && cp == 0x17F) || (lower == 'k' && cp == 0x212A);
  return folds ? length : 0;
}

std::size_t word_at(std::string_view s, std::size_t pos, std::string_view word)
{
  const std::size_t start = pos;
  for (char c : word) {
    const std::size_t n = letter_at(s, pos, c);
    if (n == 0) {
      return std::string_view::npos;
    }
    pos += n;
  }
  return pos - start;
}

std::size_t alnum_ci_at(std::string_view s, std::size_t pos)
{
  if (pos >= s.size()) {
    return 0;
  }
  if (is_ascii_alnum(s[pos])) {
    return 1;
  }
  for (char c : {'i', 's', 'k'}) {
    if (std::size_t n = letter_at(s, pos, c)) {
      return n;
    }
  }
  return 0;
}

std::string lower(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t length = 0;
    const std::uint32_t cp = decode(s, pos, length);
    if (cp >= 'A' && cp <= 'Z') {
      out += static_cast<char>(cp - 'A' + 'a');
    } else if (cp == 0x130) {
      out += "i\xCC\x87";  // 'İ'.lower() is 'i' + COMBINING DOT ABOVE
    } else if (cp == 0x212A) {
      out += 'k';
    } else {
      out.append(s.substr(pos, length));
    }
    pos += length;
  }
  return out;
}

Expanded expand_tabs(std::string_view s)
{
  Expanded result;
  result.text.reserve(s.size());
  std::size_t column = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t length = 0;
    decode(s, pos, length);
    const char c = s[pos];
    if (c == '\t') {
      const std::size_t spaces = 8 - column % 8;
      result.text.append(spaces, ' ');
      result.origin.insert(result.origin.end(), spaces, pos);
      column += spaces;
    } else {
      result.text.append(s.substr(pos, length));
      result.origin.insert(result.origin.end(), length, pos);
      column = (c == '\n' || c == '\r') ? 0 : column + 1;
    }
    pos += length;
  }
  result.origin.push_back(s.size());
  return result;
}

}  // namespace pwi::pytext
