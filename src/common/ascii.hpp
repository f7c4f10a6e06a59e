// Case folding for protocol tokens and file names: ASCII only, whatever the locale (Python's
// str.lower() for requirement text is pytext::lower).
#pragma once

#include <string>
#include <string_view>

namespace pwi {

inline std::string lower_ascii(std::string_view s)
{
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

}  // namespace pwi
