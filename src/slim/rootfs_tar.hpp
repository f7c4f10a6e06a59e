// A root file system's tar (what `docker export` writes) read into a Rootfs and written back,
// with libarchive.
#pragma once

#include "slim/rootfs.hpp"

#include <string>

namespace pwi::slim {

// Reads the tar at `path` (uncompressed, or compressed in any format libarchive reads). A hard
// link becomes a file that shares its content with the link's target and names the group;
// the root directory's own entry ("./") is left out. Throws IoError when the file cannot be
// read, InputError naming it when it is not a tar or a hard link points to no earlier file.
Rootfs read_rootfs_tar(const std::string& path);

// The bytes of a POSIX (pax) tar holding every entry of `rootfs` in path order, so that a
// directory comes before what it holds. Times and owners are those of the entries (no atime
// or ctime): the same Rootfs gives the same bytes. The first path of a hard-link group
// carries the content, the later ones are hard links to it.
std::string write_rootfs_tar(const Rootfs& rootfs);

}  // namespace pwi::slim
