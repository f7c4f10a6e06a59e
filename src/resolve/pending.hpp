// Building in hash-checking mode (issue 8), in two steps around
// `pip wheel --no-deps --require-hashes -r PENDING`:
//   pending   which requirement lines no wheel of the wheelhouse satisfies with an accepted
//             hash: they, flattened into one file, are what pip must build or download;
//   verified  the provenance record of what pip wrote: each new wheel is tied to the pending
//             line it came from, whose --hash values pip verified the archive against.
// See `pywheelimage pending --help` and `pywheelimage verified --help`.
#pragma once

#include "common/file_system.hpp"
#include "pep/requirements_file.hpp"
#include "resolve/provenance.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <functional>
#include <string>
#include <vector>

namespace pwi::resolve {

// The requirement lines (in pip's reading order, nested files included) whose marker holds on
// the target and for which the wheelhouse has no acceptable wheel: one that fits the target's
// tags and Requires-Python, whose version the line's specifier allows (pre-releases as pip's
// finder allows them) and whose hash HashPolicy accepts. Throws InputError when the files do
// not turn hash-checking mode on (naming the first file), IoError / InputError for unreadable
// or malformed wheels.
std::vector<const RequirementLine*> pending_requirements(FileSystem& fs,
                                                         const Wheelhouse& wheelhouse,
                                                         const TargetEnvironment& target,
                                                         const RequirementFiles& inputs, bool pre);

// "name==1.0" (the normalized name and the line's specifier) per project, first line first.
std::vector<std::string> pending_projects(const std::vector<const RequirementLine*>& lines);

// A pip requirements file: a header comment, the global options of `inputs` in order (one per
// line, --find-links made absolute with `absolute_path` unless it is a URL), then each line
// with its requirement (name, extras, specifier, marker), its --hash values and build options,
// shell-quoted where pip's shlex would split them otherwise.
std::string pending_requirements_text(
  const RequirementFiles& inputs, const std::vector<const RequirementLine*>& lines,
  const std::function<std::string(const std::string&)>& absolute_path);

// The provenance record of every wheel in the wheelhouse after `pip wheel` wrote the pending
// lines `pending` into it: a wheel with a record in `previous` for the same content keeps it;
// any other is tied to the first pending line (marker holding on the target) of its project
// whose specifier allows its version and that has --hash values: verified_hashes are those,
// built_here whether the wheel's own digest is none of them. A wheel tied to nothing is left
// out, and `warnings` says so.
Provenance verified_provenance(FileSystem& fs, const Wheelhouse& wheelhouse,
                               const TargetEnvironment& target, const RequirementFiles& pending,
                               const Provenance& previous, std::vector<std::string>& warnings);

}  // namespace pwi::resolve
