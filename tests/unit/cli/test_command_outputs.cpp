// The promise of the exit status: on failure no output file was written or changed, even when
// the failure is in writing the last of several outputs.
#include "../resolve/fake_wheelhouse.hpp"
#include "../support/cli_runner.hpp"

#include "common/error.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <sys/stat.h>

using pwi::test::exit_status;
using pwi::test::FakeWheelhouse;
using pwi::test::k_cli_env;
using pwi::test::run_cli;

namespace {

constexpr int k_io = exit_status(pwi::ExitCode::k_io);

// Content and inode of each file in `dir`: a file put back by rename keeps neither unless it is
// the very file that was there.
std::map<std::string, std::pair<std::string, ino_t>> snapshot(const std::string& dir)
{
  std::map<std::string, std::pair<std::string, ino_t>> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    struct stat st {};
    REQUIRE(::lstat(e.path().c_str(), &st) == 0);
    out[e.path().filename().string()] = {
      S_ISREG(st.st_mode) ? pwi::test::slurp(e.path()) : "<directory>", st.st_ino};
  }
  return out;
}

}  // namespace

TEST_CASE("pywheelimage resolve: a lock that cannot be written leaves report and depfile",
          "[cli][resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-2.0-py3-none-any.whl");
  const std::string env = house.file("env.json", k_cli_env);
  const std::string out = house.dir() / "out";
  std::filesystem::create_directories(out);
  auto resolve = [&](const std::string& requirement, const std::string& lock) {
    return run_cli({"resolve", "--wheelhouse", house.dir() / "wheels", "--env", env, "-r",
                    house.file("req.txt", requirement), "--lock", lock, "--report",
                    out + "/report.json", "--depfile", out + "/lock.d"});
  };
  REQUIRE(resolve("a<2\n", out + "/lock.txt") == 0);
  REQUIRE(pwi::test::slurp(out + "/report.json").find("a-1.0-py3-none-any.whl") !=
          std::string::npos);
  const auto before = snapshot(out);

  SECTION("its path is a directory: it fails at the rename, after the others were renamed")
  {
    std::filesystem::create_directory(out + "/lock-dir");
    const auto with_directory = snapshot(out);
    CHECK(resolve("a\n", out + "/lock-dir") == k_io);
    CHECK(snapshot(out) == with_directory);
  }
  SECTION("its directory does not exist: it fails before anything is renamed")
  {
    CHECK(resolve("a\n", out + "/missing/lock.txt") == k_io);
    CHECK(snapshot(out) == before);
  }
  SECTION("the same file for two outputs is a usage error")
  {
    CHECK(resolve("a\n", out + "/report.json") == exit_status(pwi::ExitCode::k_usage));
    CHECK(snapshot(out) == before);
  }
  SECTION("and when all can be written, all change")
  {
    CHECK(resolve("a\n", out + "/lock.txt") == 0);
    CHECK(pwi::test::slurp(out + "/report.json").find("a-2.0-py3-none-any.whl") !=
          std::string::npos);
    CHECK(pwi::test::slurp(out + "/lock.txt").find("a==2.0") != std::string::npos);
    CHECK(snapshot(out).size() == before.size());  // no temporary file left behind
  }
}

TEST_CASE("pywheelimage fingerprint: a stamp that cannot be written leaves the cache",
          "[cli][fingerprint]")
{
  pwi::test::TempDir tmp;
  tmp.write("tree/a.txt", "a\n");
  const std::string out = tmp / "out";
  std::filesystem::create_directories(out);
  const std::string cache = out + "/digests.cache";
  REQUIRE(run_cli({"fingerprint", tmp / "tree", "--stamp", out + "/stamp", "--cache", cache}) == 0);
  const auto before = snapshot(out);
  REQUIRE(before.count("digests.cache") == 1);

  tmp.write("tree/b.txt", "b\n");  // a new file: the cache would change
  std::filesystem::create_directory(out + "/stamp-dir");
  const auto with_directory = snapshot(out);
  CHECK(run_cli({"fingerprint", tmp / "tree", "--stamp", out + "/stamp-dir", "--cache", cache}) ==
        k_io);
  CHECK(snapshot(out) == with_directory);

  SECTION("the default cache beside the stamp is not left behind either")
  {
    CHECK(run_cli({"fingerprint", tmp / "tree", "--stamp", out + "/stamp-dir"}) == k_io);
    CHECK(snapshot(out) == with_directory);
  }
}
