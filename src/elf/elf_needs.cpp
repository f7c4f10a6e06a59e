#include "elf/elf_needs.hpp"

#include "common/error.hpp"

#include <fmt/format.h>
#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <memory>

namespace pwi::elf {

namespace {

[[noreturn]] void fail(const std::string& origin, const std::string& what)
{
  throw InputError(SourceLocation{origin, 0, 0, ""},
                   fmt::format("not a valid ELF file: {}: {}", what, elf_errmsg(-1)));
}

// libelf reads the tables lazily and may take a cut-off table for an empty one: check that
// each lies inside the file first.
void check_table(const std::string& origin, const char* what, GElf_Off offset, std::size_t count,
                 std::size_t entry_size, std::size_t file_size)
{
  if (count == 0) {
    return;
  }
  if (offset > file_size || count > (file_size - offset) / std::max<std::size_t>(entry_size, 1)) {
    throw InputError(SourceLocation{origin, 0, 0, ""},
                     fmt::format("not a valid ELF file: truncated: its {} ({} of {} bytes at "
                                 "offset {}) end past its {} bytes",
                                 what, count, entry_size, offset, file_size));
  }
}

struct ElfCloser {
  void operator()(Elf* e) const { elf_end(e); }
};

std::string machine_name(GElf_Half machine)
{
  switch (machine) {
  case EM_X86_64:
    return "x86_64";
  case EM_386:
    return "i386";
  case EM_AARCH64:
    return "aarch64";
  case EM_ARM:
    return "arm";
  case EM_PPC64:
    return "ppc64";
  case EM_PPC:
    return "ppc";
  case EM_S390:
    return "s390";
  case EM_RISCV:
    return "riscv";
  case EM_LOONGARCH:
    return "loongarch";
  case EM_MIPS:
    return "mips";
  default:
    return fmt::format("EM_{}", machine);
  }
}

// A colon-separated search path, empty entries dropped (the loader reads them as ".", which no
// wheel relies on).
std::vector<std::string> split_path(std::string_view text)
{
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto colon = text.find(':');
    const std::string_view entry = text.substr(0, colon);
    if (!entry.empty()) {
      out.emplace_back(entry);
    }
    if (colon == std::string_view::npos) {
      break;
    }
    text.remove_prefix(colon + 1);
  }
  return out;
}

}  // namespace

bool is_elf(std::string_view bytes)
{
  return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("\x7f"
                                                                     "ELF",
                                                                     4);
}

std::optional<ElfNeeds> read_elf_needs(std::string bytes, const std::string& origin)
{
  if (elf_version(EV_CURRENT) == EV_NONE) {
    fail(origin, "libelf is out of date");
  }
  // elf_memory reads the image as a private mapping, which it may convert in place: our own copy.
  std::unique_ptr<Elf, ElfCloser> file(elf_memory(bytes.data(), bytes.size()));
  if (!file) {
    fail(origin, "cannot open");
  }
  if (elf_kind(file.get()) != ELF_K_ELF) {
    fail(origin, "not an ELF object");
  }
  GElf_Ehdr header;
  if (gelf_getehdr(file.get(), &header) == nullptr) {
    fail(origin, "cannot read the ELF header");
  }
  ElfNeeds needs;
  const int elf_class = gelf_getclass(file.get());
  if (elf_class != ELFCLASS32 && elf_class != ELFCLASS64) {
    fail(origin, "unknown ELF class");
  }
  needs.elf_class = elf_class == ELFCLASS64 ? "ELF64" : "ELF32";
  needs.machine = machine_name(header.e_machine);
  if (header.e_type != ET_DYN && header.e_type != ET_EXEC) {
    return std::nullopt;
  }
  std::size_t sections = 0;
  if (elf_getshdrnum(file.get(), &sections) != 0) {
    fail(origin, "cannot read the section headers");
  }
  std::size_t segments = 0;
  if (elf_getphdrnum(file.get(), &segments) != 0) {
    fail(origin, "cannot read the program headers");
  }
  // The header's own counts (libelf's drop a table that does not fit), except for the
  // extended numbering of files with 65535 or more entries.
  check_table(origin, "section headers", header.e_shoff,
              header.e_shnum != 0 ? header.e_shnum : sections, header.e_shentsize, bytes.size());
  check_table(origin, "program headers", header.e_phoff,
              header.e_phnum != PN_XNUM ? header.e_phnum : segments, header.e_phentsize,
              bytes.size());
  for (std::size_t i = 0; i < segments; ++i) {
    GElf_Phdr phdr;
    if (gelf_getphdr(file.get(), static_cast<int>(i), &phdr) == nullptr) {
      fail(origin, "cannot read a program header");
    }
    if (phdr.p_type == PT_INTERP) {
      check_table(origin, "PT_INTERP segment", phdr.p_offset, phdr.p_filesz, 1, bytes.size());
      std::string text = bytes.substr(phdr.p_offset, phdr.p_filesz);
      needs.interpreter = text.substr(0, text.find('\0'));
    }
  }
  bool found = false;
  std::string rpath;
  std::string runpath;
  for (Elf_Scn* scn = elf_nextscn(file.get(), nullptr); scn != nullptr;
       scn = elf_nextscn(file.get(), scn)) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr) {
      fail(origin, "cannot read a section header");
    }
    if (shdr.sh_type != SHT_DYNAMIC) {
      continue;
    }
    found = true;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr) {
      fail(origin, "cannot read the dynamic section");
    }
    if (data->d_buf == nullptr || shdr.sh_entsize == 0) {
      continue;  // separate debug information: the section is only described
    }
    const std::size_t count = shdr.sh_size / shdr.sh_entsize;
    const auto string_at = [&](GElf_Xword offset) {
      const char* text = elf_strptr(file.get(), shdr.sh_link, offset);
      if (text == nullptr) {
        fail(origin, "a dynamic entry points outside the string table");
      }
      return std::string(text);
    };
    for (std::size_t i = 0; i < count; ++i) {
      GElf_Dyn dyn;
      if (gelf_getdyn(data, static_cast<int>(i), &dyn) == nullptr) {
        fail(origin, "cannot read a dynamic entry");
      }
      if (dyn.d_tag == DT_NULL) {
        break;
      }
      switch (dyn.d_tag) {
      case DT_NEEDED:
        needs.needed.push_back(string_at(dyn.d_un.d_val));
        break;
      case DT_SONAME:
        needs.soname = string_at(dyn.d_un.d_val);
        break;
      case DT_RPATH:
        rpath = string_at(dyn.d_un.d_val);
        break;
      case DT_RUNPATH:
        runpath = string_at(dyn.d_un.d_val);
        needs.runpath = true;
        break;
      default:
        break;
      }
    }
  }
  if (!found) {
    // Without section headers (sstrip) the needs are still in the PT_DYNAMIC segment; say so
    // rather than take such a file for a static program.
    for (std::size_t i = 0; i < segments; ++i) {
      GElf_Phdr phdr;
      if (gelf_getphdr(file.get(), static_cast<int>(i), &phdr) == nullptr) {
        fail(origin, "cannot read a program header");
      }
      if (phdr.p_type == PT_DYNAMIC) {
        throw InputError(SourceLocation{origin, 0, 0, ""},
                         "has a dynamic segment but no section headers (stripped with sstrip?): "
                         "its libraries cannot be read");
      }
    }
    return std::nullopt;
  }
  needs.search_path = split_path(needs.runpath ? runpath : rpath);
  return needs;
}

}  // namespace pwi::elf
