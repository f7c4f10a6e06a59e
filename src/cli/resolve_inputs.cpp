#include "cli/resolve_inputs.hpp"

#include "common/file_system.hpp"

#include <CLI/CLI.hpp>

namespace pwi::cli {

void add_wheelhouse_options(CLI::App& command, ResolveInputArgs& args)
{
  command.add_option("--wheelhouse", args.wheelhouse, "Directory of wheels (not recursive)")
    ->required()
    ->type_name("DIR");
  command
    .add_option("--env", args.env, "The target Python: marker values and supported tags (probe.py)")
    ->required()
    ->type_name("ENV.json");
}

void add_resolve_input_options(CLI::App& command, ResolveInputArgs& args)
{
  add_wheelhouse_options(command, args);
  command.add_option("-r,--requirement", args.requirements, "Requirement file (repeatable)")
    ->required()
    ->type_name("FILE");
  command.add_option("-c,--constraint", args.constraints, "Constraint file (repeatable)")
    ->type_name("FILE");
  command.add_flag("--pre", args.pre, "Also consider pre-release versions, as pip --pre");
  command
    .add_option("--exclude-dir", args.exclude,
                "A directory whose files never belong to a local project (the build tree)")
    ->type_name("DIR");
}

ResolveInputs load_resolve_inputs_unattached(const ResolveInputArgs& args)
{
  RealFileSystem fs;
  TargetEnvironment target = TargetEnvironment::load(fs, args.env);
  RequirementFiles requirements = read_requirement_files(args.requirements, args.constraints);
  resolve::Wheelhouse wheelhouse = resolve::Wheelhouse::scan(fs, args.wheelhouse);
  const resolve::SourceRecords records = resolve::read_source_records(fs, args.wheelhouse);
  resolve::SourcePlan sources =
    resolve::plan_sources(fs, wheelhouse, records, requirements, args.exclude);
  return ResolveInputs{
    std::move(target), std::move(requirements), std::move(wheelhouse), std::move(sources), {}};
}

ResolveInputs load_resolve_inputs(const ResolveInputArgs& args)
{
  ResolveInputs in = load_resolve_inputs_unattached(args);
  in.direct = resolve::attach_sources(in.sources, in.wheelhouse, in.requirements);
  return in;
}

}  // namespace pwi::cli
