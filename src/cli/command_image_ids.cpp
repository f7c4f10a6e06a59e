// pywheelimage image-ids --socket PATH [--timeout SECONDS] REF...
//
// Fails fast, so that the build falls back to the engine's CLI: the whole command gives up
// after --timeout seconds (default 2: connecting, sending and reading every answer), and an
// answer larger than 4 MiB is refused; both exit 5 (see engine/docker_api.hpp).
#include "cli/cli.hpp"

#include "engine/docker_api.hpp"
#include "engine/http_response.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>

namespace pwi::cli {

namespace {

// A day: long enough for any use, short enough that the conversion cannot overflow.
constexpr double k_max_timeout_seconds = 86400;

struct ImageIdsArgs {
  std::string socket;
  double timeout_seconds = std::chrono::duration<double>(engine::k_image_ids_timeout).count();
  std::vector<std::string> refs;
};

void run_image_ids(const ImageIdsArgs& args)
{
  const auto timeout = std::chrono::ceil<std::chrono::milliseconds>(
    std::chrono::duration<double>(args.timeout_seconds));
  std::string out;
  for (const std::string& id : engine::image_ids(args.socket, args.refs, timeout)) {
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
    fmt::format(
      "Print the id of each image reference (without 'sha256:'), one per line, or an empty line "
      "for an image the engine does not have, asking the Docker Engine API on a unix socket. The "
      "build's every-time check uses it: it answers faster than starting `docker image inspect`. "
      "Exit 5 when the engine cannot be reached, does not answer every reference within the "
      "timeout, or answers anything but a well-formed HTTP response of at most {} MiB",
      engine::k_max_http_response_size / (1024 * 1024)));
  command->add_option("--socket", args->socket, "The engine's API socket (/var/run/docker.sock)")
    ->required()
    ->type_name("PATH");
  command
    ->add_option("--timeout", args->timeout_seconds,
                 "Give up after this many seconds for the whole command: connecting, sending and "
                 "reading every answer")
    ->capture_default_str()
    ->check(CLI::Range(0.001, k_max_timeout_seconds))
    ->type_name("SECONDS");
  command->add_option("refs", args->refs, "Image references")->required()->type_name("REF");
  command->callback([&action, args] { action = [args] { run_image_ids(*args); }; });
}

}  // namespace pwi::cli
