#include "common/error.hpp"
#include "elf/elf_needs.hpp"

#include "elf_fixtures.hpp"

#include <catch2/catch.hpp>

using pwi::elf::read_elf_needs;
using pwi::test::elf_fixture;

namespace {

std::string error_of(const std::string& bytes)
{
  try {
    read_elf_needs(bytes, "demo.whl: member 'demo/x.so'");
  } catch (const pwi::InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("elf needs: soname, DT_NEEDED in order, RUNPATH")
{
  const auto needs = read_elf_needs(elf_fixture("libvendored.so"), "libvendored.so");
  REQUIRE(needs);
  CHECK(needs->soname == "libvendored-1a2b3c4d.so.1");
  CHECK(needs->needed == std::vector<std::string>{"libpq.so.5"});
  CHECK(needs->runpath);
  CHECK(needs->search_path == std::vector<std::string>{"$ORIGIN"});
  CHECK(needs->elf_class == (sizeof(void*) == 8 ? "ELF64" : "ELF32"));
#if defined(__x86_64__)
  CHECK(needs->machine == "x86_64");
#elif defined(__aarch64__)
  CHECK(needs->machine == "aarch64");
#endif
}

TEST_CASE("elf needs: several needs, no soname")
{
  const auto needs = read_elf_needs(elf_fixture("ext.so"), "ext.so");
  REQUIRE(needs);
  CHECK(needs->soname.empty());
  CHECK(needs->needed == std::vector<std::string>{"libvendored-1a2b3c4d.so.1", "libc.so.6"});
  CHECK(needs->search_path == std::vector<std::string>{"$ORIGIN/../demo.libs"});
}

TEST_CASE("elf needs: DT_RPATH with several entries")
{
  const auto needs = read_elf_needs(elf_fixture("program"), "program");
  REQUIRE(needs);
  CHECK_FALSE(needs->runpath);
  CHECK(needs->needed == std::vector<std::string>{"libpython3.11.so.1.0"});
  CHECK(needs->search_path == std::vector<std::string>{"$ORIGIN/../lib", "/opt/venv/lib/extra"});
}

TEST_CASE("elf needs: no search path")
{
  const auto needs = read_elf_needs(elf_fixture("ext_no_runpath.so"), "x");
  REQUIRE(needs);
  CHECK(needs->search_path.empty());
}

TEST_CASE("elf needs: a relocatable object is not looked at")
{
  CHECK_FALSE(read_elf_needs(elf_fixture("relocatable.o"), "relocatable.o"));
}

TEST_CASE("elf needs: magic number")
{
  CHECK(pwi::elf::is_elf(elf_fixture("ext.so")));
  CHECK_FALSE(pwi::elf::is_elf("\x7f"
                               "EL"));
  CHECK_FALSE(pwi::elf::is_elf("#!/bin/sh\n"));
}

TEST_CASE("elf needs: a corrupt or truncated file names its origin")
{
  const std::string garbage = std::string("\x7f"
                                          "ELF",
                                          4) +
                              std::string(12, '\x09');
  CHECK_THAT(error_of(garbage),
             Catch::StartsWith("demo.whl: member 'demo/x.so': not a valid ELF file: "));
  const std::string full = elf_fixture("ext.so");
  CHECK_THAT(error_of(full.substr(0, 200)),
             Catch::StartsWith("demo.whl: member 'demo/x.so': not a valid ELF file: "));
  // The section headers pointing past the end of the file.
  CHECK_THAT(error_of(full.substr(0, full.size() - 64)),
             Catch::StartsWith("demo.whl: member 'demo/x.so': not a valid ELF file: "));
}
