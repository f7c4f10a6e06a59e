// Internal: the few pieces of Python's str semantics that packaging's regular expressions and
// pyparsing rely on, applied to UTF-8 text. Matching pip exactly needs them: `\s` and strip()
// know Unicode spaces, IGNORECASE lets 'ſ' match 's', and pyparsing expands tabs first.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pwi::pytext {

// Length in bytes of the Python whitespace character (str.isspace) at `pos`, 0 if none.
std::size_t space_at(std::string_view s, std::size_t pos);
// Position after the run of Python whitespace starting at `pos`.
std::size_t skip_spaces(std::string_view s, std::size_t pos);
// str.strip() with no argument.
std::string_view strip(std::string_view s);

// Length of the character at `pos` that a re.IGNORECASE pattern letter `lower` ('a'..'z')
// matches, 0 if none: ASCII in both cases, plus the Unicode letters Python folds onto it.
std::size_t letter_at(std::string_view s, std::size_t pos, char lower);
// Length of the literal `word` (lowercase ASCII) matched case-insensitively at `pos`, or npos.
std::size_t word_at(std::string_view s, std::size_t pos, std::string_view word);
// Length of a character of the class [a-z0-9] under IGNORECASE at `pos`, 0 if none.
std::size_t alnum_ci_at(std::string_view s, std::size_t pos);

// str.lower() for ASCII and the four non-ASCII letters above (other text is copied as is).
std::string lower(std::string_view s);

inline bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}
inline bool is_ascii_alnum(char c)
{
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// str.expandtabs(8), counting columns in code points as Python does. `origin[i]` is the offset
// in `s` of byte i of the result (plus one entry for the end), so errors can point into `s`.
struct Expanded {
  std::string text;
  std::vector<std::size_t> origin;
};
Expanded expand_tabs(std::string_view s);

}  // namespace pwi::pytext
