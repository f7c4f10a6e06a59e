// An in-memory registry behind the HttpTransport interface: the distribution API's blob HEAD,
// upload (POST, then monolithic PUT), cross-repository mount and manifest PUT, with no auth,
// Basic or Bearer tokens from a realm on another host. It records every request.
#pragma once

#include "common/digest.hpp"
#include "registry/base64.hpp"
#include "registry/http.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace pwi::test {

class FakeRegistry final : public registry::HttpTransport {
public:
  enum class Auth { k_none, k_basic, k_bearer };

  static constexpr const char* k_base = "http://127.0.0.1:5000";

  Auth auth = Auth::k_none;
  std::string realm = "https://auth.example/token";
  std::string user = "user";
  std::string password = "s3cret";
  std::string refresh_token = "refresh-1";  // an identity token it accepts
  std::string wrong_digest;                 // answered for a manifest instead of its own, when set
  // repository -> digests it holds
  std::map<std::string, std::set<std::string>> blobs;
  std::map<std::string, std::string> manifests;  // "repo:tag" -> content
  std::vector<std::string> log;                  // "METHOD url [auth]"
  std::vector<std::string> content_types;        // of the manifest PUTs

  registry::HttpResponse send(const registry::HttpRequest& request) override
  {
    std::string authorization;
    for (const std::string& header : request.headers) {
      if (header.rfind("Authorization: ", 0) == 0) {
        authorization = header.substr(15);
      }
      if (header.rfind("Content-Type: ", 0) == 0 && request.url.find("/manifests/") != npos) {
        content_types.push_back(header.substr(14));
      }
    }
    log.push_back(request.method + " " + request.url + (authorization.empty() ? "" : " [auth]"));
    if (request.url.rfind(realm, 0) == 0) {
      return token(request, authorization);
    }
    const std::string path_query = request.url.substr(std::string(k_base).size());
    const std::size_t q = path_query.find('?');
    const std::string path = path_query.substr(0, q);
    const auto query = parse_query(q == npos ? "" : path_query.substr(q + 1));

    if (!authorized(authorization, path, query)) {
      registry::HttpResponse out{401,
                                 "Unauthorized",
                                 {},
                                 R"({"errors":[{"code":"UNAUTHORIZED",)"
                                 R"("message":"authentication required"}]})"};
      out.headers.emplace_back("www-authenticate", challenge(path, query));
      return out;
    }
    // /v2/<repo>/blobs/<digest>, /v2/<repo>/blobs/uploads/[id], /v2/<repo>/manifests/<tag>
    const std::size_t blobs_at = path.find("/blobs/");
    const std::size_t manifests_at = path.find("/manifests/");
    if (blobs_at != npos) {
      const std::string repo = path.substr(4, blobs_at - 4);
      const std::string rest = path.substr(blobs_at + 7);
      if (rest.rfind("uploads/", 0) != 0) {
        return {blobs[repo].count(rest) ? 200L : 404L, "", {}, ""};
      }
      if (request.method == "POST") {
        if (query.count("mount") && blobs[query.at("from")].count(query.at("mount"))) {
          blobs[repo].insert(query.at("mount"));
          return {201, "Created", {}, ""};
        }
        registry::HttpResponse out{202, "Accepted", {}, ""};
        out.headers.emplace_back("location",
                                 fmt::format("/v2/{}/blobs/uploads/u{}?_state=x", repo, ++m_next));
        return out;
      }
      // PUT: the body, streamed from its file.
      Digest digest(HashAlgorithm::k_sha256);
      std::ifstream in(request.body_file, std::ios::binary);
      std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (request.body_observer) {
        request.body_observer(data);
      }
      digest.update(data);
      if ("sha256:" + digest.hex_digest() != query.at("digest")) {
        return {400,
                "Bad Request",
                {},
                R"({"errors":[{"code":"DIGEST_INVALID",)"
                R"("message":"provided digest did not match"}]})"};
      }
      blobs[repo].insert(query.at("digest"));
      return {201, "Created", {}, ""};
    }
    if (manifests_at != npos && request.method == "PUT") {
      const std::string repo = path.substr(4, manifests_at - 4);
      manifests[repo + ":" + path.substr(manifests_at + 11)] = request.body;
      registry::HttpResponse out{201, "Created", {}, ""};
      out.headers.emplace_back("docker-content-digest",
                               wrong_digest.empty()
                                 ? "sha256:" + digest_hex(HashAlgorithm::k_sha256, request.body)
                                 : wrong_digest);
      return out;
    }
    return {404, "Not Found", {}, ""};
  }

private:
  static constexpr std::size_t npos = std::string::npos;

  static std::map<std::string, std::string> parse_query(const std::string& query)
  {
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start < query.size()) {
      const std::size_t amp = std::min(query.find('&', start), query.size());
      const std::string item = query.substr(start, amp - start);
      const std::size_t eq = item.find('=');
      std::string value;
      const std::string raw = eq == npos ? "" : item.substr(eq + 1);
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 2 < raw.size() + 0) {
          value += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          value += raw[i];
        }
      }
      // Repeated names (scope) are joined by spaces.
      auto& slot = out[item.substr(0, eq)];
      slot += (slot.empty() ? "" : " ") + value;
      start = amp + 1;
    }
    return out;
  }

  std::string scope_of(const std::string& path, const std::map<std::string, std::string>& query)
  {
    const std::size_t end = std::min(path.find("/blobs/"), path.find("/manifests/"));
    std::string scope = fmt::format("repository:{}:pull,push", path.substr(4, end - 4));
    if (query.count("from")) {
      scope += fmt::format(" repository:{}:pull", query.at("from"));
    }
    return scope;
  }

  std::string challenge(const std::string& path, const std::map<std::string, std::string>& query)
  {
    if (auth == Auth::k_basic) {
      return R"(Basic realm="fake")";
    }
    return fmt::format(R"(Bearer realm="{}",service="fake",scope="{}")", realm,
                       scope_of(path, query));
  }

  bool authorized(const std::string& authorization, const std::string& path,
                  const std::map<std::string, std::string>& query)
  {
    switch (auth) {
    case Auth::k_none:
      return true;
    case Auth::k_basic:
      return authorization == "Basic " + registry::base64_encode(user + ":" + password);
    case Auth::k_bearer:
      return authorization == "Bearer tok " + scope_of(path, query);
    }
    return false;
  }

  registry::HttpResponse token(const registry::HttpRequest& request,
                               const std::string& authorization)
  {
    if (request.method == "POST") {
      const auto form = parse_query(request.body);
      if (form.count("grant_type") == 0 || form.at("grant_type") != "refresh_token" ||
          form.count("refresh_token") == 0 || form.at("refresh_token") != refresh_token ||
          form.count("service") == 0 || form.at("service") != "fake") {
        return {401, "Unauthorized", {}, R"({"details":"invalid refresh token"})"};
      }
      return {200, "OK", {}, fmt::format(R"({{"access_token":"tok {}"}})", form.at("scope"))};
    }
    if (authorization != "Basic " + registry::base64_encode(user + ":" + password)) {
      return {401, "Unauthorized", {}, R"({"details":"incorrect username or password"})"};
    }
    const auto query = parse_query(request.url.substr(request.url.find('?') + 1));
    if (query.count("service") == 0 || query.at("service") != "fake") {
      return {400, "Bad Request", {}, ""};
    }
    return {200, "OK", {}, fmt::format(R"({{"access_token":"tok {}"}})", query.at("scope"))};
  }

  int m_next = 0;
};

}  // namespace pwi::test
