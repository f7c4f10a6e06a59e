// HTTP for the registry client, behind a small interface so that the client's logic (auth,
// mounts, uploads) is unit-tested against an in-memory registry; CurlTransport is libcurl's.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pwi::registry {

struct HttpRequest {
  std::string method;  // "GET", "HEAD", "POST", "PUT"
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent when body_file is empty
  // A body streamed from this file, of this size, without loading it into memory; each chunk
  // is also given to body_observer (which digests it).
  std::string body_file;
  std::uint64_t body_file_size = 0;
  std::function<void(std::string_view)> body_observer;
};

struct HttpResponse {
  long status = 0;
  std::string reason;                                        // "Not Found" (HTTP/1.x only)
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercase, in order
  std::string body;                                          // at most k_max_response_body

  // The first header of that (lowercase) name.
  std::optional<std::string> header(std::string_view name) const;
  // Every header of that name (WWW-Authenticate may come several times).
  std::vector<std::string> headers_named(std::string_view name) const;
};

// Manifests, errors and tokens are small; a larger answer is refused.
inline constexpr std::size_t k_max_response_body = 4 * 1024 * 1024;

class HttpTransport {
public:
  virtual ~HttpTransport() = default;
  // Any answer is returned, whatever its status; throws IoError (the URL's user information
  // masked) when there is none: no connection, TLS failure, timeout, an oversized body.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

// libcurl, one handle so that connections are reused; HTTPS with the system's CAs, no
// redirects followed (credentials are never sent elsewhere behind our back), only http and
// https, 30 s to connect, and a transfer that moves nothing for 60 s is given up.
class CurlTransport final : public HttpTransport {
public:
  CurlTransport();
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpResponse send(const HttpRequest& request) override;

private:
  void* m_handle;  // CURL*
};

}  // namespace pwi::registry
