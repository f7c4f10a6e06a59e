// Requirements pip builds from a source of their own (DirectSource: a local project, a local
// archive, a URL, a VCS URL). Each is built once in the builder (`pip wheel --no-deps`), and the
// wheelhouse's record (pywheelimage-sources.json) says which wheel each source gave:
//
//   {"version": 1, "sources": {"<id>": {"kind": "directory", "location": "/abs/lib",
//     "fingerprint": "<hex>", "wheel": "lib-1.0-py3-none-any.whl", "sha256": "<hex>",
//     "commit": "<VCS commit, or empty>"}}}
//
// A source's id names what it is (kind and location); its fingerprint names its content: the
// files of a local project (build leftovers left out, see k_leftover_names), the bytes of a local
// archive, the URL of a remote one. A requirement line whose source has a record with the same
// fingerprint, and whose wheel is in the wheelhouse with that digest, resolves to that wheel as
// pip's explicit (link) requirement; any other is "not built" (exit 4, the build step builds it).
#pragma once

#include "common/file_system.hpp"
#include "pep/requirements_file.hpp"
#include "resolve/wheelhouse.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi::resolve {

inline constexpr std::string_view k_sources_file_name = "pywheelimage-sources.json";

struct SourceRecord {
  std::string kind;
  std::string location;
  std::string fingerprint;
  std::string wheel;   // file name in the wheelhouse
  std::string sha256;  // of that file
  std::string commit;  // k_vcs: the commit the wheel was built from

  bool operator==(const SourceRecord&) const = default;
};

using SourceRecords = std::map<std::string, SourceRecord, std::less<>>;  // by id

SourceRecords parse_source_records(std::string_view text, const std::string& path);
std::string source_records_text(const SourceRecords& records);  // canonical JSON
// Empty when `directory` has no record.
SourceRecords read_source_records(FileSystem& fs, const std::string& directory);

// The files of a local project that make its wheel, relative to its root, sorted; and the
// directories (for a depfile: a file added changes its directory).
struct SourceTree {
  std::vector<std::string> files;
  std::vector<std::string> directories;  // "" is the root
};

// Walks `root`, leaving out version-control data, build leftovers (build/, dist/, *.egg-info,
// __pycache__, *.pyc, tool caches and virtual environments), CMake build trees (a directory
// with CMakeCache.txt) and every directory in `excluded` (absolute paths). Symbolic links are
// followed to files, not into directories.
SourceTree scan_source_tree(FileSystem& fs, const std::string& root,
                            const std::vector<std::string>& excluded);

std::string source_id(const DirectSource& source);

// What the source's wheel depends on: see the header comment. `tree` is the scan of a
// directory source (ignored for the others).
std::string source_fingerprint(FileSystem& fs, const DirectSource& source, const SourceTree& tree);

// A requirement line with a source, ready to build or built. A local project's files are those
// of its directory without what scan_source_tree leaves out and without the directories of the
// other lines' local projects (`.` beside `./lib`: each has its own wheel).
struct PlannedSource {
  std::size_t line = 0;  // index into RequirementFiles::requirements
  std::string id;
  std::string fingerprint;
  SourceTree tree;                     // k_directory
  std::optional<SourceRecord> record;  // the record that still holds, if any
  std::size_t wheel_file = 0;          // with a record: its index in the wheelhouse
};

struct SourcePlan {
  std::vector<PlannedSource> sources;  // in the order of the lines
  bool all_built() const;
};

SourcePlan plan_sources(FileSystem& fs, const Wheelhouse& wheelhouse, const SourceRecords& records,
                        const RequirementFiles& inputs, const std::vector<std::string>& excluded);

// Requirement line index -> wheelhouse file index, for the lines with a source.
using DirectWheels = std::map<std::size_t, std::size_t>;

// Gives each source line the name of its wheel (checking that a name the line gives is that
// wheel's, as pip does) and returns the wheels. Throws ResolveError (exit 4) naming the first
// line whose source is not built, or built from other content.
DirectWheels attach_sources(const SourcePlan& plan, const Wheelhouse& wheelhouse,
                            RequirementFiles& inputs);

// In hash-checking mode pip refuses what it cannot hash as one file; so does this, with the
// line: local directories, editables, VCS URLs.
void refuse_unhashable_sources(const RequirementFiles& inputs);

}  // namespace pwi::resolve

namespace pwi::resolve {

// A VCS URL as pip splits it (vcs/versioncontrol.py get_url_rev_and_auth):
// "git+https://h/r@v1#egg=x" gives scheme "git", repository "https://h/r", ref "v1", fragment
// "egg=x".
struct VcsUrl {
  std::string vcs;
  std::string repository;
  std::string ref;  // empty: the default branch
  std::string fragment;
};
VcsUrl split_vcs_url(std::string_view url);

// The plan as JSON for the build step: per source its id, kind, location, the line, whether it
// is built, and what to build it from; `lists_dir`/<id>.files holds a directory source's files
// (one relative path per line), which the step stages for the builder.
struct PlanFiles {
  std::string json;
  std::map<std::string, std::string> lists;  // path -> content
};
PlanFiles plan_files(const SourcePlan& plan, const RequirementFiles& inputs,
                     const std::string& lists_dir);

// After the builder built the unbuilt sources of `plan` into `built_dir`/<id>/ (exactly one
// wheel each; a VCS source also a file "commit"), the record of `wheelhouse_dir` with them
// added: their wheels are hashed where they are now, in `wheelhouse_dir`. Records whose wheel is
// gone are dropped. Throws InputError naming the line when a source gave no wheel or several.
SourceRecords record_built_sources(FileSystem& fs, const SourcePlan& plan,
                                   const RequirementFiles& inputs, const SourceRecords& previous,
                                   const std::string& built_dir, const std::string& wheelhouse_dir);

// The requirement files as one file for `pip wheel -r`, in the order pip reads them: the
// global options, then every requirement line, a source line replaced by its wheel
// (`name[extras] @ PREFIX/file.whl ; marker`), so that pip builds none of them again.
std::string pip_input_text(const RequirementFiles& inputs, const DirectWheels& direct,
                           const Wheelhouse& wheelhouse, std::string_view url_prefix);

}  // namespace pwi::resolve
