// The shared objects that ELF files of a root file system load, found inside that root by
// glibc's dynamic loader's rules (ld.so(8)), for one need after another:
//   1. a need with a '/' is that path (relative ones from the root: no working directory);
//   2. for a file without DT_RUNPATH: its DT_RPATH, then the DT_RPATH of each file that loaded
//      it, up to the program ($ORIGIN is the directory each of those was loaded from);
//   3. its DT_RUNPATH;
//   4. the directories of /etc/ld.so.conf and the files it includes (ld.so.cache is built
//      from them by ldconfig; the cache itself is binary and not read);
//   5. the default directories: lib/<multiarch triplet>, usr/lib/<triplet>, and lib64,
//      usr/lib64 for 64-bit files, then lib, usr/lib.
// A candidate counts when it is an ELF file with a dynamic section and the needing file's
// class and machine, as the loader skips others. PT_INTERP (the loader itself) is a need too.
// Not followed: LD_LIBRARY_PATH and LD_PRELOAD (the environment of the container), glibc-hwcaps
// and legacy hwcap subdirectories (optimized copies, optional), $LIB and $PLATFORM.
// Files loaded with dlopen() (extension modules, NSS modules) are taken as programs of their
// own: they start a chain without inherited DT_RPATH.
#pragma once

#include "elf/elf_needs.hpp"
#include "slim/rootfs.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pwi::slim {

// The needs of the root's ELF files, read once each (by resolved path).
class ElfIndex {
public:
  explicit ElfIndex(const Rootfs& rootfs) : m_rootfs(rootfs) {}
  // The needs of the regular file at resolved path `path`; nullptr when it is not an ELF
  // file the loader maps (not ELF, relocatable, static, or unreadable as ELF).
  const elf::ElfNeeds* needs(const std::string& path);

private:
  const Rootfs& m_rootfs;
  std::map<std::string, std::optional<elf::ElfNeeds>> m_cache;
};

// The directories of etc/ld.so.conf and its `include` files (globs, relative ones to the
// including file's directory), normalized, in order, each once.
std::vector<std::string> ld_so_conf_directories(const Rootfs& rootfs);

// The default directories for a file of this class and machine (see above).
std::vector<std::string> default_directories(const elf::ElfNeeds& needs);

struct Found {
  std::string needed_by;           // the needing file as loaded
  std::string soname;              // the need (DT_NEEDED or PT_INTERP) as written
  std::string path;                // where the loader finds it ("lib/x86_64-linux-gnu/libc.so.6")
  std::string resolved;            // that path with every symbolic link followed
  std::vector<std::string> links;  // the symbolic links passed on the way, in order
};

struct Missing {
  std::string file;                   // the needing file
  std::string soname;                 // what it needs
  std::vector<std::string> searched;  // the directories searched, in order
};

struct Closure {
  std::vector<Found> found;  // in the order found
  std::vector<Missing> missing;
};

// Where dlopen() called from a file like `like` (same class and machine, no DT_RPATH) finds the
// library `name`: the ld.so.conf directories, then the default ones.
std::optional<Found> find_library(const Rootfs& rootfs, const std::string& name,
                                  const elf::ElfNeeds& like);

// Every shared object that the files at `programs` (paths in `rootfs`) load, and again for
// those, until nothing new is found.
Closure elf_closure(const Rootfs& rootfs, const std::vector<std::string>& programs);

}  // namespace pwi::slim
