// File-system access of the helper goes through this small interface, so that parsers and the
// fingerprint can be unit-tested against an in-memory fake (MemoryFileSystem) as ninja does.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi {

enum class FileType { k_regular, k_directory, k_symlink, k_other };

struct FileStat {
  FileType type = FileType::k_other;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;  // cannot be set by tools that restore mtimes (tar, cp -p)
  std::uint64_t inode = 0;
  std::uint32_t mode = 0;  // permission bits, e.g. 0755

  bool is_executable() const { return (mode & 0100) != 0; }  // the owner's bit, as git
};

class FileSystem {
public:
  virtual ~FileSystem() = default;

  // Errors other than "does not exist" throw IoError; the missing case is std::nullopt.
  virtual std::optional<FileStat> stat(const std::string& path) = 0;   // follows symlinks
  virtual std::optional<FileStat> lstat(const std::string& path) = 0;  // does not

  // All throw IoError naming the path and the reason.
  std::string read_file(const std::string& path);  // all the chunks of read_chunks, joined
  // Streams the contents in chunks, for files too large to hold in memory.
  virtual void read_chunks(const std::string& path,
                           const std::function<void(std::string_view)>& sink) = 0;
  // Entry names without "." and "..", in the directory's own order: readdir's on a real one
  // (the order of Python's os.listdir and os.scandir), which callers sort where order matters.
  virtual std::vector<std::string> list_directory(const std::string& path) = 0;
  virtual std::string read_link(const std::string& path) = 0;
  // See write_file_if_changed in common/atomic_file.hpp.
  virtual bool write_file_if_changed(const std::string& path, std::string_view content) = 0;

  // The wall clock of the file system, to compare with mtimes (racy-cache checks).
  virtual std::int64_t now_ns() = 0;
};

class RealFileSystem final : public FileSystem {
public:
  std::optional<FileStat> stat(const std::string& path) override;
  std::optional<FileStat> lstat(const std::string& path) override;
  void read_chunks(const std::string& path,
                   const std::function<void(std::string_view)>& sink) override;
  std::vector<std::string> list_directory(const std::string& path) override;
  std::string read_link(const std::string& path) override;
  bool write_file_if_changed(const std::string& path, std::string_view content) override;
  std::int64_t now_ns() override;
};

// "dir/name", without doubling the separator; `name` absolute or `dir` empty yields `name`.
std::string join_path(std::string_view dir, std::string_view name);
// The directory part of `path` ("" when none, "/" for a file in the root).
std::string dirname(std::string_view path);

}  // namespace pwi
