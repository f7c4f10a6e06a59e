#include "common/error.hpp"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("located messages name file, line and column and show a caret")
{
  pwi::SourceLocation where{"reqs/base.txt", 3, 5, "foo >=> 1"};
  CHECK(pwi::format_located_message(where, "bad specifier") ==
        "reqs/base.txt:3:5: bad specifier\n  foo >=> 1\n      ^");
}

TEST_CASE("located messages without a line show only the file")
{
  CHECK(pwi::format_located_message({"env.json", 0, 0, ""}, "not JSON") == "env.json: not JSON");
}

TEST_CASE("InputError carries exit code 3")
{
  pwi::InputError e({"a.txt", 1, 0, ""}, "oops");
  CHECK(e.code() == pwi::ExitCode::k_input);
  CHECK(std::string(e.what()) == "a.txt:1: oops");
}

TEST_CASE("located messages mask URL credentials in the message and the line, caret following")
{
  pwi::SourceLocation where{"r.txt", 2, 52,
                            "--index-url https://me:s3cret@pypi.example/simple/ --bogus"};
  CHECK(pwi::format_located_message(where, "no such option: --bogus (in https://me:s3cret@x/)") ==
        "r.txt:2:52: no such option: --bogus (in https://me:****@x/)\n"
        "  --index-url https://me:****@pypi.example/simple/ --bogus\n"
        "  " +
          std::string(49, ' ') + "^");
}
