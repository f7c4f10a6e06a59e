#include "common/url_credentials.hpp"

#include <cctype>

namespace pwi {

namespace {

bool is_scheme_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
}

bool ends_authority(char c)
{
  return c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == '<' || c == '>' ||
         std::isspace(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

std::vector<UrlCredentials> find_url_credentials(std::string_view text)
{
  std::vector<UrlCredentials> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t mark = text.find("://", from);
    if (mark == std::string_view::npos) {
      return out;
    }
    const std::size_t start = mark + 3;
    from = start;
    if (mark == 0 || !is_scheme_char(text[mark - 1])) {
      continue;
    }
    std::size_t end = start;
    while (end < text.size() && !ends_authority(text[end])) {
      ++end;
    }
    const std::size_t at = text.substr(start, end - start).rfind('@');
    if (at != std::string_view::npos && at > 0) {
      out.push_back(UrlCredentials{start, at});
    }
    from = end;
  }
}

std::string redacted_userinfo(std::string_view userinfo)
{
  const std::size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos) {
    return "****";
  }
  return std::string(userinfo.substr(0, colon)) + ":****";
}

std::string redact_url_credentials(std::string_view text)
{
  std::string out;
  std::size_t done = 0;
  for (const UrlCredentials& found : find_url_credentials(text)) {
    out += text.substr(done, found.offset - done);
    out += redacted_userinfo(text.substr(found.offset, found.size));
    done = found.offset + found.size;
  }
  out += text.substr(done);
  return out;
}

std::string url_userinfo(std::string_view url)
{
  const std::vector<UrlCredentials> found = find_url_credentials(url);
  if (found.empty()) {
    return "";
  }
  return std::string(url.substr(found.front().offset, found.front().size));
}

std::string replace_url_userinfo(std::string_view url, std::string_view replacement)
{
  const std::vector<UrlCredentials> found = find_url_credentials(url);
  if (found.empty()) {
    return std::string(url);
  }
  const UrlCredentials& first = found.front();
  return std::string(url.substr(0, first.offset)) + std::string(replacement) +
         std::string(url.substr(first.offset + first.size));
}

}  // namespace pwi
