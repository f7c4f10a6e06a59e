// The push against an in-memory registry (fake_registry.hpp), on layouts written to a temporary
// directory: only missing blobs are sent, mounts across repositories, Basic and Bearer auth,
// and the errors' messages.
#include "../support/temp_dir.hpp"
#include "common/digest.hpp"
#include "common/error.hpp"
#include "common/file_system.hpp"
#include "fake_registry.hpp"
#include "registry/oci_layout.hpp"
#include "registry/push.hpp"
#include "registry/reference.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>

using namespace pwi::registry;
using pwi::test::FakeRegistry;
using pwi::test::TempDir;

namespace {

std::string sha256(const std::string& data)
{
  return "sha256:" + pwi::digest_hex(pwi::HashAlgorithm::k_sha256, data);
}

std::string put_blob(const TempDir& dir, const std::string& data)
{
  dir.write("layout/blobs/sha256/" + sha256(data).substr(7), data);
  return sha256(data);
}

// A layout of a config and the given layers; returns the manifest's digest.
std::string write_layout(const TempDir& dir, const std::vector<std::string>& layers)
{
  dir.write("layout/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  const std::string config = R"({"architecture":"amd64","os":"linux"})";
  std::string manifest = fmt::format(
    R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
    R"("config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}",)"
    R"("size":{}}},"layers":[)",
    put_blob(dir, config), config.size());
  for (std::size_t i = 0; i < layers.size(); ++i) {
    manifest += fmt::format(
      R"({}{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{}","size":{}}})",
      i == 0 ? "" : ",", put_blob(dir, layers[i]), layers[i].size());
  }
  manifest += "]}";
  const std::string digest = put_blob(dir, manifest);
  dir.write(
    "layout/index.json",
    fmt::format(R"({{"schemaVersion":2,"manifests":[{{"mediaType":)"
                R"("application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}}]}})",
                digest, manifest.size()));
  return digest;
}

OciImage read(const TempDir& dir)
{
  pwi::RealFileSystem fs;
  return read_oci_layout(fs, dir / "layout");
}

std::size_t count_log(const FakeRegistry& registry, const std::string& prefix)
{
  return static_cast<std::size_t>(
    std::count_if(registry.log.begin(), registry.log.end(),
                  [&](const std::string& line) { return line.rfind(prefix, 0) == 0; }));
}

CredentialFinder fixed_credentials(std::string user, std::string secret)
{
  return [user, secret](const std::string&) {
    return CredentialLookup{Credentials{user, secret}, "auths of config.json", {"config.json"}};
  };
}

}  // namespace

TEST_CASE("push: every blob the first time, none the second, only a new layer the third")
{
  TempDir dir;
  const std::string digest = write_layout(dir, {"layer one", "layer two"});
  FakeRegistry registry;
  Pusher pusher(registry, {});
  const ImageReference ref = parse_image_reference("127.0.0.1:5000/team/app:v1");

  const PushResult first = pusher.push(read(dir), ref);
  CHECK(first.digest == digest);
  CHECK(first.uploaded == 3);
  CHECK(first.total == 3);
  CHECK(first.bytes == std::string(R"({"architecture":"amd64","os":"linux"})").size() + 18);
  CHECK(
    push_summary(ref, first) ==
    fmt::format("pushed 127.0.0.1:5000/team/app:v1@{} (3 of 3 blobs uploaded, 55 bytes)", digest));
  CHECK(registry.manifests.count("team/app:v1") == 1);
  CHECK(registry.content_types ==
        std::vector<std::string>{"application/vnd.oci.image.manifest.v1+json"});
  CHECK(count_log(registry, "PUT http://127.0.0.1:5000/v2/team/app/blobs/uploads/u1?_state=x"
                            "&digest=sha256%3A") == 1);

  const PushResult second = pusher.push(read(dir), ref);
  CHECK(second.uploaded == 0);
  CHECK(second.bytes == 0);
  CHECK(count_log(registry, "POST") == 3);

  write_layout(dir, {"layer one", "layer two", "layer three"});
  const PushResult third = pusher.push(read(dir), ref);
  CHECK(third.uploaded == 1);
  CHECK(third.total == 4);
  CHECK(third.bytes == 11);
}

TEST_CASE("push: a second repository of the same registry mounts from the first")
{
  TempDir dir;
  write_layout(dir, {"layer one"});
  FakeRegistry registry;
  Pusher pusher(registry, {});
  const OciImage image = read(dir);
  pusher.push(image, parse_image_reference("127.0.0.1:5000/a:1"));
  const ImageReference b = parse_image_reference("127.0.0.1:5000/b:1");
  const PushResult mounted = pusher.push(image, b);
  CHECK(mounted.uploaded == 0);
  CHECK(mounted.mounted == 2);
  CHECK(push_summary(b, mounted).find("(0 of 2 blobs uploaded, 0 bytes, 2 mounted)") !=
        std::string::npos);
  CHECK(count_log(registry, "POST http://127.0.0.1:5000/v2/b/blobs/uploads/?mount=sha256%3A") == 2);
  // Another tag of a repository already pushed: nothing to send or mount.
  const PushResult again = pusher.push(image, parse_image_reference("127.0.0.1:5000/b:2"));
  CHECK(again.uploaded + again.mounted == 0);
}

TEST_CASE("push: a mount the registry refuses becomes an upload in the session it opened")
{
  TempDir dir;
  write_layout(dir, {"layer one"});
  FakeRegistry registry;
  Pusher pusher(registry, {});
  const OciImage image = read(dir);
  pusher.push(image, parse_image_reference("127.0.0.1:5000/a:1"));
  registry.blobs["a"].clear();  // garbage-collected meanwhile
  const PushResult result = pusher.push(image, parse_image_reference("127.0.0.1:5000/b:1"));
  CHECK(result.uploaded == 2);
  CHECK(result.mounted == 0);
  CHECK(count_log(registry, "PUT http://127.0.0.1:5000/v2/b/blobs/uploads/") == 2);
  CHECK(count_log(registry, "POST") == 4);
}

TEST_CASE("push: Basic auth, with the credentials asked for once")
{
  TempDir dir;
  write_layout(dir, {"layer one"});
  FakeRegistry registry;
  registry.auth = FakeRegistry::Auth::k_basic;
  int asked = 0;
  Pusher pusher(registry, [&asked](const std::string& server) {
    ++asked;
    CHECK(server == "127.0.0.1:5000");
    return CredentialLookup{Credentials{"user", "s3cret"}, "auths of config.json", {}};
  });
  const PushResult result = pusher.push(read(dir), parse_image_reference("127.0.0.1:5000/a:1"));
  CHECK(result.uploaded == 2);
  CHECK(asked == 1);
  // Only the first request went without credentials.
  CHECK(count_log(registry, "HEAD") == 3);
  CHECK(registry.log[0].find("[auth]") == std::string::npos);
  CHECK(std::all_of(registry.log.begin() + 1, registry.log.end(), [](const std::string& line) {
    return line.find("[auth]") != std::string::npos;
  }));
}

TEST_CASE("push: Bearer tokens from the realm, one per scope, mounts with both repositories")
{
  TempDir dir;
  write_layout(dir, {"layer one"});
  FakeRegistry registry;
  registry.auth = FakeRegistry::Auth::k_bearer;
  Pusher pusher(registry, fixed_credentials("user", "s3cret"));
  const OciImage image = read(dir);
  CHECK(pusher.push(image, parse_image_reference("127.0.0.1:5000/a:1")).uploaded == 2);
  CHECK(count_log(registry, "GET https://auth.example/token?service=fake&scope=repository%3Aa%3A"
                            "pull%2Cpush [auth]") == 1);
  const PushResult b = pusher.push(image, parse_image_reference("127.0.0.1:5000/b:1"));
  CHECK(b.mounted == 2);
  CHECK(count_log(registry, "GET https://auth.example/token?service=fake&scope=repository%3Ab%3A"
                            "pull%2Cpush&scope=repository%3Aa%3Apull [auth]") == 1);
  CHECK(count_log(registry, "GET https://auth.example/token") == 3);
}

TEST_CASE("push: refusals name the registry, repository, status and the registry's errors")
{
  TempDir dir;
  write_layout(dir, {"layer one"});
  FakeRegistry registry;
  registry.auth = FakeRegistry::Auth::k_basic;
  const ImageReference ref = parse_image_reference("127.0.0.1:5000/a:1");

  SECTION("no credentials")
  {
    Pusher pusher(registry, [](const std::string&) {
      return CredentialLookup{std::nullopt, "", {"/home/u/.docker/config.json"}};
    });
    try {
      pusher.push(read(dir), ref);
      FAIL("no error");
    } catch (const pwi::IoError& e) {
      CHECK(std::string(e.what()) ==
            "registry 127.0.0.1:5000, repository a: HEAD blob " + read(dir).blobs[0].digest +
              ": HTTP 401 Unauthorized: UNAUTHORIZED: authentication required (no credentials "
              "for 127.0.0.1:5000 in /home/u/.docker/config.json: log in with the engine's "
              "client (docker login, podman login))");
      CHECK(e.code() == pwi::ExitCode::k_io);
    }
  }
  SECTION("wrong credentials, never shown")
  {
    Pusher pusher(registry, fixed_credentials("user", "wrong-password"));
    try {
      pusher.push(read(dir), ref);
      FAIL("no error");
    } catch (const pwi::IoError& e) {
      CHECK(std::string(e.what()).find("HTTP 401 Unauthorized") != std::string::npos);
      CHECK(std::string(e.what()).find("the credentials from auths of config.json were refused") !=
            std::string::npos);
      CHECK(std::string(e.what()).find("wrong-password") == std::string::npos);
    }
  }
  SECTION("a token server that refuses")
  {
    registry.auth = FakeRegistry::Auth::k_bearer;
    Pusher pusher(registry, fixed_credentials("user", "wrong-password"));
    try {
      pusher.push(read(dir), ref);
      FAIL("no error");
    } catch (const pwi::IoError& e) {
      CHECK(std::string(e.what()).find("registry 127.0.0.1:5000, repository a: HEAD blob ") == 0);
      CHECK(std::string(e.what()).find(": token from https://auth.example: HTTP 401 "
                                       "Unauthorized: {\"details\":\"incorrect username or "
                                       "password\"} (with the credentials from auths of "
                                       "config.json)") != std::string::npos);
    }
  }
}

TEST_CASE("push: a manifest stored under another digest is an error")
{
  TempDir dir;
  write_layout(dir, {"layer one"});
  FakeRegistry registry;
  registry.wrong_digest = "sha256:" + std::string(64, '0');
  Pusher pusher(registry, {});
  try {
    pusher.push(read(dir), parse_image_reference("127.0.0.1:5000/a:1"));
    FAIL("no error");
  } catch (const pwi::IoError& e) {
    CHECK(std::string(e.what()).find("registry 127.0.0.1:5000, repository a: PUT manifest 1: the "
                                     "registry stored it as sha256:000") == 0);
  }
}

TEST_CASE("push: a blob whose file does not hold its digest is an input error naming it")
{
  TempDir dir;
  write_layout(dir, {"layer one"});
  const OciImage image = read(dir);
  // Same size, other bytes.
  dir.write("layout/blobs/sha256/" + image.blobs[1].digest.substr(7), "layer ONE");
  FakeRegistry registry;
  Pusher pusher(registry, {});
  try {
    pusher.push(image, parse_image_reference("127.0.0.1:5000/a:1"));
    FAIL("no error");
  } catch (const pwi::InputError& e) {
    CHECK(std::string(e.what()) == image.blobs[1].path + ": its digest is " + sha256("layer ONE") +
                                     ", not " + image.blobs[1].digest + " as its name says");
  }
}

TEST_CASE("push: credentials go to a token realm only over HTTPS, or HTTP on the loopback")
{
  TempDir dir;
  write_layout(dir, {"layer one"});
  FakeRegistry registry;
  registry.auth = FakeRegistry::Auth::k_bearer;
  registry.realm = "http://auth.example/token";
  Pusher pusher(registry, fixed_credentials("user", "s3cret"));
  try {
    pusher.push(read(dir), parse_image_reference("127.0.0.1:5000/a:1"));
    FAIL("no error");
  } catch (const pwi::IoError& e) {
    CHECK(std::string(e.what()).find("the token realm http://auth.example/token is not HTTPS "
                                     "(plain HTTP only on the loopback interface)") !=
          std::string::npos);
  }
  CHECK(count_log(registry, "GET http://auth.example") == 0);

  FakeRegistry local;
  local.auth = FakeRegistry::Auth::k_bearer;
  local.realm = "http://127.0.0.1:5001/token";
  Pusher local_pusher(local, fixed_credentials("user", "s3cret"));
  CHECK(local_pusher.push(read(dir), parse_image_reference("127.0.0.1:5000/a:1")).uploaded == 2);
}

TEST_CASE("push: the registry's error JSON, as CODE: message")
{
  CHECK(describe_registry_errors(
          R"({"errors":[{"code":"MANIFEST_INVALID","message":"manifest invalid","detail":{}},)"
          R"({"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]})") ==
        "MANIFEST_INVALID: manifest invalid; BLOB_UNKNOWN: blob unknown to registry");
  CHECK(describe_registry_errors("") == "");
  CHECK(describe_registry_errors("<html>\n<body>Bad gateway</body>") == "<html>");
  CHECK(describe_registry_errors(R"({"errors":[{"code":"DENIED"}]})") == "DENIED");
  // A URL with credentials in an answer is masked.
  CHECK(describe_registry_errors("see https://user:pw@host/x") == "see https://user:****@host/x");
}

TEST_CASE("push: an identity token is traded at the realm by the refresh-token grant")
{
  TempDir dir;
  write_layout(dir, {"layer one"});
  FakeRegistry registry;
  registry.auth = FakeRegistry::Auth::k_bearer;
  Pusher pusher(registry, [](const std::string&) {
    return CredentialLookup{Credentials{"<token>", "refresh-1", true}, "auths of config.json", {}};
  });
  CHECK(pusher.push(read(dir), parse_image_reference("127.0.0.1:5000/a:1")).uploaded == 2);
  CHECK(count_log(registry, "POST https://auth.example/token") == 1);
  CHECK(count_log(registry, "GET https://auth.example/token") == 0);

  FakeRegistry basic;
  basic.auth = FakeRegistry::Auth::k_basic;
  Pusher basic_pusher(basic, [](const std::string&) {
    return CredentialLookup{Credentials{"<token>", "refresh-1", true}, "auths of config.json", {}};
  });
  try {
    basic_pusher.push(read(dir), parse_image_reference("127.0.0.1:5000/a:1"));
    FAIL("no error");
  } catch (const pwi::IoError& e) {
    CHECK(std::string(e.what()).find("the registry asks for Basic auth, and auths of config.json "
                                     "holds an identity token") != std::string::npos);
    CHECK(std::string(e.what()).find("refresh-1") == std::string::npos);
  }
}
