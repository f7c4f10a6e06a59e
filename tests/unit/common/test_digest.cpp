#include "common/digest.hpp"
#include "common/error.hpp"
#include "common/memory_file_system.hpp"

#include "../support/temp_dir.hpp"

#include <catch2/catch.hpp>

using pwi::Digest;
using pwi::HashAlgorithm;

TEST_CASE("digest known answers (FIPS 180-2)")
{
  CHECK(pwi::digest_hex(HashAlgorithm::k_sha256, "") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(pwi::digest_hex(HashAlgorithm::k_sha256, "abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(pwi::digest_hex(HashAlgorithm::k_sha384, "abc") ==
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baec"
        "a134c825a7");
  CHECK(pwi::digest_hex(HashAlgorithm::k_sha512, "abc") ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c"
        "23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST_CASE("digest of pieces equals digest of the whole, and hex_digest resets")
{
  for (const HashAlgorithm algorithm : pwi::k_hash_algorithms) {
    INFO(pwi::hash_algorithm_name(algorithm));
    Digest hash(algorithm);
    hash.update("a");
    hash.update("");
    hash.update("bc");
    CHECK(hash.hex_digest() == pwi::digest_hex(algorithm, "abc"));
    hash.update("abc");
    CHECK(hash.hex_digest() == pwi::digest_hex(algorithm, "abc"));
  }
}

TEST_CASE("hash algorithms by pip's names")
{
  CHECK(pwi::hash_algorithm_name(HashAlgorithm::k_sha512) == "sha512");
  CHECK(pwi::parse_hash_algorithm("sha384") == HashAlgorithm::k_sha384);
  CHECK_FALSE(pwi::parse_hash_algorithm("md5"));
  CHECK_FALSE(pwi::parse_hash_algorithm("SHA256"));  // pip's names are lowercase
}

TEST_CASE("file digests: several algorithms from one read")
{
  pwi::MemoryFileSystem fs;
  fs.add_file("/f", "abc");
  const auto digests =
    pwi::file_digests(fs, "/f", {HashAlgorithm::k_sha256, HashAlgorithm::k_sha512});
  CHECK(digests.size() == 2);
  CHECK(digests.at(HashAlgorithm::k_sha256) == pwi::digest_hex(HashAlgorithm::k_sha256, "abc"));
  CHECK(digests.at(HashAlgorithm::k_sha512) == pwi::digest_hex(HashAlgorithm::k_sha512, "abc"));
  CHECK(fs.read_count("/f") == 1);
}

TEST_CASE("file digests of a file larger than one read chunk")
{
  pwi::test::TempDir tmp;
  const std::string content(1'000'003, 'x');
  const auto path = tmp.write("big", content);
  pwi::RealFileSystem fs;
  CHECK(pwi::file_digests(fs, path, {HashAlgorithm::k_sha256}).at(HashAlgorithm::k_sha256) ==
        pwi::digest_hex(HashAlgorithm::k_sha256, content));
}

TEST_CASE("file digests of a missing file are an IoError naming it")
{
  pwi::test::TempDir tmp;
  pwi::RealFileSystem fs;
  CHECK_THROWS_WITH(pwi::file_digests(fs, tmp / "nope", {HashAlgorithm::k_sha256}),
                    "cannot read '" + (tmp / "nope") + "': No such file or directory");
  CHECK_THROWS_AS(pwi::file_digests(fs, tmp / "nope", {HashAlgorithm::k_sha256}), pwi::IoError);
}
