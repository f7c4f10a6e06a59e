// pip's FormatControl (models/format_control.py): which projects pip may take as ready-made
// wheels ("binary") and which it may build from sdists ("source"), from --no-binary and
// --only-binary in the order pip reads them (the command line, then the requirement files).
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace pwi {

class FormatControl {
public:
  // handle_mutual_excludes: "a,b", ":all:", ":none:"; names canonicalized.
  void no_binary(std::string_view value) { apply(value, m_no_binary, m_only_binary); }
  void only_binary(std::string_view value) { apply(value, m_only_binary, m_no_binary); }

  struct Allowed {
    bool binary = true;
    bool source = true;
    bool operator==(const Allowed&) const = default;
  };
  // get_allowed_formats(canonical_name)
  Allowed allowed(const std::string& key) const;

  const std::set<std::string>& no_binary_set() const { return m_no_binary; }
  const std::set<std::string>& only_binary_set() const { return m_only_binary; }

private:
  static void apply(std::string_view value, std::set<std::string>& target,
                    std::set<std::string>& other);
  std::set<std::string> m_no_binary;
  std::set<std::string> m_only_binary;
};

}  // namespace pwi
