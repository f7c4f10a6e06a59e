// pywheelimage needed-libraries --report FILE --wheelhouse DIR [--prefix DIR] [--output FILE]
//
// The shared libraries that the ELF files of the locked wheels need and that the environment
// itself does not provide by the dynamic loader's rules (src/elf/loader_search.hpp): what the
// runtime image must have. The wheels are those the report of `pywheelimage resolve` names
// (packages[].file, in --wheelhouse), as the image step installs them; members install as pip
// installs them (src/elf/wheel_libraries.hpp) under lib/python<X.Y>/site-packages, X.Y from
// the report's python_version. Writes, to --output (atomically, only when it changes) or else
// to stdout, two-space indented JSON with sorted keys:
//   {"generator": "pywheelimage needed-libraries",
//    "unsatisfied": [              sorted by soname, class, machine
//      {"class": "ELF64",          or "ELF32"
//       "in_environment": [...],   install paths of files of that name or soname elsewhere
//       "machine": "x86_64",       e_machine: x86_64, aarch64, i386, arm, ppc64, s390, ...
//       "needed_by": [{"member": <name in the wheel>, "path": <install path>,
//                      "project": <as in the wheel's name>, "wheel": <file name>}...],
//                                  sorted by wheel, then member
//       "soname": "libpq.so.5"}...]}
#include "cli/cli.hpp"

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/file_system.hpp"
#include "common/json_file.hpp"
#include "elf/wheel_libraries.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace pwi::cli {

namespace {

struct NeededLibrariesArgs {
  std::string report;
  std::string wheelhouse;
  std::string prefix = "/opt/venv";
  std::string output;
};

[[noreturn]] void bad_report(const std::string& path, const std::string& message)
{
  throw InputError(SourceLocation{path, 0, 0, ""}, message);
}

void run_needed_libraries(const NeededLibrariesArgs& args)
{
  RealFileSystem fs;
  const nlohmann::json report = parse_json(fs.read_file(args.report), args.report);
  if (!report.is_object() || !report.contains("packages") || !report["packages"].is_array()) {
    bad_report(args.report, "not a report of `pywheelimage resolve`: no \"packages\" array");
  }
  // "3.11.2" -> "3.11": the environment's lib/python3.11/site-packages.
  std::string python_version;
  if (report.contains("python_version") && report["python_version"].is_string()) {
    python_version = report["python_version"].get<std::string>();
  }
  const auto first_dot = python_version.find('.');
  const auto second_dot =
    first_dot == std::string::npos ? std::string::npos : python_version.find('.', first_dot + 1);
  if (first_dot == std::string::npos) {
    bad_report(args.report, "not a report of `pywheelimage resolve`: no \"python_version\"");
  }
  python_version = python_version.substr(0, second_dot);

  std::vector<std::string> wheels;
  for (const nlohmann::json& package : report["packages"]) {
    if (!package.is_object() || !package.contains("file") || !package["file"].is_string()) {
      bad_report(args.report, "not a report of `pywheelimage resolve`: a package without \"file\"");
    }
    wheels.push_back(join_path(args.wheelhouse, package["file"].get<std::string>()));
  }
  const std::vector<elf::EnvironmentFile> files = elf::environment_files(wheels, python_version);
  const std::string text = elf::needed_libraries_json(elf::unsatisfied_needs(files, args.prefix));
  if (args.output.empty()) {
    std::fputs(text.c_str(), stdout);
  } else {
    write_file_if_changed(args.output, text);
  }
}

}  // namespace

void add_needed_libraries_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<NeededLibrariesArgs>();
  CLI::App* command = app.add_subcommand(
    "needed-libraries",
    "Write, as JSON, the shared libraries that the ELF files of the locked wheels need (DT_NEEDED) "
    "and that the environment does not provide by the dynamic loader's rules (RUNPATH/RPATH with "
    "$ORIGIN, a file of that name or soname with the same ELF class and machine): each soname "
    "with the wheel members that need it");
  command->add_option("--report", args->report, "The report of `pywheelimage resolve`")
    ->required()
    ->type_name("FILE");
  command->add_option("--wheelhouse", args->wheelhouse, "The directory of the locked wheels")
    ->required()
    ->type_name("DIR");
  command
    ->add_option("--prefix", args->prefix,
                 "Where the environment is installed, for absolute RUNPATH entries")
    ->capture_default_str()
    ->type_name("DIR");
  command
    ->add_option("--output", args->output,
                 "Write the JSON here (atomically, only when it changes) instead of stdout")
    ->type_name("FILE");
  command->callback([&action, args] { action = [args] { run_needed_libraries(*args); }; });
}

}  // namespace pwi::cli
