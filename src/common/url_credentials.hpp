// Credentials in URLs (https://user:password@host/...), as pip treats them: never shown, never
// written where they could be read back (a log, a generated file, a command line).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pwi {

// Where a URL's user information ("user:password" or a lone token) is, in a text.
struct UrlCredentials {
  std::size_t offset = 0;  // first character of the user information
  std::size_t size = 0;    // up to, not including, the '@'
};

// Every URL's user information in `text`, in order: scheme "://" userinfo "@" host, where the
// authority ends at the first '/', '?', '#', white space or quote (the last '@' before it ends
// the user information, as urllib.parse.urlsplit reads a netloc).
std::vector<UrlCredentials> find_url_credentials(std::string_view text);

// pip's redact_auth_from_url, for every URL in `text`: "user:password@" becomes "user:****@",
// a lone user (a token) "****@".
std::string redact_url_credentials(std::string_view text);

// The user information of the URL `url` ("" when it has none).
std::string url_userinfo(std::string_view url);

// `url` with its user information replaced by `replacement`.
std::string replace_url_userinfo(std::string_view url, std::string_view replacement);

// The redacted form of one user information: "user:****" or "****".
std::string redacted_userinfo(std::string_view userinfo);

}  // namespace pwi
