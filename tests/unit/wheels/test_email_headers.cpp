// Expected values come from Python 3.11's email.message_from_string (compat32 policy).
#include "wheels/email_headers.hpp"

#include <catch2/catch.hpp>

using pwi::EmailHeaders;

TEST_CASE("email headers: continuations, case-insensitive names, malformed lines")
{
  const auto headers = EmailHeaders::parse(
    "Metadata-Version: 2.1\r\nName:  demo\nVersion: 1.0\n\tcont\n:bad\n cont-after-bad\n"
    "Requires-Dist: a\n  ; extra == 'x'\nFrom nobody\nProvides-Extra: x\nrequires-dist: b>=1\n"
    "body starts\nRequires-Dist: c\n");
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& h : headers.headers()) {
    items.emplace_back(h.name, h.value);
  }
  CHECK(items ==
        std::vector<std::pair<std::string, std::string>>{{"Metadata-Version", "2.1"},
                                                         {"Name", "demo"},
                                                         {"Version", "1.0\n\tcont"},
                                                         {"Requires-Dist", "a\n  ; extra == 'x'"},
                                                         {"Provides-Extra", "x"},
                                                         {"requires-dist", "b>=1"}});
  CHECK(headers.get("VERSION")->value == "1.0\n\tcont");
  REQUIRE(headers.get_all("Requires-Dist").size() == 2);
  CHECK(headers.get_all("Requires-Dist")[1]->value == "b>=1");
  CHECK(headers.get("Missing") == nullptr);
}

TEST_CASE("email headers: the header block ends at the first empty line")
{
  const auto headers = EmailHeaders::parse("Name: x\nVersion: 1\n\nRequires-Dist: no\n");
  CHECK(headers.get_all("Requires-Dist").empty());
  CHECK(headers.lines().size() == 4);
}

TEST_CASE("email headers: positions of value offsets across continuation lines")
{
  const auto headers = EmailHeaders::parse("Name: x\nRequires-Dist: abc\n  ; extra\n");
  const auto* h = headers.get("Requires-Dist");
  REQUIRE(h != nullptr);
  CHECK(h->line == 2);
  CHECK(h->position_of(0) == std::pair{2, 16});
  CHECK(h->position_of(2) == std::pair{2, 18});
  CHECK(h->position_of(4) == std::pair{3, 1});  // value[3] is the line break
  CHECK(h->position_of(6) == std::pair{3, 3});
}
