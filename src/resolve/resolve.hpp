// The resolve step as a whole: the wheels pip would install for these requirement files on the
// target, with the reasons for each; see `pywheelimage resolve --help`.
#pragma once

#include "pep/requirements_file.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

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

// pip install --no-index --find-links <wheelhouse> [--pre] -r ... -c ... for `target`.
// Throws ResolveError (with pip's reasoning) when the requirements cannot be satisfied,
// InputError / IoError for unreadable or malformed wheels.
Resolved resolve_requirements(const Wheelhouse& wheelhouse, const TargetEnvironment& target,
                              const RequirementFiles& inputs, bool pre);

}  // namespace pwi::resolve
