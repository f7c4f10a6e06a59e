// The ELF files of the wheels an environment is installed from, where they are installed, and
// the JSON that `pywheelimage needed-libraries` writes about the needs the environment leaves
// open.
#pragma once

#include "elf/loader_search.hpp"

#include <string>
#include <vector>

namespace pwi::elf {

// Where a wheel member is installed, relative to the environment's root, as pip installs it:
// `<name>-<version>.data/scripts/x` in bin/, `.data/purelib/` and `.data/platlib/` in
// site-packages, `.data/data/` in the root, `.data/headers/` in include/, everything else in
// site-packages (`lib/python<python_version>/site-packages`). `python_version` is "3.11".
std::string install_path(const std::string& member, const std::string& python_version);

// Every ELF file in the wheels at `wheel_paths` that the loader maps for its needs. Throws
// InputError naming the wheel and the member for a wheel that is not a zip archive or a member
// that starts as an ELF file and is not one, IoError for a wheel that cannot be read.
std::vector<EnvironmentFile> environment_files(const std::vector<std::string>& wheel_paths,
                                               const std::string& python_version);

// {"generator": ..., "unsatisfied": [{"soname", "class", "machine", "needed_by": [{"project",
// "wheel", "member", "path"}], "in_environment": [<path>...]}]}, sorted, two-space indented.
std::string needed_libraries_json(const std::vector<Unsatisfied>& unsatisfied);

}  // namespace pwi::elf
