#include "registry/reference.hpp"

#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace pwi::registry {

namespace {

constexpr std::size_t k_max_name_size = 255;  // distribution's NameTotalLengthMax
constexpr std::size_t k_max_tag_size = 128;

bool is_alnum(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool is_lower_alnum(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// [a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])? separated by '.'; returns the offset of a bad
// character in `host`, or npos.
std::size_t check_domain(std::string_view host)
{
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = host.find('.', start);
    const std::size_t end = dot == std::string_view::npos ? host.size() : dot;
    if (end == start) {
      return start;
    }
    for (std::size_t i = start; i < end; ++i) {
      if (!is_alnum(host[i]) && !(host[i] == '-' && i != start && i + 1 != end)) {
        return i;
      }
    }
    if (dot == std::string_view::npos) {
      return std::string_view::npos;
    }
    start = dot + 1;
  }
}

// [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*: returns the offset of a bad character, or npos.
std::size_t check_path_component(std::string_view component)
{
  std::size_t i = 0;
  while (true) {
    if (i == component.size() || !is_lower_alnum(component[i])) {
      return i;
    }
    while (i < component.size() && is_lower_alnum(component[i])) {
      ++i;
    }
    if (i == component.size()) {
      return std::string_view::npos;
    }
    const std::size_t separator = i;
    if (component[i] == '.') {
      ++i;
    } else if (component[i] == '_') {
      i += component.substr(i, 2) == "__" ? 2 : 1;
    } else if (component[i] == '-') {
      while (i < component.size() && component[i] == '-') {
        ++i;
      }
    } else {
      return separator;
    }
  }
}

bool is_tag_char(char c)
{
  return is_alnum(c) || c == '_' || c == '.' || c == '-';
}

}  // namespace

std::string ImageReference::registry() const
{
  return port.empty() ? host : host + ":" + port;
}

std::string ImageReference::to_string() const
{
  return fmt::format("{}/{}:{}", registry(), repository, tag);
}

ImageReference parse_image_reference(std::string_view text)
{
  const std::string_view k_form = "HOST[:PORT]/REPO[:TAG]";
  if (const std::size_t at = text.find('@'); at != std::string_view::npos) {
    throw ParseError(fmt::format("a digest reference cannot be pushed: name a tag, {}", k_form),
                     at);
  }
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    throw ParseError(fmt::format("no registry host: write {}", k_form), 0);
  }
  ImageReference out;
  std::string_view authority = text.substr(0, slash);
  // The port: after the last ':' of the authority, past an IPv6 literal's brackets.
  const std::size_t close = authority.rfind(']');
  const std::size_t colon = authority.rfind(':');
  std::string_view host = authority;
  if (colon != std::string_view::npos && (close == std::string_view::npos || colon > close)) {
    host = authority.substr(0, colon);
    const std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoul(std::string(port)) > 65535) {
      throw ParseError(fmt::format("'{}' is not a port number", port), colon + 1);
    }
    out.port = std::string(port);
  }
  if (host.empty()) {
    throw ParseError(fmt::format("no registry host: write {}", k_form), 0);
  }
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 4 ||
        host.substr(1, host.size() - 2).find_first_not_of("0123456789abcdefABCDEF:") !=
          std::string_view::npos) {
      throw ParseError(fmt::format("'{}' is not an IPv6 address in brackets", host), 0);
    }
  } else {
    if (const std::size_t bad = check_domain(host); bad != std::string_view::npos) {
      throw ParseError(fmt::format("'{}' is not a host name", host), bad);
    }
    // As the engines read a reference: a first component without '.' or ':' that is not
    // localhost is the repository's, and then no registry was written.
    if (host.find('.') == std::string_view::npos && out.port.empty() && host != "localhost") {
      throw ParseError(
        fmt::format("'{}' is not a registry host (no '.', no port, not localhost): write {}, "
                    "e.g. docker.io/{}",
                    host, k_form, text),
        0);
    }
  }
  out.host = std::string(host);

  std::string_view name = text.substr(slash + 1);
  const std::size_t tag_colon = name.rfind(':');
  if (tag_colon != std::string_view::npos) {
    const std::string_view tag = name.substr(tag_colon + 1);
    const std::size_t tag_offset = slash + 1 + tag_colon + 1;
    if (tag.empty() || tag.size() > k_max_tag_size || tag.front() == '.' || tag.front() == '-') {
      throw ParseError(fmt::format("'{}' is not a tag: 1 to {} letters, digits, '_', '.' or "
                                   "'-', not starting with '.' or '-'",
                                   tag, k_max_tag_size),
                       tag_offset);
    }
    for (std::size_t i = 0; i < tag.size(); ++i) {
      if (!is_tag_char(tag[i])) {
        throw ParseError(fmt::format("'{}' is not a tag: '{}' is not allowed", tag, tag[i]),
                         tag_offset + i);
      }
    }
    out.tag = std::string(tag);
    name = name.substr(0, tag_colon);
  } else {
    out.tag = "latest";
  }
  if (name.empty()) {
    throw ParseError(fmt::format("no repository: write {}", k_form), slash + 1);
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t next = name.find('/', start);
    const std::string_view component =
      name.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
    if (const std::size_t bad = check_path_component(component); bad != std::string_view::npos) {
      throw ParseError(
        fmt::format("'{}' is not a repository name: each '/'-separated part is lowercase letters "
                    "and digits, joined by '.', '_', '__' or dashes",
                    name),
        slash + 1 + start + bad);
    }
    if (next == std::string_view::npos) {
      break;
    }
    start = next + 1;
  }
  if (out.host.size() + 1 + name.size() > k_max_name_size) {
    throw ParseError(fmt::format("the name is longer than {} characters", k_max_name_size), 0);
  }
  out.repository = std::string(name);
  return out;
}

bool is_loopback_host(std::string_view host)
{
  if (host == "localhost" || host == "[::1]") {
    return true;
  }
  // 127.0.0.0/8 as four decimal octets.
  if (host.substr(0, 4) != "127.") {
    return false;
  }
  int octets = 0;
  std::size_t start = 0;
  while (start <= host.size()) {
    const std::size_t dot = std::min(host.find('.', start), host.size());
    const std::string_view octet = host.substr(start, dot - start);
    if (octet.empty() || octet.size() > 3 ||
        octet.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(octet)) > 255) {
      return false;
    }
    ++octets;
    start = dot + 1;
  }
  return octets == 4;
}

std::string registry_base_url(const ImageReference& reference)
{
  if (reference.host == "docker.io" || reference.host == "index.docker.io") {
    return "https://registry-1.docker.io";
  }
  return fmt::format("{}://{}", is_loopback_host(reference.host) ? "http" : "https",
                     reference.registry());
}

std::string credential_server(const ImageReference& reference)
{
  if (reference.host == "docker.io" || reference.host == "index.docker.io" ||
      reference.host == "registry-1.docker.io") {
    return "https://index.docker.io/v1/";
  }
  return reference.registry();
}

}  // namespace pwi::registry
