// The dpkg database of a Debian root, so that image scanners see the packages of a slim image
// as distroless shows them: for each package with a file kept, its stanza of
// var/lib/dpkg/status alone in var/lib/dpkg/status.d/<package>. The only distribution knowledge
// of `pywheelimage slim`; the selection itself holds none.
#pragma once

#include "slim/rootfs.hpp"

#include <string>
#include <vector>

namespace pwi::slim {

struct DebPackage {
  std::string name;                // "libc6"
  std::string architecture;        // "amd64", "all"
  std::string version;             // "2.36-9+deb12u4"
  std::string stanza;              // its paragraph of var/lib/dpkg/status, ending in "\n"
  std::vector<std::string> files;  // from info/<name>[:<arch>].list, absolute as written
};

// The installed packages ("install ok installed") of var/lib/dpkg/status, sorted by name and
// architecture, with their files; empty when the root has no dpkg database.
std::vector<DebPackage> read_dpkg_database(const Rootfs& rootfs);

// The packages with at least one regular file in `output`, a path of their list found by
// resolving it in `input` (so that /lib/x86_64-linux-gnu/libc.so.6 of a merged-/usr root is
// usr/lib/x86_64-linux-gnu/libc.so.6). Directories and links do not count: every package of a
// merged-/usr root lists /lib, which is a link there.
std::vector<DebPackage> kept_packages(const std::vector<DebPackage>& packages, const Rootfs& input,
                                      const Rootfs& output);

// Adds var/lib/dpkg/status.d/<name> (<name>:<arch> for a second architecture) for each
// package, owned by root, mode 0644, with the time of the input's status file, and the
// directories above it where the output lacks them.
void add_status_d(Rootfs& output, const Rootfs& input, const std::vector<DebPackage>& packages);

}  // namespace pwi::slim
