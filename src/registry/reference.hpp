// Image references of `pywheelimage push --tag`: HOST[:PORT]/REPO[:TAG], always with the
// registry's host (no implicit docker.io), in the grammar of distribution's reference package.
#pragma once

#include <string>
#include <string_view>

namespace pwi::registry {

struct ImageReference {
  std::string host;        // as written: "127.0.0.1", "registry.example.com", "[::1]", "localhost"
  std::string port;        // "" when none
  std::string repository;  // "team/app"
  std::string tag;         // "latest" when none was written

  // "host[:port]": how the engines' config files and credential helpers name the registry.
  std::string registry() const;
  // "host[:port]/repository:tag"
  std::string to_string() const;
};

// Throws ParseError (common/error.hpp) saying what is wrong, at the offending character.
// A digest reference (@sha256:...) is refused: a push names the tag it writes.
ImageReference parse_image_reference(std::string_view text);

// Whether the registry is on the loopback interface (localhost, 127.0.0.0/8, ::1), which is
// spoken to in plain HTTP as the engines treat such registries as insecure; all others in HTTPS.
bool is_loopback_host(std::string_view host);

// "http://host[:port]" or "https://host[:port]": the base of the registry's API URLs. Docker
// Hub's "docker.io" is served by registry-1.docker.io.
std::string registry_base_url(const ImageReference& reference);

// The name the engines' credential stores use for the registry: "host[:port]", or for Docker
// Hub "https://index.docker.io/v1/".
std::string credential_server(const ImageReference& reference);

}  // namespace pwi::registry
