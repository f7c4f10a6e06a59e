#include "common/error.hpp"
#include "pep/marker.hpp"

#include <catch2/catch.hpp>

using pwi::Marker;

namespace {

const pwi::MarkerEnvironment k_env{{"python_version", "3.11"},
                                   {"python_full_version", "3.11.2"},
                                   {"os_name", "posix"},
                                   {"sys_platform", "linux"},
                                   {"platform_machine", "x86_64"},
                                   {"platform_system", "Linux"},
                                   {"platform_release", "5.15.0-1034-azure"},
                                   {"implementation_name", "cpython"},
                                   {"platform_python_implementation", "CPython"}};

bool eval(const char* text, const char* extra = "")
{
  return Marker::parse(text).evaluate(k_env, extra);
}

}  // namespace

TEST_CASE("Markers compare versions when they can, strings otherwise", "[marker]")
{
  CHECK(eval("python_version >= '3.8'"));
  CHECK(eval("python_version > '3.9'"));  // a string comparison would say false
  CHECK_FALSE(eval("python_version < '3.8'"));
  CHECK(eval("'3.11' == python_version"));  // variable on the right
  CHECK(eval("python_version == '3.11.*'"));
  CHECK(eval("os_name == 'posix'"));
  CHECK(eval("sys_platform in 'linux2 darwin'"));
  CHECK(eval("'x86' not in platform_machine") == false);
  CHECK(eval("platform_release >= '5.0'") == false);  // not PEP 440: no version comparison
  CHECK(eval("implementation_name === 'cpython'"));
  CHECK(eval("os.name == 'posix'"));  // PEP 345 alias
}

TEST_CASE("'and' binds tighter than 'or'; parentheses group", "[marker]")
{
  CHECK(eval("os_name == 'nt' and os_name == 'nt' or os_name == 'posix'"));
  CHECK(eval("os_name == 'posix' or os_name == 'nt' and os_name == 'nt'"));
  CHECK_FALSE(eval("(os_name == 'posix' or os_name == 'nt') and os_name == 'nt'"));
  CHECK(Marker::parse("(os_name=='a' or os_name=='b')and os_name=='c'").str() ==
        "(os_name == \"a\" or os_name == \"b\") and os_name == \"c\"");
  CHECK(Marker::parse("((os_name=='a'))").str() == "os_name == \"a\"");
}

TEST_CASE("extra is compared after pip's safe_extra", "[marker]")
{
  CHECK(eval("extra == 'sec'", "SEC"));
  CHECK(eval("extra == 'foo_bar'", "Foo Bar"));
  CHECK_FALSE(eval("extra == 'sec'"));
}

TEST_CASE("Marker evaluation errors", "[marker]")
{
  CHECK_THROWS_AS(Marker::parse("os_name == 'a'").evaluate({}), pwi::UndefinedEnvironmentName);
  CHECK_THROWS_AS(eval("os_name ~= 'posix'"), pwi::UndefinedComparison);
}

TEST_CASE("Marker parse errors carry offsets", "[marker]")
{
  try {
    Marker::parse("pyton_version >= '3'");
    FAIL("no error");
  } catch (const pwi::ParseError& e) {
    CHECK(std::string(e.what()) == "unknown marker variable 'pyton_version'");
    CHECK(e.offset() == 0);
  }
  try {
    Marker::parse("os_name == 'a' and (os_name == 'b'");
    FAIL("no error");
  } catch (const pwi::ParseError& e) {
    CHECK(std::string(e.what()) == "expected ')'");
    CHECK(e.offset() == 34);
  }
  try {
    Marker::parse("os_name = 'a'");
    FAIL("no error");
  } catch (const pwi::ParseError& e) {
    CHECK(e.offset() == 8);
  }
  CHECK_THROWS_AS(Marker::parse("os_name == 'a"), pwi::ParseError);
  CHECK_THROWS_AS(Marker::parse("os_name not  in 'a'"), pwi::ParseError);
  CHECK_THROWS_AS(Marker::parse(""), pwi::ParseError);
}
