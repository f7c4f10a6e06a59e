#include "pep/url_check.hpp"

#include "pep/pytext.hpp"

#include <algorithm>

namespace pwi {

namespace {

struct SplitUrl {
  std::string scheme, netloc, path, query, fragment;
  bool has_bad_brackets = false;
};

bool is_scheme_char(char c)
{
  return pytext::is_ascii_alnum(c) || c == '+' || c == '-' || c == '.';
}

// urllib.parse.urlsplit (Python 3.11).
SplitUrl urlsplit(std::string_view input)
{
  std::string url;
  std::size_t start = 0;
  // Leading C0 controls and spaces go, then every tab, CR and LF (WHATWG).
  while (start < input.size() && static_cast<unsigned char>(input[start]) <= 0x20) {
    ++start;
  }
  for (char c : input.substr(start)) {
    if (c != '\t' && c != '\r' && c != '\n') {
      url += c;
    }
  }
  SplitUrl r;
  const std::size_t colon = url.find(':');
  if (colon != std::string::npos && colon > 0 &&
      ((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z')) &&
      std::all_of(url.begin(), url.begin() + colon, is_scheme_char)) {
    r.scheme = pytext::lower(url.substr(0, colon));
    url = url.substr(colon + 1);
  }
  if (url.compare(0, 2, "//") == 0) {
    const std::size_t end = std::min(url.find_first_of("/?#", 2), url.size());
    r.netloc = url.substr(2, end - 2);
    url = url.substr(end);
    const bool open = r.netloc.find('[') != std::string::npos;
    const bool close = r.netloc.find(']') != std::string::npos;
    r.has_bad_brackets = open != close;
  }
  if (const std::size_t hash = url.find('#'); hash != std::string::npos) {
    r.fragment = url.substr(hash + 1);
    url.resize(hash);
  }
  if (const std::size_t q = url.find('?'); q != std::string::npos) {
    r.query = url.substr(q + 1);
    url.resize(q);
  }
  r.path = url;
  return r;
}

// urllib.parse.urlunsplit for the "file" scheme (which has no params).
std::string unsplit_file(const SplitUrl& r)
{
  std::string url = r.path;
  if (!r.netloc.empty() || url.compare(0, 2, "//") != 0) {
    if (!url.empty() && url[0] != '/') {
      url = "/" + url;
    }
    url = "//" + r.netloc + url;
  }
  url = r.scheme + ":" + url;
  if (!r.query.empty()) {
    url += "?" + r.query;
  }
  if (!r.fragment.empty()) {
    url += "#" + r.fragment;
  }
  return url;
}

}  // namespace

std::optional<std::string> check_requirement_url(std::string_view url)
{
  const SplitUrl r = urlsplit(url);
  if (r.has_bad_brackets) {
    return "invalid IPv6 URL: " + std::string(url);
  }
  if (r.scheme == "file") {
    // packaging demands that a file URL survive a parse/unparse round trip unchanged.
    if (unsplit_file(r) != url) {
      return "invalid file URL: " + std::string(url);
    }
    return std::nullopt;
  }
  if (r.scheme.empty() || r.netloc.empty()) {
    return "invalid URL: " + std::string(url);
  }
  return std::nullopt;
}

}  // namespace pwi
