// Checks that pip's resolver makes against the target and the wheel files, shared by the
// resolver (provider.cpp) and `pywheelimage reuse` (reuse.cpp) so that both decide alike.
#pragma once

#include "pep/marker.hpp"
#include "pep/requirement.hpp"
#include "pep/version.hpp"
#include "wheels/target_environment.hpp"
#include "wheels/wheel_metadata.hpp"

#include <set>
#include <string>

namespace pwi::resolve {

// RequiresPythonCandidate: sys.version_info[:3], here the target's python_full_version
// ("3.11.7", also "3.12.0rc1" or "3.11.7+") cut to three numbers. Throws InputError when it
// is not a version.
Version target_python_version(const TargetEnvironment& target);

// Whether a requirement applies: its marker holds on `env` with no extra (a root requirement
// or constraint), or with any of `extras` (a dependency brought in by those extras).
bool markers_hold(const Requirement& req, const MarkerEnvironment& env,
                  const std::set<std::string>& extras);

// LinkCandidate._check_metadata_consistency: a wheel whose METADATA names another project or
// version than its file name is discarded (MetadataInconsistent).
bool metadata_consistent(const WheelMetadata& metadata, const std::string& key,
                         const Version& version);

}  // namespace pwi::resolve
