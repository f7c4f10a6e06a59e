#include "common/memory_file_system.hpp"

#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <utility>

namespace pwi {

namespace {

// One spelling per path, so that "a/./b", "a//b" and "a/b/" are the same key.
std::string normalize(const std::string& path)
{
  std::string out = std::filesystem::path(path).lexically_normal().generic_string();
  while (out.size() > 1 && out.back() == '/') {
    out.pop_back();
  }
  return out.empty() ? "." : out;
}

[[noreturn]] void throw_io(std::string_view what, const std::string& path, std::string_view why)
{
  throw IoError(fmt::format("cannot {} '{}': {}", what, path, why));
}

}  // namespace

MemoryFileSystem::MemoryFileSystem()
{
  add_directory("/");
  add_directory(".");
}

MemoryFileSystem::Node& MemoryFileSystem::put(const std::string& path, FileType type)
{
  const std::string key = normalize(path);
  const std::string parent = dirname(key);
  if (!parent.empty() && parent != key && find(parent) == nullptr) {
    add_directory(parent);
  }
  auto [it, inserted] = m_nodes.try_emplace(key);
  Node& node = it->second;
  if (inserted || node.stat.type != type) {
    node = Node{};
    node.stat.inode = m_next_inode++;
    node.stat.type = type;
    node.created = m_next_created++;
  }
  node.stat.mtime_ns = m_now;
  node.stat.ctime_ns = m_now;
  return node;
}

MemoryFileSystem::Node* MemoryFileSystem::find(const std::string& path)
{
  const auto it = m_nodes.find(normalize(path));
  return it == m_nodes.end() ? nullptr : &it->second;
}

MemoryFileSystem::Node& MemoryFileSystem::existing(const std::string& path, std::string_view what)
{
  Node* node = find(path);
  if (node == nullptr) {
    throw_io(what, path, "No such file or directory");
  }
  if (node->unreadable) {
    throw_io(what, path, "Permission denied");
  }
  return *node;
}

std::string MemoryFileSystem::resolve(const std::string& path)
{
  std::string current = normalize(path);
  for (int depth = 0; depth < 40; ++depth) {  // 40: Linux's MAXSYMLINKS
    Node* node = find(current);
    if (node == nullptr || node->stat.type != FileType::k_symlink) {
      return current;
    }
    current = normalize(join_path(dirname(current), node->content));
  }
  throw_io("resolve", path, "Too many levels of symbolic links");
}

void MemoryFileSystem::add_file(const std::string& path, std::string_view content,
                                std::uint32_t mode)
{
  Node& node = put(path, FileType::k_regular);
  node.content = content;
  node.stat.size = content.size();
  node.stat.mode = mode;
}

void MemoryFileSystem::add_directory(const std::string& path)
{
  if (Node* node = find(path); node != nullptr && node->stat.type == FileType::k_directory) {
    return;
  }
  put(path, FileType::k_directory).stat.mode = 0755;
}

void MemoryFileSystem::add_symlink(const std::string& path, std::string_view target)
{
  Node& node = put(path, FileType::k_symlink);
  node.content = target;
  node.stat.size = target.size();
  node.stat.mode = 0777;
}

void MemoryFileSystem::remove(const std::string& path)
{
  const std::string key = normalize(path);
  m_nodes.erase(key);
  const std::string prefix = key + "/";
  for (auto it = m_nodes.lower_bound(prefix);
       it != m_nodes.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
    it = m_nodes.erase(it);
  }
}

void MemoryFileSystem::set_mtime(const std::string& path, std::int64_t mtime_ns)
{
  Node& node = existing(path, "set the mtime of");
  node.stat.mtime_ns = mtime_ns;
  node.stat.ctime_ns = m_now;  // as utimensat(2) does
}

void MemoryFileSystem::set_mode(const std::string& path, std::uint32_t mode)
{
  Node& node = existing(path, "chmod");
  node.stat.mode = mode;
  node.stat.ctime_ns = m_now;
}

std::size_t MemoryFileSystem::read_count(const std::string& path) const
{
  const auto it = m_nodes.find(normalize(path));
  return it == m_nodes.end() ? 0 : it->second.reads;
}

void MemoryFileSystem::make_unreadable(const std::string& path)
{
  existing(path, "find").unreadable = true;
}

std::optional<FileStat> MemoryFileSystem::stat(const std::string& path)
{
  return lstat(resolve(path));
}

std::optional<FileStat> MemoryFileSystem::lstat(const std::string& path)
{
  const Node* node = find(path);
  if (node == nullptr) {
    return std::nullopt;
  }
  return node->stat;
}

void MemoryFileSystem::read_chunks(const std::string& path,
                                   const std::function<void(std::string_view)>& sink)
{
  Node& node = existing(resolve(path), "read");
  if (node.stat.type == FileType::k_directory) {
    throw_io("read", path, "Is a directory");
  }
  ++node.reads;
  ++m_total_reads;
  sink(node.content);
}

std::vector<std::string> MemoryFileSystem::list_directory(const std::string& path)
{
  const std::string key = resolve(path);
  const Node& node = existing(key, "list directory");
  if (node.stat.type != FileType::k_directory) {
    throw_io("list directory", path, "Not a directory");
  }
  std::vector<std::pair<std::uint64_t, std::string>> entries;
  const std::string prefix = key == "." ? "" : key == "/" ? "/" : key + "/";
  for (auto it = m_nodes.lower_bound(prefix); it != m_nodes.end(); ++it) {
    const std::string& name = it->first;
    if (name.compare(0, prefix.size(), prefix) != 0) {
      break;
    }
    const std::string_view rest = std::string_view(name).substr(prefix.size());
    if (!rest.empty() && rest != "." && rest.find('/') == std::string_view::npos) {
      entries.emplace_back(it->second.created, rest);
    }
  }
  std::sort(entries.begin(), entries.end());
  std::vector<std::string> names;
  for (auto& entry : entries) {
    names.push_back(std::move(entry.second));
  }
  return names;
}

std::string MemoryFileSystem::read_link(const std::string& path)
{
  const Node& node = existing(path, "read symbolic link");
  if (node.stat.type != FileType::k_symlink) {
    throw_io("read symbolic link", path, "Invalid argument");
  }
  return node.content;
}

bool MemoryFileSystem::write_file_if_changed(const std::string& path, std::string_view content)
{
  if (const Node* node = find(path);
      node != nullptr && node->stat.type == FileType::k_regular && node->content == content) {
    return false;
  }
  const std::string parent = dirname(normalize(path));
  if (!parent.empty() && find(parent) == nullptr) {
    throw_io("write", path, "No such file or directory");
  }
  // A rename() replaces the inode, as the real implementation does.
  remove(path);
  add_file(path, content);
  return true;
}

}  // namespace pwi
