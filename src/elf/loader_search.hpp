// Which needs of an environment's ELF files the environment itself satisfies, by the dynamic
// loader's rules (glibc's ld.so and musl's agree on these): a need is met by a file in one of
// the directories of the needing file's own search path (DT_RUNPATH, else DT_RPATH, with
// $ORIGIN read as the file's own directory) that carries the needed name as its file name or
// its DT_SONAME and has the needing file's ELF class and machine. What remains must come from
// the runtime image (its default directories and ld.so.cache), which the caller asks about.
//
// A file without DT_RUNPATH also searches the DT_RPATH of the environment's files that load it,
// as glibc does (auditwheel's vendored libraries rely on it: numpy's extension modules have
// DT_RPATH $ORIGIN/../../numpy.libs, and the libopenblas found there finds its libgfortran
// that way). Not followed: LD_LIBRARY_PATH, and libraries that happen to be loaded already by
// another module.
#pragma once

#include "elf/elf_needs.hpp"

#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace pwi::elf {

// An ELF file of the environment, where it is installed.
struct EnvironmentFile {
  std::string project;       // as in the wheel's file name ("uWSGI")
  std::string wheel;         // the wheel's file name
  std::string member;        // its name inside the wheel
  std::string install_path;  // relative to the environment's root ("bin/uwsgi")
  ElfNeeds needs;
};

struct Requester {
  std::string project;
  std::string wheel;
  std::string member;
  std::string install_path;

  friend bool operator<(const Requester& a, const Requester& b)
  {
    return std::tie(a.wheel, a.member) < std::tie(b.wheel, b.member);
  }
};

// A needed name the environment does not provide to the files that need it.
struct Unsatisfied {
  std::string soname;
  std::string elf_class;
  std::string machine;
  std::vector<Requester> needed_by;         // sorted by wheel, then member
  std::vector<std::string> in_environment;  // files of that name or soname elsewhere, sorted
};

// A search-path entry as a directory relative to the environment's root: $ORIGIN and
// ${ORIGIN} become `origin_dir`, an absolute path inside `prefix` (where the environment is
// installed, "/opt/venv") becomes relative. std::nullopt for a directory outside the
// environment, or one with other loader tokens ($LIB, $PLATFORM).
std::optional<std::string> environment_directory(const std::string& entry,
                                                 const std::string& origin_dir,
                                                 const std::string& prefix);

// The unmet needs of `files`, sorted by soname, class and machine. Needs that name a path
// (with a '/') are loaded by that path, not searched for, and are left out.
std::vector<Unsatisfied> unsatisfied_needs(const std::vector<EnvironmentFile>& files,
                                           const std::string& prefix);

}  // namespace pwi::elf
