#include "resolve/hash_policy.hpp"

#include "resolve/pip_checks.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pwi::resolve {

bool is_pinned(const SpecifierSet& specifier)
{
  const auto& clauses = specifier.clauses();
  return clauses.size() == 1 && (clauses.front().op() == Specifier::Op::k_equal ||
                                 clauses.front().op() == Specifier::Op::k_arbitrary);
}

std::optional<HashValue> parse_hash_value(std::string_view text)
{
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  const auto algorithm = parse_hash_algorithm(text.substr(0, colon));
  if (!algorithm) {
    return std::nullopt;
  }
  return HashValue{*algorithm, std::string(text.substr(colon + 1))};
}

HashPolicy::HashPolicy(const RequirementFiles& inputs, const TargetEnvironment& target)
{
  if (inputs.options.require_hashes) {
    m_mode_reason = "--require-hashes is given";
  }
  // pip's RequirementCommand.get_requirements: any line with --hash turns the mode on, also a
  // constraint and also a line whose marker is false on the target.
  for (const auto* lines : {&inputs.requirements, &inputs.constraints}) {
    for (const RequirementLine& line : *lines) {
      if (m_mode_reason.empty() && !line.hashes.empty()) {
        m_mode_reason = fmt::format("{}:{} has --hash", line.where.file, line.where.line);
      }
      if (!markers_hold(line.requirement, target.markers, {})) {
        continue;  // pip ignores the line, and its hashes with it
      }
      Project& project = m_projects[line.requirement.key];
      (lines == &inputs.requirements ? project.requirements : project.constraints).push_back(&line);
      project.pinned = project.pinned || is_pinned(line.requirement.specifier);
      Allowed& allowed = m_allowed[line.requirement.key];
      for (const std::string& hash : line.hashes) {
        if (project.first_hashed == nullptr) {
          project.first_hashed = &line;
        }
        if (std::find(project.allowed.begin(), project.allowed.end(), hash) !=
            project.allowed.end()) {
          continue;
        }
        project.allowed.push_back(hash);
        // A hash the parser would have refused allows nothing, but still restricts.
        if (auto value = parse_hash_value(hash)) {
          allowed.algorithms.insert(value->algorithm);
          allowed.values.push_back(std::move(*value));
        }
      }
    }
  }
}

const HashPolicy::Project* HashPolicy::project(const std::string& key) const
{
  const auto it = m_projects.find(key);
  return it == m_projects.end() ? nullptr : &it->second;
}

HashVerdict HashPolicy::check(FileSystem& fs, const Wheelhouse& wheelhouse, std::size_t file) const
{
  const std::string& key = wheelhouse.files().at(file).name.key;
  const Project* project = this->project(key);
  if (project == nullptr || project->allowed.empty()) {
    return HashVerdict::k_unrestricted;
  }
  const Allowed& allowed = m_allowed.find(key)->second;
  std::set<HashAlgorithm> algorithms = allowed.algorithms;
  algorithms.insert(HashAlgorithm::k_sha256);  // the lock and the provenance record need it
  const auto& digests = wheelhouse.digests(fs, file, algorithms);
  for (const HashValue& value : allowed.values) {
    if (digests.at(value.algorithm) == value.hex) {
      return HashVerdict::k_own_digest;
    }
  }
  if (const ProvenanceRecord* record = wheelhouse.provenance(fs, file)) {
    for (const std::string& verified : record->verified_hashes) {
      if (std::find(project->allowed.begin(), project->allowed.end(), verified) !=
          project->allowed.end()) {
        return HashVerdict::k_provenance;
      }
    }
  }
  return HashVerdict::k_mismatch;
}

std::string HashPolicy::mismatch_message(FileSystem& fs, const Wheelhouse& wheelhouse,
                                         std::size_t file) const
{
  const WheelFile& wheel = wheelhouse.files().at(file);
  const Project& project = *this->project(wheel.name.key);
  const Allowed& allowed = m_allowed.find(wheel.name.key)->second;
  std::set<HashAlgorithm> algorithms = allowed.algorithms;
  algorithms.insert(HashAlgorithm::k_sha256);
  std::string has;
  for (const auto& [algorithm, hex] : wheelhouse.digests(fs, file, algorithms)) {
    if (algorithms.count(algorithm) != 0) {
      has += fmt::format("{}{}:{}", has.empty() ? "" : ", ", hash_algorithm_name(algorithm), hex);
    }
  }
  std::string provenance;
  const auto record = wheelhouse.provenance().find(wheel.name.filename);
  if (record == wheelhouse.provenance().end()) {
    provenance = fmt::format(
      "the wheelhouse has no provenance record of it ({} names the wheels that `pip wheel` "
      "built in hash-checking mode from an archive matching a --hash)",
      k_provenance_file_name);
  } else if (record->second.sha256 != wheelhouse.sha256(fs, file)) {
    provenance = fmt::format("its provenance record is for other content (sha256:{}): the file "
                             "was replaced since, so the record is ignored",
                             record->second.sha256);
  } else {
    std::string verified;
    for (const auto& hash : record->second.verified_hashes) {
      verified += (verified.empty() ? "" : ", ") + hash;
    }
    provenance = fmt::format("its provenance record says it was {} an archive verified against "
                             "{}, none of which the project allows",
                             record->second.built_here ? "built from" : "downloaded as",
                             verified.empty() ? "no hash" : verified);
  }
  return fmt::format("{}:{}: hash mismatch for {}: {} has {}, which no --hash of the project "
                     "allows, and {}",
                     project.first_hashed->where.file, project.first_hashed->where.line,
                     wheel.name.key, wheel.name.filename, has, provenance);
}

std::string hash_requirement_message(const std::vector<HashRequirementProblem>& problems,
                                     const std::string& mode_reason)
{
  std::string missing;
  std::string unpinned;
  for (const auto& problem : problems) {
    std::string& list =
      problem.kind == HashRequirementProblem::Kind::k_missing_hashes ? missing : unpinned;
    list += fmt::format("\n    {} ({})", problem.requirement, problem.origin);
  }
  std::string out;
  if (!missing.empty()) {
    out += fmt::format(
      "Hashes are required in --require-hashes mode, but they are missing from some "
      "requirements (hash-checking mode is on because {}). Here is a list of those "
      "requirements along with the hashes of the wheels chosen here; for a wheel built here "
      "from an sdist, give the hashes of the index's files instead (pip-compile "
      "--generate-hashes writes them):{}",
      mode_reason, missing);
  }
  if (!unpinned.empty()) {
    out += fmt::format(
      "{}In --require-hashes mode, all requirements must have their versions "
      "pinned with =={}. These do not:{}",
      out.empty() ? "" : "\n",
      out.empty() ? fmt::format(" (hash-checking mode is on because {})", mode_reason) : "",
      unpinned);
  }
  return out;
}

}  // namespace pwi::resolve
