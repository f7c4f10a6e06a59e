// Base64 (RFC 4648, with padding) for the engines' "auth" entries and Basic credentials.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pwi::registry {

std::string base64_encode(std::string_view data);
// nullopt when `text` is not base64 (white space is not allowed; padding may be left out).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace pwi::registry
