// pywheelimage inputs -r FILE... [-c FILE...]
//
// What the wheel step must know of the requirement files before pip runs, as JSON:
//   {"hash_checking": <bool>, "sources": <bool>, "paths": [<absolute path>...]}
// paths: the local paths that pip reads (the files themselves, nested -r/-c files, local
// --find-links directories), sorted; not the local projects a requirement names (`sources`
// stages their files for the builder). sources: whether any line has a source of its own. The step
// mounts exactly these, read-only, into the network-enabled builder, where any sdist's build code
// runs: nothing else of the source tree is visible there. hash_checking: pip's hash-checking mode
// (a --hash on any line, or
// --require-hashes), in which the step lets pip build only what `pending` lists.
#include "cli/cli.hpp"

#include "pep/requirements_file.hpp"
#include "resolve/sources.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

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
  bool hash_checking = files.options.require_hashes;
  for (const auto* lines : {&files.requirements, &files.constraints}) {
    for (const RequirementLine& line : *lines) {
      hash_checking = hash_checking || !line.hashes.empty();
    }
  }
  if (hash_checking) {
    resolve::refuse_unhashable_sources(files);
  }
  bool sources = false;
  for (const RequirementLine& line : files.requirements) {
    sources = sources || line.source.has_value();
  }
  nlohmann::json out;
  out["hash_checking"] = hash_checking;
  out["sources"] = sources;
  out["paths"] = nlohmann::json::array();
  for (const std::string& path : paths) {
    out["paths"].push_back(path);
  }
  std::fputs((out.dump(2) + "\n").c_str(), stdout);
}

}  // namespace

void add_inputs_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<InputsArgs>();
  CLI::App* command = app.add_subcommand(
    "inputs",
    "Print, as JSON, what the wheel step needs to know before pip runs: {\"hash_checking\": "
    "pip's hash-checking mode (a --hash on any line, or --require-hashes), \"paths\": the local "
    "paths pip reads (the files, nested -r/-c files, local --find-links directories), absolute "
    "and sorted}");
  command->add_option("-r,--requirement", args->requirements, "Requirement file (repeatable)")
    ->required()
    ->type_name("FILE");
  command->add_option("-c,--constraint", args->constraints, "Constraint file (repeatable)")
    ->type_name("FILE");
  command->callback([&action, args] { action = [args] { run_inputs(*args); }; });
}

}  // namespace pwi::cli
