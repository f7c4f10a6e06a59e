// pip's requirements-file format, read exactly as pip 23.2.1 reads it
// (pip/_internal/req/req_file.py, req/constructors.py): comments, '\' continuations, ${VAR}
// expansion, -r/-c nesting relative to the including file, per-requirement --hash, and the
// global options kept in order for `pip wheel`. Requirements pip builds from a source of their
// own (a local project directory or archive, `-e`, `name @ url`, a VCS URL) are kept as a
// DirectSource; relative paths are read from the requirement file's directory, as pip reads
// them when run there. Every error names file:line:column and shows the line.
#pragma once

#include "common/error.hpp"
#include "common/file_system.hpp"
#include "pep/requirement.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pwi {

// The global options of all files, as pip's finder would apply them.
struct PipOptions {
  // Every option in the order read (constraint files first, as pip reads them), canonical long
  // names, each followed by its value if it takes one: {"--index-url", "URL", "--pre"}.
  // --find-links values are made relative to the including file when that path exists, as
  // pip does.
  std::vector<std::string> args;

  std::optional<std::string> index_url;  // the last --index-url
  std::vector<std::string> extra_index_urls;
  bool no_index = false;
  std::vector<std::string> find_links;
  std::vector<std::string> no_binary;  // raw values in order, e.g. ":all:", "numpy,scipy"
  std::vector<std::string> only_binary;
  bool prefer_binary = false;
  bool pre = false;
  bool require_hashes = false;
  std::vector<std::string> trusted_hosts;
  std::vector<std::string> features;  // --use-feature
};

// A requirement pip takes from a link instead of an index: it is built (or, for a wheel,
// taken) from that source alone, never chosen by version.
struct DirectSource {
  enum class Kind {
    k_directory,  // a local project: ./lib, ., file:///abs/lib
    k_archive,    // a local sdist or wheel: ./dist/x-1.0.tar.gz, file:///abs/x.whl
    k_url,        // a remote archive: name @ https://host/x-1.0.tar.gz
    k_vcs,        // git+https://host/repo@ref, git+file:///abs/repo
  };
  Kind kind = Kind::k_directory;
  // k_directory, k_archive: the absolute, normal path; else the URL as written (with its
  // @ref and #fragment).
  std::string location;
  bool editable = false;  // -e: pip wheel builds a normal wheel all the same
  std::string text;       // the requirement as written, for messages
};

const char* source_kind_name(DirectSource::Kind kind);

struct RequirementLine {
  // Markers after ';' included, as pip combines them. For a DirectSource without a name
  // (`./lib`), name and key are empty until the source is built.
  Requirement requirement;
  std::optional<DirectSource> source;
  std::vector<std::string> hashes;  // "sha256:<hex>", in the order given
  // Per-requirement build options pip keeps (--global-option, --config-settings), as
  // canonical "--name=value" arguments.
  std::vector<std::string> build_options;
  SourceLocation where;  // file, physical line where the logical line starts, its text
};

struct RequirementFiles {
  std::vector<RequirementLine> requirements;
  std::vector<RequirementLine> constraints;
  PipOptions options;
  std::vector<std::string> files_read;   // every file opened, nested ones included, once each
  std::vector<std::string> warnings;     // what pip warns about or silently ignores
  std::vector<std::string> environment;  // the ${NAME}s used that are set (and not empty), sorted
};

// Returns the value of an environment variable, nullopt when unset.
using Getenv = std::function<std::optional<std::string>(const std::string& name)>;

// Throws IoError when a given file cannot be read; InputError (file:line:column, the line
// and a caret) for anything malformed or unsupported, including nested files that cannot be
// opened and -r/-c cycles.
RequirementFiles read_requirement_files(FileSystem& fs,
                                        const std::vector<std::string>& requirement_files,
                                        const std::vector<std::string>& constraint_files,
                                        const Getenv& getenv);

// With the real file system and the process environment.
RequirementFiles read_requirement_files(const std::vector<std::string>& requirement_files,
                                        const std::vector<std::string>& constraint_files);

}  // namespace pwi
