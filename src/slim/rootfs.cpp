#include "slim/rootfs.hpp"

#include <deque>

namespace pwi::slim {

namespace {

constexpr int k_max_links = 40;  // Linux's MAXSYMLINKS: ELOOP after that many

std::deque<std::string> components(std::string_view path)
{
  std::deque<std::string> out;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    if (!part.empty() && part != ".") {
      out.emplace_back(part);
    }
    if (slash == std::string_view::npos) {
      break;
    }
    path.remove_prefix(slash + 1);
  }
  return out;
}

std::string join(const std::string& dir, const std::string& name)
{
  return dir.empty() ? name : dir + "/" + name;
}

}  // namespace

std::string normalize_path(std::string_view path)
{
  std::string out;
  for (const std::string& part : components(path)) {
    out = join(out, part);
  }
  return out;
}

std::string parent_path(std::string_view path)
{
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string base_name(std::string_view path)
{
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

void Rootfs::add(Entry entry)
{
  std::string path = entry.path;
  m_entries.insert_or_assign(std::move(path), std::move(entry));
}

const Entry* Rootfs::find(const std::string& path) const
{
  const auto it = m_entries.find(path);
  return it == m_entries.end() ? nullptr : &it->second;
}

std::optional<std::string> Rootfs::resolve(std::string_view path, bool follow_last,
                                           std::vector<std::string>* links) const
{
  std::deque<std::string> rest = components(path);
  std::string current;
  int followed = 0;
  while (!rest.empty()) {
    const std::string name = std::move(rest.front());
    rest.pop_front();
    if (name == "..") {
      current = parent_path(current);  // the root's parent is the root
      continue;
    }
    const std::string candidate = join(current, name);
    const Entry* entry = find(candidate);
    const bool last = rest.empty();
    if (entry == nullptr) {
      // A tar need not hold every directory: one is implied by the entries below it.
      const auto below_it = m_entries.lower_bound(candidate + "/");
      const bool implied =
        below_it != m_entries.end() && below_it->first.rfind(candidate + "/", 0) == 0;
      if (!implied && !(last && !follow_last)) {
        return std::nullopt;
      }
      current = candidate;
      continue;
    }
    if (entry->type == EntryType::k_symlink && (!last || follow_last)) {
      if (++followed > k_max_links) {
        return std::nullopt;
      }
      if (links != nullptr) {
        links->push_back(candidate);
      }
      if (!entry->symlink.empty() && entry->symlink.front() == '/') {
        current.clear();
      }
      std::deque<std::string> target = components(entry->symlink);
      rest.insert(rest.begin(), target.begin(), target.end());
      continue;
    }
    if (entry->type != EntryType::k_directory && !last) {
      return std::nullopt;  // ENOTDIR
    }
    current = candidate;
  }
  return current;
}

std::vector<const Entry*> Rootfs::below(const std::string& path) const
{
  std::vector<const Entry*> out;
  const std::string prefix = path.empty() ? std::string() : path + "/";
  for (auto it = m_entries.lower_bound(prefix); it != m_entries.end(); ++it) {
    if (it->first.rfind(prefix, 0) != 0) {
      break;
    }
    if (!it->first.empty()) {
      out.push_back(&it->second);
    }
  }
  return out;
}

std::vector<const Entry*> Rootfs::children(const std::string& path) const
{
  std::vector<const Entry*> out;
  for (const Entry* entry : below(path)) {
    if (parent_path(entry->path) == path) {
      out.push_back(entry);
    }
  }
  return out;
}

}  // namespace pwi::slim
