#include "common/atomic_file.hpp"
#include "common/error.hpp"

#include "../support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

namespace {

struct timespec mtime_of(const std::string& path)
{
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mtim;
}

std::size_t entries_in(const std::string& dir)
{
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("write_file_if_changed creates, then leaves an equal file alone, then replaces")
{
  pwi::test::TempDir tmp;
  const std::string path = tmp / "out.txt";
  CHECK(pwi::write_file_if_changed(path, "one\n"));
  CHECK(pwi::test::slurp(path) == "one\n");

  // Put the mtime in the past, so that any rewrite would be visible.
  const struct timespec old_times[2] = {{1'000'000'000, 0}, {1'000'000'000, 0}};
  REQUIRE(::utimensat(AT_FDCWD, path.c_str(), old_times, 0) == 0);
  CHECK_FALSE(pwi::write_file_if_changed(path, "one\n"));
  CHECK(mtime_of(path).tv_sec == 1'000'000'000);

  CHECK(pwi::write_file_if_changed(path, "two\n"));
  CHECK(pwi::test::slurp(path) == "two\n");
  CHECK(mtime_of(path).tv_sec != 1'000'000'000);
  CHECK(entries_in(tmp.path()) == 1);  // no temporary file left behind
}

TEST_CASE("write_file_if_changed writes an empty file and a prefix-equal file")
{
  pwi::test::TempDir tmp;
  const std::string path = tmp / "out";
  CHECK(pwi::write_file_if_changed(path, ""));
  CHECK_FALSE(pwi::write_file_if_changed(path, ""));
  CHECK(pwi::write_file_if_changed(path, "abc"));
  CHECK(pwi::write_file_if_changed(path, "ab"));
  CHECK(pwi::test::slurp(path) == "ab");
}

TEST_CASE("write_file_if_changed replaces the file by rename (readers keep the old inode)")
{
  pwi::test::TempDir tmp;
  const std::string path = tmp / "out";
  pwi::write_file_if_changed(path, "old");
  struct stat before {};
  REQUIRE(::stat(path.c_str(), &before) == 0);
  pwi::write_file_if_changed(path, "new");
  struct stat after {};
  REQUIRE(::stat(path.c_str(), &after) == 0);
  CHECK(before.st_ino != after.st_ino);
}

TEST_CASE("write_file_if_changed keeps the mode of the file it replaces")
{
  pwi::test::TempDir tmp;
  const std::string path = tmp / "script";
  pwi::write_file_if_changed(path, "a");
  REQUIRE(::chmod(path.c_str(), 0750) == 0);
  pwi::write_file_if_changed(path, "b");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0750);
}

TEST_CASE("write_file_if_changed into a missing directory is an IoError and leaves nothing")
{
  pwi::test::TempDir tmp;
  const std::string path = tmp / "missing/out";
  CHECK_THROWS_AS(pwi::write_file_if_changed(path, "x"), pwi::IoError);
  CHECK_THROWS_WITH(pwi::write_file_if_changed(path, "x"),
                    "cannot create a temporary file for '" + path +
                      "': No such file or directory");
  CHECK(entries_in(tmp.path()) == 0);
}
