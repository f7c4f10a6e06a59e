// Fuzzes parse_http_response with what a socket may send: any input must either parse or throw
// IoError; a parsed response has a status from 100 to 599 and a body no longer than the input,
// and that body sent again chunked parses back to itself.
#include "common/error.hpp"
#include "engine/http_response.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  pwi::engine::HttpResponse response;
  try {
    response = pwi::engine::parse_http_response(raw);
  } catch (const pwi::IoError&) {
    return 0;
  }
  if (response.status < 100 || response.status > 599 || response.body.size() > raw.size()) {
    std::abort();
  }
  std::string again = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < response.body.size(); at += 7) {
    const std::string_view chunk = std::string_view(response.body).substr(at, 7);
    again += fmt::format("{:x}\r\n{}\r\n", chunk.size(), chunk);
  }
  again += "0\r\n\r\n";
  if (again.size() <= pwi::engine::k_max_http_response_size &&
      pwi::engine::parse_http_response(again).body != response.body) {
    std::abort();
  }
  return 0;
}
