// pywheelimage sources        --wheelhouse DIR --env ENV.json -r FILE... [--exclude-dir DIR...]
//                             --plan OUT.json --lists DIR
// pywheelimage record-sources --wheelhouse DIR --env ENV.json -r FILE... [--exclude-dir DIR...]
//                             --built DIR
// pywheelimage pip-input      --wheelhouse DIR --env ENV.json -r FILE... [--exclude-dir DIR...]
//                             --url-prefix PREFIX --out OUT.txt
#include "cli/cli.hpp"
#include "cli/resolve_inputs.hpp"

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/file_system.hpp"
#include "resolve/sources.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace pwi::cli {

namespace {

struct SourcesArgs {
  ResolveInputArgs inputs;
  std::string plan;
  std::string lists;
  std::string built;
  std::string url_prefix;
  std::string out;
};

void run_sources(const SourcesArgs& args)
{
  const ResolveInputs in = load_resolve_inputs_unattached(args.inputs);
  const resolve::PlanFiles files = resolve::plan_files(in.sources, in.requirements, args.lists);
  AtomicOutputs outputs;
  for (const auto& [path, content] : files.lists) {
    outputs.add(path, content);
  }
  outputs.add(args.plan, files.json);
  outputs.commit();
}

void run_record_sources(const SourcesArgs& args)
{
  const ResolveInputs in = load_resolve_inputs_unattached(args.inputs);
  RealFileSystem fs;
  const resolve::SourceRecords previous = resolve::read_source_records(fs, args.inputs.wheelhouse);
  const resolve::SourceRecords records = resolve::record_built_sources(
    fs, in.sources, in.requirements, previous, args.built, args.inputs.wheelhouse);
  fs.write_file_if_changed(join_path(args.inputs.wheelhouse, resolve::k_sources_file_name),
                           resolve::source_records_text(records));
}

void run_pip_input(const SourcesArgs& args)
{
  if (args.url_prefix.empty()) {
    throw UsageError("pip-input: --url-prefix must not be empty (e.g. file:///pwi/cache)");
  }
  const ResolveInputs in = load_resolve_inputs(args.inputs);
  RealFileSystem fs;
  fs.write_file_if_changed(
    args.out, resolve::pip_input_text(in.requirements, in.direct, in.wheelhouse, args.url_prefix));
}

}  // namespace

void add_sources_commands(CLI::App& app, Action& action)
{
  auto args = std::make_shared<SourcesArgs>();
  CLI::App* sources = app.add_subcommand(
    "sources",
    "List the requirement lines that pip builds from a source of their own (a local project "
    "directory or archive, -e, name @ URL, a VCS URL) as JSON: id, kind, location, the line, "
    "and whether the wheelhouse's pywheelimage-sources.json has a wheel built from the same "
    "content (a local project's files, build leftovers left out; an archive's bytes; a URL). A "
    "local project's files are listed in LISTS/<id>.files. Relative paths are read from the "
    "requirement file's directory");
  add_resolve_input_options(*sources, args->inputs);
  sources->add_option("--plan", args->plan, "Write the JSON plan")
    ->required()
    ->type_name("OUT.json");
  sources->add_option("--lists", args->lists, "Directory for the file lists")
    ->required()
    ->type_name("DIR");
  sources->callback([&action, args] { action = [args] { run_sources(*args); }; });

  auto record_args = std::make_shared<SourcesArgs>();
  CLI::App* record = app.add_subcommand(
    "record-sources",
    "After the builder built every source `sources` listed as unbuilt into BUILT/<id>/ (one "
    "wheel; a VCS source also BUILT/<id>/commit), write the wheelhouse's "
    "pywheelimage-sources.json with them (rewritten only when it changes); the wheels are "
    "then moved into the wheelhouse");
  add_resolve_input_options(*record, record_args->inputs);
  record->add_option("--built", record_args->built, "Where the builder wrote the wheels")
    ->required()
    ->type_name("BUILT");
  record->callback(
    [&action, record_args] { action = [record_args] { run_record_sources(*record_args); }; });

  auto input_args = std::make_shared<SourcesArgs>();
  CLI::App* input = app.add_subcommand(
    "pip-input",
    "Write the requirement files as one file for `pip wheel -r`: the global options, then "
    "every requirement, each source replaced by the wheel built from it (`name @ "
    "PREFIX/file.whl`), so pip builds none of them again. Exit 4 when a source is not built");
  add_resolve_input_options(*input, input_args->inputs);
  input
    ->add_option("--url-prefix", input_args->url_prefix,
                 "Where pip sees the wheelhouse, e.g. file:///pwi/cache")
    ->required()
    ->type_name("PREFIX");
  input->add_option("--out", input_args->out, "Write the file")->required()->type_name("OUT.txt");
  input->callback([&action, input_args] { action = [input_args] { run_pip_input(*input_args); }; });
}

}  // namespace pwi::cli
