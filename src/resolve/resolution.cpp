#include "resolve/resolution.hpp"

#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pwi::resolve {

const Criterion* CriteriaMap::find(const std::string& key) const
{
  const auto it = m_index.find(key);
  return it == m_index.end() ? nullptr : m_items[it->second].second.get();
}

void CriteriaMap::set(const std::string& key, std::shared_ptr<const Criterion> criterion)
{
  const auto it = m_index.find(key);
  if (it != m_index.end()) {
    m_items[it->second].second = std::move(criterion);
    return;
  }
  m_index.emplace(key, m_items.size());
  m_items.emplace_back(key, std::move(criterion));
}

namespace {

// A conflict while adding a requirement: the criterion that has no candidate left.
struct RequirementsConflicted {
  std::shared_ptr<const Criterion> criterion;
};

struct State {
  std::vector<std::pair<std::string, CandidateId>> mapping;
  CriteriaMap criteria;
  std::vector<Information> backtrack_causes;
};

class Resolution {
public:
  explicit Resolution(Provider& provider) : m_p(provider) {}

  ResolutionResult run(std::size_t max_rounds);

private:
  State& state() { return m_states.back(); }
  void push_new_state() { m_states.push_back(m_states.back()); }

  std::vector<RequirementId> requirements_of(const CriteriaMap& criteria,
                                             const std::string& identifier) const
  {
    std::vector<RequirementId> out;
    if (const Criterion* c = criteria.find(identifier)) {
      for (const Information& info : c->information) {
        out.push_back(info.requirement);
      }
    }
    return out;
  }

  std::shared_ptr<const Matches> find_matches(const CriteriaMap& criteria,
                                              const std::string& identifier,
                                              std::vector<RequirementId> requirements,
                                              const std::set<CandidateId>& incompatible)
  {
    const std::string project = identifier.substr(0, identifier.find('['));
    std::vector<RequirementId> base;
    if (project != identifier) {
      base = requirements_of(criteria, project);
    }
    return m_p.find_matches(identifier, requirements, base, incompatible);
  }

  // Throws RequirementsConflicted.
  void add_to_criteria(CriteriaMap& criteria, RequirementId requirement, CandidateId parent)
  {
    const std::string& identifier = m_p.requirement(requirement).name;
    const Criterion* existing = criteria.find(identifier);
    std::set<CandidateId> incompatibilities;
    if (existing != nullptr) {
      incompatibilities = existing->incompatibilities;
    }
    std::vector<RequirementId> requirements = requirements_of(criteria, identifier);
    requirements.push_back(requirement);
    auto criterion = std::make_shared<Criterion>();
    criterion->candidates = find_matches(criteria, identifier, requirements, incompatibilities);
    if (existing != nullptr) {
      criterion->information = existing->information;
    }
    criterion->information.push_back(Information{requirement, parent});
    criterion->incompatibilities = std::move(incompatibilities);
    if (criterion->candidates->empty()) {
      throw RequirementsConflicted{std::move(criterion)};
    }
    criteria.set(identifier, std::move(criterion));
  }

  void remove_information_from_criteria(CriteriaMap& criteria, const std::set<std::string>& parents)
  {
    if (parents.empty()) {
      return;
    }
    const auto items = criteria.items();
    for (const auto& [key, criterion] : items) {
      auto updated = std::make_shared<Criterion>(*criterion);
      std::erase_if(updated->information, [&](const Information& info) {
        return info.parent != k_no_parent && parents.count(m_p.candidate(info.parent).name) != 0;
      });
      criteria.set(key, std::move(updated));
    }
  }

  bool is_current_pin_satisfying(const std::string& name, const Criterion& criterion)
  {
    const auto& mapping = state().mapping;
    const auto it = std::find_if(mapping.begin(), mapping.end(),
                                 [&](const auto& pin) { return pin.first == name; });
    if (it == mapping.end()) {
      return false;
    }
    return std::all_of(
      criterion.information.begin(), criterion.information.end(),
      [&](const Information& info) { return m_p.is_satisfied_by(info.requirement, it->second); });
  }

  CriteriaMap get_updated_criteria(CandidateId candidate)
  {
    CriteriaMap criteria = state().criteria;
    for (const RequirementId dependency : m_p.dependencies(candidate)) {
      add_to_criteria(criteria, dependency, candidate);
    }
    return criteria;
  }

  // The failing criteria, empty when a candidate was pinned.
  std::vector<std::shared_ptr<const Criterion>> attempt_to_pin_criterion(const std::string& name)
  {
    const std::shared_ptr<const Criterion> criterion = [&] {
      for (const auto& item : state().criteria.items()) {
        if (item.first == name) {
          return item.second;
        }
      }
      throw std::logic_error("Internal error: no criterion for " + name);
    }();
    std::vector<std::shared_ptr<const Criterion>> causes;
    for (std::size_t i = 0;; ++i) {
      const std::optional<CandidateId> candidate = criterion->candidates->at(i);
      if (!candidate) {
        break;
      }
      CriteriaMap criteria;
      try {
        criteria = get_updated_criteria(*candidate);
      } catch (const RequirementsConflicted& e) {
        causes.push_back(e.criterion);
        continue;
      }
      for (const Information& info : criterion->information) {
        if (!m_p.is_satisfied_by(info.requirement, *candidate)) {
          throw std::logic_error(fmt::format("Internal error: candidate {} does not satisfy {}",
                                             m_p.candidate(*candidate).name,
                                             m_p.requirement(info.requirement).text));
        }
      }
      for (const auto& [key, value] : criteria.items()) {
        state().criteria.set(key, value);
      }
      auto& mapping = state().mapping;
      std::erase_if(mapping, [&](const auto& pin) { return pin.first == name; });
      mapping.emplace_back(name, *candidate);
      return {};
    }
    return causes;
  }

  bool patch_criteria(
    std::vector<std::pair<std::string, std::set<CandidateId>>>& incompatibilities_from_broken)
  {
    for (auto& [key, incompatibilities] : incompatibilities_from_broken) {
      if (incompatibilities.empty()) {
        continue;
      }
      const Criterion* criterion = state().criteria.find(key);
      if (criterion == nullptr) {
        continue;
      }
      std::set<CandidateId> all = criterion->incompatibilities;
      all.insert(incompatibilities.begin(), incompatibilities.end());
      auto matches =
        find_matches(state().criteria, key, requirements_of(state().criteria, key), all);
      if (matches->empty()) {
        return false;
      }
      auto patched = std::make_shared<Criterion>();
      patched->candidates = std::move(matches);
      patched->information = criterion->information;
      patched->incompatibilities = std::move(all);
      state().criteria.set(key, std::move(patched));
    }
    return true;
  }

  bool backjump(const std::vector<Information>& causes)
  {
    std::set<std::string> incompatible_deps;
    for (const Information& cause : causes) {
      if (cause.parent != k_no_parent) {
        incompatible_deps.insert(m_p.candidate(cause.parent).name);
      }
      incompatible_deps.insert(m_p.requirement(cause.requirement).name);
    }
    while (m_states.size() >= 3) {
      m_states.pop_back();
      State broken_state;
      std::pair<std::string, CandidateId> pin;
      for (bool incompatible_state = false; !incompatible_state;) {
        if (m_states.empty()) {
          throw ResolutionImpossible(causes);
        }
        broken_state = std::move(m_states.back());
        m_states.pop_back();
        if (broken_state.mapping.empty()) {
          throw ResolutionImpossible(causes);
        }
        pin = broken_state.mapping.back();
        broken_state.mapping.pop_back();
        for (const RequirementId d : m_p.dependencies(pin.second)) {
          if (incompatible_deps.count(m_p.requirement(d).name) != 0) {
            incompatible_state = true;
            break;
          }
        }
      }
      std::vector<std::pair<std::string, std::set<CandidateId>>> incompatibilities_from_broken;
      for (const auto& [key, criterion] : broken_state.criteria.items()) {
        incompatibilities_from_broken.emplace_back(key, criterion->incompatibilities);
      }
      incompatibilities_from_broken.emplace_back(pin.first, std::set<CandidateId>{pin.second});
      push_new_state();
      if (patch_criteria(incompatibilities_from_broken)) {
        return true;
      }
    }
    return false;
  }

  Provider& m_p;
  std::vector<State> m_states;
};

// _build_result's _has_route_to_root, with a guard against cycles that reach no root.
bool has_route_to_root(const CriteriaMap& criteria, const std::string& key,
                       const std::map<CandidateId, std::string>& all_keys,
                       std::set<std::string>& connected, std::set<std::string>& visiting)
{
  if (connected.count(key) != 0) {
    return true;
  }
  const Criterion* criterion = criteria.find(key);
  if (criterion == nullptr || !visiting.insert(key).second) {
    return false;
  }
  for (const Information& info : criterion->information) {
    if (info.parent == k_no_parent) {
      connected.insert(key);
      return true;
    }
    const auto it = all_keys.find(info.parent);
    if (it == all_keys.end()) {
      continue;
    }
    if (connected.count(it->second) != 0 ||
        has_route_to_root(criteria, it->second, all_keys, connected, visiting)) {
      connected.insert(key);
      return true;
    }
  }
  return false;
}

ResolutionResult Resolution::run(std::size_t max_rounds)
{
  m_states.push_back(State{});
  for (const RequirementId r : m_p.root_requirements()) {
    try {
      add_to_criteria(state().criteria, r, k_no_parent);
    } catch (const RequirementsConflicted& e) {
      throw ResolutionImpossible(e.criterion->information);
    }
  }
  push_new_state();
  for (std::size_t round = 0; round < max_rounds; ++round) {
    std::vector<std::string> unsatisfied;
    std::set<std::string> satisfied;
    for (const auto& [key, criterion] : state().criteria.items()) {
      (is_current_pin_satisfying(key, *criterion) ? satisfied.insert(key),
       void()                                     : unsatisfied.push_back(key));
    }
    if (unsatisfied.empty()) {
      ResolutionResult result;
      std::map<CandidateId, std::string> all_keys;
      for (const auto& [key, candidate] : state().mapping) {
        all_keys.emplace(candidate, key);
      }
      std::set<std::string> connected;
      for (const auto& [key, criterion] : state().criteria.items()) {
        std::set<std::string> visiting;
        has_route_to_root(state().criteria, key, all_keys, connected, visiting);
      }
      for (const auto& pin : state().mapping) {
        if (connected.count(pin.first) != 0) {
          result.mapping.push_back(pin);
        }
      }
      result.criteria = state().criteria;
      return result;
    }
    // min() over the preference, the first of equals; each call updates known depths.
    std::string name;
    std::optional<Provider::Preference> best;
    for (const std::string& key : unsatisfied) {
      auto preference =
        m_p.preference(key, state().criteria.find(key)->information, state().backtrack_causes);
      if (!best || preference < *best) {
        best = std::move(preference);
        name = key;
      }
    }
    const auto failures = attempt_to_pin_criterion(name);
    if (!failures.empty()) {
      std::vector<Information> causes;
      for (const auto& criterion : failures) {
        causes.insert(causes.end(), criterion->information.begin(), criterion->information.end());
      }
      const bool success = backjump(causes);
      state().backtrack_causes = causes;
      if (!success) {
        throw ResolutionImpossible(state().backtrack_causes);
      }
    } else {
      std::set<std::string> newly_unsatisfied;
      for (const auto& [key, criterion] : state().criteria.items()) {
        if (satisfied.count(key) != 0 && !is_current_pin_satisfying(key, *criterion)) {
          newly_unsatisfied.insert(key);
        }
      }
      remove_information_from_criteria(state().criteria, newly_unsatisfied);
      push_new_state();
    }
  }
  throw ResolveError(fmt::format("the resolution needed more than {} rounds; the dependency "
                                 "graph is too complex",
                                 max_rounds));
}

}  // namespace

ResolutionResult resolve(Provider& provider, std::size_t max_rounds)
{
  return Resolution(provider).run(max_rounds);
}

}  // namespace pwi::resolve
