#include "registry/push.hpp"

#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pwi::registry {

Pusher::Pusher(HttpTransport& http, CredentialFinder credentials)
  : m_http(http), m_credentials(std::move(credentials))
{
}

RegistryClient& Pusher::client(const ImageReference& reference)
{
  const std::string base_url = registry_base_url(reference);
  auto& slot = m_clients[base_url];
  if (!slot) {
    const std::string server = credential_server(reference);
    CredentialFinder finder = m_credentials;
    slot = std::make_unique<RegistryClient>(
      m_http, reference.registry(), base_url,
      [finder, server] { return finder ? finder(server) : CredentialLookup{}; });
  }
  return *slot;
}

PushResult Pusher::push(const OciImage& image, const ImageReference& reference)
{
  RegistryClient& registry = client(reference);
  std::vector<std::string>& pushed = m_pushed[registry_base_url(reference)];
  // A repository pushed before in this run holds every blob of the image.
  std::string mount_from;
  for (auto it = pushed.rbegin(); it != pushed.rend(); ++it) {
    if (*it != reference.repository) {
      mount_from = *it;
      break;
    }
  }
  PushResult result;
  result.total = image.blobs.size();
  for (const Blob& blob : image.blobs) {
    if (registry.has_blob(reference.repository, blob.digest)) {
      continue;
    }
    const std::optional<std::string> location =
      registry.start_upload(reference.repository, blob.digest, mount_from);
    if (!location) {
      ++result.mounted;
      continue;
    }
    registry.upload(reference.repository, *location, blob);
    ++result.uploaded;
    result.bytes += blob.size;
  }
  const std::string answered =
    registry.put_manifest(reference.repository, reference.tag, image.media_type, image.manifest);
  if (!answered.empty() && answered != image.manifest_digest) {
    throw IoError(fmt::format("registry {}, repository {}: PUT manifest {}: the registry stored "
                              "it as {}, not {} (its sha256)",
                              registry.registry(), reference.repository, reference.tag, answered,
                              image.manifest_digest));
  }
  result.digest = image.manifest_digest;
  if (std::find(pushed.begin(), pushed.end(), reference.repository) == pushed.end()) {
    pushed.push_back(reference.repository);
  }
  return result;
}

std::string push_summary(const ImageReference& reference, const PushResult& result)
{
  std::string line =
    fmt::format("pushed {}@{} ({} of {} blobs uploaded, {} bytes", reference.to_string(),
                result.digest, result.uploaded, result.total, result.bytes);
  if (result.mounted > 0) {
    line += fmt::format(", {} mounted", result.mounted);
  }
  return line + ")";
}

}  // namespace pwi::registry
