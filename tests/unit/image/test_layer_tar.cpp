#include "image_fixtures.hpp"

#include "common/error.hpp"
#include "common/memory_file_system.hpp"
#include "image/layer_tar.hpp"

#include <catch2/catch.hpp>

using pwi::image::LayerTree;
using pwi::image::write_layer_tar;

TEST_CASE("image: a layer's tar is sorted, complete and normalized", "[image]")
{
  pwi::MemoryFileSystem fs;
  fs.add_file("/src/b.txt", "bee", 0600);
  fs.add_file("/src/a/run.sh", "#!/bin/sh\n", 0700);
  fs.add_symlink("/src/link", "b.txt");
  fs.add_directory("/src/empty");
  LayerTree tree;
  tree.add_tree(fs, "/src", "/srv/app/");
  const std::string tar = write_layer_tar(fs, tree, 1234);
  const auto members = pwi::test::read_tar(tar);
  std::vector<std::string> paths;
  for (const auto& m : members) {
    paths.push_back(m.path);
    CHECK(m.mtime == 1234);
    CHECK(m.uid == 0);
    CHECK(m.uname.empty());
  }
  CHECK(paths == std::vector<std::string>{"srv/", "srv/app/", "srv/app/a/", "srv/app/a/run.sh",
                                          "srv/app/b.txt", "srv/app/empty/", "srv/app/link"});
  const auto by_path = pwi::test::tar_by_path(tar);
  CHECK(by_path.at("srv").mode == (AE_IFDIR | 0755));
  CHECK(by_path.at("srv/app/a/run.sh").mode == (AE_IFREG | 0755));
  CHECK(by_path.at("srv/app/b.txt").mode == (AE_IFREG | 0644));
  CHECK(by_path.at("srv/app/b.txt").content == "bee");
  CHECK(by_path.at("srv/app/link").mode == (AE_IFLNK | 0777));
  CHECK(by_path.at("srv/app/link").content == "b.txt");
  CHECK(tree.file_count() == 3);
}

TEST_CASE("image: the same content gives the same layer whatever its times and modes", "[image]")
{
  pwi::MemoryFileSystem one;
  one.add_file("/x/f", "data", 0640);
  one.add_file("/x/g", "run", 0711);
  pwi::MemoryFileSystem two;
  two.set_now(42);
  two.add_file("/elsewhere/g", "run", 0755);
  two.add_file("/elsewhere/f", "data", 0600);
  LayerTree a;
  a.add_tree(one, "/x", "/opt/p");
  LayerTree b;
  b.add_tree(two, "/elsewhere", "/opt/p");
  CHECK(write_layer_tar(one, a, 0) == write_layer_tar(two, b, 0));
  CHECK(write_layer_tar(one, a, 0) != write_layer_tar(one, a, 1));
}

TEST_CASE("image: image paths are normalized and may not climb", "[image]")
{
  CHECK(pwi::image::relative_image_path("/opt//venv/./bin/") == "opt/venv/bin");
  CHECK(pwi::image::relative_image_path("/") == "");
  CHECK_THROWS_AS(pwi::image::relative_image_path("/opt/../etc"), pwi::UsageError);
}

TEST_CASE("image: hard links become files of their own in a layer", "[image]")
{
  pwi::test::TempDir tmp;
  tmp.write("src/a", "shared");
  std::filesystem::create_hard_link(tmp / "src/a", tmp / "src/b");
  pwi::RealFileSystem fs;
  LayerTree tree;
  tree.add_tree(fs, tmp / "src", "/x");
  const auto members = pwi::test::tar_by_path(write_layer_tar(fs, tree, 0));
  CHECK(members.at("x/a").mode == (AE_IFREG | 0644));
  CHECK(members.at("x/b").mode == (AE_IFREG | 0644));
  CHECK(members.at("x/b").content == "shared");
}

TEST_CASE("image: a non-ASCII name is stored as UTF-8 whatever the locale", "[image]")
{
  pwi::MemoryFileSystem fs;
  fs.add_file("/src/donn\xc3\xa9"
              "es.txt",
              "x");
  LayerTree tree;
  tree.add_tree(fs, "/src", "/d");
  const std::string tar = write_layer_tar(fs, tree, 0);
  CHECK(tar.find("hdrcharset") == std::string::npos);
  CHECK(pwi::test::tar_by_path(tar).count("d/donn\xc3\xa9"
                                          "es.txt") == 1);
}
