#include "elf/loader_search.hpp"

#include <catch2/catch.hpp>

using pwi::elf::ElfNeeds;
using pwi::elf::environment_directory;
using pwi::elf::EnvironmentFile;
using pwi::elf::unsatisfied_needs;

namespace {

const std::string k_site = "lib/python3.11/site-packages";

EnvironmentFile file(const std::string& path, std::vector<std::string> needed,
                     std::vector<std::string> search_path = {}, const std::string& soname = "",
                     const std::string& machine = "x86_64")
{
  ElfNeeds needs;
  needs.elf_class = "ELF64";
  needs.machine = machine;
  needs.soname = soname;
  needs.needed = std::move(needed);
  needs.search_path = std::move(search_path);
  return EnvironmentFile{"demo", "demo-1.0-cp311-cp311-linux_x86_64.whl", path, path,
                         std::move(needs)};
}

std::vector<std::string> sonames(const std::vector<pwi::elf::Unsatisfied>& unsatisfied)
{
  std::vector<std::string> out;
  for (const auto& u : unsatisfied) {
    out.push_back(u.soname);
  }
  return out;
}

}  // namespace

TEST_CASE("loader search: $ORIGIN and absolute entries as environment directories")
{
  const std::string origin = k_site + "/demo";
  CHECK(environment_directory("$ORIGIN/../demo.libs", origin, "/opt/venv") ==
        k_site + "/demo.libs");
  CHECK(environment_directory("${ORIGIN}", origin, "/opt/venv") == origin);
  CHECK(environment_directory("$ORIGIN/../../../../..", origin, "/opt/venv") == std::nullopt);
  CHECK(environment_directory("$ORIGIN/../lib", "bin", "/opt/venv") == "lib");
  CHECK(environment_directory("$ORIGIN/lib", "", "/opt/venv") == "lib");
  CHECK(environment_directory("/opt/venv/lib", origin, "/opt/venv/") == "lib");
  CHECK(environment_directory("/opt/venv", origin, "/opt/venv") == "");
  CHECK(environment_directory("/opt/venvx/lib", origin, "/opt/venv") == std::nullopt);
  CHECK(environment_directory("/usr/lib", origin, "/opt/venv") == std::nullopt);
  CHECK(environment_directory("lib", origin, "/opt/venv") == std::nullopt);
  CHECK(environment_directory("$ORIGIN/$LIB", origin, "/opt/venv") == std::nullopt);
}

TEST_CASE("loader search: an auditwheel-vendored library through $ORIGIN/../<pkg>.libs")
{
  const auto unsatisfied =
    unsatisfied_needs({file(k_site + "/demo/_ext.so", {"libvendored-1a2b.so.1", "libc.so.6"},
                            {"$ORIGIN/../demo.libs"}),
                       file(k_site + "/demo.libs/libvendored-1a2b.so.1", {"libpq.so.5"},
                            {"$ORIGIN"}, "libvendored-1a2b.so.1")},
                      "/opt/venv");
  CHECK(sonames(unsatisfied) == std::vector<std::string>{"libc.so.6", "libpq.so.5"});
  REQUIRE(unsatisfied[1].needed_by.size() == 1);
  CHECK(unsatisfied[1].needed_by[0].member == k_site + "/demo.libs/libvendored-1a2b.so.1");
  CHECK(unsatisfied[1].elf_class == "ELF64");
  CHECK(unsatisfied[1].machine == "x86_64");
  CHECK(unsatisfied[1].in_environment.empty());
}

TEST_CASE("loader search: the library must be on the searcher's own path")
{
  const auto unsatisfied = unsatisfied_needs(
    {file(k_site + "/demo/_ext.so", {"libvendored-1a2b.so.1"}),
     file(k_site + "/demo/_other.so", {"libvendored-1a2b.so.1"}, {"$ORIGIN/../elsewhere"}),
     file(k_site + "/demo.libs/libvendored-1a2b.so.1", {}, {}, "libvendored-1a2b.so.1")},
    "/opt/venv");
  REQUIRE(unsatisfied.size() == 1);
  CHECK(unsatisfied[0].soname == "libvendored-1a2b.so.1");
  REQUIRE(unsatisfied[0].needed_by.size() == 2);
  CHECK(unsatisfied[0].needed_by[0].member == k_site + "/demo/_ext.so");
  CHECK(unsatisfied[0].needed_by[1].member == k_site + "/demo/_other.so");
  CHECK(unsatisfied[0].in_environment ==
        std::vector<std::string>{k_site + "/demo.libs/libvendored-1a2b.so.1"});
}

TEST_CASE("loader search: a file found by its soname, not only its name")
{
  const auto unsatisfied = unsatisfied_needs({file("bin/prog", {"libfoo.so.1"}, {"$ORIGIN/../lib"}),
                                              file("lib/libfoo-real.so", {}, {}, "libfoo.so.1")},
                                             "/opt/venv");
  CHECK(unsatisfied.empty());
}

TEST_CASE("loader search: absolute RUNPATH entries inside the prefix")
{
  CHECK(unsatisfied_needs(
          {file("bin/prog", {"libfoo.so.1"}, {"/opt/venv/lib"}), file("lib/libfoo.so.1", {})},
          "/opt/venv")
          .empty());
  CHECK(sonames(unsatisfied_needs(
          {file("bin/prog", {"libfoo.so.1"}, {"/opt/venv/lib"}), file("lib/libfoo.so.1", {})},
          "/usr/local")) == std::vector<std::string>{"libfoo.so.1"});
}

TEST_CASE("loader search: another machine does not satisfy a need")
{
  const auto unsatisfied =
    unsatisfied_needs({file("bin/prog", {"libfoo.so.1"}, {"$ORIGIN/../lib"}),
                       file("lib/libfoo.so.1", {}, {}, "libfoo.so.1", "aarch64")},
                      "/opt/venv");
  REQUIRE(unsatisfied.size() == 1);
  CHECK(unsatisfied[0].in_environment.empty());
}

TEST_CASE("loader search: needs given as paths are not searched")
{
  CHECK(unsatisfied_needs({file("bin/prog", {"./libfoo.so", "/usr/lib/libbar.so"})}, "/opt/venv")
          .empty());
}

TEST_CASE("loader search: a vendored library without a search path uses its loader's DT_RPATH")
{
  // numpy 1.26's wheel: the extension has DT_RPATH $ORIGIN/../../numpy.libs; libopenblas there
  // has none and needs libgfortran beside it, which the loader finds through the extension's.
  const auto ext = file(k_site + "/numpy/core/_umath.so", {"libopenblas.so", "libc.so.6"},
                        {"$ORIGIN/../../numpy.libs"});
  const auto blas = file(k_site + "/numpy.libs/libopenblas.so", {"libgfortran.so.5"});
  const auto fortran = file(k_site + "/numpy.libs/libgfortran.so.5", {"libc.so.6"});
  CHECK(sonames(unsatisfied_needs({ext, blas, fortran}, "/opt/venv")) ==
        std::vector<std::string>{"libc.so.6"});
  // With DT_RUNPATH instead, nothing is inherited: libgfortran is not found.
  auto ext_runpath = ext;
  ext_runpath.needs.runpath = true;
  CHECK(sonames(unsatisfied_needs({ext_runpath, blas, fortran}, "/opt/venv")) ==
        std::vector<std::string>{"libc.so.6", "libgfortran.so.5"});
  // Alone, the library does not find it either.
  CHECK(sonames(unsatisfied_needs({blas, fortran}, "/opt/venv")) ==
        std::vector<std::string>{"libc.so.6", "libgfortran.so.5"});
}
