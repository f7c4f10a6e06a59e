// pywheelimage inputs -r FILE... [-c FILE...]
//
// The local paths that pip reads for these requirement files: the files themselves, the nested
// -r/-c files, and the local --find-links directories. The wheel step mounts exactly these,
// read-only, into the network-enabled builder, where any sdist's build code runs: nothing else
// of the source tree is visible there.
#include "cli/cli.hpp"

#include "pep/requirements_file.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace pwi::cli {

namespace {

struct InputsArgs {
  std::vector<std::string> requirements;
  std::vector<std::string> constraints;
};

// A --find-links value as a local path, or "" for a URL that is not a file: URL.
std::string local_path(const std::string& link)
{
  if (link.rfind("file://", 0) == 0) {
    return link.substr(7);
  }
  if (link.find("://") != std::string::npos) {
    return "";
  }
  return link;
}

void run_inputs(const InputsArgs& args)
{
  const RequirementFiles files = read_requirement_files(args.requirements, args.constraints);
  std::set<std::string> paths;
  for (const std::string& file : files.files_read) {
    paths.insert(std::filesystem::absolute(file).lexically_normal().string());
  }
  for (const std::string& link : files.options.find_links) {
    const std::string path = local_path(link);
    if (!path.empty()) {
      paths.insert(std::filesystem::absolute(path).lexically_normal().string());
    }
  }
  std::string out;
  for (const std::string& path : paths) {
    out += path;
    out += '\n';
  }
  std::fputs(out.c_str(), stdout);
}

}  // namespace

void add_inputs_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<InputsArgs>();
  CLI::App* command = app.add_subcommand(
    "inputs",
    "Print the local paths that pip reads for these requirement files, one per line, sorted: "
    "the files, nested -r/-c files and local --find-links directories, as absolute paths");
  command->add_option("-r,--requirement", args->requirements, "Requirement file (repeatable)")
    ->required()
    ->type_name("FILE");
  command->add_option("-c,--constraint", args->constraints, "Constraint file (repeatable)")
    ->type_name("FILE");
  command->callback([&action, args] { action = [args] { run_inputs(*args); }; });
}

}  // namespace pwi::cli
