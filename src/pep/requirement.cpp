#include "pep/requirement.hpp"

#include "common/error.hpp"
#include "pep/names.hpp"
#include "pep/pytext.hpp"
#include "pep/specifier_grammar.hpp"
#include "pep/url_check.hpp"

#include <algorithm>
#include <set>

namespace pwi {

namespace {

bool is_pyparsing_space(char c)
{
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

// packaging's grammar (pyparsing) over tab-expanded text: NAME [EXTRAS] (URL | SPEC) [; MARKER].
class RequirementParser {
public:
  explicit RequirementParser(std::string_view s) : m_s(s) {}

  Requirement parse()
  {
    Requirement req;
    std::size_t pos = skip(0);
    const std::size_t name_end = identifier(pos);
    if (name_end == pos) {
      fail(pos, "expected a package name");
    }
    req.name = std::string(m_s.substr(pos, name_end - pos));
    pos = name_end;
    extras(pos, req.written_extras);

    std::size_t p = skip(pos);
    if (p < m_s.size() && m_s[p] == '@') {
      p = skip(p + 1);
      std::size_t end = p;
      while (end < m_s.size() && m_s[end] != ' ') {
        ++end;
      }
      if (end == p) {
        fail(p, "expected a URL after '@'");
      }
      req.url = std::string(m_s.substr(p, end - p));
      m_url_offset = p;
      pos = end;
    } else {
      pos = version_spec(pos);
    }
    p = skip(pos);
    if (p < m_s.size() && m_s[p] == ';') {
      std::size_t end = 0;
      try {
        req.marker = Marker::parse_prefix(m_s, skip(p + 1), end);
      } catch (const ParseError& e) {
        fail(e.offset(), e.what());
      }
      pos = end;
    }
    if (skip(pos) != m_s.size()) {
      fail(skip(pos), m_spec_end == skip(pos) && m_spec_end > 0
                        ? "expected ',', ';' or the end of the requirement"
                        : "unexpected text in requirement");
    }
    if (!req.url.empty()) {
      if (std::optional<std::string> problem = check_requirement_url(req.url)) {
        fail(m_url_offset, *problem);
      }
    }
    try {
      req.specifier = SpecifierSet::parse(m_raw_spec);
    } catch (const ParseError& e) {
      fail(m_raw_origin[std::min(e.offset(), m_raw_origin.size() - 1)], e.what());
    }
    return req;
  }

private:
  [[noreturn]] static void fail(std::size_t offset, const std::string& message)
  {
    throw ParseError(message, offset);
  }

  std::size_t skip(std::size_t pos) const
  {
    while (pos < m_s.size() && is_pyparsing_space(m_s[pos])) {
      ++pos;
    }
    return pos;
  }

  // [A-Za-z0-9]+ ([-_.]* [A-Za-z0-9]+)*, no whitespace inside; returns the end (== pos if none).
  std::size_t identifier(std::size_t pos) const
  {
    std::size_t end = pos;
    while (end < m_s.size() && pytext::is_ascii_alnum(m_s[end])) {
      ++end;
    }
    if (end == pos) {
      return pos;
    }
    while (true) {
      std::size_t p = end;
      while (p < m_s.size() && (m_s[p] == '-' || m_s[p] == '_' || m_s[p] == '.')) {
        ++p;
      }
      if (p >= m_s.size() || !pytext::is_ascii_alnum(m_s[p])) {
        return end;
      }
      while (p < m_s.size() && pytext::is_ascii_alnum(m_s[p])) {
        ++p;
      }
      end = p;
    }
  }

  // Optional("[" Optional(EXTRA ("," EXTRA)*) "]"): all or nothing.
  void extras(std::size_t& pos, std::vector<std::string>& out)
  {
    std::size_t p = skip(pos);
    if (p >= m_s.size() || m_s[p] != '[') {
      return;
    }
    std::vector<std::string> found;
    p = skip(p + 1);
    if (std::size_t end = identifier(p); end > p) {
      found.emplace_back(m_s.substr(p, end - p));
      p = end;
      while (true) {
        std::size_t q = skip(p);
        if (q >= m_s.size() || m_s[q] != ',') {
          break;
        }
        q = skip(q + 1);
        const std::size_t e = identifier(q);
        if (e == q) {
          break;
        }
        found.emplace_back(m_s.substr(q, e - q));
        p = e;
      }
    }
    p = skip(p);
    if (p >= m_s.size() || m_s[p] != ']') {
      m_extras_error = p;
      return;
    }
    pos = p + 1;
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    out = std::move(found);
  }

  // One clause as pyparsing's Or picks it: the longer of the PEP 440 and the legacy match.
  std::optional<std::size_t> clause(std::size_t pos) const
  {
    const auto pep440 = specifier_grammar::match_prefix(m_s, pos);
    const auto legacy = specifier_grammar::match_legacy_prefix(m_s, pos);
    if (!pep440) {
      return legacy;
    }
    return legacy ? std::max(*pep440, *legacy) : *pep440;
  }

  // Clauses separated by ','; records the end of the last one. Returns pos if there is none.
  std::size_t clauses(std::size_t pos, std::string& raw, std::vector<std::size_t>& origin) const
  {
    std::size_t p = skip(pos);
    std::optional<std::size_t> end = clause(p);
    if (!end) {
      return pos;
    }
    while (true) {
      for (std::size_t i = p; i < *end; ++i) {
        raw += m_s[i];
        origin.push_back(i);
      }
      pos = *end;
      std::size_t q = skip(pos);
      if (q >= m_s.size() || m_s[q] != ',') {
        return pos;
      }
      q = skip(q + 1);
      end = clause(q);
      if (!end) {
        return pos;
      }
      raw += ',';
      origin.push_back(q - 1);
      p = q;
    }
  }

  // Optional(("(" clauses ")") | clauses)
  std::size_t version_spec(std::size_t pos)
  {
    std::size_t p = skip(pos);
    if (p < m_s.size() && m_s[p] == '(') {
      std::string raw;
      std::vector<std::size_t> origin;
      const std::size_t end = clauses(p + 1, raw, origin);
      const std::size_t close = skip(end);
      if (end > p + 1 && close < m_s.size() && m_s[close] == ')') {
        set_raw(std::move(raw), std::move(origin), close);
        return close + 1;
      }
    }
    std::string raw;
    std::vector<std::size_t> origin;
    const std::size_t end = clauses(pos, raw, origin);
    set_raw(std::move(raw), std::move(origin), end);
    return end;
  }

  void set_raw(std::string raw, std::vector<std::size_t> origin, std::size_t end)
  {
    origin.push_back(end);
    m_raw_spec = std::move(raw);
    m_raw_origin = std::move(origin);
    m_spec_end = end;
  }

  std::string_view m_s;
  std::string m_raw_spec;
  std::vector<std::size_t> m_raw_origin{0};
  std::size_t m_spec_end = 0;
  std::size_t m_url_offset = 0;
  std::optional<std::size_t> m_extras_error;
};

}  // namespace

Requirement Requirement::parse(std::string_view text)
{
  // pyparsing expands tabs first; offsets are mapped back to `text`.
  const pytext::Expanded expanded = pytext::expand_tabs(text);
  Requirement req;
  try {
    req = RequirementParser(expanded.text).parse();
  } catch (const ParseError& e) {
    throw ParseError(e.what(), expanded.origin[std::min(e.offset(), expanded.text.size())]);
  }
  req.key = normalize_name(req.name);
  std::set<std::string> normalized;
  for (const std::string& extra : req.written_extras) {
    normalized.insert(safe_extra(extra));
  }
  req.extras.assign(normalized.begin(), normalized.end());
  return req;
}

std::string Requirement::str() const
{
  std::string out = name;
  if (!written_extras.empty()) {
    out += "[";
    for (std::size_t i = 0; i < written_extras.size(); ++i) {
      out += (i ? "," : "") + written_extras[i];
    }
    out += "]";
  }
  out += specifier.str();
  if (!url.empty()) {
    out += "@ " + url;
    if (marker) {
      out += " ";
    }
  }
  if (marker) {
    out += "; " + marker->str();
  }
  return out;
}

}  // namespace pwi
