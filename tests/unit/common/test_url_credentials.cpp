#include "common/url_credentials.hpp"

#include <catch2/catch.hpp>

using pwi::redact_url_credentials;

TEST_CASE("credentials are masked as pip masks them")
{
  CHECK(redact_url_credentials("https://user:pa:ss@host/simple") ==
        "https://user:****@host/simple");
  CHECK(redact_url_credentials("https://TOKEN@host/simple") == "https://****@host/simple");
  CHECK(redact_url_credentials("git+https://tok@github.com/a/b.git@main") ==
        "git+https://****@github.com/a/b.git@main");
  CHECK(redact_url_credentials("a https://u:p@h/x and http://v:q@k:8080?x") ==
        "a https://u:****@h/x and http://v:****@k:8080?x");
}

TEST_CASE("text without credentials is unchanged")
{
  for (const char* text : {"https://host/simple", "name @ https://host/a@b.whl", "://u:p@h",
                           "user@example.com", "file:///tmp/x@y", ""}) {
    CHECK(redact_url_credentials(text) == text);
  }
}

TEST_CASE("the user information of a URL is read and replaced")
{
  CHECK(pwi::url_userinfo("http://u:p@127.0.0.1:8080/simple/") == "u:p");
  CHECK(pwi::url_userinfo("http://127.0.0.1:8080/simple/") == "");
  CHECK(pwi::replace_url_userinfo("http://u:p@h/s", "${X}") == "http://${X}@h/s");
  CHECK(pwi::replace_url_userinfo("http://h/s", "${X}") == "http://h/s");
}
