#include "pep/specifier_grammar.hpp"

#include "pep/pytext.hpp"

#include <array>
#include <functional>
#include <initializer_list>

namespace pwi::specifier_grammar {

namespace {

using Next = std::function<bool(std::size_t)>;
constexpr std::size_t k_npos = std::string_view::npos;

class Matcher {
public:
  explicit Matcher(std::string_view s) : m_s(s) {}

  // (?P<operator>...)(?P<version>...) at `pos`; `next` sees the end and decides.
  bool clause(std::size_t pos, const std::function<bool(const ClauseMatch&)>& next)
  {
    static constexpr std::array<std::string_view, 8> k_ops{
      "~=", "==", "!=", "<=", ">=", "<", ">", "==="};
    for (std::string_view op : k_ops) {
      if (m_s.substr(pos, op.size()) != op) {
        continue;
      }
      const std::size_t v = pos + op.size();
      const auto done = [&](std::size_t end) { return next(ClauseMatch{pos, v, v, end}); };
      // The version alternatives are chosen by lookbehind on the operator.
      bool ok = false;
      if (op == "===") {
        ok = arbitrary(v, done) || equal_version(v, done);
      } else if (op == "==" || op == "!=") {
        ok = equal_version(v, done);
      } else if (op == "~=") {
        ok = release_version(v, true, done);
      } else {
        ok = release_version(v, false, done);
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

private:
  bool separator(std::size_t pos) const
  {
    return pos < m_s.size() && (m_s[pos] == '-' || m_s[pos] == '_' || m_s[pos] == '.');
  }
  std::size_t digits(std::size_t pos) const
  {
    std::size_t n = 0;
    while (pos + n < m_s.size() && pytext::is_digit(m_s[pos + n])) {
      ++n;
    }
    return n;
  }
  bool optional_separator(std::size_t pos, const Next& next)
  {
    return (separator(pos) && next(pos + 1)) || next(pos);
  }

  // \s*[^\s]*
  bool arbitrary(std::size_t pos, const Next& next)
  {
    pos = pytext::skip_spaces(m_s, pos);
    std::size_t end = pos;
    while (end < m_s.size() && pytext::space_at(m_s, end) == 0) {
      ++end;
    }
    return next(end);
  }

  // \s* v? (?:[0-9]+!)? [0-9]+(?:\.[0-9]+)* (or + when `two_parts`)
  std::size_t release(std::size_t pos, bool two_parts) const
  {
    pos = pytext::skip_spaces(m_s, pos);
    if (pos < m_s.size() && (m_s[pos] == 'v' || m_s[pos] == 'V')) {
      ++pos;
    }
    if (std::size_t n = digits(pos); n > 0 && pos + n < m_s.size() && m_s[pos + n] == '!') {
      pos += n + 1;
    }
    std::size_t n = digits(pos);
    if (n == 0) {
      return k_npos;
    }
    pos += n;
    int parts = 1;
    while (pos + 1 < m_s.size() && m_s[pos] == '.' && pytext::is_digit(m_s[pos + 1])) {
      pos += 1 + digits(pos + 1);
      ++parts;
    }
    return (two_parts && parts < 2) ? k_npos : pos;
  }

  // (?:[-_\.]?(word|...)[-_\.]?[0-9]*)? with the alternatives of `words`, tried in order.
  bool labelled(std::size_t pos, std::initializer_list<std::string_view> words, const Next& next)
  {
    const auto present = [&](std::size_t p) {
      for (std::string_view word : words) {
        const std::size_t n = pytext::word_at(m_s, p, word);
        if (n != k_npos &&
            optional_separator(p + n, [&](std::size_t q) { return next(q + digits(q)); })) {
          return true;
        }
      }
      return false;
    };
    return optional_separator(pos, present) || next(pos);
  }

  // (?:[-_\.]?(a|b|c|rc|alpha|beta|pre|preview)[-_\.]?[0-9]*)?
  bool pre(std::size_t pos, const Next& next)
  {
    return labelled(pos, {"a", "b", "c", "rc", "alpha", "beta", "pre", "preview"}, next);
  }

  // (?:(?:-[0-9]+)|(?:[-_\.]?(post|rev|r)[-_\.]?[0-9]*))?
  bool post(std::size_t pos, const Next& next)
  {
    if (pos < m_s.size() && m_s[pos] == '-' && digits(pos + 1) > 0 &&
        next(pos + 1 + digits(pos + 1))) {
      return true;
    }
    return labelled(pos, {"post", "rev", "r"}, next);
  }

  // (?:[-_\.]?dev[-_\.]?[0-9]*)?
  bool dev(std::size_t pos, const Next& next) { return labelled(pos, {"dev"}, next); }

  // (?:\+[a-z0-9]+(?:[-_\.][a-z0-9]+)*)?  -- greedy; giving back never helps what follows.
  bool local(std::size_t pos, const Next& next)
  {
    if (pos < m_s.size() && m_s[pos] == '+' && pytext::alnum_ci_at(m_s, pos + 1) > 0) {
      std::size_t p = pos + 1;
      while (std::size_t n = pytext::alnum_ci_at(m_s, p)) {
        p += n;
        if (separator(p) && pytext::alnum_ci_at(m_s, p + 1) > 0) {
          ++p;
        }
      }
      if (next(p)) {
        return true;
      }
    }
    return next(pos);
  }

  bool equal_version(std::size_t pos, const Next& next)
  {
    const std::size_t r = release(pos, false);
    if (r == k_npos) {
      return false;
    }
    return pre(r, [&](std::size_t a) {
      return post(a, [&](std::size_t b) {
        // (?: (dev)?(local)? | \.\* )?
        if (dev(b, [&](std::size_t c) { return local(c, next); })) {
          return true;
        }
        if (m_s.substr(b, 2) == ".*" && next(b + 2)) {
          return true;
        }
        return next(b);
      });
    });
  }

  bool release_version(std::size_t pos, bool two_parts, const Next& next)
  {
    const std::size_t r = release(pos, two_parts);
    if (r == k_npos) {
      return false;
    }
    return pre(r,
               [&](std::size_t a) { return post(a, [&](std::size_t b) { return dev(b, next); }); });
  }

  std::string_view m_s;
};

std::size_t legacy_clause(std::string_view s, std::size_t pos)
{
  static constexpr std::array<std::string_view, 6> k_ops{"==", "!=", "<=", ">=", "<", ">"};
  for (std::string_view op : k_ops) {
    if (s.substr(pos, op.size()) != op) {
      continue;
    }
    std::size_t p = pytext::skip_spaces(s, pos + op.size());
    while (p < s.size() && s[p] != ',' && s[p] != ';' && s[p] != ')' &&
           pytext::space_at(s, p) == 0) {
      ++p;
    }
    return p;
  }
  return k_npos;
}

}  // namespace

std::optional<ClauseMatch> match_full(std::string_view text)
{
  std::optional<ClauseMatch> result;
  Matcher(text).clause(pytext::skip_spaces(text, 0), [&](const ClauseMatch& m) {
    if (pytext::skip_spaces(text, m.end) != text.size()) {
      return false;
    }
    result = m;
    return true;
  });
  return result;
}

std::optional<std::size_t> match_prefix(std::string_view text, std::size_t pos)
{
  std::optional<std::size_t> result;
  Matcher(text).clause(pos, [&](const ClauseMatch& m) {
    result = m.end;
    return true;
  });
  return result;
}

std::optional<std::size_t> match_legacy_prefix(std::string_view text, std::size_t pos)
{
  const std::size_t end = legacy_clause(text, pos);
  return end == k_npos ? std::nullopt : std::optional(end);
}

bool match_legacy_full(std::string_view text)
{
  const std::size_t end = legacy_clause(text, pytext::skip_spaces(text, 0));
  return end != k_npos && pytext::skip_spaces(text, end) == text.size();
}

}  // namespace pwi::specifier_grammar
