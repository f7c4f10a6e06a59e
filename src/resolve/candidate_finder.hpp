// pip 23.2's PackageFinder for a --find-links directory (index/package_finder.py): which wheels
// of a project are applicable to a specifier on the target, best first.
#pragma once

#include "pep/specifier.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <cstddef>
#include <vector>

namespace pwi::resolve {

class CandidateFinder {
public:
  CandidateFinder(const Wheelhouse& wheelhouse, const TargetEnvironment& target, bool pre)
    : m_wheelhouse(wheelhouse), m_target(target), m_allow_all_prereleases(pre)
  {
  }

  // The project's wheels that fit the target's tags (LinkEvaluator), in pip's link order
  // (Wheelhouse::project_files).
  std::vector<std::size_t> compatible_files(const std::string& key) const;

  // find_best_candidate(...).iter_applicable(), reversed as the resolver consumes it: wheels
  // whose version passes `specifier.filter` over all compatible versions (pre-releases only
  // with --pre, when named, or when nothing else matches), newest first, then by tag
  // preference and build tag; among wheels whose sort keys tie, the last in pip's link order
  // first (the one with the smallest URL), which is the one pip installs.
  std::vector<std::size_t> applicable_files(const std::string& key,
                                            const SpecifierSet& specifier) const;

  bool allow_all_prereleases() const { return m_allow_all_prereleases; }

private:
  const Wheelhouse& m_wheelhouse;
  const TargetEnvironment& m_target;
  bool m_allow_all_prereleases;
};

}  // namespace pwi::resolve
