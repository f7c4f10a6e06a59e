// pywheelimage reuse --wheelhouse DIR --env ENV.json -r FILE... [-c FILE...] [--pre]
//                    --url-prefix PREFIX --out OUT.txt
#include "cli/cli.hpp"
#include "cli/resolve_inputs.hpp"

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/file_system.hpp"
#include "pep/requirements_file.hpp"
#include "resolve/reuse.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>

namespace pwi::cli {

namespace {

struct ReuseArgs {
  ResolveInputArgs inputs;
  std::string url_prefix;
  std::string out;
};

void run_reuse(const ReuseArgs& args)
{
  if (args.url_prefix.empty()) {
    throw UsageError("reuse: --url-prefix must not be empty (e.g. file:///pwi/cache)");
  }
  const ResolveInputs in = load_resolve_inputs(args.inputs);
  std::vector<resolve::ReusableWheel> wheels =
    resolve::reusable_wheels(in.wheelhouse, in.target, in.requirements, args.inputs.pre);
  // A project built from a source is pinned by its line already (`pip-input`).
  wheels.erase(
    std::remove_if(
      wheels.begin(), wheels.end(),
      [&](const resolve::ReusableWheel& wheel) {
        return std::any_of(in.direct.begin(), in.direct.end(), [&](const auto& line_file) {
          return in.requirements.requirements[line_file.first].requirement.key == wheel.key;
        });
      }),
    wheels.end());
  const std::string text = resolve::reuse_constraints_text(wheels, args.url_prefix);
  write_file_if_changed(args.out, text);
}

}  // namespace

void add_reuse_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<ReuseArgs>();
  CLI::App* command = app.add_subcommand(
    "reuse",
    "Write a constraints file for `pip wheel -c` that pins every project already built in the "
    "wheelhouse to its wheel by direct URL (`name @ PREFIX/file.whl`), so that --no-binary does "
    "not rebuild it. Per project, the best wheel for the target that the requirement and "
    "constraint files accept (specifiers, markers, --hash) is pinned; a project without one is "
    "left out, and pip builds it. The output is rewritten only when its content changes");
  add_resolve_input_options(*command, args->inputs);
  command
    ->add_option("--url-prefix", args->url_prefix,
                 "Where pip sees the wheelhouse, used verbatim before '/<file name>', "
                 "e.g. file:///pwi/cache")
    ->required()
    ->type_name("PREFIX");
  command->add_option("--out", args->out, "Write the constraints file")
    ->required()
    ->type_name("OUT.txt");
  command->callback([&action, args] { action = [args] { run_reuse(*args); }; });
}

}  // namespace pwi::cli
