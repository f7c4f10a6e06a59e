#include "resolve/resolve.hpp"

#include "common/error.hpp"
#include "common/sha256.hpp"
#include "resolve/explain.hpp"
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

// pip's hash-checking applied to the chosen files: a --hash on a requirement or constraint
// of the project must match. (The rest of pip's --require-hashes rules is not replicated.)
void check_hashes(const ResolvedPackage& package, const RequirementFiles& inputs)
{
  std::vector<std::string> allowed;
  const RequirementLine* first = nullptr;
  for (const auto* lines : {&inputs.requirements, &inputs.constraints}) {
    for (const RequirementLine& line : *lines) {
      if (line.requirement.key != package.key) {
        continue;
      }
      for (const std::string& hash : line.hashes) {
        if (hash.rfind("sha256:", 0) == 0) {
          allowed.push_back(hash.substr(7));
          first = first != nullptr ? first : &line;
        }
      }
    }
  }
  if (first != nullptr &&
      std::find(allowed.begin(), allowed.end(), package.sha256) == allowed.end()) {
    throw ResolveError(fmt::format("{}:{}: hash mismatch for {}: {} has sha256:{}, which no "
                                   "--hash of the project allows",
                                   first->where.file, first->where.line, package.key,
                                   package.file_name, package.sha256));
  }
}

}  // namespace

Resolved resolve_requirements(const Wheelhouse& wheelhouse, const TargetEnvironment& target,
                              const RequirementFiles& inputs, bool pre)
{
  Provider provider(wheelhouse, target, inputs, pre);
  ResolutionResult result;
  try {
    result = resolve(provider);
  } catch (const ResolutionImpossible& e) {
    throw ResolveError(explain_impossible(provider, e.causes()));
  }

  std::map<std::string, CandidateId> pinned;  // identifier -> candidate, connected pins only
  std::map<std::string, ResolvedPackage> packages;
  for (const auto& [identifier, id] : result.mapping) {
    pinned.emplace(identifier, id);
    const Candidate& candidate = provider.candidate(id);
    if (candidate.kind == Candidate::Kind::k_wheel) {  // what pip installs
      ResolvedPackage& package = packages[candidate.key];
      package.key = candidate.key;
      package.version = candidate.version;
      package.file_name = wheelhouse.files()[candidate.file].name.filename;
      package.path = wheelhouse.files()[candidate.file].path;
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
      if (req.kind != ResolverRequirement::Kind::k_specifier) {
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
      } else {
        continue;
      }
      package->second.required_by.push_back(std::move(reason));
    }
  }

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
    // Hashing is the slow part of a warm run: only the chosen wheels are read whole.
    package.sha256 = sha256_file_hex(package.path);
    check_hashes(package, inputs);
    resolved.packages.push_back(std::move(package));
  }
  return resolved;
}

}  // namespace pwi::resolve
