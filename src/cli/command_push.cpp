// pywheelimage push --oci-layout DIR --tag HOST[:PORT]/REPO[:TAG] [--tag ...] [--digest-file F]
//
// Pushes an OCI image layout through the OCI distribution API (src/registry/): per tag, each
// blob the repository lacks is mounted from a repository pushed before in this run or
// uploaded, then the manifest. Plain HTTP only to loopback registries (localhost,
// 127.0.0.0/8, ::1), HTTPS with the system's CAs otherwise. Credentials come from the engines'
// client configuration (registry/credentials.hpp), never from the command line.
#include "cli/cli.hpp"

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/file_system.hpp"
#include "registry/credentials.hpp"
#include "registry/http.hpp"
#include "registry/oci_layout.hpp"
#include "registry/push.hpp"
#include "registry/reference.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>

namespace pwi::cli {

namespace {

struct PushArgs {
  std::string layout;
  std::vector<std::string> tags;
  std::string digest_file;
};

void run_push(const PushArgs& args)
{
  // Everything that can be checked without the network first: the tags, then the layout.
  std::vector<registry::ImageReference> references;
  for (const std::string& tag : args.tags) {
    try {
      references.push_back(registry::parse_image_reference(tag));
    } catch (const ParseError& e) {
      throw UsageError(
        fmt::format("--tag '{}': {} (at character {})", tag, e.what(), e.offset() + 1));
    }
  }
  RealFileSystem fs;
  const registry::OciImage image = registry::read_oci_layout(fs, args.layout);

  registry::CurlTransport http;
  const registry::Environment env = registry::process_environment();
  registry::Pusher pusher(http, [&fs, &env](const std::string& server) {
    return registry::find_credentials(fs, env, server);
  });
  for (const registry::ImageReference& reference : references) {
    const registry::PushResult result = pusher.push(image, reference);
    std::fputs((registry::push_summary(reference, result) + "\n").c_str(), stdout);
    std::fflush(stdout);
  }
  if (!args.digest_file.empty()) {
    write_file_if_changed(args.digest_file, image.manifest_digest + "\n");
  }
}

}  // namespace

void add_push_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<PushArgs>();
  CLI::App* command = app.add_subcommand(
    "push",
    "Push an OCI image layout (oci-layout, index.json with one image manifest, blobs/sha256/) "
    "to each --tag through the OCI distribution API, uploading only the blobs the repository "
    "lacks (or mounting them from a repository pushed before in this run), then the manifest; "
    "prints 'pushed HOST/REPO:TAG@sha256:... (N of M blobs uploaded, B bytes)' per tag. Plain "
    "HTTP only to localhost, 127.0.0.0/8 and [::1], HTTPS with the system's CAs otherwise. "
    "Credentials: the engines' client configuration ($REGISTRY_AUTH_FILE, "
    "$DOCKER_CONFIG/config.json or ~/.docker/config.json, "
    "$XDG_RUNTIME_DIR/containers/auth.json: auths, credHelpers, credsStore), never arguments. "
    "Exit 2 for a malformed --tag, 3 for a malformed layout, 5 when a registry cannot be "
    "reached or refuses (the message names it, the repository, the HTTP status and its errors)");
  command->add_option("--oci-layout", args->layout, "The OCI image layout to push")
    ->required()
    ->type_name("DIR");
  command
    ->add_option("--tag", args->tags,
                 "Where to push: HOST[:PORT]/REPO[:TAG] (TAG defaults to latest); repeatable")
    ->required()
    ->expected(1)
    ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
    ->type_name("REF");
  command
    ->add_option("--digest-file", args->digest_file,
                 "Write the manifest's digest (sha256:...) here, only when it changed")
    ->type_name("FILE");
  command->callback([&action, args] { action = [args] { run_push(*args); }; });
}

}  // namespace pwi::cli
