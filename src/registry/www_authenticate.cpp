#include "registry/www_authenticate.hpp"

#include "common/ascii.hpp"

#include <cctype>

namespace pwi::registry {

namespace {

// RFC 7230 tchar
bool is_token_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

class Scanner {
public:
  explicit Scanner(std::string_view text) : m_text(text) {}

  bool done() const { return m_pos >= m_text.size(); }
  char peek() const { return done() ? '\0' : m_text[m_pos]; }
  void skip_space()
  {
    while (!done() && (peek() == ' ' || peek() == '\t')) {
      ++m_pos;
    }
  }
  // token68 characters too ('/', '='), for a credentials-style challenge.
  std::string token()
  {
    const std::size_t start = m_pos;
    while (!done() && is_token_char(peek())) {
      ++m_pos;
    }
    return std::string(m_text.substr(start, m_pos - start));
  }
  // An unquoted value: RFC 7235 wants a token, but registries write URLs bare too, so up to
  // the next comma or space.
  std::string bare_value()
  {
    const std::size_t start = m_pos;
    while (!done() && peek() != ',' && peek() != ' ' && peek() != '\t') {
      ++m_pos;
    }
    return std::string(m_text.substr(start, m_pos - start));
  }
  bool accept(char c)
  {
    if (peek() == c) {
      ++m_pos;
      return true;
    }
    return false;
  }
  // After the opening quote: up to the closing one, with backslash escapes. False when the
  // string does not end.
  bool quoted(std::string& out)
  {
    while (!done()) {
      const char c = m_text[m_pos++];
      if (c == '"') {
        return true;
      }
      if (c == '\\' && !done()) {
        out += m_text[m_pos++];
      } else {
        out += c;
      }
    }
    return false;
  }
  std::size_t pos() const { return m_pos; }
  void set_pos(std::size_t pos) { m_pos = pos; }

private:
  std::string_view m_text;
  std::size_t m_pos = 0;
};

}  // namespace

std::vector<Challenge> parse_www_authenticate(std::string_view header)
{
  std::vector<Challenge> out;
  Scanner in(header);
  while (true) {
    // Empty list elements are allowed: ", , Basic".
    in.skip_space();
    while (in.accept(',')) {
      in.skip_space();
    }
    if (in.done()) {
      return out;
    }
    std::string scheme = in.token();
    if (scheme.empty()) {
      return out;
    }
    Challenge challenge{lower_ascii(scheme), {}};
    // auth-params: name = (token | quoted-string), separated by commas; a name not followed by
    // '=' begins the next challenge.
    while (true) {
      in.skip_space();
      const std::size_t start = in.pos();
      const std::string name = in.token();
      in.skip_space();
      if (name.empty() || !in.accept('=')) {
        in.set_pos(start);
        break;
      }
      in.skip_space();
      std::string value;
      if (in.accept('"')) {
        if (!in.quoted(value)) {
          out.push_back(std::move(challenge));
          return out;
        }
      } else {
        value = in.bare_value();
      }
      challenge.params[lower_ascii(name)] = value;
      in.skip_space();
      if (!in.accept(',')) {
        break;
      }
    }
    out.push_back(std::move(challenge));
    in.skip_space();
    if (!in.done() && !is_token_char(in.peek()) && in.peek() != ',') {
      return out;  // malformed tail
    }
  }
}

}  // namespace pwi::registry
