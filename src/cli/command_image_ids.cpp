// pywheelimage image-ids --socket PATH REF...
#include "cli/cli.hpp"

#include "engine/docker_api.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>

namespace pwi::cli {

namespace {

struct ImageIdsArgs {
  std::string socket;
  std::vector<std::string> refs;
};

void run_image_ids(const ImageIdsArgs& args)
{
  std::string out;
  for (const std::string& id : engine::image_ids(args.socket, args.refs)) {
    out += id;
    out += '\n';
  }
  std::fputs(out.c_str(), stdout);
}

}  // namespace

void add_image_ids_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<ImageIdsArgs>();
  CLI::App* command = app.add_subcommand(
    "image-ids",
    "Print the id of each image reference (without 'sha256:'), one per line, or an empty line "
    "for an image the engine does not have, asking the Docker Engine API on a unix socket. The "
    "build's every-time check uses it: it answers faster than starting `docker image inspect`. "
    "Exit 5 when the engine cannot be reached");
  command->add_option("--socket", args->socket, "The engine's API socket (/var/run/docker.sock)")
    ->required()
    ->type_name("PATH");
  command->add_option("refs", args->refs, "Image references")->required()->type_name("REF");
  command->callback([&action, args] { action = [args] { run_image_ids(*args); }; });
}

}  // namespace pwi::cli
