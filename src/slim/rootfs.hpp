// A root file system as `docker export` writes it, held in memory: every entry by its path
// relative to the root ("usr/bin/python3.11", no leading '/'), with what a tar header says of it,
// and the lookup of a path inside it by the kernel's rules (symbolic links in any component,
// absolute targets relative to this root, "..", at most 40 links), so that a merged-/usr root's
// `lib -> usr/lib` is followed as the loader will follow it in the container.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi::slim {

enum class EntryType { k_file, k_directory, k_symlink, k_other };

struct Entry {
  std::string path;  // normalized: no leading '/' or "./", no trailing '/'
  EntryType type = EntryType::k_other;
  std::uint32_t mode = 0;  // the whole st_mode, file type bits included
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::string uname;
  std::string gname;
  std::int64_t mtime = 0;
  std::int64_t mtime_nsec = 0;
  std::uint64_t rdev = 0;  // devices (k_other)
  std::string symlink;     // a symbolic link's target, as written
  // A regular file's content, shared by the paths of one hard-link group.
  std::shared_ptr<const std::string> data;
  // The first path of the file's hard-link group in the input, "" when it has no other names.
  std::string link_group;
  // Extended attributes (security.capability, ...), as name and value.
  std::vector<std::pair<std::string, std::string>> xattrs;

  std::uint64_t size() const { return data ? data->size() : 0; }
};

// The lexical normal form of a tar member name or of an absolute path inside the root:
// "./usr//lib/" and "/usr/lib" are "usr/lib"; the root is "". ".." is kept as the kernel
// resolves it only against the real directories (see Rootfs::resolve).
std::string normalize_path(std::string_view path);

// The directory part of a normalized path ("" for a top-level entry).
std::string parent_path(std::string_view path);

// The last component of a path.
std::string base_name(std::string_view path);

class Rootfs {
public:
  // Replaces an entry of the same path (a later tar member wins, as when extracting).
  void add(Entry entry);

  const Entry* find(const std::string& path) const;
  bool contains(const std::string& path) const { return find(path) != nullptr; }

  // The path that `path` (absolute or relative to the root) names once every symbolic link
  // in it is followed (the last component too when `follow_last`); the links passed through
  // are appended to `links`, in order, when given. std::nullopt when a component is missing,
  // a non-directory is used as one, or there are more than 40 links (a loop). The result
  // need not exist when `follow_last` is false.
  std::optional<std::string> resolve(std::string_view path, bool follow_last = true,
                                     std::vector<std::string>* links = nullptr) const;

  // The entries below the directory `path` (not `path` itself), in path order.
  std::vector<const Entry*> below(const std::string& path) const;

  // The entries directly inside the directory `path`, in path order.
  std::vector<const Entry*> children(const std::string& path) const;

  const std::map<std::string, Entry>& entries() const { return m_entries; }

private:
  std::map<std::string, Entry> m_entries;
};

}  // namespace pwi::slim
