// Expected values come from pip 23.2.1's pip._internal.models.wheel.Wheel.
#include "common/error.hpp"
#include "wheels/wheel_name.hpp"

#include <catch2/catch.hpp>

using pwi::WheelName;
using Tags = std::vector<std::string>;

TEST_CASE("wheel names: plain, build tag, compressed tag sets")
{
  const auto plain = WheelName::parse("foo-1.0-py3-none-any.whl");
  CHECK(plain.filename == "foo-1.0-py3-none-any.whl");
  CHECK(plain.name == "foo");
  CHECK(plain.key == "foo");
  CHECK(plain.version.str() == "1.0");
  CHECK_FALSE(plain.build_tag);
  CHECK(plain.tags == Tags{"py3-none-any"});

  const auto built = WheelName::parse("Foo_Bar-2.0.post1-1-py2.py3-none-any.whl");
  CHECK(built.name == "Foo-Bar");
  CHECK(built.key == "foo-bar");
  CHECK(built.version.str() == "2.0.post1");
  CHECK(built.build_tag == std::pair<int, std::string>{1, ""});
  CHECK(built.tags == Tags{"py2-none-any", "py3-none-any"});

  const auto numpy =
    WheelName::parse("numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
  CHECK(numpy.tags ==
        Tags{"cp311-cp311-manylinux2014_x86_64", "cp311-cp311-manylinux_2_17_x86_64"});
}

TEST_CASE("wheel names: build tags split into number and rest")
{
  CHECK(WheelName::parse("pkg-1.0-12b-py3-none-any.whl").build_tag ==
        std::pair<int, std::string>{12, "b"});
  CHECK(WheelName::parse("pkg-1.0-1 x-py3-none-any.whl").build_tag ==
        std::pair<int, std::string>{1, " x"});
}

TEST_CASE("wheel names: escaped and odd names, versions and tags as pip reads them")
{
  CHECK(WheelName::parse("pkg-1.0_rc1-py3-none-any.whl").version.str() == "1.0rc1");
  const auto local = WheelName::parse("a.b-1!2.0+local.7-py3-none-any.whl");
  CHECK(local.name == "a.b");
  CHECK(local.key == "a-b");
  CHECK(local.version.str() == "1!2.0+local.7");
  CHECK(WheelName::parse("pkg-1.0-PY3-None-Any.whl").tags == Tags{"py3-none-any"});
  CHECK(WheelName::parse("pkg-1.0-py3..py2-none-any.whl").tags ==
        Tags{"-none-any", "py2-none-any", "py3-none-any"});
}

TEST_CASE("wheel names: invalid file names")
{
  for (const char* name :
       {"pkg-1.0-x1-py3-none-any.whl", "pkg-1.0-py3-none.whl", "pkg-1.0-1-2-py3-none-any.whl",
        "pkg-1.0-py3-none-any.zip", "pkg 2-1.0-py3-none-any.whl", "-1.0-py3-none-any.whl", ".whl",
        "pkg-1.0-py3-none-.whl"}) {
    INFO(name);
    CHECK_THROWS_AS(WheelName::parse(name), pwi::ParseError);
    CHECK_THROWS_WITH(WheelName::parse(name),
                      std::string(name) + " is not a valid wheel filename.");
  }
}

TEST_CASE("wheel names: versions that are not PEP 440 are refused with the offset")
{
  try {
    WheelName::parse("pkg-one-py3-none-any.whl");
    FAIL("no exception");
  } catch (const pwi::ParseError& e) {
    CHECK(std::string(e.what()) == "invalid version 'one' in wheel filename "
                                   "pkg-one-py3-none-any.whl");
    CHECK(e.offset() == 4);
  }
  CHECK_THROWS_AS(WheelName::parse("pkg--py3-none-any.whl"), pwi::ParseError);
}
