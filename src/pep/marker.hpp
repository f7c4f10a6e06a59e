// PEP 508 environment markers, parsed, printed and evaluated as pip's vendored packaging 21.3
// (packaging.markers.Marker) does, with the `extra` normalization of pip 23.2.
#pragma once

#include "common/error.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pwi {

// A marker names a variable that the evaluation environment does not define.
class UndefinedEnvironmentName : public Error {
public:
  explicit UndefinedEnvironmentName(const std::string& name)
    : Error("undefined marker environment variable '" + name + "'", ExitCode::k_input)
  {
  }
};

// A comparison that has no meaning, such as `"abc" ~= python_version` ('~=' between
// non-versions).
class UndefinedComparison : public Error {
public:
  explicit UndefinedComparison(const std::string& message) : Error(message, ExitCode::k_input) {}
};

using MarkerEnvironment = std::map<std::string, std::string, std::less<>>;

class Marker {
public:
  // Throws ParseError with the offset of the offending token.
  static Marker parse(std::string_view text);

  // `extra`: the extra being evaluated ("" when none), compared normalized, as pip 23.2 does.
  // A variable missing from `env` (other than extra) throws UndefinedEnvironmentName.
  bool evaluate(const MarkerEnvironment& env, std::string_view extra = "") const;

  std::string str() const;  // == str(packaging Marker)

  // The parsed form, shaped as packaging's: a flat list of comparisons, parenthesized groups
  // and the words "and" / "or" ("and" binds tighter, applied at evaluation).
  struct Operand {
    bool is_variable = false;
    std::string text;  // variable name (aliases such as os.name mapped) or the literal value
  };
  struct Comparison {
    Operand lhs;
    std::string op;  // "==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in"
    Operand rhs;
  };
  struct Item {
    enum class Kind { k_comparison, k_group, k_and, k_or } kind = Kind::k_comparison;
    Comparison comparison;    // k_comparison
    std::vector<Item> group;  // k_group: the items inside the parentheses
  };
  const std::vector<Item>& items() const { return m_items; }

  // Internal, for Requirement: parses a marker expression starting at `pos` of pyparsing-ready
  // text (tabs expanded) without requiring the end; returns the end. Throws ParseError.
  static Marker parse_prefix(std::string_view text, std::size_t pos, std::size_t& end);

private:
  std::vector<Item> m_items;
};

}  // namespace pwi
