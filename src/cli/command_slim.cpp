// pywheelimage slim --input ROOTFS.tar --output SLIM.tar [--venv DIR] [--keep PATH]...
//                   [--user NAME] [--keep-bytecode] [--report FILE] [--sbom FILE]
//
// From the root file system of a full image (the tar `docker export` writes), the tar of only
// what the Python service in the virtual environment --venv needs at run time: the
// environment, its interpreter and standard library, the shared objects they load, the files
// libc and Python read by name, and each --keep path (src/slim/slim_rules.cpp, docs/slim.md).
// Before writing, checks that every ELF file kept finds its libraries in the result by the
// dynamic loader's rules. Writes SLIM.tar (entries sorted by path, times and owners as in the
// input, no atime or ctime: the same input gives the same bytes), with
// var/lib/dpkg/status.d/<package> for each Debian package it keeps files of and an SPDX SBOM
// (/var/lib/pywheelimage/sbom.spdx.json, SOURCE_DATE_EPOCH or the dpkg status file's time as
// its creation time), and --report and --sbom together,
// atomically and only when they change, then prints a one-line summary on stdout.
// Exit status 3 when the input is not a tar, has no such environment, --keep path or --user,
// or a kept ELF file needs a library the image lacks (the message names both); 5 when a file
// cannot be read or written.
#include "cli/cli.hpp"

#include "common/atomic_file.hpp"
#include "slim/package_records.hpp"
#include "slim/rootfs_tar.hpp"
#include "slim/slim_report.hpp"
#include "slim/slim_rules.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace pwi::cli {

namespace {

struct SlimArgs {
  std::string input;
  std::string output;
  std::string report;
  std::string sbom;
  slim::SlimOptions options;
};

void run_slim(SlimArgs& args)
{
  args.options.origin = args.input;
  const slim::Rootfs input = slim::read_rootfs_tar(args.input);
  slim::Selected selected = slim::select_runtime(input, args.options);
  const std::string sbom = slim::add_package_records(selected, input, slim::records_time(input));
  AtomicOutputs outputs;
  outputs.add(args.output, slim::write_rootfs_tar(selected.output));
  if (!args.report.empty()) {
    outputs.add(args.report, slim::slim_report_json(input, selected));
  }
  if (!args.sbom.empty()) {
    outputs.add(args.sbom, sbom);
  }
  outputs.commit();
  std::puts(slim::slim_summary(input, selected.output).c_str());
}

}  // namespace

void add_slim_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<SlimArgs>();
  CLI::App* command = app.add_subcommand(
    "slim",
    "Write the tar of only what the Python service in the virtual environment needs at run time "
    "(the environment, its interpreter and standard library, the shared objects they load by the "
    "dynamic loader's rules, the files libc reads by name, the --keep paths), from the root file "
    "system tar of the full image; fails when a kept ELF file needs a library the image lacks");
  command->add_option("--input", args->input, "The full image's root file system (docker export)")
    ->required()
    ->type_name("ROOTFS.tar");
  command->add_option("--output", args->output, "The slim root file system to write")
    ->required()
    ->type_name("SLIM.tar");
  command
    ->add_option("--venv", args->options.venv, "The virtual environment, absolute in the image")
    ->capture_default_str()
    ->type_name("DIR");
  command
    ->add_option("--keep", args->options.keep,
                 "A file, symbolic link (with its targets) or directory (with what it holds) to "
                 "keep as well; repeatable")
    ->type_name("PATH");
  command
    ->add_option("--user", args->options.user,
                 "The user the service runs as: must be in "
                 "/etc/passwd")
    ->type_name("NAME");
  command->add_flag("--keep-bytecode", args->options.keep_bytecode,
                    "Keep the standard library's compiled files (__pycache__): faster starts, "
                    "about 11 MB more");
  command
    ->add_option("--report", args->report,
                 "Write a JSON report here: sizes per rule, the "
                 "libraries resolved")
    ->type_name("FILE");
  command
    ->add_option("--sbom", args->sbom,
                 "Write the image's SPDX 2.3 SBOM here too (its Debian packages and Python "
                 "distributions; in the image at /var/lib/pywheelimage/sbom.spdx.json)")
    ->type_name("FILE");
  command->callback([&action, args] { action = [args] { run_slim(*args); }; });
}

}  // namespace pwi::cli
