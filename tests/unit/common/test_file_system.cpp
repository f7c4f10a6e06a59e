#include "common/error.hpp"
#include "common/file_system.hpp"
#include "common/memory_file_system.hpp"

#include "../support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include <sys/stat.h>
#include <unistd.h>

using pwi::FileType;

namespace {

std::vector<std::string> sorted(std::vector<std::string> v)
{
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("real file system: stat, lstat, list, read, read_link")
{
  pwi::test::TempDir tmp;
  pwi::RealFileSystem fs;
  tmp.write("d/a.txt", "hello");
  REQUIRE(::symlink("a.txt", (tmp / "d/link").c_str()) == 0);
  REQUIRE(::chmod((tmp / "d/a.txt").c_str(), 0755) == 0);

  const auto file = fs.stat(tmp / "d/a.txt");
  REQUIRE(file);
  CHECK(file->type == FileType::k_regular);
  CHECK(file->size == 5);
  CHECK(file->is_executable());
  CHECK(file->inode != 0);
  CHECK(file->mtime_ns > 0);

  CHECK(fs.lstat(tmp / "d/link")->type == FileType::k_symlink);
  CHECK(fs.stat(tmp / "d/link")->type == FileType::k_regular);
  CHECK(fs.stat(tmp / "d")->type == FileType::k_directory);
  CHECK_FALSE(fs.stat(tmp / "nope"));
  CHECK_FALSE(fs.stat(tmp / "d/a.txt/below"));  // ENOTDIR is "missing" too

  CHECK(sorted(fs.list_directory(tmp / "d")) == std::vector<std::string>{"a.txt", "link"});
  CHECK(fs.read_file(tmp / "d/a.txt") == "hello");
  CHECK(fs.read_link(tmp / "d/link") == "a.txt");
  CHECK_THROWS_WITH(fs.read_file(tmp / "nope"),
                    "cannot read '" + (tmp / "nope") + "': No such file or directory");
  CHECK_THROWS_AS(fs.list_directory(tmp / "nope"), pwi::IoError);
}

TEST_CASE("path helpers")
{
  CHECK(pwi::join_path("a", "b") == "a/b");
  CHECK(pwi::join_path("a/", "b") == "a/b");
  CHECK(pwi::join_path("", "b") == "b");
  CHECK(pwi::join_path("a", "/abs") == "/abs");
  CHECK(pwi::dirname("a/b/c.txt") == "a/b");
  CHECK(pwi::dirname("c.txt") == "");
  CHECK(pwi::dirname("/c.txt") == "/");
}

TEST_CASE("memory file system: files, directories, symlinks, counters")
{
  pwi::MemoryFileSystem fs;
  fs.add_file("/w/a/x.whl", "X", 0755);
  fs.add_symlink("/w/l", "a/x.whl");
  CHECK(fs.stat("/w")->type == FileType::k_directory);
  CHECK(fs.stat("/w/a/x.whl")->is_executable());
  CHECK(fs.lstat("/w/l")->type == FileType::k_symlink);
  CHECK(fs.stat("/w/l")->type == FileType::k_regular);
  CHECK(fs.read_file("/w/l") == "X");
  CHECK(fs.read_count("/w/a/x.whl") == 1);
  CHECK(sorted(fs.list_directory("/w")) == std::vector<std::string>{"a", "l"});
  CHECK(fs.list_directory("/w/a") == std::vector<std::string>{"x.whl"});
  CHECK(fs.read_file("/w/a/../a/./x.whl") == "X");
  CHECK_THROWS_WITH(fs.read_file("/w/none"), "cannot read '/w/none': No such file or directory");

  const auto inode = fs.stat("/w/a/x.whl")->inode;
  fs.advance(5);
  fs.add_file("/w/a/x.whl", "Y");
  CHECK(fs.stat("/w/a/x.whl")->inode == inode);
  CHECK(fs.stat("/w/a/x.whl")->mtime_ns == fs.now_ns());

  CHECK(fs.write_file_if_changed("/w/out", "1"));
  CHECK_FALSE(fs.write_file_if_changed("/w/out", "1"));
  CHECK_THROWS_AS(fs.write_file_if_changed("/nowhere/out", "1"), pwi::IoError);

  fs.remove("/w/a");
  CHECK_FALSE(fs.stat("/w/a/x.whl"));
  fs.make_unreadable("/w/out");
  CHECK_THROWS_WITH(fs.read_file("/w/out"), "cannot read '/w/out': Permission denied");
}

TEST_CASE("memory file system: relative paths")
{
  pwi::MemoryFileSystem fs;
  fs.add_file("reqs/base.txt", "a");
  fs.add_file("top.txt", "b");
  CHECK(sorted(fs.list_directory(".")) == std::vector<std::string>{"reqs", "top.txt"});
  CHECK(fs.read_file("./reqs/../top.txt") == "b");
}

TEST_CASE("memory file system: a directory lists its entries in creation order")
{
  // As readdir's order on a real directory, not by name: tests can give a wheelhouse any order.
  pwi::MemoryFileSystem fs;
  fs.add_file("/w/b.whl", "");
  fs.add_file("/w/c.whl", "");
  fs.add_file("/w/a.whl", "");
  fs.add_file("/w/b.whl", "rewritten in place");
  CHECK(fs.list_directory("/w") == std::vector<std::string>{"b.whl", "c.whl", "a.whl"});
  fs.remove("/w/c.whl");
  fs.add_file("/w/c.whl", "");
  CHECK(fs.list_directory("/w") == std::vector<std::string>{"b.whl", "a.whl", "c.whl"});
}
