#include "common/error.hpp"
#include "pep/version.hpp"

#include <catch2/catch.hpp>

using pwi::Version;

TEST_CASE("Version normalizes as PEP 440 and packaging do", "[version]")
{
  CHECK(Version::parse("1.0").str() == "1.0");
  CHECK(Version::parse(" v1.0\n").str() == "1.0");
  CHECK(Version::parse("1!2.0").str() == "1!2.0");
  CHECK(Version::parse("0!1.0").str() == "1.0");
  CHECK(Version::parse("1.0ALPHA1").str() == "1.0a1");
  CHECK(Version::parse("1.0-beta.2").str() == "1.0b2");
  CHECK(Version::parse("1.0c1").str() == "1.0rc1");
  CHECK(Version::parse("1.0.preview_3").str() == "1.0rc3");
  CHECK(Version::parse("1.0a").str() == "1.0a0");
  CHECK(Version::parse("1.0-1").str() == "1.0.post1");
  CHECK(Version::parse("1.0.rev").str() == "1.0.post0");
  CHECK(Version::parse("1.0r2").str() == "1.0.post2");
  CHECK(Version::parse("1.0-dev").str() == "1.0.dev0");
  CHECK(Version::parse("1.0+Ubuntu-1_2").str() == "1.0+ubuntu.1.2");
  CHECK(Version::parse("1.0+01").str() == "1.0+1");
  CHECK(Version::parse("01.002").str() == "1.2");
  // Greedy like packaging's regular expression: the "-1" is the pre-release number.
  CHECK(Version::parse("1.0a-1").str() == "1.0a1");
  // Python's IGNORECASE folds LATIN SMALL LETTER LONG S onto 's'.
  CHECK(Version::parse("1.0po\xC5\xBFt1").str() == "1.0.post1");
}

TEST_CASE("Version properties", "[version]")
{
  const Version v = Version::parse("2!1.2.3rc1.post2.dev3+abc");
  CHECK(v.epoch() == 2);
  CHECK(v.release() == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(v.is_prerelease());
  CHECK(v.is_postrelease());
  CHECK(v.is_devrelease());
  CHECK(v.has_local());
  CHECK(v.public_version().str() == "2!1.2.3rc1.post2.dev3");
  CHECK(v.base_version().str() == "2!1.2.3");
  CHECK_FALSE(Version::parse("1.0.post1").is_prerelease());
  CHECK(Version::parse("1.0.dev1").is_prerelease());
}

TEST_CASE("Version rejects non-PEP 440 text with an offset", "[version]")
{
  for (const char* text :
       {"", "foo", "1.0.", "1.0+", "1.0 beta", "1..0", "1.0-", "1.0+a..b", "1.0-foo"}) {
    INFO(text);
    CHECK_FALSE(Version::try_parse(text));
  }
  try {
    Version::parse("1.0xyz");
    FAIL("no error");
  } catch (const pwi::ParseError& e) {
    CHECK(e.offset() == 3);
  }
}

TEST_CASE("Version orders as PEP 440 says", "[version]")
{
  // The example chain of PEP 440's summary of permitted suffixes, and local versions.
  const std::vector<std::string> chain{
    "1.0.dev456",    "1.0a1",         "1.0a2.dev456", "1.0a12.dev456",
    "1.0a12",        "1.0b1.dev456",  "1.0b2",        "1.0b2.post345.dev456",
    "1.0b2.post345", "1.0rc1.dev456", "1.0rc1",       "1.0",
    "1.0+abc.5",     "1.0+abc.7",     "1.0+5",        "1.0.post456.dev34",
    "1.0.post456",   "1.0.15",        "1.1.dev1",     "1!0.1"};
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    INFO(chain[i] << " < " << chain[i + 1]);
    CHECK(Version::parse(chain[i]) < Version::parse(chain[i + 1]));
    CHECK(Version::parse(chain[i + 1]) > Version::parse(chain[i]));
  }
  CHECK(Version::parse("1.0") == Version::parse("1.0.0"));
  CHECK(Version::parse("1.0+ABC") == Version::parse("1.0+abc"));
  CHECK(Version::parse("1.0+a") < Version::parse("1.0+a.0"));
  CHECK(Version::parse("1.0+b") < Version::parse("1.0+1"));
  CHECK(Version::parse("1.0") != Version::parse("1.0+0"));
}
