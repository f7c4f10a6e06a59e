// The --hash rules, in one place for resolve, reuse, pending and verified (issue 8).
//
// Per project, the allowed hashes are those of every requirement and constraint line on it
// whose marker holds on the target (pip's _handle_merge_hash merges the --hash options of a
// line; algorithms are pip's STRONG_HASHES: sha256, sha384, sha512). A wheel of a project with
// allowed hashes is accepted when its own digest is one of them (any algorithm, as pip's
// Hashes.check_against_path), or when the wheelhouse's provenance record says that `pip wheel`
// produced it from an archive verified against one of them (a wheel built here from an sdist
// has a digest of its own, which no pip-compile file names).
//
// Hash-checking mode is pip's: on when any requirement or constraint line has --hash (whatever
// its marker) or --require-hashes is given (hash_checking_reason). In it, every package
// installed must be pinned with == or === and have allowed hashes.
#pragma once

#include "common/digest.hpp"
#include "common/file_system.hpp"
#include "pep/requirements_file.hpp"
#include "pep/specifier.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pwi::resolve {

// pip's InstallRequirement.is_pinned: exactly one clause, and it is == or ===.
bool is_pinned(const SpecifierSet& specifier);

struct HashValue {
  HashAlgorithm algorithm;
  std::string hex;
};
// "sha256:<hex>"; nullopt when there is no ':' or the algorithm is not a strong hash.
std::optional<HashValue> parse_hash_value(std::string_view text);

// Why pip's hash-checking mode is on for these files: "--require-hashes is given" (on the
// command line or in a file) or "FILE:LINE has --hash" (the first requirement, then constraint,
// line with a --hash); "" when it is off. As pip 23.2.1's RequirementCommand.get_requirements,
// which sets options.require_hashes when any parsed requirement or constraint has_hash_options,
// before any marker is evaluated: a line that its marker makes pip ignore still counts. The
// one rule of the mode, for HashPolicy and for `pywheelimage inputs`; needs no target.
std::string hash_checking_reason(const RequirementFiles& inputs);
inline bool hash_checking_mode(const RequirementFiles& inputs)
{
  return !hash_checking_reason(inputs).empty();
}

// The strong algorithms among `hashes` ("algorithm:hex"), and sha256, which the lock and the
// provenance record always need.
std::set<HashAlgorithm> digest_algorithms(const std::vector<std::string>& hashes);
// Whether the file's own digest is one of `hashes`, of any strong algorithm (pip's
// Hashes.check_against_path); a value that is not a strong hash allows nothing. Reads the
// digests of digest_algorithms(hashes), cached by the wheelhouse.
bool own_digest_allowed(FileSystem& fs, const Wheelhouse& wheelhouse, std::size_t file,
                        const std::vector<std::string>& hashes);

enum class HashVerdict {
  k_unrestricted,  // no --hash on the project
  k_own_digest,    // the wheel file's own digest is allowed
  k_provenance,    // its provenance record names an allowed hash
  k_mismatch,
};

class HashPolicy {
public:
  // The target decides only which lines' markers hold, not the mode.
  HashPolicy(const RequirementFiles& inputs, const TargetEnvironment& target);

  bool hash_checking() const { return !m_mode_reason.empty(); }
  // hash_checking_reason(inputs).
  const std::string& mode_reason() const { return m_mode_reason; }

  // What the lines whose marker holds on the target say of one project.
  struct Project {
    std::vector<const RequirementLine*> requirements;  // in reading order
    std::vector<const RequirementLine*> constraints;
    std::vector<std::string> allowed;               // "algorithm:hex", unique, in the order given
    const RequirementLine* first_hashed = nullptr;  // the first line with a --hash
    bool pinned = false;                            // some line pins it with == or ===
  };
  // nullptr when no line (whose marker holds) names the project.
  const Project* project(const std::string& key) const;

  // Reads the file's digests (cached by the wheelhouse), sha256 always among them.
  HashVerdict check(FileSystem& fs, const Wheelhouse& wheelhouse, std::size_t file) const;
  bool accepts(FileSystem& fs, const Wheelhouse& wheelhouse, std::size_t file) const
  {
    return check(fs, wheelhouse, file) != HashVerdict::k_mismatch;
  }
  // Why check() refused the file: "FILE:LINE: hash mismatch for KEY: ..." explaining both ways
  // a wheel is accepted.
  std::string mismatch_message(FileSystem& fs, const Wheelhouse& wheelhouse,
                               std::size_t file) const;

private:
  std::map<std::string, Project, std::less<>> m_projects;
  std::string m_mode_reason;
};

// A package that hash-checking mode refuses: not pinned, or without allowed hashes.
struct HashRequirementProblem {
  enum class Kind { k_missing_hashes, k_unpinned };
  Kind kind;
  std::string requirement;  // unpinned: as written; missing: "name==version --hash=sha256:..."
  std::string origin;       // "requested in FILE:LINE" or "needed by a 1.0"
};

// pip's HashMissing and HashUnpinned messages for all problems at once, missing first (pip's
// order of hash errors).
std::string hash_requirement_message(const std::vector<HashRequirementProblem>& problems,
                                     const std::string& mode_reason);

}  // namespace pwi::resolve
