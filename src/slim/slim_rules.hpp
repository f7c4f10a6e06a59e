// What a Python service in a virtual environment needs of its image at run time, chosen from
// the image's root file system by rules that know the loader and CPython but no distribution.
// Each rule and why is in the table at the top of slim_rules.cpp and in docs/slim.md.
#pragma once

#include "slim/elf_closure.hpp"
#include "slim/rootfs.hpp"

#include <map>
#include <string>
#include <vector>

namespace pwi::slim {

struct SlimOptions {
  std::string origin;              // the input's name, for errors ("rootfs.tar")
  std::string venv = "/opt/venv";  // the environment, absolute in the image
  std::vector<std::string> keep;   // --keep: files, links (with their targets) or directories
  std::string user;                // --user: must be in etc/passwd when given
  bool keep_bytecode = false;      // --keep-bytecode: the standard library's __pycache__
};

struct Selected {
  Rootfs output;                            // the kept entries, as they are in the input
  std::map<std::string, std::string> rule;  // kept path -> the rule that kept it first
  std::vector<Found> libraries;             // the ELF closure, in the order found
  std::string interpreter;                  // resolved path ("usr/bin/python3.11")
  std::string python_version;               // "3.11"
  std::string stdlib;                       // "usr/lib/python3.11"
};

// The runtime of the environment `options.venv` in `input`. Throws InputError naming
// `options.origin` when the environment, its interpreter or standard library, a --keep path
// or the --user is missing, and when a kept ELF file needs a library the root lacks
// (verify_libraries on the result).
Selected select_runtime(const Rootfs& input, const SlimOptions& options);

// Checks, by the loader's rules, that every ELF file in `rootfs` finds every library it needs
// in `rootfs`; throws InputError naming `origin`, the first such file and the missing name.
void verify_libraries(const Rootfs& rootfs, const std::string& origin);

}  // namespace pwi::slim
