#include "common/error.hpp"
#include "pep/specifier.hpp"

#include <catch2/catch.hpp>

using pwi::Specifier;
using pwi::SpecifierSet;
using pwi::Version;

namespace {

bool in(const char* spec, const char* version, std::optional<bool> prereleases = std::nullopt)
{
  return SpecifierSet::parse(spec).contains(Version::parse(version), prereleases);
}

std::vector<std::string> filtered(const char* spec, std::vector<const char*> versions,
                                  std::optional<bool> prereleases = std::nullopt)
{
  std::vector<Version> parsed;
  for (const char* v : versions) {
    parsed.push_back(Version::parse(v));
  }
  std::vector<std::string> out;
  for (const Version& v : SpecifierSet::parse(spec).filter(parsed, prereleases)) {
    out.push_back(v.str());
  }
  return out;
}

}  // namespace

TEST_CASE("Specifier operators", "[specifier]")
{
  CHECK(in("==1.0", "1.0.0"));
  CHECK(in("==1.0", "1.0+local"));  // no local in the clause: ignored
  CHECK_FALSE(in("==1.0+a", "1.0+b"));
  CHECK(in("==1.*", "1.9.post1"));
  CHECK_FALSE(in("==1.*", "2.0"));
  CHECK(in("==1.0.*", "1.0"));
  CHECK_FALSE(in("!=1.*", "1.5"));
  CHECK(in("~=1.4.5", "1.4.9"));
  CHECK_FALSE(in("~=1.4.5", "1.5.0"));
  CHECK(in("~=1.4", "1.9"));
  CHECK_FALSE(in("~=1.4", "2.0"));
  CHECK(in("<=1.0", "1.0+local"));
  CHECK(in(">1.0", "1.1"));
  CHECK_FALSE(in(">1.0", "1.0.post1"));  // >V excludes post-releases of V
  CHECK(in(">1.0.post1", "1.0.post2"));
  CHECK_FALSE(in(">1.0", "1.0+local"));    // and local versions of V
  CHECK_FALSE(in("<2.0", "2.0a1", true));  // <V excludes pre-releases of V
  CHECK(in("<2.0rc1", "2.0a1", true));
  CHECK_FALSE(in("<2.0rc1", "2.0a1"));  // "<" never names a pre-release
  CHECK(in("===1.0", "1.0"));
  CHECK_FALSE(in("===1.0", "1.0.0"));  // string comparison
  CHECK(in("", "1.0"));
}

TEST_CASE("Pre-releases are excluded unless asked for or named", "[specifier]")
{
  CHECK_FALSE(in(">=1.0", "2.0a1"));
  CHECK(in(">=1.0", "2.0a1", true));
  CHECK(in(">=1.0a1", "2.0b1"));  // a clause names a pre-release
  CHECK_FALSE(in("", "2.0a1"));
  CHECK(SpecifierSet::parse(">=1.0a1").prereleases() == true);
  CHECK(SpecifierSet::parse(">=1.0").prereleases() == false);
  CHECK_FALSE(SpecifierSet::parse("").prereleases());
  CHECK(filtered(">=1.0", {"1.0", "2.0a1", "1.5"}) == std::vector<std::string>{"1.0", "1.5"});
  // Only an empty set falls back to pre-releases when nothing else matches (packaging 21.3).
  CHECK(filtered("", {"2.0a1", "2.0b1"}) == std::vector<std::string>{"2.0a1", "2.0b1"});
  CHECK(filtered(">=1.0", {"2.0a1"}).empty());
  CHECK(filtered(">=1.0", {"2.0a1", "1.0"}, true) == std::vector<std::string>{"2.0a1", "1.0"});
}

TEST_CASE("SpecifierSet text and intersection", "[specifier]")
{
  CHECK(SpecifierSet::parse(" <2 , >= 1.0 ").str() == "<2,>=1.0");
  CHECK(SpecifierSet::parse("==1.0,==1.0.0").clauses().size() == 1);
  SpecifierSet a = SpecifierSet::parse(">=1.0");
  a &= SpecifierSet::parse("<2,>=1");
  CHECK(a.str() == "<2,>=1.0");
  CHECK(SpecifierSet::parse("").empty());
  CHECK(Specifier::parse("~= 1.4").str() == "~=1.4");
}

TEST_CASE("Specifier errors name the problem and the offset", "[specifier]")
{
  try {
    SpecifierSet::parse(">=1.0, >=");
    FAIL("no error");
  } catch (const pwi::ParseError& e) {
    CHECK(std::string(e.what()) == "expected a version after '>='");
    CHECK(e.offset() == 9);
  }
  try {
    Specifier::parse("=>1.0");
    FAIL("no error");
  } catch (const pwi::ParseError& e) {
    CHECK(e.offset() == 0);
  }
  CHECK_THROWS_AS(Specifier::parse("~=1"), pwi::ParseError);    // ~= needs two parts
  CHECK_THROWS_AS(Specifier::parse("<1.*"), pwi::ParseError);   // wildcards only with == !=
  CHECK_THROWS_AS(Specifier::parse(">=foo"), pwi::ParseError);  // LegacySpecifier
  CHECK_THROWS_AS(Specifier::parse("==1.0+a.*"), pwi::ParseError);
}
