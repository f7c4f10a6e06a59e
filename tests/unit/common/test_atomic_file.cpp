#include "common/atomic_file.hpp"
#include "common/error.hpp"

#include "../support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

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
                    "cannot create a temporary file for '" + path + "': No such file or directory");
  CHECK(entries_in(tmp.path()) == 0);
}

namespace {

// Everything in a directory, to prove that a failed commit left it exactly as it was.
struct Entry {
  std::string content;
  ino_t inode = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const Entry& other) const
  {
    return content == other.content && inode == other.inode && mtime_ns == other.mtime_ns;
  }
};

std::map<std::string, Entry> snapshot(const std::string& dir)
{
  std::map<std::string, Entry> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    struct stat st {};
    REQUIRE(::lstat(e.path().c_str(), &st) == 0);
    Entry entry;
    entry.content = S_ISREG(st.st_mode) ? pwi::test::slurp(e.path()) : "<not a file>";
    entry.inode = st.st_ino;
    entry.mtime_ns = st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec;
    out[e.path().filename().string()] = entry;
  }
  return out;
}

// Makes one step fail for one output, as a full disk or a broken file system would.
pwi::WriteFaults fail(pwi::WriteStep step, const std::string& path, int error)
{
  return [=](pwi::WriteStep s, const std::string& p) { return s == step && p == path ? error : 0; };
}

std::string message_of(pwi::AtomicOutputs& outputs)
{
  try {
    outputs.commit();
  } catch (const pwi::IoError& e) {
    return e.what();
  }
  return "no error";
}

// Three outputs as a resolve writes them: two old ones and one new.
struct ThreeOutputs {
  pwi::test::TempDir tmp;
  std::string depfile = tmp.write("out.d", "old depfile\n");
  std::string report = tmp.write("report.json", "old report\n");
  std::string lock = tmp / "lock.txt";

  void add_to(pwi::AtomicOutputs& outputs) const
  {
    outputs.add(depfile, "new depfile\n");
    outputs.add(report, "new report\n");
    outputs.add(lock, "new lock\n");
  }
};

}  // namespace

TEST_CASE("AtomicOutputs writes the changed outputs only, and says which", "[atomic]")
{
  pwi::test::TempDir tmp;
  const std::string same = tmp.write("same", "same\n");
  const struct timespec old_times[2] = {{1'000'000'000, 0}, {1'000'000'000, 0}};
  REQUIRE(::utimensat(AT_FDCWD, same.c_str(), old_times, 0) == 0);
  const std::string changed = tmp.write("changed", "before\n");
  pwi::AtomicOutputs outputs;
  outputs.add(tmp / "new", "new\n");
  outputs.add(same, "same\n");
  outputs.add(changed, "after\n");
  CHECK(outputs.commit() == std::vector<std::string>{tmp / "new", changed});
  CHECK(pwi::test::slurp(tmp / "new") == "new\n");
  CHECK(pwi::test::slurp(changed) == "after\n");
  CHECK(mtime_of(same).tv_sec == 1'000'000'000);
  CHECK(entries_in(tmp.path()) == 3);  // no temporary file or backup left behind
}

TEST_CASE("AtomicOutputs refuses one file for two outputs", "[atomic]")
{
  pwi::AtomicOutputs outputs;
  outputs.add("a", "1");
  CHECK_THROWS_AS(outputs.add("a", "2"), pwi::UsageError);
}

TEST_CASE("AtomicOutputs changes nothing when the last output cannot be written", "[atomic]")
{
  ThreeOutputs three;
  const auto before = snapshot(three.tmp.path());
  for (const auto step : {pwi::WriteStep::k_create, pwi::WriteStep::k_write, pwi::WriteStep::k_sync,
                          pwi::WriteStep::k_close}) {
    INFO("step " << static_cast<int>(step));
    pwi::AtomicOutputs outputs(fail(step, three.lock, ENOSPC));
    three.add_to(outputs);
    const std::string message = message_of(outputs);
    CHECK(message == (step == pwi::WriteStep::k_create ? "cannot create a temporary file for '"
                                                       : "cannot write '") +
                       three.lock + "': No space left on device");
    CHECK(snapshot(three.tmp.path()) == before);
  }
}

TEST_CASE("AtomicOutputs changes nothing when the first output cannot be written", "[atomic]")
{
  ThreeOutputs three;
  const auto before = snapshot(three.tmp.path());
  pwi::AtomicOutputs outputs(fail(pwi::WriteStep::k_close, three.depfile, EIO));
  three.add_to(outputs);
  CHECK(message_of(outputs) == "cannot write '" + three.depfile + "': Input/output error");
  CHECK(snapshot(three.tmp.path()) == before);
}

TEST_CASE("AtomicOutputs puts back the outputs it replaced when a later rename fails", "[atomic]")
{
  ThreeOutputs three;
  const auto before = snapshot(three.tmp.path());
  SECTION("an injected failure")
  {
    pwi::AtomicOutputs outputs(fail(pwi::WriteStep::k_rename, three.lock, EIO));
    three.add_to(outputs);
    CHECK(message_of(outputs) ==
          "cannot rename a temporary file to '" + three.lock + "': Input/output error");
    CHECK(snapshot(three.tmp.path()) == before);  // same inodes: the very files put back
  }
  SECTION("a real one: the lock is a directory")
  {
    std::filesystem::create_directory(three.lock);
    const auto with_directory = snapshot(three.tmp.path());
    pwi::AtomicOutputs outputs;
    three.add_to(outputs);
    CHECK(message_of(outputs) ==
          "cannot rename a temporary file to '" + three.lock + "': Is a directory");
    CHECK(snapshot(three.tmp.path()) == with_directory);
  }
  SECTION("a new output written before the failure is removed again")
  {
    pwi::AtomicOutputs outputs(fail(pwi::WriteStep::k_rename, three.report, EIO));
    outputs.add(three.lock, "new lock\n");
    outputs.add(three.report, "new report\n");
    CHECK(message_of(outputs).find("cannot rename") == 0);
    CHECK(snapshot(three.tmp.path()) == before);
  }
}

TEST_CASE("AtomicOutputs without hard links still writes, and says what it cannot undo", "[atomic]")
{
  ThreeOutputs three;
  SECTION("commits")
  {
    pwi::AtomicOutputs outputs(fail(pwi::WriteStep::k_backup, three.report, EPERM));
    three.add_to(outputs);
    CHECK(outputs.commit().size() == 3);
    CHECK(pwi::test::slurp(three.report) == "new report\n");
    CHECK(entries_in(three.tmp.path()) == 3);
  }
  SECTION("a failed rename after it cannot put that output back")
  {
    pwi::AtomicOutputs outputs([&](pwi::WriteStep step, const std::string& path) {
      return (step == pwi::WriteStep::k_backup && path == three.report) ||
                 (step == pwi::WriteStep::k_rename && path == three.lock)
               ? (step == pwi::WriteStep::k_backup ? EPERM : EIO)
               : 0;
    });
    three.add_to(outputs);
    CHECK(message_of(outputs) == "cannot rename a temporary file to '" + three.lock +
                                   "': Input/output error; '" + three.report +
                                   "' could not be put back: no hard links on its file system");
    CHECK(pwi::test::slurp(three.depfile) == "old depfile\n");
    CHECK(entries_in(three.tmp.path()) == 2);
  }
  SECTION("any other failure to link is an error before anything changed")
  {
    const auto before = snapshot(three.tmp.path());
    pwi::AtomicOutputs outputs(fail(pwi::WriteStep::k_backup, three.report, EIO));
    three.add_to(outputs);
    CHECK(message_of(outputs) ==
          "cannot keep the previous version of '" + three.report + "': Input/output error");
    CHECK(snapshot(three.tmp.path()) == before);
  }
}

TEST_CASE("write_file_if_changed checks close() and fsync() too", "[atomic]")
{
  pwi::test::TempDir tmp;
  const std::string path = tmp.write("out", "old\n");
  const auto before = snapshot(tmp.path());
  for (const auto step : {pwi::WriteStep::k_sync, pwi::WriteStep::k_close}) {
    CHECK_THROWS_WITH(pwi::write_file_if_changed(path, "new\n", fail(step, path, EDQUOT)),
                      "cannot write '" + path + "': Disk quota exceeded");
    CHECK(snapshot(tmp.path()) == before);
  }
}
