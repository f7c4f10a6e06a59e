// pip's requirements-file format, read exactly as pip 23.2.1 reads it
// (pip/_internal/req/req_file.py, req/constructors.py): comments, '\' continuations, ${VAR}
// expansion, -r/-c nesting relative to the including file, per-requirement --hash, and the
// global options kept in order for `pip wheel`. What an image built from a wheel directory
// cannot honour (editables, URLs, local paths, `name @ url`) is refused with "not supported
// here: ...". Every error names file:line:column and shows the line.
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

struct RequirementLine {
  Requirement requirement;          // markers after ';' included, as pip combines them
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
  std::vector<std::string> files_read;  // every file opened, nested ones included, once each
  std::vector<std::string> warnings;    // what pip warns about or silently ignores
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
