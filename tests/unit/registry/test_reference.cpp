// Image references of --tag, WWW-Authenticate challenges and base64, with known answers.
#include "common/error.hpp"
#include "registry/base64.hpp"
#include "registry/reference.hpp"
#include "registry/www_authenticate.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace pwi::registry;

namespace {

std::string parse_error(const std::string& text)
{
  try {
    parse_image_reference(text);
  } catch (const pwi::ParseError& e) {
    return std::string(e.what()) + " @" + std::to_string(e.offset());
  }
  return "no error";
}

}  // namespace

TEST_CASE("reference: host, port, repository and tag")
{
  const ImageReference a = parse_image_reference("127.0.0.1:5000/team/app:1.2-rc_3");
  CHECK(a.host == "127.0.0.1");
  CHECK(a.port == "5000");
  CHECK(a.repository == "team/app");
  CHECK(a.tag == "1.2-rc_3");
  CHECK(a.registry() == "127.0.0.1:5000");
  CHECK(a.to_string() == "127.0.0.1:5000/team/app:1.2-rc_3");

  const ImageReference b = parse_image_reference("registry.example.com/app");
  CHECK(b.host == "registry.example.com");
  CHECK(b.port.empty());
  CHECK(b.repository == "app");
  CHECK(b.tag == "latest");

  const ImageReference c = parse_image_reference("localhost/a.b__c--d/e_f:v");
  CHECK(c.host == "localhost");
  CHECK(c.repository == "a.b__c--d/e_f");

  const ImageReference d = parse_image_reference("[::1]:5000/app:x");
  CHECK(d.host == "[::1]");
  CHECK(d.port == "5000");
  CHECK(d.repository == "app");
}

TEST_CASE("reference: malformed ones are refused at the offending character")
{
  CHECK(parse_error("app:latest") == "no registry host: write HOST[:PORT]/REPO[:TAG] @0");
  CHECK(parse_error("team/app:1") ==
        "'team' is not a registry host (no '.', no port, not localhost): write "
        "HOST[:PORT]/REPO[:TAG], e.g. docker.io/team/app:1 @0");
  CHECK(parse_error("reg.example/App:1").find("'App' is not a repository name") == 0);
  CHECK(parse_error("reg.example/App:1").find(" @12") != std::string::npos);
  CHECK(parse_error("reg.example/a//b") ==
        "'a//b' is not a repository name: each '/'-separated part is lowercase letters and "
        "digits, joined by '.', '_', '__' or dashes @14");
  CHECK(parse_error("reg.example/a_:1").find("@14") != std::string::npos);
  CHECK(parse_error("reg.example/a___b").find("is not a repository name") != std::string::npos);
  CHECK(parse_error("reg.example/app:") ==
        "'' is not a tag: 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or "
        "'-' @16");
  CHECK(parse_error("reg.example/app:-x").find("is not a tag") != std::string::npos);
  CHECK(parse_error("reg.example/app:a+b") == "'a+b' is not a tag: '+' is not allowed @17");
  CHECK(parse_error("reg.example/app:" + std::string(129, 'a')).find("is not a tag") !=
        std::string::npos);
  CHECK(parse_error("reg.example/app@sha256:00") ==
        "a digest reference cannot be pushed: name a tag, HOST[:PORT]/REPO[:TAG] @15");
  CHECK(parse_error("reg.example:99999/app") == "'99999' is not a port number @12");
  CHECK(parse_error("reg.example:/app") == "'' is not a port number @12");
  CHECK(parse_error("reg_x.example/app") == "'reg_x.example' is not a host name @3");
  CHECK(parse_error("-reg.example/app") == "'-reg.example' is not a host name @0");
  CHECK(parse_error("reg.example/") == "no repository: write HOST[:PORT]/REPO[:TAG] @12");
  CHECK(parse_error("[::1/app").find("is not an IPv6 address") != std::string::npos);
}

TEST_CASE("reference: loopback registries are spoken to in plain HTTP")
{
  CHECK(is_loopback_host("localhost"));
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.255.3.4"));
  CHECK(is_loopback_host("[::1]"));
  CHECK_FALSE(is_loopback_host("127.0.0.1.example.com"));
  CHECK_FALSE(is_loopback_host("127.0.0"));
  CHECK_FALSE(is_loopback_host("127.0.0.256"));
  CHECK_FALSE(is_loopback_host("128.0.0.1"));
  CHECK_FALSE(is_loopback_host("localhost.example.com"));
  CHECK_FALSE(is_loopback_host("[::2]"));

  CHECK(registry_base_url(parse_image_reference("127.0.0.1:5000/a")) == "http://127.0.0.1:5000");
  CHECK(registry_base_url(parse_image_reference("localhost:5000/a")) == "http://localhost:5000");
  CHECK(registry_base_url(parse_image_reference("reg.example:5000/a")) ==
        "https://reg.example:5000");
  CHECK(registry_base_url(parse_image_reference("docker.io/me/a")) ==
        "https://registry-1.docker.io");
  CHECK(credential_server(parse_image_reference("docker.io/me/a")) ==
        "https://index.docker.io/v1/");
  CHECK(credential_server(parse_image_reference("reg.example:5000/a")) == "reg.example:5000");
}

TEST_CASE("www-authenticate: Bearer with quoted parameters")
{
  const auto challenges = parse_www_authenticate(
    R"(Bearer realm="https://auth.example/token",service="registry.example",)"
    R"(scope="repository:team/app:pull,push")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].scheme == "bearer");
  CHECK(challenges[0].params.at("realm") == "https://auth.example/token");
  CHECK(challenges[0].params.at("service") == "registry.example");
  CHECK(challenges[0].params.at("scope") == "repository:team/app:pull,push");
}

TEST_CASE("www-authenticate: Basic, case, spaces, escapes, tokens and several challenges")
{
  const auto challenges = parse_www_authenticate(
    R"(BASIC Realm = "Registry \"x\"" , , Bearer realm=https://a.example/t, error=invalid_token)");
  REQUIRE(challenges.size() == 2);
  CHECK(challenges[0].scheme == "basic");
  CHECK(challenges[0].params.at("realm") == "Registry \"x\"");
  CHECK(challenges[1].scheme == "bearer");
  CHECK(challenges[1].params.at("realm") == "https://a.example/t");
  CHECK(challenges[1].params.at("error") == "invalid_token");

  const auto bare = parse_www_authenticate("Basic");
  REQUIRE(bare.size() == 1);
  CHECK(bare[0].scheme == "basic");
  CHECK(bare[0].params.empty());

  CHECK(parse_www_authenticate("").empty());
  // An unterminated quoted string: the challenge so far is kept.
  const auto cut = parse_www_authenticate(R"(Bearer service="reg",realm="https://a)");
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].params.at("service") == "reg");
  CHECK(cut[0].params.count("realm") == 0);
}

TEST_CASE("base64: known answers both ways")
{
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("user:p@ss\xff") == "dXNlcjpwQHNz/w==");
  CHECK(base64_decode("dXNlcjpwQHNz/w==") == std::string("user:p@ss\xff"));
  CHECK(base64_decode("Zm8") == std::string("fo"));
  CHECK(base64_decode("Zm9v") == std::string("foo"));
  CHECK_FALSE(base64_decode("Zm9v!"));
  CHECK_FALSE(base64_decode("Z"));
  CHECK_FALSE(base64_decode("Zm 9v"));
}
