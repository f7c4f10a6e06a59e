// The challenges of a 401 answer's WWW-Authenticate header (RFC 7235): the scheme and its
// auth-params, e.g. Bearer realm="https://auth.example/token",service="reg",scope="...".
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pwi::registry {

struct Challenge {
  std::string scheme;                         // lowercase: "basic", "bearer"
  std::map<std::string, std::string> params;  // names lowercase, values unquoted
};

// Every challenge of the header's value, in order; a malformed tail is ignored (what came
// before it is kept), so that an odd registry still gets the challenges it did spell right.
std::vector<Challenge> parse_www_authenticate(std::string_view header);

}  // namespace pwi::registry
