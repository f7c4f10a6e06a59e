#include "pep/specifier.hpp"

#include "common/error.hpp"
#include "pep/pytext.hpp"
#include "pep/specifier_grammar.hpp"

#include <algorithm>
#include <stdexcept>

namespace pwi {

namespace {

constexpr std::string_view k_operators = "one of ~= == != <= >= < > ===";

// packaging's _version_split: "1.0rc1" -> ["1", "0", "rc1"]. It works on the text as written,
// so "==1.0-a1.*" never matches: we keep that.
std::vector<std::string> version_split(std::string_view version)
{
  std::vector<std::string> result;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = std::min(version.find('.', pos), version.size());
    const std::string_view item = version.substr(pos, dot - pos);
    // ^([0-9]+)((?:a|b|c|rc)[0-9]+)$
    std::size_t n = 0;
    while (n < item.size() && pytext::is_digit(item[n])) {
      ++n;
    }
    std::size_t letters = 0;
    if (n > 0 && n < item.size()) {
      letters = item.substr(n, 2) == "rc"                              ? 2
                : (item[n] == 'a' || item[n] == 'b' || item[n] == 'c') ? 1
                                                                       : 0;
    }
    const std::string_view tail = letters ? item.substr(n + letters) : std::string_view();
    const bool split =
      letters > 0 && !tail.empty() &&
      std::all_of(tail.begin(), tail.end(), [](char c) { return pytext::is_digit(c); });
    if (split) {
      result.emplace_back(item.substr(0, n));
      result.emplace_back(item.substr(n));
    } else {
      result.emplace_back(item);
    }
    if (dot == version.size()) {
      break;
    }
    pos = dot + 1;
  }
  return result;
}

bool is_digits(const std::string& s)
{
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return pytext::is_digit(c); });
}

// packaging's _pad_version: pads the leading numeric parts of both lists with "0" to the same
// length.
std::vector<std::string> pad_to(const std::vector<std::string>& items, std::size_t other_numeric)
{
  std::size_t numeric = 0;
  while (numeric < items.size() && is_digits(items[numeric])) {
    ++numeric;
  }
  std::vector<std::string> out(items.begin(), items.begin() + numeric);
  if (other_numeric > numeric) {
    out.insert(out.end(), other_numeric - numeric, "0");
  }
  out.insert(out.end(), items.begin() + numeric, items.end());
  return out;
}

std::size_t numeric_prefix(const std::vector<std::string>& items)
{
  std::size_t numeric = 0;
  while (numeric < items.size() && is_digits(items[numeric])) {
    ++numeric;
  }
  return numeric;
}

bool equal_wildcard(const Version& prospective, std::string_view spec)
{
  const std::vector<std::string> split_spec = version_split(spec.substr(0, spec.size() - 2));
  std::vector<std::string> split_prospective = version_split(prospective.public_version().str());
  if (split_prospective.size() > split_spec.size()) {
    split_prospective.resize(split_spec.size());
  }
  return pad_to(split_spec, numeric_prefix(split_prospective)) ==
         pad_to(split_prospective, numeric_prefix(split_spec));
}

bool ends_with_wildcard(std::string_view version)
{
  return version.size() >= 2 && version.substr(version.size() - 2) == ".*";
}

bool compare_equal(const Version& prospective, std::string_view spec)
{
  if (ends_with_wildcard(spec)) {
    return equal_wildcard(prospective, spec);
  }
  const Version spec_version = Version::parse(spec);
  if (!spec_version.has_local()) {
    return prospective.public_version() == spec_version;
  }
  return prospective == spec_version;
}

bool is_suffix(const std::string& segment)
{
  for (std::string_view prefix : {"dev", "a", "b", "rc", "post"}) {
    if (segment.rfind(prefix, 0) == 0) {
      return true;
    }
  }
  return false;
}

bool compare_compatible(const Version& prospective, std::string_view spec)
{
  // ~=X.Y.Z means >=X.Y.Z and ==X.Y.*, the prefix computed on the text as packaging does.
  const std::vector<std::string> items = version_split(spec);
  std::vector<std::string> kept;
  for (const std::string& item : items) {
    if (is_suffix(item)) {
      break;
    }
    kept.push_back(item);
  }
  std::string prefix;
  for (std::size_t i = 0; i + 1 < kept.size(); ++i) {
    prefix += (i ? "." : "") + kept[i];
  }
  prefix += ".*";
  return prospective.public_version() >= Version::parse(spec) && compare_equal(prospective, prefix);
}

std::string canonicalize_version(const std::string& text)
{
  const std::optional<Version> v = Version::try_parse(text);
  if (!v) {
    return text;
  }
  std::string out;
  if (v->epoch() != 0) {
    out += std::to_string(v->epoch()) + "!";
  }
  // Trailing ".0"s are dropped: "==1.0" and "==1" are the same clause.
  std::vector<std::uint64_t> release = v->release();
  std::string r;
  for (std::size_t i = 0; i < release.size(); ++i) {
    r += (i ? "." : "") + std::to_string(release[i]);
  }
  while (r.size() >= 2 && r.substr(r.size() - 2) == ".0") {
    r.resize(r.size() - 2);
  }
  out += r;
  // The rest (pre, post, dev, local) is as in str(): everything after the release.
  const std::string full = v->str();
  const std::string head = v->base_version().str();
  out += full.substr(head.size());
  return out;
}

}  // namespace

Specifier Specifier::parse(std::string_view text)
{
  const std::optional<specifier_grammar::ClauseMatch> m = specifier_grammar::match_full(text);
  if (!m) {
    const std::size_t start = pytext::skip_spaces(text, 0);
    std::size_t op_end = start;
    while (op_end < text.size() &&
           std::string_view("~=!<>").find(text[op_end]) != std::string_view::npos) {
      ++op_end;
    }
    const std::string op(text.substr(start, op_end - start));
    const bool known_op = op == "~=" || op == "==" || op == "!=" || op == "<=" || op == ">=" ||
                          op == "<" || op == ">" || op == "===";
    if (!known_op) {
      throw ParseError("expected a version operator (" + std::string(k_operators) + ")", start);
    }
    const std::size_t version_start = pytext::skip_spaces(text, op_end);
    if (version_start == text.size()) {
      throw ParseError("expected a version after '" + op + "'", version_start);
    }
    throw ParseError("invalid version '" + std::string(pytext::strip(text.substr(version_start))) +
                       "' after '" + op + "'",
                     version_start);
  }
  Specifier s;
  const std::string_view op = text.substr(m->op_begin, m->op_end - m->op_begin);
  s.m_op = op == "~="   ? Op::k_compatible
           : op == "==" ? Op::k_equal
           : op == "!=" ? Op::k_not_equal
           : op == "<=" ? Op::k_less_equal
           : op == ">=" ? Op::k_greater_equal
           : op == "<"  ? Op::k_less
           : op == ">"  ? Op::k_greater
                        : Op::k_arbitrary;
  s.m_version =
    std::string(pytext::strip(text.substr(m->version_begin, m->end - m->version_begin)));
  if (s.m_op != Op::k_arbitrary) {
    // The grammar accepts any digits; numbers beyond 64 bits must fail here, not in contains().
    std::string_view version = s.m_version;
    if (ends_with_wildcard(version)) {
      version.remove_suffix(2);
    }
    try {
      Version::parse(version);
    } catch (const ParseError& e) {
      throw ParseError(e.what(), text.find(s.m_version, m->version_begin) + e.offset());
    }
  }
  return s;
}

std::string_view Specifier::op_str() const
{
  switch (m_op) {
  case Op::k_compatible:
    return "~=";
  case Op::k_equal:
    return "==";
  case Op::k_not_equal:
    return "!=";
  case Op::k_less_equal:
    return "<=";
  case Op::k_greater_equal:
    return ">=";
  case Op::k_less:
    return "<";
  case Op::k_greater:
    return ">";
  case Op::k_arbitrary:
    return "===";
  }
  return "";
}

std::string Specifier::str() const
{
  return std::string(op_str()) + m_version;
}

bool Specifier::prereleases() const
{
  if (m_prereleases) {
    return *m_prereleases;
  }
  if (m_op == Op::k_not_equal || m_op == Op::k_less || m_op == Op::k_greater) {
    return false;
  }
  std::string_view version = m_version;
  if (m_op == Op::k_equal && ends_with_wildcard(version)) {
    version.remove_suffix(2);
  }
  const std::optional<Version> v = Version::try_parse(version);
  return v && v->is_prerelease();
}

bool Specifier::contains(const Version& v, std::optional<bool> prereleases) const
{
  if (v.is_prerelease() && !prereleases.value_or(this->prereleases())) {
    return false;
  }
  switch (m_op) {
  case Op::k_compatible:
    return compare_compatible(v, m_version);
  case Op::k_equal:
    return compare_equal(v, m_version);
  case Op::k_not_equal:
    return !compare_equal(v, m_version);
  case Op::k_less_equal:
    return v.public_version() <= Version::parse(m_version);
  case Op::k_greater_equal:
    return v.public_version() >= Version::parse(m_version);
  case Op::k_less: {
    // <V excludes pre-releases of V itself unless V is one.
    const Version spec = Version::parse(m_version);
    if (!(v < spec)) {
      return false;
    }
    return spec.is_prerelease() || !v.is_prerelease() || v.base_version() != spec.base_version();
  }
  case Op::k_greater: {
    // >V excludes post-releases and local versions of V itself.
    const Version spec = Version::parse(m_version);
    if (!(v > spec)) {
      return false;
    }
    if (!spec.is_postrelease() && v.is_postrelease() && v.base_version() == spec.base_version()) {
      return false;
    }
    return !(v.has_local() && v.base_version() == spec.base_version());
  }
  case Op::k_arbitrary:
    return pytext::lower(v.str()) == pytext::lower(m_version);
  }
  return false;
}

bool Specifier::contains_text(std::string_view version_text, std::optional<bool> prereleases) const
{
  if (const std::optional<Version> v = Version::try_parse(version_text)) {
    return contains(*v, prereleases);
  }
  // A LegacyVersion in packaging: never a pre-release, only === can match it.
  return m_op == Op::k_arbitrary && pytext::lower(version_text) == pytext::lower(m_version);
}

bool operator==(const Specifier& a, const Specifier& b)
{
  return a.m_op == b.m_op && canonicalize_version(a.m_version) == canonicalize_version(b.m_version);
}

SpecifierSet SpecifierSet::parse(std::string_view text)
{
  SpecifierSet set;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    const std::string_view part = text.substr(pos, comma - pos);
    if (!pytext::strip(part).empty()) {
      Specifier clause;
      try {
        clause = Specifier::parse(part);
      } catch (const ParseError& e) {
        throw ParseError(e.what(), pos + e.offset());
      }
      if (std::find(set.m_clauses.begin(), set.m_clauses.end(), clause) == set.m_clauses.end()) {
        set.m_clauses.push_back(std::move(clause));
      }
    }
    pos = comma + 1;
  }
  return set;
}

std::optional<bool> SpecifierSet::prereleases() const
{
  if (m_prereleases) {
    return m_prereleases;
  }
  if (m_clauses.empty()) {
    return std::nullopt;
  }
  return std::any_of(m_clauses.begin(), m_clauses.end(),
                     [](const Specifier& s) { return s.prereleases(); });
}

bool SpecifierSet::contains(const Version& v, std::optional<bool> prereleases) const
{
  if (!prereleases) {
    prereleases = this->prereleases();
  }
  if (!prereleases.value_or(false) && v.is_prerelease()) {
    return false;
  }
  return std::all_of(m_clauses.begin(), m_clauses.end(),
                     [&](const Specifier& s) { return s.contains(v, prereleases); });
}

std::vector<Version> SpecifierSet::filter(const std::vector<Version>& versions,
                                          std::optional<bool> prereleases) const
{
  if (!prereleases) {
    prereleases = this->prereleases();
  }
  std::vector<Version> kept;
  if (!m_clauses.empty()) {
    // Each clause filters with an explicit bool, which leaves no pre-release fallback.
    const bool allow = prereleases.value_or(false);
    for (const Version& v : versions) {
      if (std::all_of(m_clauses.begin(), m_clauses.end(),
                      [&](const Specifier& s) { return s.contains(v, allow); })) {
        kept.push_back(v);
      }
    }
    return kept;
  }
  std::vector<Version> found_prereleases;
  for (const Version& v : versions) {
    if (v.is_prerelease() && !prereleases.value_or(false)) {
      if (kept.empty()) {
        found_prereleases.push_back(v);
      }
    } else {
      kept.push_back(v);
    }
  }
  if (kept.empty() && !found_prereleases.empty() && !prereleases) {
    return found_prereleases;
  }
  return kept;
}

SpecifierSet& SpecifierSet::operator&=(const SpecifierSet& other)
{
  for (const Specifier& clause : other.m_clauses) {
    if (std::find(m_clauses.begin(), m_clauses.end(), clause) == m_clauses.end()) {
      m_clauses.push_back(clause);
    }
  }
  if (m_prereleases && other.m_prereleases && *m_prereleases != *other.m_prereleases) {
    throw std::invalid_argument(
      "Cannot combine SpecifierSets with True and False prerelease overrides.");
  }
  if (!m_prereleases) {
    m_prereleases = other.m_prereleases;
  }
  return *this;
}

std::string SpecifierSet::str() const
{
  std::vector<std::string> texts;
  for (const Specifier& clause : m_clauses) {
    texts.push_back(clause.str());
  }
  std::sort(texts.begin(), texts.end());
  std::string out;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    out += (i ? "," : "") + texts[i];
  }
  return out;
}

}  // namespace pwi
