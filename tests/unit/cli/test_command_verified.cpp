#include "../resolve/fake_wheelhouse.hpp"

#include "cli/cli.hpp"
#include "common/digest.hpp"
#include "common/error.hpp"
#include "resolve/provenance.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using pwi::test::FakeWheelhouse;

namespace {

constexpr const char* k_env = R"({"markers": {
  "implementation_name": "cpython", "implementation_version": "3.11.7", "os_name": "posix",
  "platform_machine": "x86_64", "platform_release": "6.1", "platform_system": "Linux",
  "platform_version": "#1", "python_full_version": "3.11.7",
  "platform_python_implementation": "CPython", "python_version": "3.11",
  "sys_platform": "linux"},
  "tags": ["cp311-cp311-manylinux_2_17_x86_64", "py3-none-any"]})";

int run(std::vector<std::string> args)
{
  args.insert(args.begin(), "pywheelimage");
  std::vector<char*> argv;
  for (auto& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  return pwi::cli::run(static_cast<int>(args.size()), argv.data());
}

std::string sha256_of(const std::string& path)
{
  return pwi::digest_hex(pwi::HashAlgorithm::k_sha256, pwi::test::slurp(path));
}

}  // namespace

TEST_CASE("pywheelimage verified records the provenance of the wheels pip wrote",
          "[cli][verified]")
{
  FakeWheelhouse house;
  const std::string built = house.wheel("b-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
  const std::string kept = house.wheel("k-1.0-py3-none-any.whl");
  const std::string env = house.file("env.json", k_env);
  const std::string sdist = "sha256:" + std::string(64, '5');
  const std::string pending = house.file("pending.txt", "b==1.0 --hash=" + sdist + "\n");
  const std::string record = house.dir() / "wheels/pywheelimage-provenance.json";
  const pwi::resolve::Provenance old = {
    {"k-1.0-py3-none-any.whl", {sha256_of(kept), true, {"sha256:" + std::string(64, '4')}}}};
  const std::string previous = house.file("old.json", pwi::resolve::provenance_text(old));
  const std::vector<std::string> args = {"verified", "--wheelhouse", house.dir() / "wheels",
                                         "--env",    env,            "-r",
                                         pending,    "--previous",   previous,
                                         "--record", record};

  REQUIRE(run(args) == 0);
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
    REQUIRE(run(args) == 0);
    CHECK(std::filesystem::last_write_time(record) == before - std::chrono::hours(1));
  }
  SECTION("a missing --previous file is an I/O error; a malformed one an input error")
  {
    const std::string before = pwi::test::slurp(record);
    auto bad = args;
    bad[8] = house.dir() / "missing.json";
    CHECK(run(bad) == static_cast<int>(pwi::ExitCode::k_io));
    bad[8] = house.file("bad.json", "{");
    CHECK(run(bad) == static_cast<int>(pwi::ExitCode::k_input));
    CHECK(pwi::test::slurp(record) == before);
  }
}
