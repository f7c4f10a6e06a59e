#include "../elf/elf_fixtures.hpp"
#include "../support/cli_runner.hpp"
#include "../support/temp_dir.hpp"
#include "../support/zip_writer.hpp"

#include "common/error.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <sys/stat.h>

using pwi::test::exit_status;
using pwi::test::run_cli;

namespace {

std::string slurp_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string report(const std::vector<std::string>& files)
{
  std::string packages;
  for (const auto& file : files) {
    packages += std::string(packages.empty() ? "" : ", ") + "{\"file\": \"" + file + "\"}";
  }
  return "{\"packages\": [" + packages + "], \"python_version\": \"3.11.2\"}";
}

}  // namespace

TEST_CASE("pywheelimage needed-libraries: writes its output only when it changes",
          "[cli][needed-libraries]")
{
  pwi::test::TempDir tmp;
  const std::string wheel = "uWSGI-2.0.23-cp311-cp311-linux_x86_64.whl";
  std::filesystem::create_directories(tmp / "wheels");
  pwi::test::write_binary(
    tmp / ("wheels/" + wheel),
    pwi::test::make_zip({{"uWSGI-2.0.23.data/scripts/uwsgi", pwi::test::elf_fixture("program")}}));
  const std::string path = tmp.write("report.json", report({wheel}));
  const std::string out = tmp / "needed.json";
  const std::vector<std::string> args = {"needed-libraries", "--report", path, "--wheelhouse",
                                         tmp / "wheels",     "--output", out};
  REQUIRE(run_cli(args) == 0);
  const std::string text = slurp_file(out);
  CHECK(text.find("\"soname\": \"libpython3.11.so.1.0\"") != std::string::npos);
  CHECK(text.find("\"path\": \"bin/uwsgi\"") != std::string::npos);
  struct stat before {};
  REQUIRE(::stat(out.c_str(), &before) == 0);
  REQUIRE(run_cli(args) == 0);
  struct stat after {};
  REQUIRE(::stat(out.c_str(), &after) == 0);
  CHECK(before.st_ino == after.st_ino);
  CHECK(before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
  CHECK(before.st_mtim.tv_sec == after.st_mtim.tv_sec);
}

TEST_CASE("pywheelimage needed-libraries: a bad report or wheel fails and writes nothing",
          "[cli][needed-libraries]")
{
  pwi::test::TempDir tmp;
  const std::string out = tmp / "needed.json";
  const std::string bad_report = tmp.write("report.json", "{\"packages\": 3}");
  CHECK(run_cli({"needed-libraries", "--report", bad_report, "--wheelhouse", tmp.path(), "--output",
                 out}) == exit_status(pwi::ExitCode::k_input));
  const std::string missing = tmp.write("missing.json", report({"gone-1.0-py3-none-any.whl"}));
  CHECK(run_cli({"needed-libraries", "--report", missing, "--wheelhouse", tmp.path(), "--output",
                 out}) == exit_status(pwi::ExitCode::k_io));
  CHECK_FALSE(std::filesystem::exists(out));
}
