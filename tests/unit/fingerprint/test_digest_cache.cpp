#include "common/memory_file_system.hpp"
#include "fingerprint/digest_cache.hpp"

#include <catch2/catch.hpp>

using pwi::DigestCache;

namespace {

const std::string k_digest(64, 'a');

pwi::FileStat stat_of(std::uint64_t size, std::int64_t mtime, std::uint64_t inode)
{
  pwi::FileStat st;
  st.type = pwi::FileType::k_regular;
  st.size = size;
  st.mtime_ns = mtime;
  st.ctime_ns = mtime;
  st.inode = inode;
  return st;
}

}  // namespace

TEST_CASE("digest cache: serialize and parse round trip, paths with spaces and newlines")
{
  DigestCache cache;
  cache.record("/w/with space", stat_of(3, 100, 7), k_digest, 10'000'000'000);
  cache.record("/w/new\nline\\", stat_of(4, 100, 8), k_digest, 10'000'000'000);
  const std::string text = cache.serialize();
  CHECK(text == "pywheelimage-digest-cache 1\n" + k_digest +
                  " 4 100 100 8 10000000000 /w/new\\nline\\\\\n" + k_digest +
                  " 3 100 100 7 10000000000 /w/with space\n");
  DigestCache parsed = DigestCache::parse(text);
  CHECK(parsed.size() == 2);
  CHECK(parsed.lookup("/w/with space", stat_of(3, 100, 7)) == k_digest);
  CHECK(parsed.lookup("/w/new\nline\\", stat_of(4, 100, 8)) == k_digest);
}

TEST_CASE("digest cache: any stat difference is a miss")
{
  DigestCache cache;
  cache.record("/a", stat_of(3, 100, 7), k_digest, 10'000'000'000);
  DigestCache parsed = DigestCache::parse(cache.serialize());
  CHECK_FALSE(parsed.lookup("/a", stat_of(4, 100, 7)));
  CHECK_FALSE(parsed.lookup("/a", stat_of(3, 101, 7)));
  CHECK_FALSE(parsed.lookup("/a", stat_of(3, 100, 8)));
  auto other_ctime = stat_of(3, 100, 7);
  other_ctime.ctime_ns = 200;
  CHECK_FALSE(parsed.lookup("/a", other_ctime));
  CHECK_FALSE(parsed.lookup("/b", stat_of(3, 100, 7)));
  CHECK(parsed.lookup("/a", stat_of(3, 100, 7)));
}

TEST_CASE("digest cache: corrupt, truncated or foreign files are an empty cache")
{
  CHECK(DigestCache::parse("").size() == 0);
  CHECK(DigestCache::parse("something else\n").size() == 0);
  const std::string good = "pywheelimage-digest-cache 1\n" + k_digest + " 1 2 3 4 5 /p\n";
  CHECK(DigestCache::parse(good).size() == 1);
  CHECK(DigestCache::parse(good.substr(0, good.size() - 1)).size() == 0);
  CHECK(DigestCache::parse("pywheelimage-digest-cache 1\nxyz 1 2 3 4 5 /p\n").size() == 0);
  CHECK(DigestCache::parse("pywheelimage-digest-cache 1\n" + k_digest + " 1 x 3 4 5 /p\n").size() ==
        0);
  pwi::MemoryFileSystem fs;
  CHECK(DigestCache::load(fs, "/missing").size() == 0);
}

TEST_CASE("digest cache: only entries used or recorded in this run are saved")
{
  DigestCache cache;
  cache.record("/a", stat_of(1, 100, 1), k_digest, 10'000'000'000);
  cache.record("/b", stat_of(1, 100, 2), k_digest, 10'000'000'000);
  DigestCache next = DigestCache::parse(cache.serialize());
  CHECK(next.lookup("/a", stat_of(1, 100, 1)));
  CHECK(next.serialize() ==
        "pywheelimage-digest-cache 1\n" + k_digest + " 1 100 100 1 10000000000 /a\n");
}
