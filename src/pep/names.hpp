// PEP 503 project names.
#pragma once

#include <string>
#include <string_view>

namespace pwi {

// PEP 503 normalization: lowercase, runs of '-', '_' and '.' become one '-'.
std::string normalize_name(std::string_view name);

// PEP 508 identifier: ASCII letters and digits, with '-', '_', '.' only between them.
bool is_valid_name(std::string_view name);

// pip 23.2's safe_extra: runs of characters other than [A-Za-z0-9.-] become '_', then
// lowercase. pip applies it to requested extras before evaluating `extra == "..."` markers.
std::string safe_extra(std::string_view extra);

}  // namespace pwi
