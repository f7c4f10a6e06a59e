// What `resolve`, `reuse`, `pending` and `verified` read: a wheelhouse, the target Python and
// the requirement files, with the same options and the same help.
#pragma once

#include "pep/requirements_file.hpp"
#include "resolve/sources.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pwi::cli {

struct ResolveInputArgs {
  std::string wheelhouse;
  std::string env;
  std::vector<std::string> requirements;
  std::vector<std::string> constraints;
  bool pre = false;
  std::vector<std::string> exclude;  // directories no local project's files are taken from
};

// --wheelhouse, --env, -r, -c, --pre
void add_resolve_input_options(CLI::App& command, ResolveInputArgs& args);
// --wheelhouse and --env only, for a command with requirement options of its own.
void add_wheelhouse_options(CLI::App& command, ResolveInputArgs& args);

struct ResolveInputs {
  TargetEnvironment target;
  RequirementFiles requirements;
  resolve::Wheelhouse wheelhouse;
  resolve::SourcePlan sources;   // the lines with a source of their own
  resolve::DirectWheels direct;  // ... and the wheels built from them
};

// Throws ResolveError (exit 4) when a source line's wheel is not in the wheelhouse yet.
ResolveInputs load_resolve_inputs(const ResolveInputArgs& args);
// The same, with the sources planned but not attached (`sources`: what is still to build).
ResolveInputs load_resolve_inputs_unattached(const ResolveInputArgs& args);

}  // namespace pwi::cli
