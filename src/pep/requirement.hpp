// PEP 508 requirement lines, parsed as pip's vendored packaging 21.3
// (packaging.requirements.Requirement).
#pragma once

#include "pep/marker.hpp"
#include "pep/specifier.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi {

struct Requirement {
  std::string name;                 // as written
  std::string key;                  // normalize_name(name)
  std::vector<std::string> extras;  // normalized, sorted, unique
  SpecifierSet specifier;
  std::optional<Marker> marker;
  std::string url;                          // "name @ url" form, else empty
  std::vector<std::string> written_extras;  // as written, sorted, unique: for str()

  // PEP 508 as packaging.requirements.Requirement; throws ParseError with the offset.
  static Requirement parse(std::string_view text);
  std::string str() const;
};

}  // namespace pwi
