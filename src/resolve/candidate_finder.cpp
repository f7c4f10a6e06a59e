#include "resolve/candidate_finder.hpp"

#include <algorithm>
#include <set>

namespace pwi::resolve {

std::vector<std::size_t> CandidateFinder::compatible_files(const std::string& key) const
{
  std::vector<std::size_t> out;
  for (const std::size_t file : m_wheelhouse.project_files(key)) {
    if (m_target.best_rank(m_wheelhouse.files()[file].name)) {
      out.push_back(file);
    }
  }
  return out;
}

std::vector<std::size_t> CandidateFinder::applicable_files(const std::string& key,
                                                           const SpecifierSet& specifier) const
{
  const std::vector<std::size_t> files = compatible_files(key);
  std::vector<Version> versions;
  for (const std::size_t file : files) {
    versions.push_back(m_wheelhouse.files()[file].name.version);
  }
  // CandidateEvaluator.get_applicable_candidates: --pre forces pre-releases in, otherwise
  // None lets the specifier decide.
  const std::optional<bool> prereleases =
    m_allow_all_prereleases ? std::optional<bool>(true) : std::nullopt;
  const std::vector<Version> kept = specifier.filter(versions, prereleases);
  std::set<std::string> kept_text;
  for (const auto& v : kept) {
    kept_text.insert(v.str());
  }
  std::vector<std::size_t> out;
  for (const std::size_t file : files) {
    if (kept_text.count(m_wheelhouse.files()[file].name.version.str()) != 0) {
      out.push_back(file);
    }
  }
  // CandidateEvaluator.get_applicable_candidates: sorted(..., key=_sort_key), ascending:
  // (version, -tag rank, build tag); a missing build tag is (), which sorts before any
  // (number, text). Python's sort is stable, so ties keep pip's link order. The resolver
  // reverses the list (factory.py's _iter_found_candidates: reversed(icans)) and takes the first
  // file of each version (found_candidates.py's _iter_built skips versions already found): of
  // tied files, the last in link order. Reversing our stable sort gives exactly that order.
  auto sort_key_less = [&](std::size_t a, std::size_t b) {
    const WheelName& wa = m_wheelhouse.files()[a].name;
    const WheelName& wb = m_wheelhouse.files()[b].name;
    if (const auto c = wa.version <=> wb.version; c != 0) {
      return c < 0;
    }
    const std::size_t ra = *m_target.best_rank(wa);
    const std::size_t rb = *m_target.best_rank(wb);
    if (ra != rb) {
      return ra > rb;  // -rank ascending
    }
    return wa.build_tag < wb.build_tag;  // nullopt < any value, as () < (n, s)
  };
  std::stable_sort(out.begin(), out.end(), sort_key_less);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace pwi::resolve
