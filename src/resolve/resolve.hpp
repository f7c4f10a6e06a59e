// The resolve step as a whole: the wheels pip would install for these requirement files on the
// target, with the reasons for each; see `pywheelimage resolve --help`.
#pragma once

#include "pep/requirements_file.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <map>
#include <string>
#include <vector>

namespace pwi::resolve {

// Why a package is in the set: a user requirement (file and line) or a parent package.
struct Reason {
  std::string requirement;  // as written in the file or in the parent's METADATA
  std::string file;         // user requirement: the requirement file
  int line = 0;
  std::string parent;  // dependency: the parent's identifier ("a" or "a[extra]")
  std::string parent_version;
};

struct ResolvedPackage {
  std::string key;  // normalized name
  Version version;
  std::string file_name;
  std::string path;
  std::string sha256;  // of the chosen wheel
  std::vector<std::string> extras;
  std::vector<Reason> required_by;  // sorted
};

struct Resolved {
  std::vector<ResolvedPackage> packages;  // sorted by key
  std::string python_version;
};

// pip install --no-index --find-links <wheelhouse> [--pre] -r ... -c ... for `target`, with
// the --hash rules of resolve/hash_policy.hpp: a wheel of a project with --hash values is
// taken when its own digest or its provenance record matches one, and in hash-checking mode
// every package must be pinned and hashed. The chosen wheels are hashed through `fs`.
// Throws ResolveError (with pip's reasoning) when the requirements cannot be satisfied or a
// hash rule fails, InputError / IoError for unreadable or malformed wheels.
// `direct`: the lines with a built source (resolve/sources.hpp attach_sources).
Resolved resolve_requirements(FileSystem& fs, const Wheelhouse& wheelhouse,
                              const TargetEnvironment& target, const RequirementFiles& inputs,
                              bool pre, const std::map<std::size_t, std::size_t>& direct = {});
// With the real file system.
Resolved resolve_requirements(const Wheelhouse& wheelhouse, const TargetEnvironment& target,
                              const RequirementFiles& inputs, bool pre);

}  // namespace pwi::resolve
