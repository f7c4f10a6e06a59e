// JSON input files (ENV.json, the provenance record), read through FileSystem by their callers:
// a syntax error is an InputError that points into the file as ninja's parse errors do,
// file:line:column with the line and a caret.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace pwi {

// Parses `text`, the content of `path`. Throws InputError "not valid JSON: <reason>" located
// at the offending character.
nlohmann::json parse_json(std::string_view text, const std::string& path);

}  // namespace pwi
