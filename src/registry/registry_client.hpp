// One registry's distribution API (OCI distribution-spec), as a push needs it: blob HEAD,
// cross-repository mount, monolithic upload, manifest PUT; and the 401 dance: Basic, or a
// Bearer token from the challenge's realm, with the credentials asked for only when the
// registry wants them.
#pragma once

#include "registry/credentials.hpp"
#include "registry/http.hpp"
#include "registry/oci_layout.hpp"
#include "registry/www_authenticate.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace pwi::registry {

// Called at most once per client, on the first 401.
using CredentialSource = std::function<CredentialLookup()>;

class RegistryClient {
public:
  // `registry` is how messages name it ("host:port"), `base_url` its API's origin.
  RegistryClient(HttpTransport& http, std::string registry, std::string base_url,
                 CredentialSource credentials);

  bool has_blob(const std::string& repository, const std::string& digest);
  // POST /v2/<repository>/blobs/uploads/, with ?mount=<digest>&from=<from> unless `from` is
  // empty. nullopt when the registry mounted the blob; else the upload's URL.
  std::optional<std::string> start_upload(const std::string& repository, const std::string& digest,
                                          const std::string& from);
  // PUT <location>&digest=<digest>, the file streamed. Throws InputError when the file's
  // digest is not the blob's (the layout changed or is corrupt).
  void upload(const std::string& repository, const std::string& location, const Blob& blob);
  // PUT /v2/<repository>/manifests/<tag>: the Docker-Content-Digest the registry answers
  // ("" when it sends none).
  std::string put_manifest(const std::string& repository, const std::string& tag,
                           const std::string& media_type, const std::string& content);

  const std::string& registry() const { return m_registry; }

private:
  HttpResponse send(HttpRequest request, const std::string& repository, const std::string& scope,
                    const std::string& what, const std::function<void()>& before_attempt = {});
  // Answers a 401's challenges: false when there is nothing to answer them with.
  bool authenticate(const HttpResponse& response, const std::string& scope,
                    const std::string& repository, const std::string& what);
  std::string fetch_token(const Challenge& challenge, const std::string& scope,
                          const std::string& repository, const std::string& what);
  const CredentialLookup& credentials();
  [[noreturn]] void fail(const HttpResponse& response, const std::string& repository,
                         const std::string& what, const std::string& hint = "") const;
  std::string absolute_url(const std::string& location) const;
  bool same_origin(const std::string& url) const;

  HttpTransport& m_http;
  std::string m_registry;
  std::string m_base_url;
  CredentialSource m_source;
  std::optional<CredentialLookup> m_credentials;
  std::optional<std::string> m_basic;           // "Basic ..." once the registry asked for it
  std::map<std::string, std::string> m_tokens;  // scope -> "Bearer ..."
};

// "repository:<name>:pull,push", the scope of a push to `repository`.
std::string push_scope(const std::string& repository);

// The registry's error JSON ({"errors": [{"code", "message"}]}) as "CODE: message; ...", or
// the start of a body that is not such JSON ("" for none).
std::string describe_registry_errors(const std::string& body);

}  // namespace pwi::registry
