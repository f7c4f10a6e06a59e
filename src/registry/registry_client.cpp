#include "registry/registry_client.hpp"

#include "common/digest.hpp"
#include "common/error.hpp"
#include "common/url_credentials.hpp"
#include "registry/base64.hpp"
#include "registry/reference.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace pwi::registry {

namespace {

constexpr std::size_t k_max_error_text = 300;

std::string query_escape(std::string_view value)
{
  std::string out;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

// "scheme://authority" of a URL.
std::string origin_of(std::string_view url)
{
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return "";
  }
  const std::size_t path = url.find_first_of("/?#", scheme_end + 3);
  return std::string(url.substr(0, path));
}

std::string host_of_origin(std::string_view origin)
{
  const std::size_t scheme_end = origin.find("://");
  std::string_view authority = origin.substr(scheme_end + 3);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (!authority.empty() && authority.front() == '[') {
    return std::string(authority.substr(0, authority.find(']') + 1));
  }
  return std::string(authority.substr(0, authority.find(':')));
}

std::string status_text(const HttpResponse& response)
{
  return response.reason.empty() ? fmt::format("HTTP {}", response.status)
                                 : fmt::format("HTTP {} {}", response.status, response.reason);
}

}  // namespace

std::string push_scope(const std::string& repository)
{
  return fmt::format("repository:{}:pull,push", repository);
}

std::string describe_registry_errors(const std::string& body)
{
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("errors") && json["errors"].is_array()) {
    std::string out;
    for (const nlohmann::json& error : json["errors"]) {
      if (!error.is_object()) {
        continue;
      }
      std::string one;
      if (error.contains("code") && error["code"].is_string()) {
        one = error["code"].get<std::string>();
      }
      if (error.contains("message") && error["message"].is_string()) {
        one += (one.empty() ? "" : ": ") + error["message"].get<std::string>();
      }
      if (!one.empty()) {
        out += (out.empty() ? "" : "; ") + one;
      }
    }
    return redact_url_credentials(out.substr(0, k_max_error_text));
  }
  std::string text = body.substr(0, std::min(body.find('\n'), k_max_error_text));
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return redact_url_credentials(text);
}

RegistryClient::RegistryClient(HttpTransport& http, std::string registry, std::string base_url,
                               CredentialSource credentials)
  : m_http(http),
    m_registry(std::move(registry)),
    m_base_url(std::move(base_url)),
    m_source(std::move(credentials))
{
}

const CredentialLookup& RegistryClient::credentials()
{
  if (!m_credentials) {
    m_credentials = m_source ? m_source() : CredentialLookup{};
  }
  return *m_credentials;
}

void RegistryClient::fail(const HttpResponse& response, const std::string& repository,
                          const std::string& what, const std::string& hint) const
{
  std::string message = fmt::format("registry {}, repository {}: {}: {}", m_registry, repository,
                                    what, status_text(response));
  if (const std::string errors = describe_registry_errors(response.body); !errors.empty()) {
    message += ": " + errors;
  }
  if (!hint.empty()) {
    message += " (" + hint + ")";
  }
  throw IoError(redact_url_credentials(message));
}

std::string RegistryClient::absolute_url(const std::string& location) const
{
  if (location.find("://") != std::string::npos) {
    return location;
  }
  if (!location.empty() && location.front() == '/') {
    return m_base_url + location;
  }
  return m_base_url + "/" + location;
}

bool RegistryClient::same_origin(const std::string& url) const
{
  return origin_of(url) == m_base_url;
}

HttpResponse RegistryClient::send(HttpRequest request, const std::string& repository,
                                  const std::string& scope, const std::string& what,
                                  const std::function<void()>& before_attempt)
{
  const std::vector<std::string> plain_headers = request.headers;
  for (int attempt = 0;; ++attempt) {
    request.headers = plain_headers;
    // Credentials only to the registry itself, never to a host a Location points to.
    if (same_origin(request.url)) {
      if (const auto token = m_tokens.find(scope); token != m_tokens.end()) {
        request.headers.push_back("Authorization: " + token->second);
      } else if (m_basic) {
        request.headers.push_back("Authorization: " + *m_basic);
      }
    }
    if (before_attempt) {
      before_attempt();
    }
    HttpResponse response = m_http.send(request);
    if (response.status != 401) {
      return response;
    }
    if (attempt > 0) {
      const CredentialLookup& used = credentials();
      fail(response, repository, what,
           used.credentials ? fmt::format("the credentials from {} were refused", used.source)
                            : "anonymous access was refused");
    }
    if (!authenticate(response, scope, repository, what)) {
      const CredentialLookup& looked = credentials();
      std::string files;
      for (const std::string& file : looked.files) {
        files += (files.empty() ? "" : ", ") + file;
      }
      fail(response, repository, what,
           fmt::format("no credentials for {} in {}: log in with the engine's client (docker "
                       "login, podman login)",
                       m_registry, files.empty() ? "no config file (HOME unset)" : files));
    }
  }
}

bool RegistryClient::authenticate(const HttpResponse& response, const std::string& scope,
                                  const std::string& repository, const std::string& what)
{
  std::vector<Challenge> challenges;
  for (const std::string& header : response.headers_named("www-authenticate")) {
    for (Challenge& challenge : parse_www_authenticate(header)) {
      challenges.push_back(std::move(challenge));
    }
  }
  for (const Challenge& challenge : challenges) {
    if (challenge.scheme == "bearer" && challenge.params.count("realm") != 0) {
      m_tokens[scope] = "Bearer " + fetch_token(challenge, scope, repository, what);
      return true;
    }
  }
  for (const Challenge& challenge : challenges) {
    if (challenge.scheme == "basic") {
      const CredentialLookup& found = credentials();
      if (!found.credentials) {
        return false;
      }
      if (found.credentials->identity_token) {
        fail(response, repository, what,
             fmt::format("the registry asks for Basic auth, and {} holds an identity token",
                         found.source));
      }
      m_basic =
        "Basic " + base64_encode(found.credentials->username + ":" + found.credentials->secret);
      return true;
    }
  }
  fail(response, repository, what,
       "the registry asks for an authentication other than Basic or Bearer (WWW-Authenticate)");
}

std::string RegistryClient::fetch_token(const Challenge& challenge, const std::string& scope,
                                        const std::string& repository, const std::string& what)
{
  const std::string& realm = challenge.params.at("realm");
  const std::string origin = origin_of(realm);
  if (origin.substr(0, 8) != "https://" &&
      !(origin.substr(0, 7) == "http://" && is_loopback_host(host_of_origin(origin)))) {
    throw IoError(redact_url_credentials(
      fmt::format("registry {}, repository {}: {}: the token realm {} is not HTTPS (plain HTTP "
                  "only on the loopback interface)",
                  m_registry, repository, what, realm)));
  }
  // service=...&scope=...: the challenge's scope, else ours; several are separated by spaces,
  // one parameter each.
  std::string params;
  if (const auto service = challenge.params.find("service"); service != challenge.params.end()) {
    params += "service=" + query_escape(service->second);
  }
  const auto asked = challenge.params.find("scope");
  const std::string scopes = asked != challenge.params.end() ? asked->second : scope;
  std::size_t start = 0;
  while (start < scopes.size()) {
    const std::size_t space = std::min(scopes.find(' ', start), scopes.size());
    if (space > start) {
      params +=
        (params.empty() ? "scope=" : "&scope=") + query_escape(scopes.substr(start, space - start));
    }
    start = space + 1;
  }
  HttpRequest request{"GET", realm, {}, {}, {}, 0, {}};
  if (!params.empty()) {
    request.url += (realm.find('?') == std::string::npos ? "?" : "&") + params;
  }
  const CredentialLookup& found = credentials();
  if (found.credentials && found.credentials->identity_token) {
    // OAuth2's refresh-token grant: a POST of the same parameters, as docker does it.
    request.method = "POST";
    request.url = realm;
    request.body = "grant_type=refresh_token&client_id=pywheelimage&refresh_token=" +
                   query_escape(found.credentials->secret) + (params.empty() ? "" : "&" + params);
    request.headers.push_back("Content-Type: application/x-www-form-urlencoded");
  } else if (found.credentials) {
    request.headers.push_back(
      "Authorization: Basic " +
      base64_encode(found.credentials->username + ":" + found.credentials->secret));
  }
  const HttpResponse response = m_http.send(request);
  const std::string token_what = fmt::format("{}: token from {}", what, origin);
  if (response.status != 200) {
    fail(response, repository, token_what,
         found.credentials ? fmt::format("with the credentials from {}", found.source)
                           : fmt::format("anonymous; no credentials for {} found", m_registry));
  }
  const nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
  for (const char* field : {"token", "access_token"}) {
    if (json.is_object() && json.contains(field) && json[field].is_string() &&
        !json[field].get<std::string>().empty()) {
      return json[field].get<std::string>();
    }
  }
  throw IoError(fmt::format(
    "registry {}, repository {}: {}: the answer has no \"token\" or \"access_token\" string",
    m_registry, repository, token_what));
}

bool RegistryClient::has_blob(const std::string& repository, const std::string& digest)
{
  const std::string what = fmt::format("HEAD blob {}", digest);
  const HttpResponse response = send(
    HttpRequest{
      "HEAD", fmt::format("{}/v2/{}/blobs/{}", m_base_url, repository, digest), {}, {}, {}, 0, {}},
    repository, push_scope(repository), what);
  if (response.status == 200) {
    return true;
  }
  if (response.status == 404) {
    return false;
  }
  fail(response, repository, what);
}

std::optional<std::string> RegistryClient::start_upload(const std::string& repository,
                                                        const std::string& digest,
                                                        const std::string& from)
{
  std::string url = fmt::format("{}/v2/{}/blobs/uploads/", m_base_url, repository);
  std::string scope = push_scope(repository);
  std::string what = fmt::format("starting the upload of blob {}", digest);
  if (!from.empty()) {
    url += fmt::format("?mount={}&from={}", query_escape(digest), query_escape(from));
    scope += fmt::format(" repository:{}:pull", from);
    what = fmt::format("mounting blob {} from {}", digest, from);
  }
  const HttpResponse response =
    send(HttpRequest{"POST", url, {}, {}, {}, 0, {}}, repository, scope, what);
  if (!from.empty() && response.status == 201) {
    return std::nullopt;
  }
  if (response.status != 202) {
    fail(response, repository, what);
  }
  const std::optional<std::string> location = response.header("location");
  if (!location || location->empty()) {
    throw IoError(fmt::format("registry {}, repository {}: {}: the answer (HTTP 202) has no "
                              "Location",
                              m_registry, repository, what));
  }
  return absolute_url(*location);
}

void RegistryClient::upload(const std::string& repository, const std::string& location,
                            const Blob& blob)
{
  const std::string url =
    fmt::format("{}{}digest={}", location, location.find('?') == std::string::npos ? '?' : '&',
                query_escape(blob.digest));
  auto digest = std::make_shared<Digest>(HashAlgorithm::k_sha256);
  HttpRequest request{"PUT",
                      url,
                      {"Content-Type: application/octet-stream"},
                      {},
                      blob.path,
                      blob.size,
                      [digest](std::string_view chunk) { digest->update(chunk); }};
  const std::string what = fmt::format("uploading blob {} ({} bytes)", blob.digest, blob.size);
  const HttpResponse response = send(std::move(request), repository, push_scope(repository), what,
                                     [digest] { *digest = Digest(HashAlgorithm::k_sha256); });
  const std::string sent = "sha256:" + digest->hex_digest();
  if (sent != blob.digest) {
    throw InputError(SourceLocation{blob.path, 0, 0, {}},
                     fmt::format("its digest is {}, not {} as its name says", sent, blob.digest));
  }
  if (response.status != 201 && response.status != 204) {
    fail(response, repository, what);
  }
}

std::string RegistryClient::put_manifest(const std::string& repository, const std::string& tag,
                                         const std::string& media_type, const std::string& content)
{
  const std::string what = fmt::format("PUT manifest {}", tag);
  const HttpResponse response =
    send(HttpRequest{"PUT",
                     fmt::format("{}/v2/{}/manifests/{}", m_base_url, repository, tag),
                     {"Content-Type: " + media_type},
                     content,
                     {},
                     0,
                     {}},
         repository, push_scope(repository), what);
  if (response.status != 201 && response.status != 200 && response.status != 204) {
    fail(response, repository, what);
  }
  return response.header("docker-content-digest").value_or("");
}

}  // namespace pwi::registry
