#include "common/error.hpp"
#include "elf/wheel_libraries.hpp"

#include "../support/temp_dir.hpp"
#include "../support/zip_writer.hpp"
#include "elf_fixtures.hpp"

#include <catch2/catch.hpp>

using pwi::elf::environment_files;
using pwi::elf::install_path;
using pwi::elf::needed_libraries_json;
using pwi::elf::unsatisfied_needs;
using pwi::test::elf_fixture;
using pwi::test::make_zip;

namespace {

const std::string k_site = "lib/python3.11/site-packages";

std::string write_wheel(const pwi::test::TempDir& tmp, const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& members)
{
  const std::string path = tmp / name;
  pwi::test::write_binary(path, make_zip(members));
  return path;
}

}  // namespace

TEST_CASE("wheel libraries: where members are installed")
{
  CHECK(install_path("demo/_ext.so", "3.11") == k_site + "/demo/_ext.so");
  CHECK(install_path("demo.libs/libx.so.1", "3.11") == k_site + "/demo.libs/libx.so.1");
  CHECK(install_path("uWSGI-2.0.23.data/scripts/uwsgi", "3.11") == "bin/uwsgi");
  CHECK(install_path("x-1.data/platlib/x/_c.so", "3.12") == "lib/python3.12/site-packages/x/_c.so");
  CHECK(install_path("x-1.data/purelib/x/y.py", "3.11") == k_site + "/x/y.py");
  CHECK(install_path("x-1.data/data/lib/libz.so.1", "3.11") == "lib/libz.so.1");
  CHECK(install_path("x-1.data/headers/x.h", "3.11") == "include/x.h");
  CHECK(install_path(".data/scripts/x", "3.11") == k_site + "/.data/scripts/x");
}

TEST_CASE("wheel libraries: the needs the environment leaves open, as JSON")
{
  pwi::test::TempDir tmp;
  const std::string demo =
    write_wheel(tmp, "demo-1.0-cp311-cp311-linux_x86_64.whl",
                {{"demo/__init__.py", ""},
                 {"demo/_ext.so", elf_fixture("ext.so")},
                 {"demo/_loose.so", elf_fixture("ext_no_runpath.so")},
                 {"demo/object.o", elf_fixture("relocatable.o")},
                 {"demo.libs/libvendored-1a2b3c4d.so.1", elf_fixture("libvendored.so")},
                 {"demo-1.0.dist-info/METADATA", "Name: demo\nVersion: 1.0\n"}});
  const std::string uwsgi = write_wheel(
    tmp, "uWSGI-2.0.23-cp311-cp311-linux_x86_64.whl",
    {{"uWSGI-2.0.23.data/scripts/uwsgi", elf_fixture("program")}, {"uwsgidecorators.py", ""}});
  const auto files = environment_files({uwsgi, demo}, "3.11");
  REQUIRE(files.size() == 4);
  CHECK(files[0].project == "uWSGI");
  CHECK(files[0].install_path == "bin/uwsgi");
  const std::string text = needed_libraries_json(unsatisfied_needs(files, "/opt/venv"));
  const std::string arch = files[0].needs.machine;
  CHECK(text == R"({
  "generator": "pywheelimage needed-libraries",
  "unsatisfied": [
    {
      "class": "ELF64",
      "in_environment": [],
      "machine": ")" +
                  arch + R"(",
      "needed_by": [
        {
          "member": "demo/_ext.so",
          "path": "lib/python3.11/site-packages/demo/_ext.so",
          "project": "demo",
          "wheel": "demo-1.0-cp311-cp311-linux_x86_64.whl"
        }
      ],
      "soname": "libc.so.6"
    },
    {
      "class": "ELF64",
      "in_environment": [],
      "machine": ")" +
                  arch + R"(",
      "needed_by": [
        {
          "member": "demo.libs/libvendored-1a2b3c4d.so.1",
          "path": "lib/python3.11/site-packages/demo.libs/libvendored-1a2b3c4d.so.1",
          "project": "demo",
          "wheel": "demo-1.0-cp311-cp311-linux_x86_64.whl"
        }
      ],
      "soname": "libpq.so.5"
    },
    {
      "class": "ELF64",
      "in_environment": [],
      "machine": ")" +
                  arch + R"(",
      "needed_by": [
        {
          "member": "uWSGI-2.0.23.data/scripts/uwsgi",
          "path": "bin/uwsgi",
          "project": "uWSGI",
          "wheel": "uWSGI-2.0.23-cp311-cp311-linux_x86_64.whl"
        }
      ],
      "soname": "libpython3.11.so.1.0"
    },
    {
      "class": "ELF64",
      "in_environment": [
        "lib/python3.11/site-packages/demo.libs/libvendored-1a2b3c4d.so.1"
      ],
      "machine": ")" +
                  arch + R"(",
      "needed_by": [
        {
          "member": "demo/_loose.so",
          "path": "lib/python3.11/site-packages/demo/_loose.so",
          "project": "demo",
          "wheel": "demo-1.0-cp311-cp311-linux_x86_64.whl"
        }
      ],
      "soname": "libvendored-1a2b3c4d.so.1"
    }
  ]
}
)");
}

TEST_CASE("wheel libraries: no ELF files, nothing needed")
{
  pwi::test::TempDir tmp;
  const std::string six = write_wheel(tmp, "six-1.16.0-py2.py3-none-any.whl",
                                      {{"six.py", "\x7f"
                                                  "EL"}});
  CHECK(needed_libraries_json(unsatisfied_needs(environment_files({six}, "3.11"), "/opt/venv")) ==
        "{\n  \"generator\": \"pywheelimage needed-libraries\",\n  \"unsatisfied\": []\n}\n");
}

TEST_CASE("wheel libraries: a corrupt ELF member names the wheel and the member")
{
  pwi::test::TempDir tmp;
  const std::string bad = write_wheel(tmp, "bad-1.0-cp311-cp311-linux_x86_64.whl",
                                      {{"bad/_c.so", elf_fixture("ext.so").substr(0, 300)}});
  try {
    environment_files({bad}, "3.11");
    FAIL("no error");
  } catch (const pwi::InputError& e) {
    CHECK_THAT(e.what(), Catch::StartsWith(bad + ": member 'bad/_c.so': not a valid ELF file: "));
    CHECK(e.code() == pwi::ExitCode::k_input);
  }
}

TEST_CASE("wheel libraries: a wheel that is not a zip archive")
{
  pwi::test::TempDir tmp;
  const std::string path = tmp.write("x-1.0-py3-none-any.whl", "not a zip");
  CHECK_THROWS_AS(environment_files({path}, "3.11"), pwi::InputError);
  CHECK_THROWS_AS(environment_files({tmp / "missing-1.0-py3-none-any.whl"}, "3.11"), pwi::IoError);
}
