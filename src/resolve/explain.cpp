#include "resolve/explain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace pwi::resolve {

namespace {

std::string join(const std::vector<std::string>& parts, std::string_view separator)
{
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += (i ? std::string(separator) : "") + parts[i];
  }
  return out;
}

std::string where_of(const RequirementLine& line)
{
  return fmt::format("{}:{}", line.where.file, line.where.line);
}

std::string candidate_text(const Provider& p, CandidateId id)
{
  const Candidate& c = p.candidate(id);
  return fmt::format("{} {}", c.name, c.version.str());
}

// Why no wheel of `key` fits `req` (a requirement that alone cannot be met).
std::string why_nothing_fits(const Provider& p, const ResolverRequirement& req)
{
  const Wheelhouse& house = p.wheelhouse();
  const auto& files = house.project_files(req.key);
  if (files.empty()) {
    return fmt::format("there is no wheel of '{}' in {}", req.key, house.directory());
  }
  const std::vector<std::size_t> compatible = p.finder().compatible_files(req.key);
  if (compatible.empty()) {
    std::set<std::string> tags;
    for (const std::size_t f : files) {
      tags.insert(house.files()[f].name.tags.begin(), house.files()[f].name.tags.end());
    }
    return fmt::format("the wheels of '{}' are all for other platforms or Pythons (tags: {})",
                       req.key, join({tags.begin(), tags.end()}, ", "));
  }
  std::vector<Version> versions;
  for (const std::size_t f : compatible) {
    versions.push_back(house.files()[f].name.version);
  }
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  std::vector<std::string> texts;
  bool prerelease = false;
  for (const auto& v : versions) {
    texts.push_back(v.str());
    prerelease = prerelease || v.is_prerelease();
  }
  std::string out =
    fmt::format("versions of '{}' with a wheel for the target: {}", req.key, join(texts, ", "));
  if (prerelease && !p.finder().allow_all_prereleases()) {
    out += " (pre-releases count only with --pre, or when the specifier names one)";
  }
  return out;
}

}  // namespace

std::string origin_of(const Provider& p, const Information& info)
{
  if (info.parent != k_no_parent) {
    return "required by " + candidate_text(p, info.parent);
  }
  const ResolverRequirement& req = p.requirement(info.requirement);
  return req.line != nullptr ? "requested in " + where_of(*req.line) : "requested";
}

std::string explain_impossible(const Provider& p, const std::vector<Information>& causes)
{
  const std::string python = p.python_version().str();
  std::vector<Information> python_causes;
  for (const Information& cause : causes) {
    const ResolverRequirement& req = p.requirement(cause.requirement);
    if (req.kind == ResolverRequirement::Kind::k_requires_python &&
        !req.specifier.contains(p.python_version(), true)) {
      python_causes.push_back(cause);
    }
  }
  if (python_causes.size() == 1) {
    const Information& cause = python_causes.front();
    return fmt::format("{} requires a different Python: {} not in '{}'",
                       candidate_text(p, cause.parent), python,
                       p.requirement(cause.requirement).specifier.str());
  }
  if (!python_causes.empty()) {
    std::string out =
      fmt::format("every candidate requires a different Python: {} not in:", python);
    for (const Information& cause : python_causes) {
      out +=
        fmt::format("\n  '{}' (required by {})", p.requirement(cause.requirement).specifier.str(),
                    candidate_text(p, cause.parent));
    }
    return out;
  }

  if (causes.size() == 1 && p.constraints().count(p.requirement(causes[0].requirement).name) == 0) {
    const ResolverRequirement& req = p.requirement(causes[0].requirement);
    return fmt::format("no wheel satisfies the requirement {} ({}): {}", req.text,
                       origin_of(p, causes[0]), why_nothing_fits(p, req));
  }

  std::set<std::string> triggers;
  std::set<std::string> constrained;
  std::string lines;
  for (const Information& cause : causes) {
    const ResolverRequirement& req = p.requirement(cause.requirement);
    triggers.insert(cause.parent == k_no_parent ? req.text : candidate_text(p, cause.parent));
    lines += fmt::format("\n  {} ({})", req.text, origin_of(p, cause));
    if (p.constraints().count(req.name) != 0) {
      constrained.insert(req.name);
    }
  }
  for (const std::string& key : constrained) {
    for (const RequirementLine* line : p.constraints().at(key).lines) {
      lines += fmt::format("\n  {} (constraint in {})", line->requirement.str(), where_of(*line));
    }
  }
  return fmt::format(
    "cannot install {} because their requirements conflict:{}",
    triggers.size() == 1 ? *triggers.begin() : join({triggers.begin(), triggers.end()}, ", "),
    lines);
}

}  // namespace pwi::resolve
