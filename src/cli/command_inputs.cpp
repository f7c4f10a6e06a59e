// pywheelimage inputs -r FILE... [-c FILE...]
//
// What the wheel step must know of the requirement files before pip runs, as JSON:
//   {"hash_checking": <bool>, "sources": <bool>, "paths": [<absolute path>...],
//    "environment": [<NAME>...], "credentials": {"PWI_CREDENTIALS_<n>": "<user:password>"},
//    "format_control": {"no_binary": [...], "only_binary": [...]}, "format_changed": [...]}
// format_control: pip's --no-binary / --only-binary sets (PIP_ARGS, then the files);
// format_changed: the wheels of --wheelhouse whose project pip would now take otherwise than
// under --previous-format-control (--no-binary added: build it from source) or whose lines'
// build options (--config-settings, --global-option) changed, which the step must not keep.
// paths: the local paths that pip reads (the files themselves, nested -r/-c files, local
// --find-links directories), sorted; not the local projects a requirement names (`sources`
// stages their files for the builder). sources: whether any line has a source of its own. The step
// mounts exactly these, read-only, into the network-enabled builder, where any sdist's build code
// runs: nothing else of the source tree is visible there. hash_checking: pip's hash-checking mode
// (resolve::hash_checking_reason: a --hash on any line, whatever its marker, or
// --require-hashes), in which the step lets pip build only what `pending` lists.
#include "cli/cli.hpp"

#include "common/error.hpp"
#include "common/file_system.hpp"
#include "common/json_file.hpp"
#include "common/url_credentials.hpp"
#include "pep/format_control.hpp"
#include "pep/index_credentials.hpp"
#include "pep/requirements_file.hpp"
#include "resolve/hash_policy.hpp"
#include "resolve/sources.hpp"
#include "wheels/wheel_name.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pwi::cli {

namespace {

struct InputsArgs {
  std::vector<std::string> requirements;
  std::vector<std::string> constraints;
  std::vector<std::string> pip_args;
  std::string previous_format_control;
  std::string wheelhouse;
};

// pip's format control: PIP_ARGS first (the command line), then the files' options in order.
FormatControl format_control_of(const std::vector<std::string>& pip_args, const PipOptions& options)
{
  FormatControl out;
  const auto take = [&](const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
      for (const std::string_view name : {"--no-binary", "--only-binary"}) {
        std::optional<std::string> value;
        if (args[i] == name && i + 1 < args.size()) {
          value = args[++i];
        } else if (args[i].rfind(std::string(name) + "=", 0) == 0) {
          value = args[i].substr(name.size() + 1);
        }
        if (value) {
          name == "--no-binary" ? out.no_binary(*value) : out.only_binary(*value);
        }
      }
    }
  };
  take(pip_args);
  take(options.args);
  return out;
}

// Per project, the build options of its lines (--config-settings, --global-option).
using BuildOptions = std::map<std::string, std::vector<std::string>>;

BuildOptions build_options_of(const RequirementFiles& files)
{
  BuildOptions out;
  for (const RequirementLine& line : files.requirements) {
    if (!line.source && !line.build_options.empty()) {
      auto& options = out[line.requirement.key];
      options.insert(options.end(), line.build_options.begin(), line.build_options.end());
    }
  }
  return out;
}

nlohmann::json format_control_json(const FormatControl& control, const BuildOptions& options)
{
  return nlohmann::json{{"no_binary", control.no_binary_set()},
                        {"only_binary", control.only_binary_set()},
                        {"build_options", options}};
}

// The wheels in `wheelhouse` of the projects whose allowed formats differ between the two.
std::vector<std::string> format_changed(const FormatControl& before, const FormatControl& now,
                                        const BuildOptions& options_before,
                                        const BuildOptions& options_now,
                                        const std::string& wheelhouse)
{
  std::vector<std::string> out;
  RealFileSystem fs;
  for (const std::string& name : fs.list_directory(wheelhouse)) {
    if (name.size() <= 4 || name.substr(name.size() - 4) != ".whl") {
      continue;
    }
    try {
      const WheelName wheel = WheelName::parse(name);
      const auto options = [&](const BuildOptions& all) {
        const auto it = all.find(wheel.key);
        return it == all.end() ? std::vector<std::string>{} : it->second;
      };
      if (!(before.allowed(wheel.key) == now.allowed(wheel.key)) ||
          options(options_before) != options(options_now)) {
        out.push_back(name);
      }
    } catch (const ParseError&) {
      continue;  // not a wheel pip would read
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

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

// A link requirement (name @ URL, a VCS URL) is passed to pip on the builder's command line and
// recorded in the wheelhouse: a password in it would be readable there.
void refuse_credentials_in_link(const RequirementLine& line)
{
  if (!line.source || (line.source->kind != DirectSource::Kind::k_url &&
                       line.source->kind != DirectSource::Kind::k_vcs)) {
    return;
  }
  if (!url_userinfo(line.source->text).empty()) {
    throw InputError(line.where,
                     "not supported here: credentials in the URL of a requirement (they would "
                     "reach the builder's command line and the wheelhouse's record). Leave them "
                     "out of the URL and name them in a netrc file (the cache variable "
                     "PYWHEELIMAGE_NETRC), which pip and git in the builder read.");
  }
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
  const bool hash_checking = resolve::hash_checking_mode(files);
  if (hash_checking) {
    resolve::refuse_unhashable_sources(files);
  }
  bool sources = false;
  for (const RequirementLine& line : files.requirements) {
    sources = sources || line.source.has_value();
    refuse_credentials_in_link(line);
  }
  const FormatControl control = format_control_of(args.pip_args, files.options);
  nlohmann::json out;
  const BuildOptions options = build_options_of(files);
  out["format_control"] = format_control_json(control, options);
  out["format_changed"] = nlohmann::json::array();
  if (!args.previous_format_control.empty() && !args.wheelhouse.empty()) {
    RealFileSystem fs;
    const nlohmann::json previous =
      parse_json(fs.read_file(args.previous_format_control), args.previous_format_control);
    FormatControl before;
    for (const auto& key : previous.value("no_binary", std::vector<std::string>{})) {
      before.no_binary(key);
    }
    for (const auto& key : previous.value("only_binary", std::vector<std::string>{})) {
      before.only_binary(key);
    }
    const BuildOptions options_before = previous.value("build_options", BuildOptions{});
    out["format_changed"] =
      format_changed(before, control, options_before, options, args.wheelhouse);
  }
  // What pip in the builder must find in its environment: the ${NAME}s the files use, and the
  // credentials of the options' URLs under the names that `pip-input` and `pending` refer to.
  out["environment"] = files.environment;
  out["credentials"] = nlohmann::json::object();
  for (const IndexCredential& credential : index_credentials(files.options)) {
    out["credentials"][credential.name] = credential.userinfo;
  }
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
    "and sorted, \"sources\": whether a line names a source of its own (see `sources`), "
    "\"format_control\": pip's --no-binary/--only-binary sets and each project's build "
    "options, \"format_changed\": the wheels of --wheelhouse whose project pip would now take "
    "otherwise than under --previous-format-control}. In hash-checking mode a local directory, "
    "an editable or a VCS line is refused, as pip refuses it");
  command->add_option("-r,--requirement", args->requirements, "Requirement file (repeatable)")
    ->required()
    ->type_name("FILE");
  command->add_option("-c,--constraint", args->constraints, "Constraint file (repeatable)")
    ->type_name("FILE");
  command
    ->add_option("--pip-arg", args->pip_args,
                 "An argument of PIP_ARGS, as --pip-arg=ARG (repeatable): its --no-binary and "
                 "--only-binary count before the files'")
    ->type_name("ARG");
  command
    ->add_option("--previous-format-control", args->previous_format_control,
                 "The format_control of an earlier run (JSON); with --wheelhouse, "
                 "format_changed lists the wheels of DIR whose project may now be taken "
                 "otherwise (a ready-made wheel or a build from source)")
    ->type_name("OLD.json");
  command->add_option("--wheelhouse", args->wheelhouse, "The wheelhouse, for format_changed")
    ->type_name("DIR");
  command->callback([&action, args] { action = [args] { run_inputs(*args); }; });
}

}  // namespace pwi::cli
