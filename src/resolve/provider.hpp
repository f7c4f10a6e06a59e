// pip 23.2.1's side of the resolver (resolution/resolvelib/: factory, provider, candidates,
// requirements) over a wheelhouse: what the candidates of an identifier are, in which order,
// what they depend on, and which identifier to pin next. Identifiers are pip's: a normalized
// project name, "name[extra,...]" for the extras of a project, and the Requires-Python check.
#pragma once

#include "pep/requirements_file.hpp"
#include "resolve/candidate_finder.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pwi::resolve {

inline constexpr std::string_view k_requires_python_identifier = "<Python from Requires-Python>";

using CandidateId = int;
using RequirementId = int;
inline constexpr CandidateId k_no_parent = -1;  // a user requirement

struct Candidate {
  enum class Kind { k_wheel, k_extras, k_python };
  Kind kind = Kind::k_wheel;
  std::string name;  // identifier
  std::string key;   // project
  Version version;
  std::size_t file = 0;          // k_wheel, k_extras
  CandidateId base = -1;         // k_extras: the wheel candidate it adds extras to
  std::set<std::string> extras;  // k_extras
};

struct ResolverRequirement {
  enum class Kind { k_specifier, k_explicit, k_requires_python };
  Kind kind = Kind::k_specifier;
  std::string name;  // identifier
  std::string key;
  SpecifierSet specifier;                 // k_specifier, k_requires_python
  std::set<std::string> extras;           // k_specifier: as pip's ireq.extras (safe_extra)
  CandidateId candidate = -1;             // k_explicit
  std::string text;                       // for messages
  const RequirementLine* line = nullptr;  // the user's line, for a root requirement
};

// A requirement and the pinned candidate that brought it in (k_no_parent: the user).
struct Information {
  RequirementId requirement;
  CandidateId parent;
};

// A merged constraint: pip's Constraint for one project.
struct Constraint {
  SpecifierSet specifier;
  std::vector<const RequirementLine*> lines;
};

// The candidates of an identifier, in pip's order, built lazily (building one reads its
// METADATA). Immutable in meaning: what it yields never changes, it is only memoized.
class Matches {
public:
  virtual ~Matches() = default;
  // The index-th candidate, or nullopt past the end.
  virtual std::optional<CandidateId> at(std::size_t index) const = 0;
  bool empty() const { return !at(0); }
};

class Provider {
public:
  // `direct`: the requirement lines (by index) that name one wheel of the wheelhouse, as pip's
  // link requirements do (resolve/sources.hpp); they are explicit requirements of that wheel.
  Provider(const Wheelhouse& wheelhouse, const TargetEnvironment& target,
           const RequirementFiles& inputs, bool pre,
           const std::map<std::size_t, std::size_t>& direct = {});

  // Root requirements whose markers hold, in input order (pip's collect_root_requirements).
  const std::vector<RequirementId>& root_requirements() const { return m_roots; }
  const std::map<std::string, Constraint>& constraints() const { return m_constraints; }

  const Candidate& candidate(CandidateId id) const { return m_candidates[id]; }
  const ResolverRequirement& requirement(RequirementId id) const { return m_requirements[id]; }
  const Version& python_version() const { return m_candidates[m_python].version; }
  const CandidateFinder& finder() const { return m_finder; }
  const Wheelhouse& wheelhouse() const { return m_wheelhouse; }

  // find_matches(): `requirements` are all those on `identifier`, `base_requirements` those on
  // the project without extras (for explicit base candidates), `incompatible` the known bad.
  std::shared_ptr<const Matches> find_matches(const std::string& identifier,
                                              const std::vector<RequirementId>& requirements,
                                              const std::vector<RequirementId>& base_requirements,
                                              const std::set<CandidateId>& incompatible);
  bool is_satisfied_by(RequirementId requirement, CandidateId candidate) const;
  const std::vector<RequirementId>& dependencies(CandidateId candidate);

  // get_preference(): the sort key, smaller is pinned first. Updates the known depths.
  struct Preference {
    bool not_requires_python, not_direct, not_pinned, not_backtrack_cause;
    double depth;
    double requested_order;
    bool not_unfree;
    std::string identifier;
    auto operator<=>(const Preference&) const = default;
  };
  Preference preference(const std::string& identifier, const std::vector<Information>& information,
                        const std::vector<Information>& backtrack_causes);

private:
  friend class FoundMatches;

  RequirementId add_requirement(ResolverRequirement requirement);
  std::optional<RequirementId> requirement_from_dependency(const Requirement& dependency,
                                                           const std::set<std::string>& extras);
  std::optional<CandidateId> wheel_candidate(std::size_t file, const std::string& key,
                                             const Version& version);
  CandidateId extras_candidate(CandidateId base, std::set<std::string> extras);

  const Wheelhouse& m_wheelhouse;
  const TargetEnvironment& m_target;
  CandidateFinder m_finder;
  std::vector<Candidate> m_candidates;
  std::vector<ResolverRequirement> m_requirements;
  CandidateId m_python = -1;
  std::vector<RequirementId> m_roots;
  std::map<std::string, Constraint> m_constraints;
  std::map<std::string, std::size_t> m_user_requested;
  std::map<std::size_t, std::optional<CandidateId>> m_wheel_candidates;  // by file
  std::map<std::pair<CandidateId, std::set<std::string>>, CandidateId> m_extras_candidates;
  std::map<CandidateId, std::vector<RequirementId>> m_dependencies;
  std::map<std::string, double> m_known_depths;
};

}  // namespace pwi::resolve
