#include "slim/selection.hpp"

namespace pwi::slim {

namespace {

// Directories are kept for what they hold; they count under a rule of their own.
constexpr const char* k_parents_rule = "directories";

// Whether `relative` or a directory above it is excluded.
bool excluded(const std::string& relative, const Exclude& exclude)
{
  for (std::string path = relative; !path.empty(); path = parent_path(path)) {
    if (exclude(path)) {
      return true;
    }
  }
  return false;
}

}  // namespace

void Selection::keep_entry(const std::string& path, const std::string& rule)
{
  if (path.empty() || !m_input.contains(path) || !m_rule.emplace(path, rule).second) {
    return;
  }
  for (std::string dir = parent_path(path); !dir.empty(); dir = parent_path(dir)) {
    if (m_input.contains(dir) && !m_rule.emplace(dir, k_parents_rule).second) {
      break;  // its parents are kept already
    }
  }
}

std::string Selection::keep(const std::string& path, const std::string& rule, bool recursive,
                            const Exclude& exclude)
{
  std::vector<std::string> links;
  const auto resolved = m_input.resolve(path, true, &links);
  if (!resolved ||
      (!resolved->empty() && !m_input.contains(*resolved) && m_input.below(*resolved).empty())) {
    return "";
  }
  for (const std::string& link : links) {
    keep_entry(link, rule);
  }
  keep_entry(*resolved, rule);
  const Entry* entry = m_input.find(*resolved);
  if (!recursive || (entry != nullptr && entry->type != EntryType::k_directory)) {
    return *resolved;
  }
  const std::string prefix = resolved->empty() ? "" : *resolved + "/";
  for (const Entry* inside : m_input.below(*resolved)) {
    if (exclude && excluded(inside->path.substr(prefix.size()), exclude)) {
      continue;
    }
    keep_entry(inside->path, rule);
    if (inside->type == EntryType::k_symlink) {
      keep(inside->path, rule);  // the link followed: its target too
    }
  }
  return *resolved;
}

Rootfs Selection::output() const
{
  Rootfs out;
  for (const auto& [path, rule] : m_rule) {
    out.add(*m_input.find(path));
  }
  return out;
}

}  // namespace pwi::slim
