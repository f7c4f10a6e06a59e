#include "common/error.hpp"
#include "common/memory_file_system.hpp"
#include "fingerprint/fingerprint.hpp"

#include "../support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using pwi::DigestCache;
using pwi::MemoryFileSystem;

namespace {

std::string digest_of(pwi::FileSystem& fs, const std::vector<std::string>& roots)
{
  return pwi::fingerprint(fs, roots, nullptr).digest;
}

std::string digest_of(const std::string& root)
{
  pwi::RealFileSystem fs;
  return digest_of(fs, {root});
}

void make_tree(MemoryFileSystem& fs, const std::string& root)
{
  fs.add_file(root + "/a-1.0-py3-none-any.whl", "wheel a");
  fs.add_file(root + "/sub/b.txt", "b", 0755);
  fs.add_symlink(root + "/link", "sub/b.txt");
  fs.add_directory(root + "/empty");
}

}  // namespace

TEST_CASE("fingerprint: known answer of a small tree (format version 1)")
{
  // Computed independently by a few lines of Python over the documented record stream:
  // fields "len:bytes" for: format, then "root", index, and per entry (sorted by name)
  // dir/file/symlink, relative name, then "x"/"-" and the content SHA-256, or the link target.
  MemoryFileSystem fs;
  make_tree(fs, "/w");
  CHECK(digest_of(fs, {"/w"}) ==
        "4b6b5106fc2ffabdc163a8f45d3becb5f356cee01248e17d819dc6e6f8abd0a2");
  MemoryFileSystem single;
  single.add_file("/f", "abc");
  CHECK(digest_of(single, {"/f"}) ==
        "ddbc3789cfc3161c6fafea75338af6f3cd454e0b7fe436fd9ca75ab331ba7f67");
}

TEST_CASE("fingerprint: independent of the root's name and location")
{
  MemoryFileSystem fs;
  make_tree(fs, "/one");
  make_tree(fs, "/elsewhere/two");
  CHECK(digest_of(fs, {"/one"}) == digest_of(fs, {"/elsewhere/two"}));
}

TEST_CASE("fingerprint: real directories created in different orders digest alike")
{
  pwi::test::TempDir tmp;
  const std::vector<std::string> names = {"z.whl", "a.whl", "m/n.whl", "m/b.whl", "B.whl"};
  for (auto it = names.begin(); it != names.end(); ++it) {
    tmp.write("first/" + *it, "content of " + *it);
  }
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    tmp.write("second/" + *it, "content of " + *it);
  }
  CHECK(digest_of(tmp / "first") == digest_of(tmp / "second"));
}

TEST_CASE("fingerprint: real and in-memory trees digest alike")
{
  pwi::test::TempDir tmp;
  tmp.write("w/a-1.0-py3-none-any.whl", "wheel a");
  tmp.write("w/sub/b.txt", "b");
  REQUIRE(::chmod((tmp / "w/sub/b.txt").c_str(), 0755) == 0);
  REQUIRE(::symlink("sub/b.txt", (tmp / "w/link").c_str()) == 0);
  std::filesystem::create_directory(tmp / "w/empty");
  MemoryFileSystem fs;
  make_tree(fs, "/w");
  CHECK(digest_of(tmp / "w") == digest_of(fs, {"/w"}));
}

TEST_CASE("fingerprint: the executable bit changes the digest, other mode bits do not")
{
  pwi::test::TempDir tmp;
  const auto file = tmp.write("w/tool", "#!/bin/sh\n");
  REQUIRE(::chmod(file.c_str(), 0644) == 0);
  const auto before = digest_of(tmp / "w");
  REQUIRE(::chmod(file.c_str(), 0600) == 0);
  CHECK(digest_of(tmp / "w") == before);
  REQUIRE(::chmod(file.c_str(), 0744) == 0);
  CHECK(digest_of(tmp / "w") != before);
}

TEST_CASE("fingerprint: a rename changes the digest")
{
  pwi::test::TempDir tmp;
  tmp.write("w/a-1.0-py3-none-any.whl", "x");
  const auto before = digest_of(tmp / "w");
  std::filesystem::rename(tmp / "w/a-1.0-py3-none-any.whl", tmp / "w/a-1.1-py3-none-any.whl");
  CHECK(digest_of(tmp / "w") != before);
}

TEST_CASE("fingerprint: an mtime-only change does not change the digest")
{
  pwi::test::TempDir tmp;
  const auto file = tmp.write("w/a.whl", "x");
  const auto before = digest_of(tmp / "w");
  const struct timespec times[2] = {{12345, 0}, {12345, 0}};
  REQUIRE(::utimensat(AT_FDCWD, file.c_str(), times, 0) == 0);
  CHECK(digest_of(tmp / "w") == before);
}

TEST_CASE("fingerprint: content, type, symlink targets and empty directories count")
{
  MemoryFileSystem fs;
  fs.add_file("/w/f", "abc");
  const auto base = digest_of(fs, {"/w"});

  fs.add_file("/w/f", "abd");
  CHECK(digest_of(fs, {"/w"}) != base);

  fs.remove("/w/f");
  fs.add_symlink("/w/f", "abc");  // same bytes, other type
  const auto as_link = digest_of(fs, {"/w"});
  CHECK(as_link != base);
  fs.add_symlink("/w/f", "abd");
  CHECK(digest_of(fs, {"/w"}) != as_link);

  fs.remove("/w/f");
  fs.add_file("/w/f", "abc");
  CHECK(digest_of(fs, {"/w"}) == base);
  fs.add_directory("/w/empty");
  CHECK(digest_of(fs, {"/w"}) != base);
}

TEST_CASE("fingerprint: fields are delimited, and roots keep their order and boundaries")
{
  MemoryFileSystem fs;
  fs.add_file("/p/ab", "c");
  fs.add_file("/q/a", "bc");
  CHECK(digest_of(fs, {"/p"}) != digest_of(fs, {"/q"}));
  fs.add_file("/r/x", "1");
  fs.add_file("/r/y", "2");
  fs.add_file("/s/x", "1");
  fs.add_file("/t/y", "2");
  CHECK(digest_of(fs, {"/r"}) != digest_of(fs, {"/s", "/t"}));
  CHECK(digest_of(fs, {"/s", "/t"}) != digest_of(fs, {"/t", "/s"}));
}

TEST_CASE("fingerprint: a missing root is an IoError naming it")
{
  MemoryFileSystem fs;
  CHECK_THROWS_AS(digest_of(fs, {"/nope"}), pwi::IoError);
  CHECK_THROWS_WITH(digest_of(fs, {"/nope"}),
                    "cannot fingerprint '/nope': No such file or directory");
}

TEST_CASE("fingerprint: an unreadable file is an IoError naming it")
{
  MemoryFileSystem fs;
  fs.add_file("/w/a", "x");
  fs.make_unreadable("/w/a");
  CHECK_THROWS_WITH(digest_of(fs, {"/w"}), "cannot read '/w/a': Permission denied");
}

TEST_CASE("fingerprint: excluded paths (a stamp inside a root) are skipped")
{
  MemoryFileSystem fs;
  fs.add_file("/w/a", "x");
  const auto before = digest_of(fs, {"/w"});
  fs.add_file("/w/stamp", "whatever");
  CHECK(pwi::fingerprint(fs, {"/w"}, nullptr, {"/w/stamp"}).digest == before);
}

TEST_CASE("fingerprint cache: a warm run reads no file and leaves the cache file as it was")
{
  MemoryFileSystem fs;
  make_tree(fs, "/w");
  fs.advance(10'000'000'000);  // files older than the racy margin

  DigestCache cold = DigestCache::load(fs, "/c/cache");
  const auto first = pwi::fingerprint(fs, {"/w"}, &cold);
  CHECK(first.stats.files == 2);
  CHECK(first.stats.cache_hits == 0);
  CHECK(fs.total_reads() == 2);
  fs.add_directory("/c");
  CHECK(cold.save(fs, "/c/cache"));

  fs.advance(1'000'000'000);
  DigestCache warm = DigestCache::load(fs, "/c/cache");
  const auto second = pwi::fingerprint(fs, {"/w"}, &warm);
  CHECK(second.digest == first.digest);
  CHECK(second.stats.cache_hits == 2);
  CHECK(second.stats.bytes_hashed == 0);
  CHECK(fs.total_reads() == 3);  // the cache file itself, no wheel
  CHECK_FALSE(warm.save(fs, "/c/cache"));
}

TEST_CASE("fingerprint cache: a changed file is read again, even with the same size and mtime")
{
  MemoryFileSystem fs;
  fs.add_file("/w/a", "one");
  fs.advance(10'000'000'000);
  DigestCache cache;
  const auto first = pwi::fingerprint(fs, {"/w"}, &cache).digest;

  const auto mtime = fs.stat("/w/a")->mtime_ns;
  fs.advance(1'000'000'000);
  fs.add_file("/w/a", "two");
  fs.set_mtime("/w/a", mtime);  // as `touch -r` or tar would restore it; ctime still moves
  DigestCache reloaded = DigestCache::parse(cache.serialize());
  const auto second = pwi::fingerprint(fs, {"/w"}, &reloaded);
  CHECK(second.stats.cache_hits == 0);
  CHECK(second.digest != first);
  CHECK(fs.read_count("/w/a") == 2);
}

TEST_CASE("fingerprint cache: entries not older than the moment they were recorded are racy")
{
  MemoryFileSystem fs;
  fs.add_file("/w/a", "one");  // mtime == now: may still change within the same tick
  DigestCache cache;
  const auto first = pwi::fingerprint(fs, {"/w"}, &cache).digest;

  // Changed within the same timestamp: stat data identical to the recorded one.
  auto racy_content = "two";
  const auto mtime = fs.stat("/w/a")->mtime_ns;
  fs.add_file("/w/a", racy_content);
  REQUIRE(fs.stat("/w/a")->mtime_ns == mtime);

  fs.advance(10'000'000'000);
  DigestCache reloaded = DigestCache::parse(cache.serialize());
  const auto second = pwi::fingerprint(fs, {"/w"}, &reloaded);
  CHECK(second.stats.cache_hits == 0);
  CHECK(second.digest != first);

  // Recorded long after the last change: trusted from now on.
  DigestCache again = DigestCache::parse(reloaded.serialize());
  CHECK(pwi::fingerprint(fs, {"/w"}, &again).stats.cache_hits == 1);
}
