// PEP 440 version specifiers: one clause (Specifier) and comma-separated sets (SpecifierSet),
// with the semantics of pip's vendored packaging 21.3 (packaging.specifiers).
#pragma once

#include "pep/version.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi {

class Specifier {
public:
  enum class Op {
    k_compatible,
    k_equal,
    k_not_equal,
    k_less_equal,
    k_greater_equal,
    k_less,
    k_greater,
    k_arbitrary
  };

  // One clause: "~=1.2", "==1.*", "!=2.0", "===foo", "<3". Surrounding whitespace is allowed.
  static Specifier parse(std::string_view text);

  bool contains(const Version& v, std::optional<bool> prereleases = std::nullopt) const;
  // === compares strings, so it may match a text that is not a PEP 440 version.
  bool contains_text(std::string_view version_text,
                     std::optional<bool> prereleases = std::nullopt) const;

  // packaging's Specifier.prereleases: explicit override, else whether the clause names a
  // pre-release version.
  bool prereleases() const;
  void set_prereleases(std::optional<bool> value) { m_prereleases = value; }

  Op op() const { return m_op; }
  std::string_view op_str() const;
  const std::string& version_text() const { return m_version; }  // as written, trimmed
  std::string str() const;  // operator + version as written, e.g. ">=1.0"

  friend bool operator==(const Specifier& a, const Specifier& b);  // packaging's __eq__

private:
  Op m_op = Op::k_equal;
  std::string m_version;
  std::optional<bool> m_prereleases;
};

class SpecifierSet {
public:
  // Comma-separated clauses; "" (or only whitespace) is any version.
  static SpecifierSet parse(std::string_view text);

  bool empty() const { return m_clauses.empty(); }
  const std::vector<Specifier>& clauses() const { return m_clauses; }

  // == packaging SpecifierSet.contains
  bool contains(const Version& v, std::optional<bool> prereleases = std::nullopt) const;

  // == packaging SpecifierSet.filter(versions, prereleases): keeps input order; with prereleases
  // unset it drops pre-releases unless a clause names one, or unless nothing but pre-releases
  // match.
  std::vector<Version> filter(const std::vector<Version>& versions,
                              std::optional<bool> prereleases = std::nullopt) const;

  // packaging's property: the explicit override, else true if any clause names a pre-release,
  // else nullopt.
  std::optional<bool> prereleases() const;
  void set_prereleases(std::optional<bool> value) { m_prereleases = value; }

  SpecifierSet& operator&=(const SpecifierSet& other);  // intersection
  // == str(packaging SpecifierSet): unique clauses, sorted by their text, joined by ",".
  std::string str() const;

private:
  std::vector<Specifier> m_clauses;  // unique, in first-seen order
  std::optional<bool> m_prereleases;
};

}  // namespace pwi
