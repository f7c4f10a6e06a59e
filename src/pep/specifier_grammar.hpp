// Internal: packaging 21.3's two clause regular expressions (Specifier._regex_str and
// LegacySpecifier._regex_str), reimplemented with the same backtracking order. Specifier
// parsing uses them anchored; requirement lines use them as pyparsing does, as a prefix match
// whose longest alternative wins, which decides where a clause ends (e.g. "===x;y").
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace pwi::specifier_grammar {

struct ClauseMatch {
  std::size_t op_begin = 0;
  std::size_t op_end = 0;
  std::size_t version_begin = 0;  // includes the whitespace the pattern allows after the operator
  std::size_t end = 0;
};

// The whole text is one PEP 440 clause, with surrounding whitespace (Specifier's regex).
std::optional<ClauseMatch> match_full(std::string_view text);
// End of the first match of the PEP 440 clause pattern at `pos` (re.match), if any.
std::optional<std::size_t> match_prefix(std::string_view text, std::size_t pos);
// The same for the legacy clause pattern: `(==|!=|<=|>=|<|>)\s*[^,;\s)]*`.
std::optional<std::size_t> match_legacy_prefix(std::string_view text, std::size_t pos);
bool match_legacy_full(std::string_view text);

}  // namespace pwi::specifier_grammar
