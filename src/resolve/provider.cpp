#include "resolve/provider.hpp"

#include "common/error.hpp"
#include "pep/names.hpp"
#include "resolve/pip_checks.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pwi::resolve {

namespace {

constexpr double k_infinity = std::numeric_limits<double>::infinity();

// pip's format_name(): the identifier of a project with extras.
std::string identifier_of(const std::string& key, const std::set<std::string>& extras)
{
  if (extras.empty()) {
    return key;
  }
  std::vector<std::string> canonical;
  for (const auto& e : extras) {
    canonical.push_back(normalize_name(e));
  }
  std::sort(canonical.begin(), canonical.end());
  std::string out = key + "[";
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    out += (i ? "," : "") + canonical[i];
  }
  return out + "]";
}

}  // namespace

// FoundCandidates over _iter_built(): per version only the best file that builds (its
// METADATA agrees with its file name), known-incompatible ones left out.
class FoundMatches final : public Matches {
public:
  FoundMatches(Provider& provider, std::vector<std::size_t> files, std::string key,
               std::set<std::string> extras, std::set<CandidateId> incompatible)
    : m_provider(provider),
      m_files(std::move(files)),
      m_key(std::move(key)),
      m_extras(std::move(extras)),
      m_incompatible(std::move(incompatible))
  {
  }

  std::optional<CandidateId> at(std::size_t index) const override
  {
    while (m_built.size() <= index && m_cursor < m_files.size()) {
      const std::size_t file = m_files[m_cursor++];
      const Version& version = m_provider.m_wheelhouse.files()[file].name.version;
      if (std::find(m_versions_found.begin(), m_versions_found.end(), version) !=
          m_versions_found.end()) {
        continue;
      }
      std::optional<CandidateId> built = m_provider.wheel_candidate(file, m_key, version);
      if (!built) {
        continue;
      }
      if (!m_extras.empty()) {
        built = m_provider.extras_candidate(*built, m_extras);
      }
      m_versions_found.push_back(version);
      if (m_incompatible.count(*built) == 0) {
        m_built.push_back(*built);
      }
    }
    return index < m_built.size() ? std::optional<CandidateId>(m_built[index]) : std::nullopt;
  }

private:
  Provider& m_provider;
  std::vector<std::size_t> m_files;
  std::string m_key;
  std::set<std::string> m_extras;
  std::set<CandidateId> m_incompatible;
  mutable std::size_t m_cursor = 0;
  mutable std::vector<Version> m_versions_found;
  mutable std::vector<CandidateId> m_built;
};

namespace {

class ListedMatches final : public Matches {
public:
  explicit ListedMatches(std::vector<CandidateId> candidates) : m_candidates(std::move(candidates))
  {
  }
  std::optional<CandidateId> at(std::size_t index) const override
  {
    return index < m_candidates.size() ? std::optional<CandidateId>(m_candidates[index])
                                       : std::nullopt;
  }

private:
  std::vector<CandidateId> m_candidates;
};

}  // namespace

Provider::Provider(const Wheelhouse& wheelhouse, const TargetEnvironment& target,
                   const RequirementFiles& inputs, bool pre,
                   const std::map<std::size_t, std::size_t>& direct)
  : m_wheelhouse(wheelhouse),
    m_target(target),
    m_finder(wheelhouse, target, pre || inputs.options.pre)
{
  Candidate python;
  python.kind = Candidate::Kind::k_python;
  python.name = python.key = std::string(k_requires_python_identifier);
  python.version = target_python_version(target);
  m_python = static_cast<CandidateId>(m_candidates.size());
  m_candidates.push_back(std::move(python));

  for (const RequirementLine& line : inputs.constraints) {
    if (!markers_hold(line.requirement, target.markers, {})) {
      continue;
    }
    Constraint& constraint = m_constraints[line.requirement.key];
    constraint.specifier &= line.requirement.specifier;
    constraint.lines.push_back(&line);
  }
  for (std::size_t i = 0; i < inputs.requirements.size(); ++i) {
    const RequirementLine& line = inputs.requirements[i];
    if (!markers_hold(line.requirement, target.markers, {})) {
      continue;  // pip: "Ignoring x: markers '...' don't match your environment"
    }
    ResolverRequirement req;
    req.key = line.requirement.key;
    req.extras.insert(line.requirement.extras.begin(), line.requirement.extras.end());
    req.name = identifier_of(req.key, req.extras);
    req.specifier = line.requirement.specifier;
    req.text = line.requirement.str();
    req.line = &line;
    if (const auto link = direct.find(i); link != direct.end()) {
      // pip's ExplicitRequirement of a link candidate (with extras: of its extras candidate).
      const std::size_t file = link->second;
      const auto candidate =
        wheel_candidate(file, req.key, m_wheelhouse.files()[file].name.version);
      if (!candidate) {
        throw ResolveError(fmt::format("{}:{}: the wheel {} built from {} has inconsistent "
                                       "metadata (its METADATA does not name {} {})",
                                       line.where.file, line.where.line,
                                       m_wheelhouse.files()[file].name.filename, line.source->text,
                                       req.key, m_wheelhouse.files()[file].name.version.str()));
      }
      req.kind = ResolverRequirement::Kind::k_explicit;
      req.candidate = req.extras.empty() ? *candidate : extras_candidate(*candidate, req.extras);
      req.text = line.source->text;
    }
    m_user_requested.emplace(req.name, i);
    m_roots.push_back(add_requirement(std::move(req)));
  }
}

RequirementId Provider::add_requirement(ResolverRequirement requirement)
{
  m_requirements.push_back(std::move(requirement));
  return static_cast<RequirementId>(m_requirements.size() - 1);
}

std::optional<CandidateId> Provider::wheel_candidate(std::size_t file, const std::string& key,
                                                     const Version& version)
{
  if (const auto it = m_wheel_candidates.find(file); it != m_wheel_candidates.end()) {
    return it->second;
  }
  const WheelMetadata& metadata = m_wheelhouse.metadata(file);
  std::optional<CandidateId> id;
  // An inconsistent wheel is discarded, and the next file is tried.
  if (metadata_consistent(metadata, key, version)) {
    Candidate candidate;
    candidate.kind = Candidate::Kind::k_wheel;
    candidate.name = candidate.key = key;
    candidate.version = version;
    candidate.file = file;
    id = static_cast<CandidateId>(m_candidates.size());
    m_candidates.push_back(std::move(candidate));
  }
  m_wheel_candidates.emplace(file, id);
  return id;
}

CandidateId Provider::extras_candidate(CandidateId base, std::set<std::string> extras)
{
  auto slot = m_extras_candidates.find({base, extras});
  if (slot != m_extras_candidates.end()) {
    return slot->second;
  }
  Candidate candidate;
  candidate.kind = Candidate::Kind::k_extras;
  candidate.key = m_candidates[base].key;
  candidate.name = identifier_of(candidate.key, extras);
  candidate.version = m_candidates[base].version;
  candidate.file = m_candidates[base].file;
  candidate.base = base;
  candidate.extras = extras;
  const auto id = static_cast<CandidateId>(m_candidates.size());
  m_candidates.push_back(std::move(candidate));
  m_extras_candidates.emplace(std::make_pair(base, std::move(extras)), id);
  return id;
}

std::optional<RequirementId> Provider::requirement_from_dependency(
  const Requirement& dependency, const std::set<std::string>& extras)
{
  if (!markers_hold(dependency, m_target.markers, extras)) {
    return std::nullopt;
  }
  if (!dependency.url.empty()) {
    throw ResolveError(fmt::format("a wheel depends on '{}', a direct URL reference, which a "
                                   "wheelhouse cannot satisfy",
                                   dependency.str()));
  }
  ResolverRequirement req;
  req.key = dependency.key;
  req.extras.insert(dependency.extras.begin(), dependency.extras.end());
  req.name = identifier_of(req.key, req.extras);
  req.specifier = dependency.specifier;
  req.text = dependency.str();
  return add_requirement(std::move(req));
}

const std::vector<RequirementId>& Provider::dependencies(CandidateId id)
{
  if (const auto it = m_dependencies.find(id); it != m_dependencies.end()) {
    return it->second;
  }
  std::vector<RequirementId> out;
  const Candidate candidate = m_candidates[id];  // a copy: m_candidates may grow below
  if (candidate.kind != Candidate::Kind::k_python) {
    const WheelMetadata& metadata = m_wheelhouse.metadata(candidate.file);
    std::set<std::string> extras;
    if (candidate.kind == Candidate::Kind::k_extras) {
      // ExtrasCandidate: the exact base first, then the dependencies of the extras the
      // wheel provides; unknown extras are ignored (pip warns).
      ResolverRequirement base;
      base.kind = ResolverRequirement::Kind::k_explicit;
      base.key = base.name = candidate.key;
      base.candidate = candidate.base;
      base.text = fmt::format("{}=={}", candidate.key, candidate.version.str());
      out.push_back(add_requirement(std::move(base)));
      std::set<std::string> provided;
      for (const auto& e : metadata.provides_extra) {
        provided.insert(safe_extra(e));
      }
      std::set_intersection(candidate.extras.begin(), candidate.extras.end(), provided.begin(),
                            provided.end(), std::inserter(extras, extras.end()));
    }
    for (const Requirement& dependency : metadata.requires_dist) {
      if (const auto req = requirement_from_dependency(dependency, extras)) {
        out.push_back(*req);
      }
    }
    if (candidate.kind == Candidate::Kind::k_wheel && metadata.requires_python &&
        !metadata.requires_python->empty()) {
      ResolverRequirement python;
      python.kind = ResolverRequirement::Kind::k_requires_python;
      python.key = python.name = std::string(k_requires_python_identifier);
      python.specifier = *metadata.requires_python;
      python.text = "Python " + metadata.requires_python->str();
      out.push_back(add_requirement(std::move(python)));
    }
  }
  return m_dependencies.emplace(id, std::move(out)).first->second;
}

std::shared_ptr<const Matches> Provider::find_matches(
  const std::string& identifier, const std::vector<RequirementId>& requirements,
  const std::vector<RequirementId>& base_requirements, const std::set<CandidateId>& incompatible)
{
  // The constraint of the project, also for its extras (_get_with_identifier).
  static const Constraint k_no_constraint;
  const Constraint* constraint = &k_no_constraint;
  const std::string project = identifier.substr(0, identifier.find('['));
  if (const auto it = m_constraints.find(identifier); it != m_constraints.end()) {
    constraint = &it->second;
  } else if (const auto base = m_constraints.find(project);
             project != identifier && base != m_constraints.end()) {
    constraint = &base->second;
  }

  std::set<CandidateId> explicit_candidates;
  std::vector<RequirementId> specified;
  for (const RequirementId id : requirements) {
    const ResolverRequirement& req = m_requirements[id];
    switch (req.kind) {
    case ResolverRequirement::Kind::k_explicit:
      explicit_candidates.insert(req.candidate);
      break;
    case ResolverRequirement::Kind::k_requires_python:
      if (req.specifier.contains(python_version(), true)) {
        explicit_candidates.insert(m_python);
      }
      break;
    case ResolverRequirement::Kind::k_specifier:
      specified.push_back(id);
      break;
    }
  }
  // An extras identifier: the base candidates already required explicitly, with these extras.
  if (project != identifier && identifier != k_requires_python_identifier) {
    std::set<std::string> extras;
    const std::string inner =
      identifier.substr(project.size() + 1, identifier.size() - project.size() - 2);
    for (std::size_t start = 0; start <= inner.size();) {
      const std::size_t comma = std::min(inner.find(',', start), inner.size());
      extras.insert(inner.substr(start, comma - start));
      start = comma + 1;
    }
    for (const RequirementId id : base_requirements) {
      if (m_requirements[id].kind == ResolverRequirement::Kind::k_explicit) {
        explicit_candidates.insert(extras_candidate(m_requirements[id].candidate, extras));
      }
    }
  }

  if (explicit_candidates.empty()) {
    if (specified.empty()) {
      return std::make_shared<ListedMatches>(std::vector<CandidateId>{});
    }
    SpecifierSet specifier = constraint->specifier;
    std::set<std::string> extras;
    for (const RequirementId id : specified) {
      specifier &= m_requirements[id].specifier;
      extras.insert(m_requirements[id].extras.begin(), m_requirements[id].extras.end());
    }
    const std::string key = m_requirements[specified.front()].key;
    return std::make_shared<FoundMatches>(*this, m_finder.applicable_files(key, specifier), key,
                                          std::move(extras), incompatible);
  }
  std::vector<CandidateId> out;
  for (const CandidateId c : explicit_candidates) {
    if (incompatible.count(c) != 0 ||
        !constraint->specifier.contains(m_candidates[c].version, true)) {
      continue;
    }
    if (std::all_of(requirements.begin(), requirements.end(),
                    [&](RequirementId r) { return is_satisfied_by(r, c); })) {
      out.push_back(c);
    }
  }
  return std::make_shared<ListedMatches>(std::move(out));
}

bool Provider::is_satisfied_by(RequirementId id, CandidateId candidate) const
{
  const ResolverRequirement& req = m_requirements[id];
  if (req.kind == ResolverRequirement::Kind::k_explicit) {
    return candidate == req.candidate;
  }
  // The finder already applied the pre-release rules; here any version counts.
  return req.specifier.contains(m_candidates[candidate].version, true);
}

Provider::Preference Provider::preference(const std::string& identifier,
                                          const std::vector<Information>& information,
                                          const std::vector<Information>& backtrack_causes)
{
  const bool has_information = !information.empty();
  bool pinned = false;
  bool unfree = false;
  for (const Information& info : information) {
    const ResolverRequirement& req = m_requirements[info.requirement];
    if (req.kind != ResolverRequirement::Kind::k_specifier) {
      continue;
    }
    for (const Specifier& clause : req.specifier.clauses()) {
      unfree = true;
      pinned = pinned || clause.op() == Specifier::Op::k_equal ||
               clause.op() == Specifier::Op::k_arbitrary;
    }
  }
  double requested_order = k_infinity;
  double depth = k_infinity;
  if (const auto it = m_user_requested.find(identifier); it != m_user_requested.end()) {
    requested_order = static_cast<double>(it->second);
    depth = 1.0;
  } else if (has_information) {
    for (const Information& info : information) {
      double parent_depth = 0.0;
      if (info.parent != k_no_parent) {
        const auto known = m_known_depths.find(m_candidates[info.parent].name);
        parent_depth = known == m_known_depths.end() ? k_infinity : known->second;
      }
      depth = std::min(depth, parent_depth + 1.0);
    }
  }
  m_known_depths[identifier] = depth;
  bool backtrack_cause = false;
  for (const Information& cause : backtrack_causes) {
    if (m_requirements[cause.requirement].name == identifier ||
        (cause.parent != k_no_parent && m_candidates[cause.parent].name == identifier)) {
      backtrack_cause = true;
      break;
    }
  }
  // pip computes `direct` from a tuple of lookups, which is never None: any information
  // makes an identifier "direct". Kept, as it decides the order of pins.
  return Preference{identifier != k_requires_python_identifier,
                    !has_information,
                    !pinned,
                    !backtrack_cause,
                    depth,
                    requested_order,
                    !unfree,
                    identifier};
}

}  // namespace pwi::resolve
