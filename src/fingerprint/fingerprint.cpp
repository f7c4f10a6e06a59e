#include "fingerprint/fingerprint.hpp"

#include "common/digest.hpp"
#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pwi {

namespace {

// Bump when the digested record stream changes, so that old stamps never match by accident.
constexpr std::string_view k_format = "pywheelimage-fingerprint-v1";

// Each field is length-prefixed, so that "a|bc" and "ab|c" never hash alike.
class FieldHasher {
public:
  void field(std::string_view value)
  {
    m_hash.update(fmt::format("{}:", value.size()));
    m_hash.update(value);
  }
  std::string hex_digest() { return m_hash.hex_digest(); }

private:
  Digest m_hash{HashAlgorithm::k_sha256};
};

class Walker {
public:
  Walker(FileSystem& fs, DigestCache* cache, const std::set<std::string>& excluded)
    : m_fs(fs), m_cache(cache), m_excluded(excluded), m_started_at_ns(fs.now_ns())
  {
    m_out.field(k_format);
  }

  void root(const std::string& path, std::size_t index)
  {
    m_out.field("root");
    m_out.field(std::to_string(index));
    const auto st = m_fs.stat(path);
    if (!st) {
      throw IoError(fmt::format("cannot fingerprint '{}': No such file or directory", path));
    }
    entry(path, "", *st);
  }

  FingerprintResult finish() { return {m_out.hex_digest(), m_stats}; }

private:
  void entry(const std::string& path, const std::string& relative, const FileStat& st)
  {
    switch (st.type) {
    case FileType::k_regular:
      m_out.field("file");
      m_out.field(relative);
      m_out.field(st.is_executable() ? "x" : "-");
      m_out.field(content_digest(path, st));
      return;
    case FileType::k_symlink:
      m_out.field("symlink");
      m_out.field(relative);
      m_out.field(m_fs.read_link(path));
      return;
    case FileType::k_directory:
      m_out.field("dir");
      m_out.field(relative);
      directory(path, relative);
      return;
    case FileType::k_other:
      break;
    }
    throw IoError(
      fmt::format("cannot fingerprint '{}': not a regular file, directory or symbolic link", path));
  }

  void directory(const std::string& path, const std::string& relative)
  {
    std::vector<std::string> names = m_fs.list_directory(path);
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
      const std::string child = join_path(path, name);
      if (m_excluded.count(child) != 0) {
        continue;
      }
      const auto st = m_fs.lstat(child);
      if (!st) {
        throw IoError(fmt::format("cannot fingerprint '{}': it disappeared while reading", child));
      }
      entry(child, relative.empty() ? name : relative + "/" + name, *st);
    }
  }

  std::string content_digest(const std::string& path, const FileStat& st)
  {
    ++m_stats.files;
    if (m_cache != nullptr) {
      if (auto digest = m_cache->lookup(path, st)) {
        ++m_stats.cache_hits;
        return std::move(*digest);
      }
    }
    Digest hash(HashAlgorithm::k_sha256);
    m_fs.read_chunks(path, [&](std::string_view chunk) {
      hash.update(chunk);
      m_stats.bytes_hashed += chunk.size();
    });
    std::string digest = hash.hex_digest();
    if (m_cache != nullptr) {
      // The stat data was taken before reading, with the clock read before that: a change
      // made during the read is either visible in the stat data or makes the entry racy.
      m_cache->record(path, st, digest, m_started_at_ns);
    }
    return digest;
  }

  FileSystem& m_fs;
  DigestCache* m_cache;
  const std::set<std::string>& m_excluded;
  const std::int64_t m_started_at_ns;
  FieldHasher m_out;
  FingerprintStats m_stats;
};

}  // namespace

FingerprintResult fingerprint(FileSystem& fs, const std::vector<std::string>& roots,
                              DigestCache* cache, const std::set<std::string>& excluded)
{
  Walker walker(fs, cache, excluded);
  for (std::size_t i = 0; i < roots.size(); ++i) {
    walker.root(roots[i], i);
  }
  return walker.finish();
}

}  // namespace pwi
