// The one source of the ELF fixtures of unit_elf (tests/unit/CMakeLists.txt): what matters is
// what the linker writes around it (DT_NEEDED, DT_SONAME, DT_RUNPATH/DT_RPATH).
extern "C" int pwi_elf_fixture()
{
  return 1;
}
