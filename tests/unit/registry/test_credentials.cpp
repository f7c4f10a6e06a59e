// Credentials from the engines' config files, each test in its own temporary directory, with a
// fake credential helper (docker-credential-test, a shell script) on a PATH of its own.
#include "../support/temp_dir.hpp"
#include "common/error.hpp"
#include "common/file_system.hpp"
#include "registry/credentials.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <map>

using namespace pwi::registry;
using pwi::test::TempDir;

namespace {

Environment fake_env(std::map<std::string, std::string> vars)
{
  return [vars](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) {
      return std::nullopt;
    }
    return it->second;
  };
}

// docker-credential-test: answers for reg.example:5000 and 127.0.0.1:5000, "not found" for
// others; records each server it was asked about (stdin) and its arguments.
void write_helper(const TempDir& dir)
{
  const std::string path = dir.write("bin/docker-credential-test", R"(#!/bin/sh
server=$(cat)
printf '%s|%s\n' "$*" "$server" >> "$(dirname "$0")/../asked"
case "$server" in
  reg.example:5000) printf '{"ServerURL":"%s","Username":"helper-user","Secret":"helper-secret"}' "$server" ;;
  127.0.0.1:5000) printf '{"Username":"store-user","Secret":"store-secret"}' ;;
  token.example) printf '{"Username":"<token>","Secret":"refresh-2"}' ;;
  broken.example) echo 'oops' ; exit 3 ;;
  garbage.example) echo 'not json: helper-secret' ;;
  *) echo 'credentials not found in native keychain' ; exit 1 ;;
esac
)");
  ::chmod(path.c_str(), 0755);
}

}  // namespace

TEST_CASE("credentials: the files, in order")
{
  CHECK(auth_files(fake_env({{"HOME", "/home/u"}})) ==
        std::vector<std::string>{"/home/u/.docker/config.json"});
  CHECK(auth_files(fake_env({{"HOME", "/home/u"},
                             {"DOCKER_CONFIG", "/etc/d"},
                             {"REGISTRY_AUTH_FILE", "/a/auth.json"},
                             {"XDG_RUNTIME_DIR", "/run/user/1"}})) ==
        std::vector<std::string>{"/a/auth.json", "/etc/d/config.json",
                                 "/run/user/1/containers/auth.json"});
  CHECK(auth_files(fake_env({})).empty());
}

TEST_CASE("credentials: registry keys without scheme and path")
{
  CHECK(normalize_registry_key("https://reg.example:5000/v1/") == "reg.example:5000");
  CHECK(normalize_registry_key("http://reg.example") == "reg.example");
  CHECK(normalize_registry_key("reg.example:5000") == "reg.example:5000");
  CHECK(normalize_registry_key("https://index.docker.io/v1/") == "index.docker.io");
}

TEST_CASE("credentials: auths entries, by exact or normalized key")
{
  TempDir dir;
  // "dXNlcjpwYTpzcw==" is user:pa:ss (the password may hold ':').
  dir.write("docker/config.json", R"({"auths": {
    "https://reg.example:5000/v1/": {"auth": "dXNlcjpwYTpzcw=="},
    "other.example": {"username": "u2", "password": "p2"},
    "bad.example": {"auth": "bm9jb2xvbg=="},
    "token.example": {"identitytoken": "x"}}})");
  pwi::RealFileSystem fs;
  const Environment env = fake_env({{"DOCKER_CONFIG", dir / "docker"}, {"HOME", dir / "home"}});

  const CredentialLookup found = find_credentials(fs, env, "reg.example:5000");
  REQUIRE(found.credentials);
  CHECK(found.credentials->username == "user");
  CHECK(found.credentials->secret == "pa:ss");
  CHECK(found.source == "auths of " + (dir / "docker/config.json"));

  const CredentialLookup other = find_credentials(fs, env, "other.example");
  REQUIRE(other.credentials);
  CHECK(other.credentials->username == "u2");
  CHECK(other.credentials->secret == "p2");

  const CredentialLookup none = find_credentials(fs, env, "reg.example");
  CHECK_FALSE(none.credentials);
  CHECK(none.files == std::vector<std::string>{dir / "docker/config.json"});
  const CredentialLookup token = find_credentials(fs, env, "token.example");
  REQUIRE(token.credentials);
  CHECK(token.credentials->identity_token);
  CHECK(token.credentials->secret == "x");
  CHECK_FALSE(other.credentials->identity_token);

  try {
    find_credentials(fs, env, "bad.example");
    FAIL("no error");
  } catch (const pwi::InputError& e) {
    CHECK(std::string(e.what()) ==
          dir / "docker/config.json" + std::string(": \"auths\" entry \"bad.example\": \"auth\" is "
                                                   "not base64 of user:password"));
    CHECK(e.code() == pwi::ExitCode::k_input);
  }
}

TEST_CASE("credentials: REGISTRY_AUTH_FILE first, then docker's, then podman's runtime file")
{
  TempDir dir;
  dir.write("auth.json", R"({"auths": {"a.example": {"auth": "YTph"}}})");                 // a:a
  dir.write("docker/config.json", R"({"auths": {"a.example": {"auth": "YjpiYg=="},
                                                "b.example": {"auth": "YjpiYg=="}}})");    // b:bb
  dir.write("run/containers/auth.json", R"({"auths": {"c.example": {"auth": "Yzpj"}}})");  // c:c
  pwi::RealFileSystem fs;
  const Environment env = fake_env({{"REGISTRY_AUTH_FILE", dir / "auth.json"},
                                    {"DOCKER_CONFIG", dir / "docker"},
                                    {"XDG_RUNTIME_DIR", dir / "run"}});
  CHECK(find_credentials(fs, env, "a.example").credentials->username == "a");
  CHECK(find_credentials(fs, env, "b.example").credentials->secret == "bb");
  CHECK(find_credentials(fs, env, "c.example").credentials->username == "c");
  CHECK_FALSE(find_credentials(fs, env, "d.example").credentials);
}

TEST_CASE("credentials: credHelpers and credsStore run docker-credential-<name> get")
{
  TempDir dir;
  write_helper(dir);
  dir.write("docker/config.json", R"({
    "credHelpers": {"reg.example:5000": "test", "missing.example": "nonesuch",
                    "broken.example": "test", "garbage.example": "test"},
    "auths": {"reg.example:5000": {"auth": "YTph"}, "unknown.example": {"auth": "YTph"}}})");
  dir.write("store/config.json", R"({"credsStore": "test",
    "auths": {"127.0.0.1:5000": {}}})");
  pwi::RealFileSystem fs;
  const Environment env =
    fake_env({{"DOCKER_CONFIG", dir / "docker"}, {"PATH", "/nonexistent:" + (dir / "bin")}});

  const CredentialLookup helper = find_credentials(fs, env, "reg.example:5000");
  REQUIRE(helper.credentials);
  CHECK(helper.credentials->username == "helper-user");
  CHECK(helper.credentials->secret == "helper-secret");
  CHECK(helper.source ==
        "docker-credential-test (credHelpers of " + (dir / "docker/config.json") + ")");
  CHECK(pwi::test::slurp(dir / "asked") == "get|reg.example:5000\n");

  const Environment store_env = fake_env({{"DOCKER_CONFIG", dir / "store"}, {"PATH", dir / "bin"}});
  const CredentialLookup store = find_credentials(fs, store_env, "127.0.0.1:5000");
  REQUIRE(store.credentials);
  CHECK(store.credentials->username == "store-user");
  CHECK(store.credentials->secret == "store-secret");
  const CredentialLookup token = find_credentials(fs, store_env, "token.example");
  REQUIRE(token.credentials);
  CHECK(token.credentials->identity_token);
  CHECK(token.credentials->secret == "refresh-2");
  CHECK_FALSE(store.credentials->identity_token);
  // The store has nothing for it, and neither has the file.
  CHECK_FALSE(find_credentials(fs, store_env, "elsewhere.example").credentials);

  try {
    find_credentials(fs, env, "missing.example");
    FAIL("no error");
  } catch (const pwi::IoError& e) {
    CHECK(std::string(e.what()) ==
          "the credential helper docker-credential-nonesuch (for missing.example) is not on PATH");
  }
  try {
    find_credentials(fs, env, "broken.example");
    FAIL("no error");
  } catch (const pwi::IoError& e) {
    CHECK(std::string(e.what()) ==
          "docker-credential-test get failed for broken.example: exit status 3");
  }
  try {
    find_credentials(fs, env, "garbage.example");
    FAIL("no error");
  } catch (const pwi::IoError& e) {
    CHECK(std::string(e.what()).find("helper-secret") == std::string::npos);
    CHECK(std::string(e.what()) ==
          "docker-credential-test get printed no JSON object with the strings \"Username\" and "
          "\"Secret\" for garbage.example");
  }
}

TEST_CASE("credentials: a malformed config file is an input error naming it")
{
  TempDir dir;
  dir.write("docker/config.json", R"({"auths": )");
  pwi::RealFileSystem fs;
  const Environment env = fake_env({{"DOCKER_CONFIG", dir / "docker"}});
  try {
    find_credentials(fs, env, "reg.example");
    FAIL("no error");
  } catch (const pwi::InputError& e) {
    CHECK(std::string(e.what()).find(dir / "docker/config.json") == 0);
    CHECK(std::string(e.what()).find("not valid JSON") != std::string::npos);
  }
}
