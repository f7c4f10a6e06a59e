// The provenance record of a wheelhouse (pywheelimage-provenance.json): which wheels `pip wheel`
// produced in hash-checking mode from an archive that pip verified against the user's --hash
// values. A wheel built here from an sdist has its own digest, which no --hash of a
// pip-compile file names; the record is what lets resolve accept it (issue 8).
//
//   {"version": 1, "wheels": {"<wheel file name>": {"sha256": "<hex of the wheel file>",
//     "built_here": true, "verified_hashes": ["sha256:<hex>", ...]}}}
//
// built_here: true when built from a verified sdist, false when the ready-made wheel itself
// matched. A record holds for the content named by its sha256 only: a replaced file loses it.
#pragma once

#include "common/file_system.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi::resolve {

inline constexpr std::string_view k_provenance_file_name = "pywheelimage-provenance.json";

struct ProvenanceRecord {
  std::string sha256;  // lowercase hex of the wheel file the record is about
  bool built_here = false;
  std::vector<std::string> verified_hashes;  // "algorithm:hex", sorted, unique

  bool operator==(const ProvenanceRecord&) const = default;
};

// By wheel file name.
using Provenance = std::map<std::string, ProvenanceRecord, std::less<>>;

// Throws InputError naming `path` (with line and column for malformed JSON) when `text` is not
// a provenance record of version 1.
Provenance parse_provenance(std::string_view text, const std::string& path);

// Canonical JSON (sorted keys, two-space indent, final newline): equal records, equal bytes.
std::string provenance_text(const Provenance& provenance);

// Reads and parses `path`. Throws IoError when it cannot be read (also when it does not exist).
Provenance read_provenance(FileSystem& fs, const std::string& path);

}  // namespace pwi::resolve
