#include "common/error.hpp"
#include "common/url_credentials.hpp"
#include "registry/http.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

namespace pwi::registry {

namespace {

struct Transfer {
  HttpResponse response;
  bool too_large = false;
  std::FILE* body_file = nullptr;
  std::string_view body;  // the in-memory body still to send
  const HttpRequest* request = nullptr;
  bool read_failed = false;
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  if (line.substr(0, 5) == "HTTP/") {
    // A new status line (after a 100 Continue): the headers start again.
    transfer->response.headers.clear();
    const std::size_t first = line.find(' ');
    const std::size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    transfer->response.reason =
      second == std::string_view::npos ? "" : std::string(line.substr(second + 1));
    return size * count;
  }
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) {
      c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
      value.remove_suffix(1);
    }
    transfer->response.headers.emplace_back(std::move(name), std::string(value));
  }
  return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (transfer->response.body.size() + n > k_max_response_body) {
    transfer->too_large = true;
    return 0;  // aborts the transfer
  }
  transfer->response.body.append(data, n);
  return n;
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user)
{
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t room = size * count;
  std::size_t n = 0;
  if (transfer->body_file != nullptr) {
    n = std::fread(buffer, 1, room, transfer->body_file);
    if (n == 0 && std::ferror(transfer->body_file) != 0) {
      transfer->read_failed = true;
      return CURL_READFUNC_ABORT;
    }
  } else {
    n = std::min(room, transfer->body.size());
    std::memcpy(buffer, transfer->body.data(), n);
    transfer->body.remove_prefix(n);
  }
  if (n > 0 && transfer->request->body_observer) {
    transfer->request->body_observer(std::string_view(buffer, n));
  }
  return n;
}

struct CurlSlist {
  curl_slist* list = nullptr;
  ~CurlSlist() { curl_slist_free_all(list); }
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const
{
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string> HttpResponse::headers_named(std::string_view name) const
{
  std::vector<std::string> out;
  for (const auto& [key, value] : headers) {
    if (key == name) {
      out.push_back(value);
    }
  }
  return out;
}

CurlTransport::CurlTransport()
{
  static std::once_flag initialized;
  std::call_once(initialized, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  m_handle = curl_easy_init();
  if (m_handle == nullptr) {
    throw IoError("cannot initialize libcurl");
  }
}

CurlTransport::~CurlTransport()
{
  curl_easy_cleanup(static_cast<CURL*>(m_handle));
}

HttpResponse CurlTransport::send(const HttpRequest& request)
{
  CURL* curl = static_cast<CURL*>(m_handle);
  curl_easy_reset(curl);  // keeps the connections
  Transfer transfer;
  transfer.request = &request;
  std::unique_ptr<std::FILE, FileCloser> file;
  if (!request.body_file.empty()) {
    file.reset(std::fopen(request.body_file.c_str(), "rb"));
    if (!file) {
      throw IoError(fmt::format("cannot read {}: {}", request.body_file, std::strerror(errno)));
    }
    transfer.body_file = file.get();
  } else {
    transfer.body = request.body;
  }
  const std::uint64_t body_size =
    request.body_file.empty() ? request.body.size() : request.body_file_size;

  CurlSlist headers;
  for (const std::string& header : request.headers) {
    headers.list = curl_slist_append(headers.list, header.c_str());
  }
  // No "Expect: 100-continue" round trip before a body.
  headers.list = curl_slist_append(headers.list, "Expect:");
  char error[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "pywheelimage-push");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    // POST and PUT: the body from on_read, of a known length.
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body_size));
  }

  const CURLcode code = curl_easy_perform(curl);
  if (transfer.read_failed) {
    throw IoError(fmt::format("cannot read {}: read error", request.body_file));
  }
  if (transfer.too_large) {
    throw IoError(fmt::format("{} {}: the answer is larger than {} MiB", request.method,
                              redact_url_credentials(request.url),
                              k_max_response_body / (1024 * 1024)));
  }
  if (code != CURLE_OK) {
    throw IoError(
      fmt::format("{} {}: {}", request.method, redact_url_credentials(request.url),
                  redact_url_credentials(error[0] != '\0' ? error : curl_easy_strerror(code))));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  return std::move(transfer.response);
}

}  // namespace pwi::registry
