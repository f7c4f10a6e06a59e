#include "../support/temp_dir.hpp"
#include "tar_builder.hpp"

#include "common/error.hpp"
#include "slim/rootfs.hpp"
#include "slim/rootfs_tar.hpp"

#include <catch2/catch.hpp>

using pwi::slim::EntryType;
using pwi::slim::normalize_path;
using pwi::slim::read_rootfs_tar;
using pwi::slim::write_rootfs_tar;

TEST_CASE("rootfs: paths are normalized as tar members and absolute paths", "[slim]")
{
  CHECK(normalize_path("./usr//lib/") == "usr/lib");
  CHECK(normalize_path("/usr/lib") == "usr/lib");
  CHECK(normalize_path("./") == "");
  CHECK(normalize_path("a/../b") == "a/../b");
}

TEST_CASE("rootfs: lookups follow links in every component, as the kernel does", "[slim]")
{
  pwi::test::TempDir tmp;
  pwi::test::TarBuilder()
    .dir("./")
    .symlink("./lib", "usr/lib")
    .symlink("./lib64", "usr/lib64")
    .dir("./usr/")
    .dir("./usr/lib/")
    .dir("./usr/lib/x86_64-linux-gnu/")
    .file("./usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3", "foo")
    .symlink("./usr/lib/x86_64-linux-gnu/libfoo.so.1", "libfoo.so.1.2.3")
    .dir("./usr/lib64/")
    .symlink("./usr/lib64/ld.so", "/lib/x86_64-linux-gnu/../x86_64-linux-gnu/libfoo.so.1")
    .symlink("./loop", "loop")
    .write(tmp / "in.tar");
  const auto rootfs = read_rootfs_tar(tmp / "in.tar");
  std::vector<std::string> links;
  CHECK(rootfs.resolve("/lib64/ld.so", true, &links) ==
        std::optional<std::string>("usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3"));
  CHECK(links == std::vector<std::string>{"lib64", "usr/lib64/ld.so", "lib",
                                          "usr/lib/x86_64-linux-gnu/libfoo.so.1"});
  CHECK(rootfs.resolve("lib64/ld.so", false) == std::optional<std::string>("usr/lib64/ld.so"));
  CHECK_FALSE(rootfs.resolve("loop").has_value());
  CHECK_FALSE(rootfs.resolve("lib/missing").has_value());
  CHECK_FALSE(rootfs.resolve("lib/x86_64-linux-gnu/libfoo.so.1/x").has_value());
  CHECK_FALSE(rootfs.contains(""));  // the root's own member is left out
}

TEST_CASE("rootfs tar: hard links share content and are written after their first name", "[slim]")
{
  pwi::test::TempDir tmp;
  pwi::test::TarBuilder()
    .file("usr/bin/perl", "#!perl", 0755)
    .hardlink("usr/bin/a-perl", "usr/bin/perl")
    .write(tmp / "in.tar");
  const auto rootfs = read_rootfs_tar(tmp / "in.tar");
  const auto* link = rootfs.find("usr/bin/a-perl");
  REQUIRE(link != nullptr);
  CHECK(link->type == EntryType::k_file);
  CHECK(*link->data == "#!perl");
  CHECK(link->link_group == "usr/bin/perl");
  pwi::test::TempDir out;
  const std::string bytes = write_rootfs_tar(rootfs);
  out.write("out.tar", bytes);
  const auto again = read_rootfs_tar(out / "out.tar");
  CHECK(*again.find("usr/bin/perl")->data == "#!perl");
  CHECK(again.find("usr/bin/perl")->link_group == "usr/bin/a-perl");  // written first now
  CHECK(write_rootfs_tar(again) == bytes);
}

TEST_CASE("rootfs tar: a file that is not a tar is malformed input", "[slim]")
{
  pwi::test::TempDir tmp;
  tmp.write("bad.tar", std::string(2000, 'x'));
  CHECK_THROWS_AS(read_rootfs_tar(tmp / "bad.tar"), pwi::InputError);
  CHECK_THROWS_AS(read_rootfs_tar(tmp / "missing.tar"), pwi::IoError);
}
