#include "cli/cli.hpp"

#include "common/error.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#ifndef PYWHEELIMAGE_VERSION
#  define PYWHEELIMAGE_VERSION "unknown"
#endif

namespace pwi::cli {

namespace {

constexpr const char* k_footer = R"(Exit status:
  0   success
  1   generic failure
  2   bad command line
  3   malformed input: a requirement or constraint file, ENV.json, a wheel file or an ELF
      file inside one; for slim, a root file system without the environment, a --keep path
      or the --user, or with a kept ELF file that needs a library it lacks
  4   the requirements cannot be satisfied from the wheelhouse
  5   a file could not be read or written, or the container engine could not be reached or
      answered badly (timeout, oversized or malformed answer)
  70  internal error (a bug: please report it)
On any non-zero status no output file (lock, report, depfile, stamp, constraints, needed
libraries, slim tar) was written
or changed.)";

}  // namespace

int run(int argc, char** argv)
{
  CLI::App app{"pywheelimage: resolve Python requirements against a wheel directory and "
               "fingerprint wheel directories, for incremental container image builds"};
  app.set_version_flag("--version", std::string("pywheelimage ") + PYWHEELIMAGE_VERSION);
  app.footer(k_footer);
  app.require_subcommand(1);

  Action action;
  add_fingerprint_command(app, action);
  add_image_ids_command(app, action);
  add_inputs_command(app, action);
  add_needed_libraries_command(app, action);
  add_pending_command(app, action);
  add_push_command(app, action);
  add_resolve_command(app, action);
  add_reuse_command(app, action);
  add_sources_commands(app, action);
  add_slim_command(app, action);
  add_verified_command(app, action);
  add_write_image_command(app, action);

  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == 0) {  // --help, --version
        return app.exit(e);
      }
      throw UsageError(fmt::format("{} (see 'pywheelimage --help')", e.what()));
    }
    action();
    return static_cast<int>(ExitCode::k_ok);
  } catch (const Error& e) {
    std::fputs(fmt::format("pywheelimage: error: {}\n", e.what()).c_str(), stderr);
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::fputs(fmt::format("pywheelimage: internal error: {}\n", e.what()).c_str(), stderr);
    return static_cast<int>(ExitCode::k_internal);
  }
}

}  // namespace pwi::cli
