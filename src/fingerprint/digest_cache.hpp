// Per-file content digests remembered between runs, keyed by path and validated by stat data,
// so that a warm fingerprint costs little more than one lstat() per file.
#pragma once

#include "common/file_system.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace pwi {

class DigestCache {
public:
  // A file changed within this margin before its digest was recorded may have been changed
  // again after it was read without its stat data changing ("racy git"): mtimes come from a
  // coarse clock and some file systems keep only 1 or 2 seconds (FAT). Such entries are not
  // trusted, and their files are hashed again.
  static constexpr std::int64_t k_racy_margin_ns = 2'000'000'000;

  struct Entry {
    std::string digest;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    std::uint64_t inode = 0;
    std::int64_t recorded_at_ns = 0;  // the clock when the file was stat()ed before hashing
  };

  // A missing or unparsable cache file is an empty cache: the cache only saves work.
  static DigestCache load(FileSystem& fs, const std::string& path);
  static DigestCache parse(std::string_view text);

  // The digest of `path` if its entry matches `stat` and is not racy. A hit is kept for save().
  std::optional<std::string> lookup(const std::string& path, const FileStat& stat);
  void record(const std::string& path, const FileStat& stat, std::string digest,
              std::int64_t recorded_at_ns);

  // Only the entries looked up successfully or recorded since load(): files that disappeared
  // are forgotten. Sorted by path, so that an unchanged tree gives an unchanged cache file.
  std::string serialize() const;
  // Returns whether the file was written (see write_file_if_changed).
  bool save(FileSystem& fs, const std::string& path) const;

  std::size_t size() const { return m_loaded.size(); }

private:
  std::map<std::string, Entry, std::less<>> m_loaded;
  std::map<std::string, Entry, std::less<>> m_current;
};

}  // namespace pwi
