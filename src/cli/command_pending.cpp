// pywheelimage pending --wheelhouse DIR --env ENV.json -r FILE... [-c FILE...] [--pre]
//                      --out FILE
#include "cli/cli.hpp"
#include "cli/resolve_inputs.hpp"

#include "common/file_system.hpp"
#include "resolve/pending.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace pwi::cli {

namespace {

struct PendingArgs {
  ResolveInputArgs inputs;
  std::string out;
};

void run_pending(const PendingArgs& args)
{
  const ResolveInputs in = load_resolve_inputs(args.inputs);
  RealFileSystem fs;
  const auto lines =
    resolve::pending_requirements(fs, in.wheelhouse, in.target, in.requirements, args.inputs.pre);
  const std::string text =
    resolve::pending_requirements_text(in.requirements, lines, [](const std::string& path) {
      return std::filesystem::absolute(path).lexically_normal().string();
    });
  fs.write_file_if_changed(args.out, text);
  std::string summary;
  for (const std::string& project : resolve::pending_projects(lines)) {
    summary += project + "\n";
  }
  std::fputs(summary.c_str(), stdout);
}

}  // namespace

void add_pending_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<PendingArgs>();
  CLI::App* command = app.add_subcommand(
    "pending",
    "In hash-checking mode (some requirement or constraint has --hash, or --require-hashes is "
    "given; an error otherwise), write what `pip wheel --no-deps --require-hashes -r OUT` must "
    "still build or download: first the global options of the files (--find-links made "
    "absolute), then every requirement line (nested -r files included, in pip's order) whose "
    "marker holds on the target and for which the wheelhouse has no acceptable wheel, with its "
    "--hash and build options, one line each. Acceptable: fits the target's tags and "
    "Requires-Python, its version satisfies the line, and its own digest matches a --hash of "
    "the project or its provenance record (pywheelimage-provenance.json, see `verified`) names "
    "one. Prints one line per pending project (name==version); nothing when none is pending. "
    "The output is rewritten only when its content changes");
  add_resolve_input_options(*command, args->inputs);
  command->add_option("--out", args->out, "Write the pending requirements file")
    ->required()
    ->type_name("FILE");
  command->callback([&action, args] { action = [args] { run_pending(*args); }; });
}

}  // namespace pwi::cli
