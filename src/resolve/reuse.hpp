// The reuse step: which wheels already in the wheelhouse may be handed to `pip wheel` as they
// are. With --no-binary, pip ignores the wheels it finds through --find-links and rebuilds
// them; a constraint `name @ file:///.../name-1.0-....whl` makes it take that file instead.
// See `pywheelimage reuse --help`.
#pragma once

#include "pep/requirements_file.hpp"
#include "pep/version.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pwi::resolve {

struct ReusableWheel {
  std::string key;  // normalized project name
  Version version;
  std::string file_name;
  std::string path;
};

// Per project of the wheelhouse, sorted by key: the best wheel (pip's order) that fits the
// target (tags, Requires-Python, METADATA agreeing with the file name) and every requirement
// and constraint line on the project whose marker holds, and whose hash HashPolicy accepts
// (resolve/hash_policy.hpp: own digest or provenance record). A project that no file names
// gets its best wheel; a project with no such wheel is left out, so that pip builds it. Only
// what pip would choose per project is looked at, not the resolution as a whole. Files are
// hashed through `fs`. Throws InputError / IoError for the target or an unreadable or
// malformed wheel.
std::vector<ReusableWheel> reusable_wheels(FileSystem& fs, const Wheelhouse& wheelhouse,
                                           const TargetEnvironment& target,
                                           const RequirementFiles& inputs, bool pre);
// With the real file system.
std::vector<ReusableWheel> reusable_wheels(const Wheelhouse& wheelhouse,
                                           const TargetEnvironment& target,
                                           const RequirementFiles& inputs, bool pre);

// A pip constraints file: a header comment, then `key @ <url_prefix>/<file name>` per wheel in
// the given order, the file name percent-encoded as a URL path segment (e.g. '+' as %2B).
// `url_prefix` is used verbatim; no '/' is added after one that ends with '/'.
std::string reuse_constraints_text(const std::vector<ReusableWheel>& wheels,
                                   std::string_view url_prefix);

}  // namespace pwi::resolve
