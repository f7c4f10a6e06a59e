// pywheelimage write-image --base BASE.tar --venv DIR:PATH [--app DIR:PATH]... --config SPEC.json
//                          --output IMAGE.tar [--source-date-epoch N] [--layer-budget N]
//                          [--omit-base-layers] [--oci-layout DIR] [--report LAYERS.json]
//
// Writes the final image itself, without an engine (src/image/write_image.hpp): the base's
// layers as they are, the environment's skeleton, one layer per installed distribution (the
// smallest grouped when over the budget), the application; the base's configuration with the
// spec applied. IMAGE.tar is a docker-archive for `docker load` / `podman load` and, unless
// --omit-base-layers, an OCI image layout too. Every output is written atomically and only
// when its content changes. Exit status 2 for a bad option or a budget too small, 3 when the
// base, the spec, a RECORD is malformed or a file is a device or socket (the message names
// it), 5 when a file cannot be read or written.
#include "cli/cli.hpp"

#include "common/error.hpp"
#include "image/write_image.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace pwi::cli {

namespace {

struct WriteImageArgs {
  std::string venv;
  std::vector<std::string> apps;
  std::string epoch;
  image::WriteImageOptions options;
};

std::int64_t parse_epoch(const std::string& text, const std::string& what)
{
  if (text.empty() || text.size() > 12 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    throw UsageError(fmt::format("{} \"{}\" is not a number of seconds since 1970", what, text));
  }
  return std::stoll(text);
}

void run_write_image(WriteImageArgs& args)
{
  image::WriteImageOptions& options = args.options;
  options.venv = image::parse_host_tree(args.venv, "--venv");
  for (const std::string& app : args.apps) {
    options.apps.push_back(image::parse_host_tree(app, "--app"));
  }
  if (!args.epoch.empty()) {
    options.epoch = parse_epoch(args.epoch, "--source-date-epoch");
  } else if (const char* env = std::getenv("SOURCE_DATE_EPOCH"); env != nullptr && *env != '\0') {
    options.epoch = parse_epoch(env, "SOURCE_DATE_EPOCH");
  }
  RealFileSystem fs;
  const image::WriteImageResult result = image::write_image(fs, options);
  std::puts(fmt::format("{}: {} new layers{}{}", result.image_id, result.new_layers,
                        result.manifest_digest.empty() ? "" : ", OCI manifest ",
                        result.manifest_digest)
              .c_str());
}

}  // namespace

void add_write_image_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<WriteImageArgs>();
  CLI::App* command = app.add_subcommand(
    "write-image",
    "Write the final image without an engine: the base's layers as they are, the virtual "
    "environment's skeleton, one layer per installed distribution, the application; "
    "deterministic tars, the base's configuration with the spec applied");
  command
    ->add_option("--base", args->options.base,
                 "The runtime image as `docker save IMAGE` writes it (docker-archive)")
    ->required()
    ->type_name("BASE.tar");
  command
    ->add_option("--venv", args->venv,
                 "A host directory holding an installed virtual environment, and where it "
                 "appears in the image")
    ->required()
    ->type_name("DIR:PATH");
  command
    ->add_option("--app", args->apps,
                 "Application files: the directory's contents, under PATH; repeatable, one "
                 "layer each, last")
    ->type_name("DIR:PATH");
  command
    ->add_option("--config", args->options.spec,
                 "JSON: env, user, workdir, entrypoint, cmd, labels, exposed_ports, tags")
    ->required()
    ->type_name("SPEC.json");
  command
    ->add_option("--source-date-epoch", args->epoch,
                 "Every time in the new layers and the configuration (default: "
                 "SOURCE_DATE_EPOCH, else 0)")
    ->type_name("N");
  command
    ->add_option("--layer-budget", args->options.layer_budget,
                 "At most N new layers over the base; the smallest distributions share one")
    ->capture_default_str()
    ->type_name("N");
  command->add_option("--output", args->options.output, "The image to write (docker-archive)")
    ->required()
    ->type_name("IMAGE.tar");
  command->add_flag("--omit-base-layers", args->options.omit_base_layers,
                    "Leave the base's layer files out (the manifest still names them), for "
                    "`docker load` on an engine that has the base");
  command
    ->add_option("--oci-layout", args->options.oci_layout,
                 "Also write an OCI image layout directory with gzip layers here")
    ->type_name("DIR");
  command
    ->add_option("--report", args->options.report,
                 "Write a JSON report here: each new layer's content, diff_id, size, files; the "
                 "image id")
    ->type_name("LAYERS.json");
  command->callback([&action, args] { action = [args] { run_write_image(*args); }; });
}

}  // namespace pwi::cli
