#include "resolve/sources.hpp"

#include "pep/index_credentials.hpp"

#include "common/digest.hpp"
#include "common/error.hpp"
#include "common/json_file.hpp"
#include "pep/names.hpp"
#include "resolve/reuse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace pwi::resolve {

namespace {

[[noreturn]] void malformed(const std::string& path, const std::string& message)
{
  throw InputError(SourceLocation{path, 0, 0, ""}, message);
}

// What a build leaves in a project (setuptools, pip's in-tree build, tools), and what version
// control keeps: none of it is source.
constexpr std::array<std::string_view, 16> k_leftover_names = {
  ".git",        ".hg",           ".svn",        "__pycache__", "build",
  "dist",        ".eggs",         ".tox",        ".nox",        ".venv",
  ".mypy_cache", ".pytest_cache", ".ruff_cache", "venv",        ".ipynb_checkpoints",
  ".DS_Store"};

bool is_leftover(std::string_view name)
{
  const auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  return std::find(k_leftover_names.begin(), k_leftover_names.end(), name) !=
           k_leftover_names.end() ||
         ends_with(".egg-info") || ends_with(".pyc") || ends_with(".pyo");
}

void walk(FileSystem& fs, const std::string& root, const std::string& relative,
          const std::vector<std::string>& excluded, SourceTree& out)
{
  const std::string dir = relative.empty() ? root : join_path(root, relative);
  if (std::find(excluded.begin(), excluded.end(), dir) != excluded.end() ||
      (!relative.empty() && fs.stat(join_path(dir, "CMakeCache.txt")))) {
    return;
  }
  out.directories.push_back(relative);
  std::vector<std::string> names = fs.list_directory(dir);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (is_leftover(name)) {
      continue;
    }
    const std::string child = relative.empty() ? name : relative + "/" + name;
    const std::string path = join_path(root, child);
    const auto link = fs.lstat(path);
    const auto st = fs.stat(path);
    if (!st) {
      continue;  // a dangling link: nothing a build could read
    }
    if (st->type == FileType::k_directory) {
      if (link && link->type != FileType::k_symlink) {
        walk(fs, root, child, excluded, out);
      }
    } else if (st->type == FileType::k_regular) {
      out.files.push_back(child);
    }
  }
}

}  // namespace

SourceRecords parse_source_records(std::string_view text, const std::string& path)
{
  const nlohmann::json json = parse_json(text, path);
  if (!json.is_object() || json.value("version", 0) != 1 || !json.contains("sources") ||
      !json["sources"].is_object()) {
    malformed(path, "expected a source record of version 1: {\"version\": 1, \"sources\": {...}}");
  }
  SourceRecords out;
  for (const auto& [id, entry] : json["sources"].items()) {
    SourceRecord record;
    const std::array<std::pair<const char*, std::string*>, 6> fields = {{
      {"kind", &record.kind},
      {"location", &record.location},
      {"fingerprint", &record.fingerprint},
      {"wheel", &record.wheel},
      {"sha256", &record.sha256},
      {"commit", &record.commit},
    }};
    for (const auto& [key, field] : fields) {
      const auto it = entry.find(key);
      if (!entry.is_object() || it == entry.end() || !it->is_string()) {
        malformed(path, fmt::format("the record of source \"{}\" needs a string \"{}\"", id, key));
      }
      *field = it->get<std::string>();
    }
    out.emplace(id, std::move(record));
  }
  return out;
}

std::string source_records_text(const SourceRecords& records)
{
  nlohmann::ordered_json sources = nlohmann::ordered_json::object();
  for (const auto& [id, r] : records) {
    sources[id] = nlohmann::ordered_json{{"commit", r.commit}, {"fingerprint", r.fingerprint},
                                         {"kind", r.kind},     {"location", r.location},
                                         {"sha256", r.sha256}, {"wheel", r.wheel}};
  }
  const nlohmann::ordered_json json{{"sources", sources}, {"version", 1}};
  return json.dump(2) + "\n";
}

SourceRecords read_source_records(FileSystem& fs, const std::string& directory)
{
  const std::string path = join_path(directory, k_sources_file_name);
  if (!fs.stat(path)) {
    return {};
  }
  return parse_source_records(fs.read_file(path), path);
}

SourceTree scan_source_tree(FileSystem& fs, const std::string& root,
                            const std::vector<std::string>& excluded)
{
  SourceTree out;
  walk(fs, root, "", excluded, out);
  return out;
}

std::string source_id(const DirectSource& source)
{
  // The delimiter keeps kind and location apart, as ccache's Hash does.
  return digest_hex(HashAlgorithm::k_sha256,
                    fmt::format("{}\n{}", source_kind_name(source.kind), source.location))
    .substr(0, 16);
}

std::string source_fingerprint(FileSystem& fs, const DirectSource& source, const SourceTree& tree)
{
  Digest digest(HashAlgorithm::k_sha256);
  digest.update(fmt::format("{}\n{}\n", source_kind_name(source.kind), source.location));
  switch (source.kind) {
  case DirectSource::Kind::k_directory:
    for (const std::string& file : tree.files) {
      const std::string path = join_path(source.location, file);
      const auto st = fs.stat(path);
      const std::string content =
        file_digests(fs, path, {HashAlgorithm::k_sha256}).at(HashAlgorithm::k_sha256);
      digest.update(
        fmt::format("{}\n{}\n{}\n", file, st && st->is_executable() ? "x" : "-", content));
    }
    break;
  case DirectSource::Kind::k_archive:
    digest.update(
      file_digests(fs, source.location, {HashAlgorithm::k_sha256}).at(HashAlgorithm::k_sha256));
    break;
  case DirectSource::Kind::k_url:
  case DirectSource::Kind::k_vcs:
    break;  // the location is the URL
  }
  return digest.hex_digest();
}

bool SourcePlan::all_built() const
{
  return std::all_of(sources.begin(), sources.end(),
                     [](const PlannedSource& s) { return s.record.has_value(); });
}

SourcePlan plan_sources(FileSystem& fs, const Wheelhouse& wheelhouse, const SourceRecords& records,
                        const RequirementFiles& inputs, const std::vector<std::string>& excluded)
{
  SourcePlan plan;
  for (std::size_t i = 0; i < inputs.requirements.size(); ++i) {
    const RequirementLine& line = inputs.requirements[i];
    if (!line.source) {
      continue;
    }
    PlannedSource planned;
    planned.line = i;
    planned.id = source_id(*line.source);
    if (line.source->kind == DirectSource::Kind::k_directory) {
      // Another line's local project inside this one has a wheel of its own.
      std::vector<std::string> skip = excluded;
      for (const RequirementLine& other : inputs.requirements) {
        if (other.source && other.source->kind == DirectSource::Kind::k_directory &&
            other.source->location != line.source->location) {
          skip.push_back(other.source->location);
        }
      }
      planned.tree = scan_source_tree(fs, line.source->location, skip);
    }
    planned.fingerprint = source_fingerprint(fs, *line.source, planned.tree);
    if (!line.build_options.empty()) {
      // The line's build options (--config-settings, --global-option) make another wheel of
      // the same source: an edit to them builds it again.
      Digest digest(HashAlgorithm::k_sha256);
      digest.update(planned.fingerprint);
      for (const std::string& option : line.build_options) {
        digest.update("\n" + option);
      }
      planned.fingerprint = digest.hex_digest();
    }
    const auto record = records.find(planned.id);
    if (record != records.end() && record->second.fingerprint == planned.fingerprint) {
      for (std::size_t f = 0; f < wheelhouse.files().size(); ++f) {
        const WheelFile& file = wheelhouse.files()[f];
        if (file.name.filename == record->second.wheel &&
            wheelhouse.sha256(fs, f) == record->second.sha256) {
          planned.record = record->second;
          planned.wheel_file = f;
        }
      }
    }
    plan.sources.push_back(std::move(planned));
  }
  return plan;
}

DirectWheels attach_sources(const SourcePlan& plan, const Wheelhouse& wheelhouse,
                            RequirementFiles& inputs)
{
  DirectWheels out;
  for (const PlannedSource& planned : plan.sources) {
    RequirementLine& line = inputs.requirements[planned.line];
    if (!planned.record) {
      throw ResolveError(fmt::format("{}:{}: {} is not built yet (or was built from other content)",
                                     line.where.file, line.where.line, line.source->text));
    }
    const WheelName& wheel = wheelhouse.files()[planned.wheel_file].name;
    if (!line.requirement.key.empty() && line.requirement.key != wheel.key) {
      throw InputError(line.where,
                       fmt::format("Requested {} has inconsistent name: expected '{}', but "
                                   "metadata has '{}'",
                                   line.source->text, line.requirement.name, wheel.name));
    }
    line.requirement.name = wheel.name;
    line.requirement.key = wheel.key;
    out.emplace(planned.line, planned.wheel_file);
  }
  return out;
}

void refuse_unhashable_sources(const RequirementFiles& inputs)
{
  for (const RequirementLine& line : inputs.requirements) {
    if (!line.source) {
      continue;
    }
    const DirectSource& s = *line.source;
    std::string why;
    if (s.editable) {
      why = fmt::format("The editable requirement {} cannot be installed when requiring hashes, "
                        "because there is no single file to hash.",
                        s.text);
    } else if (s.kind == DirectSource::Kind::k_directory) {
      why = fmt::format("Can't verify hashes for the requirement {} because it points to a "
                        "directory (as pip refuses it in hash-checking mode).",
                        s.text);
    } else if (s.kind == DirectSource::Kind::k_vcs) {
      why = fmt::format("Can't verify hashes for the VCS requirement {} (as pip refuses it in "
                        "hash-checking mode); pin it to a released archive with --hash.",
                        s.text);
    } else {
      why = fmt::format("not supported here in hash-checking mode: the link requirement {} "
                        "(put the archive on an index or in a --find-links directory and "
                        "require it by name with --hash)",
                        s.text);
    }
    throw InputError(line.where, why);
  }
}

}  // namespace pwi::resolve

namespace pwi::resolve {

VcsUrl split_vcs_url(std::string_view url)
{
  VcsUrl out;
  const auto plus = url.find('+');
  out.vcs = std::string(url.substr(0, plus));
  std::string_view rest = url.substr(plus + 1);
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) {
    out.fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  // The ref is after the last '@' of the path, not of the user info.
  const auto scheme_end = rest.find("://");
  const std::size_t path_start =
    scheme_end == std::string_view::npos ? 0 : rest.find('/', scheme_end + 3);
  if (path_start != std::string_view::npos) {
    if (const auto at = rest.rfind('@'); at != std::string_view::npos && at > path_start) {
      out.ref = std::string(rest.substr(at + 1));
      rest = rest.substr(0, at);
    }
  }
  out.repository = std::string(rest);
  return out;
}

PlanFiles plan_files(const SourcePlan& plan, const RequirementFiles& inputs,
                     const std::string& lists_dir)
{
  PlanFiles out;
  nlohmann::ordered_json sources = nlohmann::ordered_json::array();
  for (const PlannedSource& planned : plan.sources) {
    const RequirementLine& line = inputs.requirements[planned.line];
    const DirectSource& source = *line.source;
    nlohmann::ordered_json entry{
      {"id", planned.id},
      {"kind", source_kind_name(source.kind)},
      {"location", source.location},
      {"text", source.text},
      {"where", fmt::format("{}:{}", line.where.file, line.where.line)},
      {"built", planned.record.has_value()},
      {"wheel", planned.record ? planned.record->wheel : std::string()},
      {"build_options", line.build_options},
    };
    if (source.kind == DirectSource::Kind::k_directory) {
      const std::string list = join_path(lists_dir, planned.id + ".files");
      std::string content;
      for (const std::string& file : planned.tree.files) {
        content += file + "\n";
      }
      out.lists.emplace(list, std::move(content));
      entry["files"] = list;
    }
    if (source.kind == DirectSource::Kind::k_vcs) {
      const VcsUrl vcs = split_vcs_url(source.location);
      entry["vcs"] = vcs.vcs;
      entry["repository"] = vcs.repository;
      entry["ref"] = vcs.ref;
      entry["fragment"] = vcs.fragment;
    }
    sources.push_back(std::move(entry));
  }
  // The files' global options, for a requirement file of their own (not a command line: an
  // index URL may hold credentials, given by reference).
  const nlohmann::ordered_json json{{"pip_options", option_lines(inputs.options)},
                                    {"sources", sources}};
  out.json = json.dump(2) + "\n";
  return out;
}

SourceRecords record_built_sources(FileSystem& fs, const SourcePlan& plan,
                                   const RequirementFiles& inputs, const SourceRecords& previous,
                                   const std::string& built_dir, const std::string& wheelhouse_dir)
{
  SourceRecords out;
  for (const auto& [id, record] : previous) {
    if (fs.stat(join_path(wheelhouse_dir, record.wheel))) {
      out.emplace(id, record);
    }
  }
  for (const PlannedSource& planned : plan.sources) {
    if (planned.record) {
      continue;
    }
    const RequirementLine& line = inputs.requirements[planned.line];
    const std::string dir = join_path(built_dir, planned.id);
    std::vector<std::string> wheels;
    if (fs.stat(dir)) {
      for (const std::string& name : fs.list_directory(dir)) {
        if (name.size() > 4 && name.substr(name.size() - 4) == ".whl") {
          wheels.push_back(name);
        }
      }
    }
    if (wheels.size() != 1) {
      throw InputError(line.where, fmt::format("building {} gave {} wheels, expected one",
                                               line.source->text, wheels.size()));
    }
    SourceRecord record;
    record.kind = source_kind_name(line.source->kind);
    record.location = line.source->location;
    record.fingerprint = planned.fingerprint;
    record.wheel = wheels.front();
    record.sha256 = file_digests(fs, join_path(dir, record.wheel), {HashAlgorithm::k_sha256})
                      .at(HashAlgorithm::k_sha256);
    if (const std::string commit = join_path(dir, "commit"); fs.stat(commit)) {
      record.commit = fs.read_file(commit);
      while (!record.commit.empty() &&
             (record.commit.back() == '\n' || record.commit.back() == ' ')) {
        record.commit.pop_back();
      }
    }
    out[planned.id] = std::move(record);
  }
  return out;
}

std::string pip_input_text(const RequirementFiles& inputs, const DirectWheels& direct,
                           const Wheelhouse& wheelhouse, std::string_view url_prefix)
{
  std::string out = "# Generated by `pywheelimage pip-input`: the requirement files with every "
                    "source replaced by the wheel built from it. Do not edit.\n";
  // Credentials stay out of the file: pip expands their references from its environment.
  out += option_lines(inputs.options);
  const std::string_view separator = !url_prefix.empty() && url_prefix.back() == '/' ? "" : "/";
  for (std::size_t i = 0; i < inputs.requirements.size(); ++i) {
    const RequirementLine& line = inputs.requirements[i];
    Requirement requirement = line.requirement;
    if (const auto it = direct.find(i); it != direct.end()) {
      requirement.url =
        fmt::format("{}{}{}", url_prefix, separator,
                    quote_path_segment(wheelhouse.files()[it->second].name.filename));
      requirement.specifier = SpecifierSet();
    }
    std::string text = requirement.str();
    for (const std::string& hash : line.hashes) {
      text += " --hash=" + hash;
    }
    for (const std::string& option : line.build_options) {
      text += " " + option;
    }
    out += text + "\n";
  }
  return out;
}

}  // namespace pwi::resolve
