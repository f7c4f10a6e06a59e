#include "pep/format_control.hpp"

#include "pep/names.hpp"

#include <algorithm>
#include <vector>

namespace pwi {

void FormatControl::apply(std::string_view value, std::set<std::string>& target,
                          std::set<std::string>& other)
{
  std::vector<std::string> names;
  for (std::size_t start = 0; start <= value.size();) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    names.emplace_back(value.substr(start, comma - start));
    start = comma + 1;
  }
  // ":all:" resets both sets; what follows it counts only after a ":none:".
  for (auto all = std::find(names.begin(), names.end(), ":all:"); all != names.end();
       all = std::find(names.begin(), names.end(), ":all:")) {
    other.clear();
    target.clear();
    target.insert(":all:");
    names.erase(names.begin(), all + 1);
    if (std::find(names.begin(), names.end(), ":none:") == names.end()) {
      return;
    }
  }
  for (const std::string& name : names) {
    if (name == ":none:") {
      target.clear();
      continue;
    }
    const std::string key = normalize_name(name);
    other.erase(key);
    target.insert(key);
  }
}

FormatControl::Allowed FormatControl::allowed(const std::string& key) const
{
  Allowed out;
  if (m_only_binary.count(key) != 0) {
    out.source = false;
  } else if (m_no_binary.count(key) != 0) {
    out.binary = false;
  } else if (m_only_binary.count(":all:") != 0) {
    out.source = false;
  } else if (m_no_binary.count(":all:") != 0) {
    out.binary = false;
  }
  return out;
}

}  // namespace pwi
