#include "../image/image_fixtures.hpp"
#include "../support/cli_runner.hpp"

#include "common/error.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include <sys/stat.h>

using pwi::test::exit_status;
using pwi::test::run_cli;

namespace {

struct Capture {
  // stderr of the command, through a temporary file.
  explicit Capture(const std::string& path) : m_path(path)
  {
    std::fflush(stderr);
    m_saved = ::dup(2);
    m_file = std::fopen(path.c_str(), "w");
    ::dup2(::fileno(m_file), 2);
  }
  ~Capture() { restore(); }
  std::string text()
  {
    restore();
    return pwi::test::slurp(m_path);
  }

private:
  void restore()
  {
    if (m_saved >= 0) {
      std::fflush(stderr);
      ::dup2(m_saved, 2);
      ::close(m_saved);
      std::fclose(m_file);
      m_saved = -1;
    }
  }
  std::string m_path;
  int m_saved = -1;
  std::FILE* m_file = nullptr;
};

std::vector<std::string> args_in(const pwi::test::TempDir& tmp)
{
  pwi::test::write_base_archive(tmp, "base", pwi::test::ArchiveLayout::k_blobs);
  pwi::test::write_fake_venv(tmp / "venv");
  tmp.write("app/main.py", "print(1)\n");
  tmp.write("spec.json", R"({"cmd": ["python", "/srv/main.py"], "tags": ["web:1"]})");
  return {"write-image",
          "--base",
          tmp / "base.tar",
          "--venv",
          tmp / "venv:/opt/venv",
          "--app",
          tmp / "app:/srv",
          "--config",
          tmp / "spec.json",
          "--output",
          tmp / "image.tar",
          "--report",
          tmp / "layers.json",
          "--source-date-epoch",
          "86400"};
}

}  // namespace

TEST_CASE("pywheelimage write-image: writes the image and rewrites nothing unchanged",
          "[cli][image]")
{
  pwi::test::TempDir tmp;
  const std::vector<std::string> args = args_in(tmp);
  REQUIRE(run_cli(args) == 0);
  const std::string first = pwi::test::slurp(tmp / "image.tar");
  const auto report = nlohmann::json::parse(pwi::test::slurp(tmp / "layers.json"));
  CHECK(report["layers"].size() == 4);
  struct stat before {};
  REQUIRE(::stat((tmp / "image.tar").c_str(), &before) == 0);
  REQUIRE(run_cli(args) == 0);
  struct stat after {};
  REQUIRE(::stat((tmp / "image.tar").c_str(), &after) == 0);
  CHECK(before.st_ino == after.st_ino);
  CHECK(before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
  CHECK(pwi::test::slurp(tmp / "image.tar") == first);
  const auto archive = pwi::test::tar_by_path(first);
  const auto manifest = nlohmann::json::parse(archive.at("manifest.json").content);
  const auto config = nlohmann::json::parse(archive.at(manifest[0]["Config"]).content);
  CHECK(config["created"] == "1970-01-02T00:00:00Z");
  CHECK(config["config"]["Cmd"] == nlohmann::json{"python", "/srv/main.py"});
}

TEST_CASE("pywheelimage write-image: a bad spec is malformed input naming the file", "[cli][image]")
{
  pwi::test::TempDir tmp;
  const std::vector<std::string> args = args_in(tmp);
  tmp.write("spec.json", R"({"env": ["NOEQUALS"]})");
  Capture capture(tmp / "stderr.txt");
  CHECK(run_cli(args) == exit_status(pwi::ExitCode::k_input));
  CHECK_THAT(capture.text(), Catch::Contains(tmp / "spec.json: /env/0: \"NOEQUALS\" is not of "
                                                   "the form KEY=VALUE"));
  CHECK_FALSE(std::filesystem::exists(tmp / "image.tar"));
  CHECK_FALSE(std::filesystem::exists(tmp / "layers.json"));
}

TEST_CASE("pywheelimage write-image: exit statuses of bad options and missing files",
          "[cli][image]")
{
  pwi::test::TempDir tmp;
  std::vector<std::string> args = args_in(tmp);
  auto with = [&](const std::string& option, const std::string& value) {
    std::vector<std::string> changed = args;
    for (std::size_t i = 0; i + 1 < changed.size(); ++i) {
      if (changed[i] == option) {
        changed[i + 1] = value;
        return changed;
      }
    }
    changed.push_back(option);
    changed.push_back(value);
    return changed;
  };
  CHECK(run_cli(with("--venv", tmp / "venv")) == exit_status(pwi::ExitCode::k_usage));
  CHECK(run_cli(with("--source-date-epoch", "yesterday")) == exit_status(pwi::ExitCode::k_usage));
  CHECK(run_cli(with("--layer-budget", "1")) == exit_status(pwi::ExitCode::k_usage));
  CHECK(run_cli(with("--base", tmp / "missing.tar")) == exit_status(pwi::ExitCode::k_io));
  CHECK(run_cli(with("--config", tmp / "missing.json")) == exit_status(pwi::ExitCode::k_io));
  CHECK(run_cli(with("--base", tmp / "spec.json")) == exit_status(pwi::ExitCode::k_input));
  CHECK_FALSE(std::filesystem::exists(tmp / "image.tar"));
}

TEST_CASE("pywheelimage write-image: SOURCE_DATE_EPOCH is the default time", "[cli][image]")
{
  pwi::test::TempDir tmp;
  std::vector<std::string> args = args_in(tmp);
  args.resize(args.size() - 2);  // no --source-date-epoch
  ::setenv("SOURCE_DATE_EPOCH", "172800", 1);
  const int status = run_cli(args);
  ::unsetenv("SOURCE_DATE_EPOCH");
  REQUIRE(status == 0);
  const auto archive = pwi::test::tar_by_path(pwi::test::slurp(tmp / "image.tar"));
  const auto manifest = nlohmann::json::parse(archive.at("manifest.json").content);
  const auto config = nlohmann::json::parse(archive.at(manifest[0]["Config"]).content);
  CHECK(config["created"] == "1970-01-03T00:00:00Z");
  for (const auto& member : pwi::test::read_tar(archive.at(manifest[0]["Layers"][2]).content)) {
    CHECK(member.mtime == 172800);
  }
}
