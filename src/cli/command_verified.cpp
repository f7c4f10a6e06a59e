// pywheelimage verified --wheelhouse DIR --env ENV.json -r PENDING_FILE...
//                       [--previous OLD_PROVENANCE.json] --record OUT.json
#include "cli/cli.hpp"
#include "cli/resolve_inputs.hpp"

#include "common/file_system.hpp"
#include "resolve/pending.hpp"
#include "resolve/provenance.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace pwi::cli {

namespace {

struct VerifiedArgs {
  ResolveInputArgs inputs;
  std::string previous;
  std::string record;
};

void run_verified(const VerifiedArgs& args)
{
  const ResolveInputs in = load_resolve_inputs(args.inputs);
  RealFileSystem fs;
  const resolve::Provenance previous =
    args.previous.empty() ? resolve::Provenance{} : resolve::read_provenance(fs, args.previous);
  std::vector<std::string> warnings;
  const std::string text = resolve::provenance_text(resolve::verified_provenance(
    fs, in.wheelhouse, in.target, in.requirements, previous, warnings));
  fs.write_file_if_changed(args.record, text);
  for (const std::string& warning : warnings) {
    std::fputs(fmt::format("pywheelimage: warning: {}\n", warning).c_str(), stderr);
  }
}

}  // namespace

void add_verified_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<VerifiedArgs>();
  CLI::App* command = app.add_subcommand(
    "verified",
    "After `pip wheel --no-deps --require-hashes -r PENDING_FILE` (see `pending`) wrote into "
    "the wheelhouse, write the provenance record of its wheels: {\"version\": 1, \"wheels\": "
    "{\"<file name>\": {\"sha256\": \"<hex of the file>\", \"built_here\": true|false, "
    "\"verified_hashes\": [\"sha256:<hex>\", ...]}}}. A wheel with a --previous record for the "
    "same content keeps it; any other is tied to the first line of its project in PENDING_FILE "
    "with --hash values whose specifier allows its version: verified_hashes are that line's, "
    "built_here is true when the wheel's own digest is none of them (pip built it from a "
    "verified sdist). A wheel tied to nothing is left out, with a warning. Resolve, reuse and "
    "pending accept a recorded wheel for a project whose --hash values include one of its "
    "verified_hashes. The record is rewritten only when its content changes");
  add_wheelhouse_options(*command, args->inputs);
  command
    ->add_option("-r,--requirement", args->inputs.requirements,
                 "The pending requirements file pip built from (repeatable)")
    ->required()
    ->type_name("PENDING_FILE");
  command
    ->add_option("--previous", args->previous,
                 "A provenance record whose entries still hold for unchanged files (must exist)")
    ->type_name("OLD_PROVENANCE.json");
  command->add_option("--record", args->record, "Write the provenance record")
    ->required()
    ->type_name("OUT.json");
  command->callback([&action, args] { action = [args] { run_verified(*args); }; });
}

}  // namespace pwi::cli
