#include "../resolve/fake_wheelhouse.hpp"
#include "../support/cli_runner.hpp"

#include "common/error.hpp"
#include "resolve/provenance.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using pwi::test::exit_status;
using pwi::test::FakeWheelhouse;
using pwi::test::k_cli_env;
using pwi::test::run_cli;
using pwi::test::sha256_of;

TEST_CASE("pywheelimage verified records the provenance of the wheels pip wrote", "[cli][verified]")
{
  FakeWheelhouse house;
  const std::string built = house.wheel("b-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
  const std::string kept = house.wheel("k-1.0-py3-none-any.whl");
  const std::string env = house.file("env.json", k_cli_env);
  const std::string sdist = "sha256:" + std::string(64, '5');
  const std::string pending = house.file("pending.txt", "b==1.0 --hash=" + sdist + "\n");
  const std::string record = house.dir() / "wheels/pywheelimage-provenance.json";
  const pwi::resolve::Provenance old = {
    {"k-1.0-py3-none-any.whl", {sha256_of(kept), true, {"sha256:" + std::string(64, '4')}}}};
  const std::string previous = house.file("old.json", pwi::resolve::provenance_text(old));
  const std::vector<std::string> args = {
    "verified", "--wheelhouse", house.dir() / "wheels", "--env",  env,
    "-r",       pending,        "--previous",           previous, "--record",
    record};

  REQUIRE(run_cli(args) == 0);
  const pwi::resolve::Provenance expected = {
    {"b-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", {sha256_of(built), true, {sdist}}},
    {"k-1.0-py3-none-any.whl", old.at("k-1.0-py3-none-any.whl")}};
  CHECK(pwi::test::slurp(record) == pwi::resolve::provenance_text(expected));

  // The record makes resolve accept the wheel built here for the user's (index) hash.
  REQUIRE(pwi::test::slurp(house.dir() / "wheels/pywheelimage-provenance.json") ==
          pwi::resolve::provenance_text(expected));
  CHECK(pwi::test::pins(house.resolve("b==1.0 --hash=" + sdist + "\n")) == "b==1.0");

  SECTION("rerun: the same record, not rewritten")
  {
    const auto before = std::filesystem::last_write_time(record);
    std::filesystem::last_write_time(record, before - std::chrono::hours(1));
    REQUIRE(run_cli(args) == 0);
    CHECK(std::filesystem::last_write_time(record) == before - std::chrono::hours(1));
  }
  SECTION("a missing --previous file is an I/O error; a malformed one an input error")
  {
    const std::string before = pwi::test::slurp(record);
    auto bad = args;
    bad[8] = house.dir() / "missing.json";
    CHECK(run_cli(bad) == exit_status(pwi::ExitCode::k_io));
    bad[8] = house.file("bad.json", "{");
    CHECK(run_cli(bad) == exit_status(pwi::ExitCode::k_input));
    CHECK(pwi::test::slurp(record) == before);
  }
}
