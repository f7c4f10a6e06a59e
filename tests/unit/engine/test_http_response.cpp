#include "common/error.hpp"
#include "engine/http_response.hpp"

#include <catch2/catch.hpp>

using pwi::engine::parse_http_response;

TEST_CASE("an HTTP response with Content-Length", "[engine]")
{
  const auto r = parse_http_response(
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{\"a\"}trailing");
  CHECK(r.status == 200);
  CHECK(r.body == "{\"a\"}");
}

TEST_CASE("an HTTP response read to the end of the connection", "[engine]")
{
  const auto r = parse_http_response("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\n{\"message\":\"no\"}");
  CHECK(r.status == 404);
  CHECK(r.body == "{\"message\":\"no\"}");
}

TEST_CASE("a chunked HTTP response", "[engine]")
{
  const auto r = parse_http_response(
    "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n4\r\n{\"Id\r\na;ext=1\r\n\":\"sha256:\r\n0\r\n\r\n");
  CHECK(r.status == 200);
  CHECK(r.body == "{\"Id\":\"sha256:");
}

TEST_CASE("malformed HTTP responses are I/O errors", "[engine]")
{
  CHECK_THROWS_AS(parse_http_response(""), pwi::IoError);
  CHECK_THROWS_AS(parse_http_response("SSH-2.0-OpenSSH\r\n\r\n"), pwi::IoError);
  CHECK_THROWS_AS(parse_http_response("HTTP/1.1 2x0 OK\r\n\r\n"), pwi::IoError);
  CHECK_THROWS_AS(parse_http_response("HTTP/1.1 200 OK\r\nno colon\r\n\r\n"), pwi::IoError);
  CHECK_THROWS_AS(parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"),
                  pwi::IoError);
  CHECK_THROWS_AS(parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
                  pwi::IoError);
  CHECK_THROWS_AS(parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nab"),
                  pwi::IoError);
}
