// The part of HTTP/1.x that the Docker Engine API needs: one response read to the end of the
// connection (the request says `Connection: close`).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pwi::engine {

// The largest response accepted, head and body: an image's inspect answer is a few KiB, so
// anything near this is not the engine, and reading it would only cost memory.
inline constexpr std::size_t k_max_http_response_size = 4 * 1024 * 1024;

struct HttpResponse {
  int status = 0;
  std::string body;
};

// Parses a whole response: the status line ("HTTP/1.0" or "HTTP/1.1", a space, a three-digit
// status, then a space or the end of the line), headers, then the body: chunked, by
// Content-Length (which the data must not be shorter than), or to the end. Throws IoError, saying
// what was malformed, for anything else: other versions, bad header lines, a bad or overflowing
// Content-Length or chunk size, chunk data without its CRLF, no final 0-size chunk, or more than
// k_max_http_response_size bytes.
HttpResponse parse_http_response(std::string_view raw);

}  // namespace pwi::engine
