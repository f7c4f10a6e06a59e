// What an ELF file asks of the dynamic loader, read with elfutils' libelf: its DT_NEEDED
// entries, its DT_SONAME and its search path (DT_RUNPATH, else DT_RPATH), with its class and
// machine, which a library must share to satisfy a need.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi::elf {

struct ElfNeeds {
  std::string elf_class;            // "ELF32" or "ELF64"
  std::string machine;              // "x86_64", "aarch64", ... ("EM_<number>" for the rare others)
  std::string soname;               // "" when the file has none
  std::vector<std::string> needed;  // in the file's order
  // The directories the loader searches for this file's own needs, as written ("$ORIGIN/.."):
  // DT_RUNPATH when present (then DT_RPATH is ignored, as the loader does), else DT_RPATH.
  std::vector<std::string> search_path;
  bool runpath = false;  // search_path came from DT_RUNPATH
  // PT_INTERP: the dynamic loader a program asks the kernel to run ("/lib64/ld-linux-x86-64.so.2"),
  // "" for libraries and programs without one.
  std::string interpreter;
};

// Whether `bytes` starts with the ELF magic number (\x7fELF).
bool is_elf(std::string_view bytes);

// The needs of an ELF file held in `bytes`; `origin` names it in errors (for example
// "wheel.whl: member 'pkg/x.so'"). Returns std::nullopt for ELF files the loader never maps
// for their needs: relocatable objects, core files, and files without a dynamic section
// (static programs). Throws InputError naming `origin` when the bytes start like an ELF file
// but libelf cannot read them (truncated or corrupt).
// `bytes` is taken by value: libelf may convert the image in place.
std::optional<ElfNeeds> read_elf_needs(std::string bytes, const std::string& origin);

}  // namespace pwi::elf
