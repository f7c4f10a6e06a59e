#include "common/error.hpp"
#include "pep/names.hpp"
#include "pep/requirement.hpp"

#include <catch2/catch.hpp>

using pwi::Requirement;

TEST_CASE("Requirement lines as packaging reads them", "[requirement]")
{
  const Requirement r = Requirement::parse("Foo.Bar [Sec, a_b] (>=1.0, <2) ; python_version < '4'");
  CHECK(r.name == "Foo.Bar");
  CHECK(r.key == "foo-bar");
  CHECK(r.extras == std::vector<std::string>{"a_b", "sec"});
  CHECK(r.specifier.str() == "<2,>=1.0");
  REQUIRE(r.marker);
  CHECK(r.marker->str() == "python_version < \"4\"");
  CHECK(r.url.empty());
  CHECK(r.str() == "Foo.Bar[Sec,a_b]<2,>=1.0; python_version < \"4\"");

  const Requirement u = Requirement::parse("pkg @ https://example.com/pkg.whl ; os_name == 'nt'");
  CHECK(u.url == "https://example.com/pkg.whl");
  CHECK(u.str() == "pkg@ https://example.com/pkg.whl ; os_name == \"nt\"");
  CHECK(Requirement::parse("pkg==1.0.*").specifier.str() == "==1.0.*");
  // "===" takes everything up to whitespace, as packaging's pattern does.
  CHECK(Requirement::parse("pkg===1.0;x").specifier.str() == "===1.0;x");
}

TEST_CASE("Requirement errors carry offsets", "[requirement]")
{
  const auto offset_of = [](const char* text) {
    try {
      Requirement::parse(text);
    } catch (const pwi::ParseError& e) {
      return static_cast<long>(e.offset());
    }
    return -1L;
  };
  CHECK(offset_of("pkg >=") == 6);
  CHECK(offset_of("pkg >=1.0 ; pyton_version > '3'") == 12);
  CHECK(offset_of("-pkg") == 0);
  CHECK(offset_of("pkg >=1.0 junk") == 10);
  CHECK(offset_of("pkg @ file:/x") == 6);  // file URLs must round-trip
  CHECK(offset_of("pkg @ nohost") == 6);
  CHECK(offset_of("pkg >=foo") >= 0);  // LegacySpecifier: refused
  CHECK(offset_of("pkg[a,] >1") >= 0);
  try {
    Requirement::parse("pkg >=");
  } catch (const pwi::ParseError& e) {
    CHECK(std::string(e.what()) == "expected a version after '>='");
  }
}

TEST_CASE("PEP 503 names", "[names]")
{
  CHECK(pwi::normalize_name("Foo.__Bar-baz") == "foo-bar-baz");
  CHECK(pwi::is_valid_name("a"));
  CHECK(pwi::is_valid_name("Foo.Bar_9"));
  CHECK_FALSE(pwi::is_valid_name("-foo"));
  CHECK_FALSE(pwi::is_valid_name("foo-"));
  CHECK_FALSE(pwi::is_valid_name("fo o"));
  CHECK(pwi::safe_extra("Foo  Bar!") == "foo_bar_");
}
