// The part of HTTP/1.x that the Docker Engine API needs: one response read to the end of the
// connection (the request says `Connection: close`).
#pragma once

#include <string>
#include <string_view>

namespace pwi::engine {

struct HttpResponse {
  int status = 0;
  std::string body;
};

// Parses a whole response: status line, headers, then the body (by Content-Length, chunked, or
// to the end). Throws IoError for anything that is not an HTTP/1.x response.
HttpResponse parse_http_response(std::string_view raw);

}  // namespace pwi::engine
