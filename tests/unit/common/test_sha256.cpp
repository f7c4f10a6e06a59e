#include "common/error.hpp"
#include "common/sha256.hpp"

#include "../support/temp_dir.hpp"

#include <catch2/catch.hpp>

using pwi::Sha256;

TEST_CASE("sha256 known answers (FIPS 180-2)")
{
  CHECK(pwi::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(pwi::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256 of pieces equals sha256 of the whole, and hex_digest resets")
{
  Sha256 hash;
  hash.update("a");
  hash.update("");
  hash.update("bc");
  CHECK(hash.hex_digest() == pwi::sha256_hex("abc"));
  hash.update("abc");
  CHECK(hash.hex_digest() == pwi::sha256_hex("abc"));
}

TEST_CASE("sha256 of a file larger than one read chunk")
{
  pwi::test::TempDir tmp;
  const std::string content(1'000'003, 'x');
  const auto path = tmp.write("big", content);
  CHECK(pwi::sha256_file_hex(path) == pwi::sha256_hex(content));
}

TEST_CASE("sha256 of a missing file is an IoError naming it")
{
  pwi::test::TempDir tmp;
  CHECK_THROWS_WITH(pwi::sha256_file_hex(tmp / "nope"),
                    "cannot read '" + (tmp / "nope") + "': No such file or directory");
  CHECK_THROWS_AS(pwi::sha256_file_hex(tmp / "nope"), pwi::IoError);
}
