// pywheelimage resolve --wheelhouse DIR --env ENV.json -r FILE... [-c FILE...] [--pre]
//                      --lock OUT [--report OUT.json] [--depfile OUT.d]
#include "cli/cli.hpp"
#include "cli/resolve_inputs.hpp"

#include "common/atomic_file.hpp"
#include "common/file_system.hpp"
#include "pep/requirements_file.hpp"
#include "resolve/outputs.hpp"
#include "resolve/resolve.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace pwi::cli {

namespace {

struct ResolveArgs {
  ResolveInputArgs inputs;
  std::string lock;
  std::string report;
  std::string depfile;
};

void run_resolve(const ResolveArgs& args)
{
  const ResolveInputs in = load_resolve_inputs(args.inputs);
  const RequirementFiles& inputs = in.requirements;
  RealFileSystem fs;
  const resolve::Resolved resolved =
    resolve::resolve_requirements(fs, in.wheelhouse, in.target, inputs, args.inputs.pre, in.direct);
  // The lock also depends on the local projects' files (and directories: a file added).
  std::vector<std::string> depends = inputs.files_read;
  for (const resolve::PlannedSource& source : in.sources.sources) {
    const DirectSource& link = *inputs.requirements[source.line].source;
    if (link.kind == DirectSource::Kind::k_archive) {
      depends.push_back(link.location);
    }
    for (const std::string& dir : source.tree.directories) {
      depends.push_back(dir.empty() ? link.location : join_path(link.location, dir));
    }
    for (const std::string& file : source.tree.files) {
      depends.push_back(join_path(link.location, file));
    }
  }

  // Every output is computed before the first is written, and all are committed together: an
  // error leaves all untouched. The lock last: it is the build's output, the others describe it.
  AtomicOutputs outputs;
  if (!args.depfile.empty()) {
    outputs.add(args.depfile, resolve::depfile_text(args.lock, depends));
  }
  if (!args.report.empty()) {
    outputs.add(args.report, resolve::report_text(resolved, inputs.files_read));
  }
  outputs.add(args.lock, resolve::lock_text(resolved));
  outputs.commit();
}

}  // namespace

void add_resolve_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<ResolveArgs>();
  CLI::App* command = app.add_subcommand(
    "resolve",
    "Choose the wheels that `pip install --no-index --find-links DIR -r FILE...` would install "
    "on the target Python, without running pip, and write a hash-pinned lock. Only wheels are "
    "considered (sdists in the directory are ignored). Outputs are rewritten only when their "
    "content changes, and together: when one cannot be written, none changes. A project with "
    "--hash values takes a wheel whose own digest (sha256, sha384 or sha512) matches one, or "
    "whose record in DIR/pywheelimage-provenance.json (see `verified`) names one; in "
    "hash-checking mode every package must be pinned with == and hashed.");
  add_resolve_input_options(*command, args->inputs);
  command
    ->add_option("--lock", args->lock,
                 "Write the lock: name==version --hash=sha256:... per package")
    ->required()
    ->type_name("OUT");
  command
    ->add_option("--report", args->report,
                 "Write a JSON report: each package's file, sha256 and what required it")
    ->type_name("OUT.json");
  command
    ->add_option("--depfile", args->depfile,
                 "Write a Makefile-style depfile: the lock depends on every requirement "
                 "and constraint file read, nested ones included")
    ->type_name("OUT.d");
  command->callback([&action, args] { action = [args] { run_resolve(*args); }; });
}

}  // namespace pwi::cli
