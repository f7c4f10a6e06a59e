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

std::string hash_checking_reason(const RequirementFiles& inputs)
{
  if (inputs.options.require_hashes) {
    return "--require-hashes is given";
  }
  for (const auto* lines : {&inputs.requirements, &inputs.constraints}) {
    for (const RequirementLine& line : *lines) {
      if (!line.hashes.empty()) {
        return fmt::format("{}:{} has --hash", line.where.file, line.where.line);
      }
    }
  }
  return "";
}

HashPolicy::HashPolicy(const RequirementFiles& inputs, const TargetEnvironment& target)
  : m_mode_reason(hash_checking_reason(inputs))
{
  for (const auto* lines : {&inputs.requirements, &inputs.constraints}) {
    for (const RequirementLine& line : *lines) {
      if (!markers_hold(line.requirement, target.markers, {})) {
        continue;  // pip ignores the line, and its hashes with it
      }
      Project& project = m_projects[line.requirement.key];
      (lines == &inputs.requirements ? project.requirements : project.constraints).push_back(&line);
      project.pinned = project.pinned || is_pinned(line.requirement.specifier);
      for (const std::string& hash : line.hashes) {
        if (project.first_hashed == nullptr) {
          project.first_hashed = &line;
        }
        // A hash the parser would have refused allows nothing, but still restricts.
        if (std::find(project.allowed.begin(), project.allowed.end(), hash) ==
            project.allowed.end()) {
          project.allowed.push_back(hash);
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

std::set<HashAlgorithm> digest_algorithms(const std::vector<std::string>& hashes)
{
  std::set<HashAlgorithm> out = {HashAlgorithm::k_sha256};
  for (const std::string& hash : hashes) {
    if (const auto value = parse_hash_value(hash)) {
      out.insert(value->algorithm);
    }
  }
  return out;
}

bool own_digest_allowed(FileSystem& fs, const Wheelhouse& wheelhouse, std::size_t file,
                        const std::vector<std::string>& hashes)
{
  const auto& digests = wheelhouse.digests(fs, file, digest_algorithms(hashes));
  return std::any_of(hashes.begin(), hashes.end(), [&](const std::string& hash) {
    const auto value = parse_hash_value(hash);
    return value && digests.at(value->algorithm) == value->hex;
  });
}

HashVerdict HashPolicy::check(FileSystem& fs, const Wheelhouse& wheelhouse, std::size_t file) const
{
  const Project* project = this->project(wheelhouse.files().at(file).name.key);
  if (project == nullptr || project->allowed.empty()) {
    return HashVerdict::k_unrestricted;
  }
  if (own_digest_allowed(fs, wheelhouse, file, project->allowed)) {
    return HashVerdict::k_own_digest;
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
  const std::set<HashAlgorithm> algorithms = digest_algorithms(project.allowed);
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
