#include "pep/marker.hpp"

#include "pep/names.hpp"
#include "pep/pytext.hpp"
#include "pep/specifier.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace pwi {

namespace {

// packaging's VARIABLE alternatives, in its order (the first literal that matches wins).
struct VariableSpelling {
  std::string_view written;
  std::string_view name;
};
constexpr std::array k_variables{
  VariableSpelling{"implementation_version", "implementation_version"},
  VariableSpelling{"platform_python_implementation", "platform_python_implementation"},
  VariableSpelling{"implementation_name", "implementation_name"},
  VariableSpelling{"python_full_version", "python_full_version"},
  VariableSpelling{"platform_release", "platform_release"},
  VariableSpelling{"platform_version", "platform_version"},
  VariableSpelling{"platform_machine", "platform_machine"},
  VariableSpelling{"platform_system", "platform_system"},
  VariableSpelling{"python_version", "python_version"},
  VariableSpelling{"sys_platform", "sys_platform"},
  VariableSpelling{"os_name", "os_name"},
  VariableSpelling{"os.name", "os_name"},                    // PEP 345
  VariableSpelling{"sys.platform", "sys_platform"},          // PEP 345
  VariableSpelling{"platform.version", "platform_version"},  // PEP 345
  VariableSpelling{"platform.machine", "platform_machine"},  // PEP 345
  VariableSpelling{"platform.python_implementation", "platform_python_implementation"},
  VariableSpelling{"python_implementation", "platform_python_implementation"},  // setuptools
  VariableSpelling{"extra", "extra"},
};

constexpr std::array<std::string_view, 10> k_operators{
  "===", "==", ">=", "<=", "!=", "~=", ">", "<", "not in", "in"};

// Deeper nesting makes pyparsing hit Python's recursion limit; we refuse it with a message.
constexpr int k_max_depth = 64;

bool is_pyparsing_space(char c)
{
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

// Recursive descent with pyparsing's semantics: whitespace skipped before every token, ordered
// choice without backtracking into a choice once made. Errors keep the furthest position.
class MarkerParser {
public:
  explicit MarkerParser(std::string_view s) : m_s(s) {}

  std::optional<std::vector<Marker::Item>> expression(std::size_t& pos, int depth)
  {
    if (depth > k_max_depth) {
      fail(pos, "marker nested too deeply");
      return std::nullopt;
    }
    std::vector<Marker::Item> items;
    if (!atom(pos, depth, items)) {
      return std::nullopt;
    }
    while (true) {
      std::size_t p = skip(pos);
      Marker::Item op;
      if (m_s.substr(p, 3) == "and") {
        op.kind = Marker::Item::Kind::k_and;
        p += 3;
      } else if (m_s.substr(p, 2) == "or") {
        op.kind = Marker::Item::Kind::k_or;
        p += 2;
      } else {
        fail(p, "expected 'and', 'or' or the end of the marker");
        break;
      }
      std::vector<Marker::Item> next;
      if (!atom(p, depth, next)) {
        break;  // ZeroOrMore gives back the dangling "and"/"or"
      }
      items.push_back(std::move(op));
      items.insert(items.end(), std::make_move_iterator(next.begin()),
                   std::make_move_iterator(next.end()));
      pos = p;
    }
    return items;
  }

  std::size_t skip(std::size_t pos) const
  {
    while (pos < m_s.size() && is_pyparsing_space(m_s[pos])) {
      ++pos;
    }
    return pos;
  }

  void fail(std::size_t pos, std::string message)
  {
    if (!m_error || pos >= m_error_offset) {  // the later, more specific, message wins a tie
      m_error = std::move(message);
      m_error_offset = pos;
    }
  }

  [[noreturn]] void throw_error() const
  {
    throw ParseError(m_error.value_or("invalid marker"), m_error_offset);
  }

private:
  bool atom(std::size_t& pos, int depth, std::vector<Marker::Item>& out)
  {
    std::size_t p = pos;
    Marker::Item item;
    if (comparison(p, item.comparison)) {
      out.push_back(std::move(item));
      pos = p;
      return true;
    }
    p = skip(pos);
    if (p < m_s.size() && m_s[p] == '(') {
      ++p;
      if (std::optional<std::vector<Marker::Item>> inner = expression(p, depth + 1)) {
        p = skip(p);
        if (p < m_s.size() && m_s[p] == ')') {
          item.kind = Marker::Item::Kind::k_group;
          item.group = std::move(*inner);
          out.push_back(std::move(item));
          pos = p + 1;
          return true;
        }
        fail(p, "expected ')'");
      }
    }
    return false;
  }

  bool comparison(std::size_t& pos, Marker::Comparison& out)
  {
    std::size_t p = pos;
    if (!operand(p, out.lhs)) {
      return false;
    }
    p = skip(p);
    const auto op = std::find_if(k_operators.begin(), k_operators.end(),
                                 [&](std::string_view o) { return m_s.substr(p, o.size()) == o; });
    if (op == k_operators.end()) {
      fail(p, "expected a marker operator (one of == != < <= > >= ~= === in, not in)");
      return false;
    }
    out.op = std::string(*op);
    p += op->size();
    if (!operand(p, out.rhs)) {
      return false;
    }
    pos = p;
    return true;
  }

  bool operand(std::size_t& pos, Marker::Operand& out)
  {
    const std::size_t p = skip(pos);
    for (const VariableSpelling& v : k_variables) {
      if (m_s.substr(p, v.written.size()) == v.written) {
        out = {true, std::string(v.name)};
        pos = p + v.written.size();
        return true;
      }
    }
    if (p < m_s.size() && (m_s[p] == '\'' || m_s[p] == '"')) {
      return quoted(p, pos, out);
    }
    std::size_t end = p;
    while (end < m_s.size() &&
           (pytext::is_ascii_alnum(m_s[end]) || m_s[end] == '_' || m_s[end] == '.')) {
      ++end;
    }
    if (end > p) {
      fail(p, "unknown marker variable '" + std::string(m_s.substr(p, end - p)) + "'");
    } else {
      fail(p, "expected a marker variable or a quoted string");
    }
    return false;
  }

  // pyparsing's QuotedString without escape character: no quote, CR or LF inside; the
  // two-character sequences \t \n \f \r become the control characters.
  bool quoted(std::size_t p, std::size_t& pos, Marker::Operand& out)
  {
    const char quote = m_s[p];
    std::size_t end = p + 1;
    while (end < m_s.size() && m_s[end] != quote && m_s[end] != '\n' && m_s[end] != '\r') {
      ++end;
    }
    if (end >= m_s.size() || m_s[end] != quote) {
      fail(p, std::string("unterminated string: missing closing ") + quote);
      return false;
    }
    std::string value;
    for (std::size_t i = p + 1; i < end; ++i) {
      if (m_s[i] == '\\' && i + 1 < end) {
        const char c = m_s[i + 1];
        const char control = c == 't'   ? '\t'
                             : c == 'n' ? '\n'
                             : c == 'f' ? '\f'
                             : c == 'r' ? '\r'
                                        : 0;
        if (control) {
          value += control;
          ++i;
          continue;
        }
      }
      value += m_s[i];
    }
    out = {false, std::move(value)};
    pos = end + 1;
    return true;
  }

  std::string_view m_s;
  std::optional<std::string> m_error;
  std::size_t m_error_offset = 0;
};

std::string serialize(const Marker::Operand& operand)
{
  return operand.is_variable ? operand.text : "\"" + operand.text + "\"";
}

// packaging's _format_marker, including its quirk of dropping the parentheses of a group
// that holds a single item (even a single nested group).
std::string format_items(const std::vector<Marker::Item>& items, bool first);

std::string format_item(const Marker::Item& item, bool first)
{
  switch (item.kind) {
  case Marker::Item::Kind::k_comparison:
    return serialize(item.comparison.lhs) + " " + item.comparison.op + " " +
           serialize(item.comparison.rhs);
  case Marker::Item::Kind::k_group:
    return format_items(item.group, first);
  case Marker::Item::Kind::k_and:
    return "and";
  case Marker::Item::Kind::k_or:
    return "or";
  }
  return "";
}

std::string format_items(const std::vector<Marker::Item>& items, bool first)
{
  if (items.size() == 1 && (items[0].kind == Marker::Item::Kind::k_comparison ||
                            items[0].kind == Marker::Item::Kind::k_group)) {
    return format_item(items[0], true);
  }
  std::string out;
  for (const Marker::Item& item : items) {
    out += (out.empty() ? "" : " ") + format_item(item, false);
  }
  return first ? out : "(" + out + ")";
}

const std::string& lookup(const MarkerEnvironment& env, const std::string& name)
{
  const auto it = env.find(name);
  if (it == env.end()) {
    throw UndefinedEnvironmentName(name);
  }
  return it->second;
}

bool evaluate_op(const std::string& lhs, const std::string& op, const std::string& rhs)
{
  // packaging first tries the comparison as a version specifier, e.g. ">=" + "3.8".
  std::optional<Specifier> spec;
  try {
    spec = Specifier::parse(op + rhs);
  } catch (const ParseError&) {
  }
  if (spec) {
    return spec->contains_text(lhs);
  }
  if (op == "in") {
    return rhs.find(lhs) != std::string::npos;
  }
  if (op == "not in") {
    return rhs.find(lhs) == std::string::npos;
  }
  const int c = lhs.compare(rhs);
  if (op == "==") return c == 0;
  if (op == "!=") return c != 0;
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  if (op == ">=") return c >= 0;
  throw UndefinedComparison("undefined comparison '" + op + "' between '" + lhs + "' and '" + rhs +
                            "'");
}

bool evaluate_items(const std::vector<Marker::Item>& items, const MarkerEnvironment& env)
{
  // Every comparison is evaluated (no short circuit), so errors surface as in packaging.
  std::vector<std::vector<bool>> groups(1);
  for (const Marker::Item& item : items) {
    switch (item.kind) {
    case Marker::Item::Kind::k_group:
      groups.back().push_back(evaluate_items(item.group, env));
      break;
    case Marker::Item::Kind::k_comparison: {
      const Marker::Comparison& c = item.comparison;
      // Only the left side is looked up when it is a variable, as packaging does.
      const std::string& lhs = c.lhs.is_variable ? lookup(env, c.lhs.text) : c.lhs.text;
      const std::string& rhs = c.lhs.is_variable ? c.rhs.text : lookup(env, c.rhs.text);
      groups.back().push_back(evaluate_op(lhs, c.op, rhs));
      break;
    }
    case Marker::Item::Kind::k_and:
      break;
    case Marker::Item::Kind::k_or:
      groups.emplace_back();
      break;
    }
  }
  return std::any_of(groups.begin(), groups.end(), [](const std::vector<bool>& g) {
    return std::all_of(g.begin(), g.end(), [](bool b) { return b; });
  });
}

}  // namespace

Marker Marker::parse_prefix(std::string_view text, std::size_t pos, std::size_t& end)
{
  MarkerParser parser(text);
  std::size_t p = pos;
  std::optional<std::vector<Item>> items = parser.expression(p, 0);
  if (!items) {
    parser.throw_error();
  }
  Marker marker;
  marker.m_items = std::move(*items);
  end = p;
  return marker;
}

Marker Marker::parse(std::string_view text)
{
  // pyparsing expands tabs before parsing; offsets are mapped back to `text`.
  const pytext::Expanded expanded = pytext::expand_tabs(text);
  const std::string_view s = expanded.text;
  MarkerParser parser(s);
  std::size_t pos = 0;
  std::optional<std::vector<Item>> items = parser.expression(pos, 0);
  try {
    if (!items) {
      parser.throw_error();
    }
    if (parser.skip(pos) != s.size()) {
      parser.fail(parser.skip(pos), "unexpected text after the marker");
      parser.throw_error();
    }
  } catch (const ParseError& e) {
    throw ParseError(e.what(), expanded.origin[std::min(e.offset(), s.size())]);
  }
  Marker marker;
  marker.m_items = std::move(*items);
  return marker;
}

bool Marker::evaluate(const MarkerEnvironment& env, std::string_view extra) const
{
  MarkerEnvironment full = env;
  full.insert_or_assign("extra", safe_extra(extra));
  return evaluate_items(m_items, full);
}

std::string Marker::str() const
{
  return format_items(m_items, true);
}

}  // namespace pwi
