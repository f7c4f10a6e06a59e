// A content digest of directory trees (wheelhouses), for incremental image builds: it depends
// on names relative to each root, entry types, symlink targets, the executable bit and file
// contents; never on mtimes, owners, directory listing order or where the roots are.
#pragma once

#include "common/file_system.hpp"
#include "fingerprint/digest_cache.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace pwi {

struct FingerprintStats {
  std::size_t files = 0;       // regular files seen
  std::size_t cache_hits = 0;  // of which the content digest came from the cache
  std::uint64_t bytes_hashed = 0;
};

struct FingerprintResult {
  std::string digest;  // SHA-256, lowercase hex
  FingerprintStats stats;
};

// `roots` are files or directories (a symlink given as a root is followed; symlinks inside are
// not). The order of `roots` matters, their names do not. Paths in `excluded` (spelled as
// join_path() of a root and names spells them) are skipped, e.g. a stamp kept inside a root.
// Throws IoError when a root is missing or an entry cannot be read or has an unsupported type.
FingerprintResult fingerprint(FileSystem& fs, const std::vector<std::string>& roots,
                              DigestCache* cache, const std::set<std::string>& excluded = {});

}  // namespace pwi
