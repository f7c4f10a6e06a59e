#include "resolve/resolve.hpp"

#include "common/error.hpp"
#include "resolve/explain.hpp"
#include "resolve/hash_policy.hpp"
#include "resolve/provider.hpp"
#include "resolve/resolution.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace pwi::resolve {

namespace {

auto reason_tuple(const Reason& r)
{
  return std::tie(r.file, r.line, r.parent, r.parent_version, r.requirement);
}

// What hash-checking mode refuses (pip's HashUnpinned, then HashMissing, per package).
struct HashFacts {
  std::size_t file = 0;
  bool dependency_pinned = false;  // some parent pins it with == or ===
  std::string dependency_text;     // the first parent requirement on it
};

void check_hash_requirements(const std::vector<ResolvedPackage>& packages,
                             const std::map<std::string, HashFacts>& facts,
                             const HashPolicy& policy)
{
  std::vector<HashRequirementProblem> problems;
  for (const ResolvedPackage& package : packages) {
    const HashPolicy::Project* project = policy.project(package.key);
    const HashFacts& fact = facts.at(package.key);
    const bool requested = project != nullptr && !project->requirements.empty();
    std::string origin;
    if (requested) {
      const SourceLocation& where = project->requirements.front()->where;
      origin = fmt::format("requested in {}:{}", where.file, where.line);
    } else {
      for (const Reason& reason : package.required_by) {
        if (!reason.parent.empty()) {
          origin += fmt::format("{}{} {}", origin.empty() ? "needed by " : ", ", reason.parent,
                                reason.parent_version);
        }
      }
    }
    if (!(project != nullptr && project->pinned) && !fact.dependency_pinned) {
      problems.push_back(
        {HashRequirementProblem::Kind::k_unpinned,
         requested ? project->requirements.front()->requirement.str() : fact.dependency_text,
         origin});
    } else if (project == nullptr || project->allowed.empty()) {
      problems.push_back(
        {HashRequirementProblem::Kind::k_missing_hashes,
         fmt::format("{}=={} --hash=sha256:{}", package.key, package.version.str(), package.sha256),
         origin});
    }
  }
  if (!problems.empty()) {
    throw ResolveError(hash_requirement_message(problems, policy.mode_reason()));
  }
}

}  // namespace

Resolved resolve_requirements(FileSystem& fs, const Wheelhouse& wheelhouse,
                              const TargetEnvironment& target, const RequirementFiles& inputs,
                              bool pre, const std::map<std::size_t, std::size_t>& direct)
{
  Provider provider(wheelhouse, target, inputs, pre, direct);
  ResolutionResult result;
  try {
    result = resolve(provider);
  } catch (const ResolutionImpossible& e) {
    throw ResolveError(explain_impossible(provider, e.causes()));
  }

  std::map<std::string, CandidateId> pinned;  // identifier -> candidate, connected pins only
  std::map<std::string, ResolvedPackage> packages;
  std::map<std::string, HashFacts> hash_facts;
  for (const auto& [identifier, id] : result.mapping) {
    pinned.emplace(identifier, id);
    const Candidate& candidate = provider.candidate(id);
    if (candidate.kind == Candidate::Kind::k_wheel) {  // what pip installs
      ResolvedPackage& package = packages[candidate.key];
      package.key = candidate.key;
      package.version = candidate.version;
      package.file_name = wheelhouse.files()[candidate.file].name.filename;
      package.path = wheelhouse.files()[candidate.file].path;
      hash_facts[candidate.key].file = candidate.file;
    }
  }
  for (const auto& [identifier, id] : result.mapping) {
    const Candidate& candidate = provider.candidate(id);
    if (candidate.kind == Candidate::Kind::k_extras && packages.count(candidate.key) != 0) {
      auto& extras = packages[candidate.key].extras;
      extras.insert(extras.end(), candidate.extras.begin(), candidate.extras.end());
    }
  }
  for (const auto& [identifier, criterion] : result.criteria.items()) {
    const auto pin = pinned.find(identifier);
    if (pin == pinned.end()) {
      continue;
    }
    const std::string& key = provider.candidate(pin->second).key;
    const auto package = packages.find(key);
    if (package == packages.end()) {
      continue;
    }
    for (const Information& info : criterion->information) {
      const ResolverRequirement& req = provider.requirement(info.requirement);
      if (req.kind != ResolverRequirement::Kind::k_specifier &&
          !(req.kind == ResolverRequirement::Kind::k_explicit && req.line != nullptr)) {
        continue;  // the link from "a[x]" to "a" itself, or Requires-Python
      }
      Reason reason;
      reason.requirement = req.text;
      if (info.parent == k_no_parent) {
        reason.file = req.line->where.file;
        reason.line = req.line->where.line;
      } else if (pinned.count(provider.candidate(info.parent).name) != 0) {
        reason.parent = provider.candidate(info.parent).name;
        reason.parent_version = provider.candidate(info.parent).version.str();
        HashFacts& facts = hash_facts[key];
        facts.dependency_pinned = facts.dependency_pinned || is_pinned(req.specifier);
        if (facts.dependency_text.empty()) {
          facts.dependency_text = req.text;
        }
      } else {
        continue;
      }
      package->second.required_by.push_back(std::move(reason));
    }
  }

  const HashPolicy policy(inputs, target);
  std::string mismatches;
  Resolved resolved;
  resolved.python_version = provider.python_version().str();
  for (auto& [key, package] : packages) {
    std::sort(package.extras.begin(), package.extras.end());
    package.extras.erase(std::unique(package.extras.begin(), package.extras.end()),
                         package.extras.end());
    auto& reasons = package.required_by;
    std::sort(reasons.begin(), reasons.end(),
              [](const Reason& a, const Reason& b) { return reason_tuple(a) < reason_tuple(b); });
    reasons.erase(std::unique(reasons.begin(), reasons.end(),
                              [](const Reason& a, const Reason& b) {
                                return reason_tuple(a) == reason_tuple(b);
                              }),
                  reasons.end());
    // Hashing is the slow part of a warm run: only the chosen wheels are read whole, once for
    // every algorithm the project's --hash values use.
    const std::size_t file = hash_facts.at(key).file;
    if (policy.check(fs, wheelhouse, file) == HashVerdict::k_mismatch) {
      mismatches +=
        (mismatches.empty() ? "" : "\n") + policy.mismatch_message(fs, wheelhouse, file);
    }
    package.sha256 = wheelhouse.sha256(fs, file);
    resolved.packages.push_back(std::move(package));
  }
  if (policy.hash_checking()) {
    check_hash_requirements(resolved.packages, hash_facts, policy);
  }
  if (!mismatches.empty()) {
    throw ResolveError(mismatches);
  }
  return resolved;
}

Resolved resolve_requirements(const Wheelhouse& wheelhouse, const TargetEnvironment& target,
                              const RequirementFiles& inputs, bool pre)
{
  RealFileSystem fs;
  return resolve_requirements(fs, wheelhouse, target, inputs, pre);
}

}  // namespace pwi::resolve
