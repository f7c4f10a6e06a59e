#include "../slim/slim_roots.hpp"
#include "../support/cli_runner.hpp"
#include "../support/temp_dir.hpp"

#include "common/error.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

#include <sys/stat.h>

using pwi::test::exit_status;
using pwi::test::run_cli;

TEST_CASE("pywheelimage slim: writes the same bytes twice and rewrites nothing unchanged",
          "[cli][slim]")
{
  pwi::test::TempDir tmp;
  pwi::test::TarBuilder tar;
  pwi::test::add_venv_root(tar).write(tmp / "rootfs.tar");
  const std::vector<std::string> args = {
    "slim",     "--input",         tmp / "rootfs.tar", "--output", tmp / "slim.tar",
    "--report", tmp / "slim.json", "--user",           "app"};
  REQUIRE(run_cli(args) == 0);
  const std::string first = pwi::test::slurp(tmp / "slim.tar");
  CHECK_THAT(pwi::test::slurp(tmp / "slim.json"),
             Catch::Contains("\"interpreter\": \"usr/bin/python3.11\""));
  std::filesystem::rename(tmp / "slim.tar", tmp / "first.tar");
  REQUIRE(run_cli(args) == 0);
  CHECK(pwi::test::slurp(tmp / "slim.tar") == first);
  struct stat before {};
  REQUIRE(::stat((tmp / "slim.tar").c_str(), &before) == 0);
  REQUIRE(run_cli(args) == 0);
  struct stat after {};
  REQUIRE(::stat((tmp / "slim.tar").c_str(), &after) == 0);
  CHECK(before.st_ino == after.st_ino);  // unchanged: not rewritten
  CHECK(before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
}

TEST_CASE("pywheelimage slim: an unknown user or a missing input fails and writes nothing",
          "[cli][slim]")
{
  pwi::test::TempDir tmp;
  pwi::test::TarBuilder tar;
  pwi::test::add_venv_root(tar).write(tmp / "rootfs.tar");
  CHECK(run_cli({"slim", "--input", tmp / "rootfs.tar", "--output", tmp / "slim.tar", "--user",
                 "nobody"}) == exit_status(pwi::ExitCode::k_input));
  CHECK(run_cli({"slim", "--input", tmp / "missing.tar", "--output", tmp / "slim.tar"}) ==
        exit_status(pwi::ExitCode::k_io));
  CHECK(run_cli({"slim", "--input", tmp / "rootfs.tar"}) == exit_status(pwi::ExitCode::k_usage));
  CHECK_FALSE(std::filesystem::exists(tmp / "slim.tar"));
}
