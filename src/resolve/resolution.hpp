// resolvelib 1.0.1's Resolution (pip/_vendor/resolvelib/resolvers.py), as pip 23.2.1 drives
// it: pin one identifier per round, chosen by the provider's preference; when no candidate of
// it fits, backjump to the last pin that touches the conflict, remember the incompatibility
// and try again. Ported step by step so that the pins, and therefore the wheels, are pip's.
#pragma once

#include "resolve/provider.hpp"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pwi::resolve {

struct Criterion {
  std::shared_ptr<const Matches> candidates;
  std::vector<Information> information;
  std::set<CandidateId> incompatibilities;
};

// A dict that keeps insertion order, as Python's.
class CriteriaMap {
public:
  const Criterion* find(const std::string& key) const;
  void set(const std::string& key, std::shared_ptr<const Criterion> criterion);
  const std::vector<std::pair<std::string, std::shared_ptr<const Criterion>>>& items() const
  {
    return m_items;
  }

private:
  std::vector<std::pair<std::string, std::shared_ptr<const Criterion>>> m_items;
  std::map<std::string, std::size_t, std::less<>> m_index;
};

// Pinned identifiers and candidates, in pinning order (the last one is backtracked first).
struct ResolutionResult {
  std::vector<std::pair<std::string, CandidateId>> mapping;  // connected to the user's requests
  CriteriaMap criteria;
};

// The resolver gave up: the causes, as resolvelib's ResolutionImpossible.causes.
class ResolutionImpossible : public std::exception {
public:
  explicit ResolutionImpossible(std::vector<Information> causes) : m_causes(std::move(causes)) {}
  const std::vector<Information>& causes() const { return m_causes; }
  const char* what() const noexcept override { return "resolution impossible"; }

private:
  std::vector<Information> m_causes;
};

// Throws ResolutionImpossible, or ResolveError after `max_rounds` rounds.
ResolutionResult resolve(Provider& provider, std::size_t max_rounds = 200000);

}  // namespace pwi::resolve
