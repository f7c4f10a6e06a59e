// Registry credentials from the container engines' client configuration, as docker and podman
// find them: never from an argument, never shown, never written.
//
// The files, in this order (a missing one is skipped):
//   $REGISTRY_AUTH_FILE                       (podman, skopeo, buildah)
//   $DOCKER_CONFIG/config.json, default ~/.docker/config.json   (docker)
//   $XDG_RUNTIME_DIR/containers/auth.json     (podman's default)
// each of the format of docker's config.json. The first of these that has credentials for the
// registry, file by file, gives them:
//   "credHelpers": {"<registry>": "x"}   docker-credential-x get, the server on its stdin
//   "credsStore": "x"                    the same for every registry
//   "auths": {"<registry>": {"auth": base64("user:password")}}  (or "username", "password";
//            an "identitytoken" is preferred to them)
// A key may be written with a scheme and a path ("https://host:port/v1/"): only host:port counts.
#pragma once

#include "common/file_system.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pwi::registry {

struct Credentials {
  std::string username;
  std::string secret;  // the password or token; only ever sent in an Authorization header
  // The secret is an OAuth2 refresh token ("identitytoken" of an auths entry, or a helper's
  // Username "<token>"), traded at a Bearer realm for an access token as docker does.
  bool identity_token = false;
};

// Environment variables, as std::getenv answers (nullopt: not set).
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
Environment process_environment();

// The config files to read, in order (they may not exist).
std::vector<std::string> auth_files(const Environment& env);

// "host:port" of a key of "auths" or "credHelpers": without scheme and path.
std::string normalize_registry_key(std::string_view key);

// Runs docker-credential-<helper> get, found on PATH (env's "PATH"), with `server` on its
// stdin: the credentials it prints, or nullopt when it says it has none. Runs it with
// fork/exec, no shell. Throws IoError (without the helper's output, which may hold secrets)
// when it cannot run or fails otherwise.
std::optional<Credentials> run_credential_helper(const std::string& helper,
                                                 const std::string& server, const Environment& env);

struct CredentialLookup {
  std::optional<Credentials> credentials;
  std::string source;  // where they came from, for messages: "auths of FILE", "docker-credential-x"
  std::vector<std::string> files;  // the files looked at, for a "no credentials" message
};

// The credentials of `server` (credential_server() of a reference). Throws InputError when a
// file is not valid JSON or has entries of the wrong type, IoError when it cannot be read.
CredentialLookup find_credentials(FileSystem& fs, const Environment& env,
                                  const std::string& server);

}  // namespace pwi::registry
