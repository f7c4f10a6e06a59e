#include "common/error.hpp"
#include "engine/http_response.hpp"

#include <catch2/catch.hpp>

using pwi::engine::parse_http_response;

TEST_CASE("an HTTP response with Content-Length", "[engine]")
{
  const auto r =
    parse_http_response("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        "5\r\n\r\n{\"a\"}trailing");
  CHECK(r.status == 200);
  CHECK(r.body == "{\"a\"}");
}

TEST_CASE("an HTTP response read to the end of the connection", "[engine]")
{
  const auto r =
    parse_http_response("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\n{\"message\":\"no\"}");
  CHECK(r.status == 404);
  CHECK(r.body == "{\"message\":\"no\"}");
}

TEST_CASE("a chunked HTTP response", "[engine]")
{
  const auto r =
    parse_http_response("HTTP/1.1 200 OK\r\ntransfer-encoding: "
                        "Chunked\r\n\r\n4\r\n{\"Id\r\na;ext=1\r\n\":\"sha256:\r\n0\r\n\r\n");
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
  CHECK_THROWS_AS(
    parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
    pwi::IoError);
  CHECK_THROWS_AS(
    parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nab"),
    pwi::IoError);
}

namespace {

// The message of the IoError that parsing `raw` throws, or "no error".
std::string error_of(std::string_view raw)
{
  try {
    parse_http_response(raw);
  } catch (const pwi::IoError& e) {
    return e.what();
  }
  return "no error";
}

bool rejects(std::string_view raw, std::string_view why)
{
  const std::string message = error_of(raw);
  INFO(message);
  return message.find("malformed HTTP response") != std::string::npos &&
         message.find(why) != std::string::npos;
}

constexpr const char* k_chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

std::string chunked(std::string_view body)
{
  return std::string(k_chunked) + std::string(body);
}

}  // namespace

TEST_CASE("a status line is HTTP/1.0 or 1.1, then exactly three digits", "[engine]")
{
  CHECK(parse_http_response("HTTP/1.1 204\r\n\r\n").status == 204);
  CHECK(parse_http_response("HTTP/1.1 200 \r\n\r\n").status == 200);
  CHECK(parse_http_response("HTTP/1.0 500 Internal Server Error\r\n\r\n").status == 500);
  for (const char* bad :
       {"HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 20\r\n\r\n",
        "HTTP/1.1  200 OK\r\n\r\n", "HTTP/1.1 +20 OK\r\n\r\n", "HTTP/1.1 200OK\r\n\r\n",
        "HTTP/1.2 200 OK\r\n\r\n", "HTTP/2 200 OK\r\n\r\n", "HTTP/1.10 200 OK\r\n\r\n",
        "http/1.1 200 OK\r\n\r\n", "HTTP/1.1 099 OK\r\n\r\n", "HTTP/1.1 600 OK\r\n\r\n",
        "HTTP/1.1 200 O\nK\r\n\r\n"}) {
    INFO(bad);
    CHECK(rejects(bad, "status line"));
  }
  CHECK(error_of("HTTP/1.1 2000 OK\r\n\r\n") ==
        "the container engine's API answered with a malformed HTTP response (status line "
        "'HTTP/1.1 2000 OK')");
}

TEST_CASE("header lines need a token name and no control bytes", "[engine]")
{
  CHECK(rejects("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "header line 'no colon'"));
  CHECK(rejects("HTTP/1.1 200 OK\r\n: x\r\n\r\n", "header line"));
  CHECK(rejects("HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx", "header line"));
  CHECK(rejects("HTTP/1.1 200 OK\r\nA: b\nContent-Length: 0\r\n\r\n", "header line 'A: b\\x0a"));
  CHECK(rejects("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "Transfer-Encoding 'gzip'"));
}

TEST_CASE("Content-Length is digits, fits, and is not longer than the data", "[engine]")
{
  CHECK(parse_http_response("HTTP/1.1 200 OK\r\nContent-Length:  3 \r\n\r\nabc").body == "abc");
  CHECK(parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nabc").body.empty());
  CHECK(parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab")
          .body == "ab");
  for (const char* bad : {"", "-1", "+1", "0x10", "1 2", "1,1", "3a"}) {
    INFO(bad);
    CHECK(rejects(std::string("HTTP/1.1 200 OK\r\nContent-Length: ") + bad + "\r\n\r\nabc",
                  "Content-Length"));
  }
  CHECK(rejects("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551617\r\n\r\n",
                "larger than the 4194304 bytes accepted"));
  CHECK(rejects("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999999\r\n\r\n",
                "larger than"));
  CHECK(rejects("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
                "a body of 5 bytes, shorter than its Content-Length 10"));
  CHECK(rejects("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                "Content-Length headers that disagree"));
}

TEST_CASE("chunk sizes are hexadecimal, bounded and within the data", "[engine]")
{
  CHECK(parse_http_response(chunked("00A\r\n0123456789\r\n0\r\n\r\n")).body == "0123456789");
  CHECK(parse_http_response(chunked("2 ;x=y\r\nab\r\n0\r\nTrailer: 1\r\n\r\n")).body == "ab");
  for (const char* bad : {"zz\r\n", "\r\nab\r\n0\r\n\r\n", " 2\r\nab\r\n0\r\n\r\n",
                          "-2\r\nab\r\n0\r\n\r\n", "0x2\r\nab\r\n0\r\n\r\n", "2x\r\nab\r\n"}) {
    INFO(bad);
    CHECK(rejects(chunked(bad), "is not hexadecimal"));
  }
  // size + 2 would wrap around to 1 in 64 bits.
  CHECK(rejects(chunked("ffffffffffffffff\r\nab\r\n0\r\n\r\n"), "larger than the 4194304 bytes"));
  CHECK(rejects(chunked("10000000000000000000000000001\r\nab\r\n"), "larger than"));
  CHECK(rejects(chunked("400001\r\nab\r\n"), "larger than"));
  CHECK(rejects(chunked("10\r\nab"), "a chunk of 16 bytes with only 2 left"));
  CHECK(rejects(chunked("2\r\nab"), "chunk data not followed by CRLF"));
  CHECK(rejects(chunked("2\r\nabc\r\n0\r\n\r\n"), "chunk data not followed by CRLF"));
  CHECK(rejects(chunked("2\r\nab\n\r\n0\r\n\r\n"), "chunk data not followed by CRLF"));
  CHECK(rejects(chunked("2\r\nab\r\n"), "without its final 0-size chunk"));
  CHECK(rejects(chunked(""), "without its final 0-size chunk"));
  CHECK(rejects(chunked("2\r\nab\r\n0"), "chunk size line '0' without its CRLF"));
  CHECK(rejects(chunked("2\r\nab\r\n0\r\n"), "without the CRLF after its last chunk"));
  CHECK(rejects(chunked("2\r\nab\r\n0\r\nTrailer: 1\r\n"), "without the CRLF after its last"));
}

TEST_CASE("a response larger than the cap is refused", "[engine]")
{
  const std::string head = "HTTP/1.1 200 OK\r\n\r\n";
  const std::string fits(pwi::engine::k_max_http_response_size - head.size(), 'x');
  CHECK(parse_http_response(head + fits).body.size() == fits.size());
  CHECK(rejects(head + fits + "x", "larger than the 4194304 bytes accepted"));
}
