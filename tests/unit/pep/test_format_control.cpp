#include "pep/format_control.hpp"

#include <catch2/catch.hpp>

using pwi::FormatControl;

TEST_CASE("format control: --no-binary and --only-binary as pip combines them")
{
  FormatControl c;
  CHECK((c.allowed("a").binary && c.allowed("a").source));
  c.no_binary("A_b,c");
  CHECK(!c.allowed("a-b").binary);
  CHECK(c.allowed("a-b").source);
  c.only_binary("c");  // moves c from one set to the other
  CHECK((c.allowed("c").binary && !c.allowed("c").source));
  CHECK(c.no_binary_set() == std::set<std::string>{"a-b"});
  c.no_binary(":all:");  // clears both
  CHECK(c.only_binary_set().empty());
  CHECK(!c.allowed("c").binary);
  c.only_binary("x");  // a name beats :all:
  CHECK((c.allowed("x").binary && !c.allowed("x").source));
  c.no_binary(":all:,:none:,y");  // :none: clears, then y
  CHECK(c.no_binary_set() == std::set<std::string>{"y"});
  CHECK(c.allowed("z").binary);
}
