#include "engine/http_response.hpp"

#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace pwi::engine {

namespace {

std::string lower(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text)
{
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

[[noreturn]] void malformed(std::string_view what)
{
  throw IoError(fmt::format("the container engine's API answered with a malformed HTTP response ({})",
                            what));
}

std::string dechunk(std::string_view body)
{
  std::string out;
  for (;;) {
    const auto eol = body.find("\r\n");
    if (eol == std::string_view::npos) {
      malformed("a chunk without its size line");
    }
    std::size_t size = 0;
    const std::string_view size_text = body.substr(0, body.find_first_of(";\r"));
    const auto [end, ec] =
      std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc{} || end == size_text.data()) {
      malformed("a bad chunk size");
    }
    body.remove_prefix(eol + 2);
    if (size == 0) {
      return out;
    }
    if (body.size() < size + 2) {
      malformed("a truncated chunk");
    }
    out.append(body.substr(0, size));
    body.remove_prefix(size + 2);
  }
}

}  // namespace

HttpResponse parse_http_response(std::string_view raw)
{
  const auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    malformed("no end of headers");
  }
  std::string_view head = raw.substr(0, head_end);
  std::string_view body = raw.substr(head_end + 4);

  const auto status_end = head.find("\r\n");
  const std::string_view status_line = head.substr(0, status_end);
  if (status_line.substr(0, 7) != "HTTP/1." || status_line.size() < 12 || status_line[8] != ' ') {
    malformed(fmt::format("status line '{}'", status_line));
  }
  HttpResponse response;
  const std::string_view code = status_line.substr(9, 3);
  const auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), response.status);
  if (ec != std::errc{} || end != code.data() + code.size()) {
    malformed(fmt::format("status line '{}'", status_line));
  }

  bool chunked = false;
  std::size_t length = body.size();
  bool have_length = false;
  head.remove_prefix(status_end == std::string_view::npos ? head.size() : status_end + 2);
  while (!head.empty()) {
    const auto eol = head.find("\r\n");
    const std::string_view line = head.substr(0, eol);
    head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      malformed(fmt::format("header line '{}'", line));
    }
    const std::string name = lower(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    if (name == "transfer-encoding" && lower(value) == "chunked") {
      chunked = true;
    } else if (name == "content-length") {
      const auto [vend, vec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (vec != std::errc{} || vend != value.data() + value.size()) {
        malformed(fmt::format("Content-Length '{}'", value));
      }
      have_length = true;
    }
  }
  if (chunked) {
    response.body = dechunk(body);
  } else {
    if (have_length && body.size() < length) {
      malformed("a body shorter than its Content-Length");
    }
    response.body = std::string(body.substr(0, length));
  }
  return response;
}

}  // namespace pwi::engine
