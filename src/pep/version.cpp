#include "pep/version.hpp"

#include "common/error.hpp"
#include "pep/pytext.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <limits>

namespace pwi {

namespace {

using Next = std::function<bool(std::size_t)>;

bool is_separator(std::string_view s, std::size_t pos)
{
  return pos < s.size() && (s[pos] == '-' || s[pos] == '_' || s[pos] == '.');
}

std::size_t count_digits(std::string_view s, std::size_t pos)
{
  std::size_t n = 0;
  while (pos + n < s.size() && pytext::is_digit(s[pos + n])) {
    ++n;
  }
  return n;
}

// `[-_\.]?` followed by `next`, greedy first as in the regular expression.
bool optional_separator(std::string_view s, std::size_t pos, const Next& next)
{
  return (is_separator(s, pos) && next(pos + 1)) || next(pos);
}

struct Spelling {
  std::string_view word;
  Version::PreKind kind;
};
// In the order of packaging's regular expression, which matters for backtracking only.
constexpr std::array k_pre_spellings{
  Spelling{"a", Version::PreKind::k_alpha},     Spelling{"b", Version::PreKind::k_beta},
  Spelling{"c", Version::PreKind::k_rc},        Spelling{"rc", Version::PreKind::k_rc},
  Spelling{"alpha", Version::PreKind::k_alpha}, Spelling{"beta", Version::PreKind::k_beta},
  Spelling{"pre", Version::PreKind::k_rc},      Spelling{"preview", Version::PreKind::k_rc},
};
constexpr std::array<std::string_view, 3> k_post_spellings{"post", "rev", "r"};

}  // namespace

// Matches packaging's VERSION_PATTERN anchored with surrounding whitespace, with the regular
// expression's backtracking order, so that ambiguous texts such as "1.0a-1" (a1, not a0.post1)
// get the same reading. Numbers are captured as text and converted after the match.
class VersionParser {
public:
  explicit VersionParser(std::string_view text) : m_s(text) {}

  Version parse()
  {
    const std::size_t start = pytext::skip_spaces(m_s, 0);
    if (!match_version(start)) {
      throw ParseError(error_message(), m_furthest);
    }
    Version v;
    v.m_epoch =
      m_epoch.empty() ? 0 : static_cast<int>(to_number(m_epoch, std::numeric_limits<int>::max()));
    for (std::size_t pos = 0; pos <= m_release.size();) {
      const std::size_t dot = std::min(m_release.find('.', pos), m_release.size());
      v.m_release.push_back(to_number(m_release.substr(pos, dot - pos)));
      pos = dot + 1;
    }
    if (m_has_pre) {
      v.m_pre = Version::Pre{m_pre_kind, to_number(m_pre_number)};
    }
    if (m_has_post) {
      v.m_post = to_number(m_post_number);
    }
    if (m_has_dev) {
      v.m_dev = to_number(m_dev_number);
    }
    if (!m_local.empty()) {
      parse_local(v.m_local);
    }
    return v;
  }

private:
  bool touch(std::size_t pos)
  {
    m_furthest = std::max(m_furthest, pos);
    return true;
  }

  bool match_version(std::size_t pos)
  {
    touch(pos);
    if (pos < m_s.size() && (m_s[pos] == 'v' || m_s[pos] == 'V')) {
      ++pos;
    }
    // Epoch: digits followed by '!', else the digits are the release.
    const std::size_t n = count_digits(m_s, pos);
    m_epoch = {};
    if (n > 0 && pos + n < m_s.size() && m_s[pos + n] == '!') {
      m_epoch = m_s.substr(pos, n);
      m_epoch_offset = pos;
      pos += n + 1;
    }
    touch(pos);
    const std::size_t release_start = pos;
    if (count_digits(m_s, pos) == 0) {
      return false;
    }
    pos += count_digits(m_s, pos);
    while (pos + 1 < m_s.size() && m_s[pos] == '.' && pytext::is_digit(m_s[pos + 1])) {
      pos += 1 + count_digits(m_s, pos + 1);
    }
    m_release = m_s.substr(release_start, pos - release_start);
    m_release_offset = release_start;
    return match_pre(pos);
  }

  bool match_pre(std::size_t pos)
  {
    const auto present = [this](std::size_t p) {
      touch(p);
      for (const Spelling& spelling : k_pre_spellings) {
        const std::size_t n = pytext::word_at(m_s, p, spelling.word);
        if (n == std::string_view::npos) {
          continue;
        }
        const bool ok = optional_separator(m_s, p + n, [this, &spelling](std::size_t q) {
          touch(q);
          const std::size_t digits = count_digits(m_s, q);
          m_has_pre = true;
          m_pre_kind = spelling.kind;
          m_pre_number = m_s.substr(q, digits);
          m_pre_offset = q;
          return match_post(q + digits);
        });
        if (ok) {
          return true;
        }
      }
      return false;
    };
    if (optional_separator(m_s, pos, present)) {
      return true;
    }
    m_has_pre = false;
    return match_post(pos);
  }

  bool match_post(std::size_t pos)
  {
    touch(pos);
    // Implicit post release: "1.0-1".
    if (pos < m_s.size() && m_s[pos] == '-') {
      const std::size_t digits = count_digits(m_s, pos + 1);
      if (digits > 0) {
        m_has_post = true;
        m_post_number = m_s.substr(pos + 1, digits);
        m_post_offset = pos + 1;
        if (match_dev(pos + 1 + digits)) {
          return true;
        }
      }
    }
    const auto present = [this](std::size_t p) {
      touch(p);
      for (std::string_view word : k_post_spellings) {
        const std::size_t n = pytext::word_at(m_s, p, word);
        if (n == std::string_view::npos) {
          continue;
        }
        const bool ok = optional_separator(m_s, p + n, [this](std::size_t q) {
          touch(q);
          const std::size_t digits = count_digits(m_s, q);
          m_has_post = true;
          m_post_number = m_s.substr(q, digits);
          m_post_offset = q;
          return match_dev(q + digits);
        });
        if (ok) {
          return true;
        }
      }
      return false;
    };
    if (optional_separator(m_s, pos, present)) {
      return true;
    }
    m_has_post = false;
    return match_dev(pos);
  }

  bool match_dev(std::size_t pos)
  {
    touch(pos);
    const auto present = [this](std::size_t p) {
      touch(p);
      const std::size_t n = pytext::word_at(m_s, p, "dev");
      if (n == std::string_view::npos) {
        return false;
      }
      return optional_separator(m_s, p + n, [this](std::size_t q) {
        touch(q);
        const std::size_t digits = count_digits(m_s, q);
        m_has_dev = true;
        m_dev_number = m_s.substr(q, digits);
        m_dev_offset = q;
        return match_local(q + digits);
      });
    };
    if (optional_separator(m_s, pos, present)) {
      return true;
    }
    m_has_dev = false;
    return match_local(pos);
  }

  bool match_local(std::size_t pos)
  {
    touch(pos);
    m_local = {};
    if (pos < m_s.size() && m_s[pos] == '+' && pytext::alnum_ci_at(m_s, pos + 1) > 0) {
      const std::size_t start = pos + 1;
      std::size_t p = start;
      while (std::size_t n = pytext::alnum_ci_at(m_s, p)) {
        p += n;
        if (is_separator(m_s, p) && pytext::alnum_ci_at(m_s, p + 1) > 0) {
          ++p;
        }
      }
      if (match_end(p)) {
        m_local = m_s.substr(start, p - start);
        return true;
      }
    }
    return match_end(pos);
  }

  bool match_end(std::size_t pos)
  {
    pos = pytext::skip_spaces(m_s, pos);
    touch(pos);
    return pos == m_s.size();
  }

  std::uint64_t to_number(std::string_view digits,
                          std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) const
  {
    if (digits.empty()) {
      return 0;  // "1.0a" means a0
    }
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || value > max) {
      throw ParseError("version number '" + std::string(digits) + "' is too large",
                       static_cast<std::size_t>(digits.data() - m_s.data()));
    }
    return value;
  }

  void parse_local(std::vector<Version::LocalPart>& parts) const
  {
    std::size_t pos = 0;
    while (pos <= m_local.size()) {
      std::size_t end = pos;
      while (end < m_local.size() && !is_separator(m_local, end)) {
        ++end;
      }
      const std::string_view text = m_local.substr(pos, end - pos);
      Version::LocalPart part;
      if (count_digits(text, 0) == text.size()) {
        part.is_number = true;
        part.number = to_number(text);
      } else {
        part.text = pytext::lower(text);
      }
      parts.push_back(std::move(part));
      pos = end + 1;
    }
  }

  std::string error_message() const { return "invalid version '" + std::string(m_s) + "'"; }

  std::string_view m_s;
  std::size_t m_furthest = 0;
  std::string_view m_epoch, m_release, m_pre_number, m_post_number, m_dev_number, m_local;
  std::size_t m_epoch_offset = 0, m_release_offset = 0, m_pre_offset = 0, m_post_offset = 0,
              m_dev_offset = 0;
  bool m_has_pre = false, m_has_post = false, m_has_dev = false;
  Version::PreKind m_pre_kind = Version::PreKind::k_alpha;
};

Version Version::parse(std::string_view text)
{
  return VersionParser(text).parse();
}

std::optional<Version> Version::try_parse(std::string_view text)
{
  try {
    return parse(text);
  } catch (const ParseError&) {
    return std::nullopt;
  }
}

std::string Version::str() const
{
  std::string out;
  if (m_epoch != 0) {
    out += std::to_string(m_epoch) + "!";
  }
  for (std::size_t i = 0; i < m_release.size(); ++i) {
    out += (i ? "." : "") + std::to_string(m_release[i]);
  }
  if (m_pre) {
    static constexpr std::array<std::string_view, 3> k_letters{"a", "b", "rc"};
    out += k_letters[static_cast<int>(m_pre->kind)];
    out += std::to_string(m_pre->number);
  }
  if (m_post) {
    out += ".post" + std::to_string(*m_post);
  }
  if (m_dev) {
    out += ".dev" + std::to_string(*m_dev);
  }
  for (std::size_t i = 0; i < m_local.size(); ++i) {
    out += i ? "." : "+";
    out += m_local[i].is_number ? std::to_string(m_local[i].number) : m_local[i].text;
  }
  return out;
}

Version Version::public_version() const
{
  Version v = *this;
  v.m_local.clear();
  return v;
}

Version Version::base_version() const
{
  Version v;
  v.m_epoch = m_epoch;
  v.m_release = m_release;
  return v;
}

namespace {

// packaging's _cmpkey, one field at a time: -1 and +1 stand for its NegativeInfinity and
// Infinity.
struct Slot {
  int infinity = 0;
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  auto operator<=>(const Slot&) const = default;
};

Slot pre_slot(const Version& v)
{
  if (!v.pre() && !v.post() && v.dev()) {
    return {-1};  // 1.0.dev0 sorts before 1.0a0
  }
  if (!v.pre()) {
    return {1};
  }
  return {0, static_cast<std::uint64_t>(v.pre()->kind), v.pre()->number};
}

std::strong_ordering compare_release(const std::vector<std::uint64_t>& a,
                                     const std::vector<std::uint64_t>& b)
{
  // Trailing zeros do not count: 1.0 == 1.0.0.
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t x = i < a.size() ? a[i] : 0;
    const std::uint64_t y = i < b.size() ? b[i] : 0;
    if (x != y) {
      return x <=> y;
    }
  }
  return std::strong_ordering::equal;
}

std::strong_ordering compare_local(const std::vector<Version::LocalPart>& a,
                                   const std::vector<Version::LocalPart>& b)
{
  // No local sorts first; strings sort before numbers; a prefix sorts first.
  if (a.empty() || b.empty()) {
    return !a.empty() <=> !b.empty();
  }
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i].is_number != b[i].is_number) {
      return a[i].is_number <=> b[i].is_number;
    }
    const auto c =
      a[i].is_number ? a[i].number <=> b[i].number : a[i].text.compare(b[i].text) <=> 0;
    if (c != 0) {
      return c;
    }
  }
  return a.size() <=> b.size();
}

}  // namespace

std::strong_ordering operator<=>(const Version& a, const Version& b)
{
  if (auto c = a.m_epoch <=> b.m_epoch; c != 0) {
    return c;
  }
  if (auto c = compare_release(a.m_release, b.m_release); c != 0) {
    return c;
  }
  if (auto c = pre_slot(a) <=> pre_slot(b); c != 0) {
    return c;
  }
  const Slot post_a = a.m_post ? Slot{0, *a.m_post} : Slot{-1};
  const Slot post_b = b.m_post ? Slot{0, *b.m_post} : Slot{-1};
  if (auto c = post_a <=> post_b; c != 0) {
    return c;
  }
  const Slot dev_a = a.m_dev ? Slot{0, *a.m_dev} : Slot{1};
  const Slot dev_b = b.m_dev ? Slot{0, *b.m_dev} : Slot{1};
  if (auto c = dev_a <=> dev_b; c != 0) {
    return c;
  }
  return compare_local(a.m_local, b.m_local);
}

bool operator==(const Version& a, const Version& b)
{
  return (a <=> b) == 0;
}

}  // namespace pwi
