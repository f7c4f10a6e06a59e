// The command line of the helper. run() is the only place where errors become messages on
// stderr and exit codes; commands throw pwi::Error (src/common/error.hpp) and return normally.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace pwi::cli {

int run(int argc, char** argv);

// Each command registers its subcommand and options on `app` and sets `action`, which runs it
// once the command line has been parsed. One file per command: command_<name>.cpp.
using Action = std::function<void()>;
void add_fingerprint_command(CLI::App& app, Action& action);
void add_image_ids_command(CLI::App& app, Action& action);
void add_inputs_command(CLI::App& app, Action& action);
void add_needed_libraries_command(CLI::App& app, Action& action);
void add_pending_command(CLI::App& app, Action& action);
void add_push_command(CLI::App& app, Action& action);
void add_resolve_command(CLI::App& app, Action& action);
void add_reuse_command(CLI::App& app, Action& action);
// sources, record-sources, pip-input
void add_sources_commands(CLI::App& app, Action& action);
void add_slim_command(CLI::App& app, Action& action);
void add_verified_command(CLI::App& app, Action& action);
void add_write_image_command(CLI::App& app, Action& action);

}  // namespace pwi::cli
