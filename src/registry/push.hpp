// `pywheelimage push`: an OCI image layout to one or more tags, uploading only the blobs each
// repository lacks, mounting them from a repository of the same registry pushed before in the
// same run where it can, and the manifest last.
#pragma once

#include "registry/credentials.hpp"
#include "registry/http.hpp"
#include "registry/oci_layout.hpp"
#include "registry/reference.hpp"
#include "registry/registry_client.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pwi::registry {

struct PushResult {
  std::string digest;        // of the manifest, as the registry answered it
  std::size_t uploaded = 0;  // blobs sent
  std::size_t mounted = 0;   // blobs mounted from another repository
  std::size_t total = 0;     // blobs of the image
  std::uint64_t bytes = 0;   // sent, in the uploaded blobs
};

// Credentials for a registry, by credential_server() name.
using CredentialFinder = std::function<CredentialLookup(const std::string& server)>;

class Pusher {
public:
  Pusher(HttpTransport& http, CredentialFinder credentials);

  // Throws IoError naming the registry, repository, HTTP status and the registry's errors;
  // InputError when a blob's file does not have its digest.
  PushResult push(const OciImage& image, const ImageReference& reference);

private:
  RegistryClient& client(const ImageReference& reference);

  HttpTransport& m_http;
  CredentialFinder m_credentials;
  std::map<std::string, std::unique_ptr<RegistryClient>> m_clients;  // by base URL
  std::map<std::string, std::vector<std::string>> m_pushed;          // base URL -> repositories
};

// "pushed HOST/REPO:TAG@sha256:... (N of M blobs uploaded, B bytes)"
std::string push_summary(const ImageReference& reference, const PushResult& result);

}  // namespace pwi::registry
