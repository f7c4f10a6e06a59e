#include "engine/http_response.hpp"

#include "common/ascii.hpp"
#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>

namespace pwi::engine {

namespace {

constexpr std::string_view k_crlf = "\r\n";
constexpr std::size_t k_max_quoted = 60;

std::string_view trim(std::string_view text)
{
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// Text from the socket, for a message: whatever sent it may not be an HTTP server at all, so
// control bytes are escaped and long text is cut.
std::string quoted(std::string_view text)
{
  std::string out = "'";
  for (const char c : text.substr(0, k_max_quoted)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  out += text.size() > k_max_quoted ? "'..." : "'";
  return out;
}

[[noreturn]] void malformed(std::string_view what)
{
  throw IoError(
    fmt::format("the container engine's API answered with a malformed HTTP response ({})", what));
}

bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

int hex_value(char c)
{
  if (is_digit(c)) {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// RFC 9110 token characters, which is all a header name may have.
bool is_token(std::string_view text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// Control bytes other than tab, among them a CR or LF that is not part of a CRLF.
bool has_control(std::string_view line)
{
  return std::any_of(line.begin(), line.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t') || byte == 0x7f;
  });
}

// "HTTP/1.x NNN[ reason]": exactly three digits, so that "HTTP/1.1 2000" is not a 200.
int parse_status_line(std::string_view line)
{
  const std::string_view version = line.substr(0, 9);
  const bool ok = (version == "HTTP/1.1 " || version == "HTTP/1.0 ") && line.size() >= 12 &&
                  line[9] >= '1' && line[9] <= '5' && is_digit(line[10]) && is_digit(line[11]) &&
                  (line.size() == 12 || line[12] == ' ') && !has_control(line);
  if (!ok) {
    malformed(fmt::format("status line {}", quoted(line)));
  }
  return (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
}

std::size_t parse_content_length(std::string_view value)
{
  if (value.empty() || !std::all_of(value.begin(), value.end(), is_digit)) {
    malformed(fmt::format("Content-Length {}", quoted(value)));
  }
  std::uint64_t length = 0;
  for (const char c : value) {
    // Any length above the cap is refused, so there is no overflow to worry about.
    length = length * 10 + static_cast<std::uint64_t>(c - '0');
    if (length > k_max_http_response_size) {
      malformed(fmt::format("Content-Length {} larger than the {} bytes accepted", quoted(value),
                            k_max_http_response_size));
    }
  }
  return static_cast<std::size_t>(length);
}

// The size in a chunk's size line: hexadecimal digits, then optional `;extension`.
std::size_t parse_chunk_size(std::string_view line)
{
  std::size_t size = 0;
  std::size_t i = 0;
  for (; i < line.size() && hex_value(line[i]) >= 0; ++i) {
    size = size * 16 + static_cast<std::size_t>(hex_value(line[i]));
    if (size > k_max_http_response_size) {
      malformed(fmt::format("chunk size {} larger than the {} bytes accepted", quoted(line),
                            k_max_http_response_size));
    }
  }
  std::string_view rest = line.substr(i);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) {
    rest.remove_prefix(1);
  }
  if (i == 0 || (!rest.empty() && rest.front() != ';')) {
    malformed(fmt::format("chunk size {} is not hexadecimal", quoted(line)));
  }
  return size;
}

std::string dechunk(std::string_view body)
{
  std::string out;
  for (;;) {
    if (body.empty()) {
      malformed("a chunked body without its final 0-size chunk");
    }
    const auto eol = body.find(k_crlf);
    if (eol == std::string_view::npos) {
      malformed(fmt::format("chunk size line {} without its CRLF", quoted(body)));
    }
    const std::size_t size = parse_chunk_size(body.substr(0, eol));
    body.remove_prefix(eol + k_crlf.size());
    if (size == 0) {
      break;
    }
    if (size > body.size()) {
      malformed(fmt::format("a chunk of {} bytes with only {} left", size, body.size()));
    }
    if (body.substr(size, k_crlf.size()) != k_crlf) {
      malformed("chunk data not followed by CRLF");
    }
    out.append(body.substr(0, size));
    body.remove_prefix(size + k_crlf.size());
  }
  // Trailer fields, which nothing here needs, up to the empty line that ends the message.
  for (;;) {
    const auto eol = body.find(k_crlf);
    if (eol == std::string_view::npos) {
      malformed("a chunked body without the CRLF after its last chunk");
    }
    if (eol == 0) {
      return out;
    }
    body.remove_prefix(eol + k_crlf.size());
  }
}

}  // namespace

HttpResponse parse_http_response(std::string_view raw)
{
  if (raw.size() > k_max_http_response_size) {
    malformed(fmt::format("larger than the {} bytes accepted", k_max_http_response_size));
  }
  const auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    malformed("no end of headers");
  }
  std::string_view head = raw.substr(0, head_end);
  const std::string_view body = raw.substr(head_end + 4);

  const auto status_end = head.find(k_crlf);
  HttpResponse response;
  response.status = parse_status_line(head.substr(0, status_end));
  head.remove_prefix(status_end == std::string_view::npos ? head.size()
                                                          : status_end + k_crlf.size());

  bool chunked = false;
  std::optional<std::size_t> length;
  while (!head.empty()) {
    const auto eol = head.find(k_crlf);
    const std::string_view line = head.substr(0, eol);
    head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + k_crlf.size());
    const auto colon = line.find(':');
    // No space before the colon either (RFC 9112, 5.1): "Content-Length :" is refused.
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)) || has_control(line)) {
      malformed(fmt::format("header line {}", quoted(line)));
    }
    const std::string name = lower_ascii(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (name == "transfer-encoding") {
      if (lower_ascii(value) != "chunked") {
        malformed(fmt::format("Transfer-Encoding {} is not supported", quoted(value)));
      }
      chunked = true;
    } else if (name == "content-length") {
      const std::size_t this_length = parse_content_length(value);
      if (length && *length != this_length) {
        malformed("Content-Length headers that disagree");
      }
      length = this_length;
    }
  }
  // Transfer-Encoding wins over Content-Length (RFC 9112, 6.3).
  if (chunked) {
    response.body = dechunk(body);
  } else if (length) {
    if (body.size() < *length) {
      malformed(fmt::format("a body of {} bytes, shorter than its Content-Length {}", body.size(),
                            *length));
    }
    response.body = std::string(body.substr(0, *length));
  } else {
    response.body = std::string(body);
  }
  return response;
}

}  // namespace pwi::engine
