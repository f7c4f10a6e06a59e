// An in-memory FileSystem for unit tests: no disk, a settable clock, and read counters so that
// tests can prove that a cache avoided reading a file.
#pragma once

#include "common/file_system.hpp"

#include <map>

namespace pwi {

class MemoryFileSystem final : public FileSystem {
public:
  MemoryFileSystem();  // with the directories "/" and "." (for relative paths)

  // Mutators create missing parent directories and stamp the entry with now_ns(); a new entry
  // gets a new inode, a rewritten one keeps its inode (as an in-place write does).
  // list_directory yields entries in the order they were created, so that a test can give a
  // directory a listing order other than by name, as readdir does on a real one.
  void add_file(const std::string& path, std::string_view content, std::uint32_t mode = 0644);
  void add_directory(const std::string& path);
  void add_symlink(const std::string& path, std::string_view target);
  void remove(const std::string& path);  // and everything below it
  void set_mtime(const std::string& path, std::int64_t mtime_ns);
  void set_mode(const std::string& path, std::uint32_t mode);

  void set_now(std::int64_t ns) { m_now = ns; }
  void advance(std::int64_t ns) { m_now += ns; }

  std::size_t read_count(const std::string& path) const;
  std::size_t total_reads() const { return m_total_reads; }
  // Makes the next operations on `path` fail with IoError, to test error paths.
  void make_unreadable(const std::string& path);

  std::optional<FileStat> stat(const std::string& path) override;
  std::optional<FileStat> lstat(const std::string& path) override;
  void read_chunks(const std::string& path,
                   const std::function<void(std::string_view)>& sink) override;
  std::vector<std::string> list_directory(const std::string& path) override;
  std::string read_link(const std::string& path) override;
  bool write_file_if_changed(const std::string& path, std::string_view content) override;
  std::int64_t now_ns() override { return m_now; }

private:
  struct Node {
    FileStat stat;
    std::string content;  // file contents or symlink target
    std::size_t reads = 0;
    bool unreadable = false;
    std::uint64_t created = 0;  // the listing order
  };

  Node& put(const std::string& path, FileType type);
  Node* find(const std::string& path);
  Node& existing(const std::string& path, std::string_view what);
  std::string resolve(const std::string& path);  // follows symlinks

  std::map<std::string, Node, std::less<>> m_nodes;
  std::int64_t m_now = 1'600'000'000'000'000'000;  // 2020-09-13, any fixed start will do
  std::uint64_t m_next_inode = 1;
  std::uint64_t m_next_created = 0;
  std::size_t m_total_reads = 0;
};

}  // namespace pwi
