// What `resolve`, `reuse`, `pending` and `verified` read: a wheelhouse, the target Python and
// the requirement files, with the same options and the same help.
#pragma once

#include "pep/requirements_file.hpp"
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
};

// --wheelhouse, --env, -r, -c, --pre
void add_resolve_input_options(CLI::App& command, ResolveInputArgs& args);
// --wheelhouse and --env only, for a command with requirement options of its own.
void add_wheelhouse_options(CLI::App& command, ResolveInputArgs& args);

struct ResolveInputs {
  TargetEnvironment target;
  RequirementFiles requirements;
  resolve::Wheelhouse wheelhouse;
};

ResolveInputs load_resolve_inputs(const ResolveInputArgs& args);

}  // namespace pwi::cli
