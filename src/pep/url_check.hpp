// Internal: the URL checks packaging.requirements.Requirement makes on "name @ url", with
// Python 3.11's urllib.parse.urlparse semantics (only the parts those checks look at).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pwi {

// nullopt when packaging accepts the URL, else the reason.
std::optional<std::string> check_requirement_url(std::string_view url);

}  // namespace pwi
