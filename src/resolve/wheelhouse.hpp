// The wheel directory that pip would read with `--no-index --find-links DIR`: every top-level
// *.whl whose file name is valid, grouped by project. Only wheels: PyWheelImage installs with
// wheels built beforehand, so an sdist in the directory is ignored here (pip would build it).
// METADATA is read lazily, only for the files the resolver actually considers; so are the
// digests of a file. The directory's provenance record (resolve/provenance.hpp) is read with it.
//
// Nothing here depends on the order in which the directory is listed: files() is sorted by name,
// and project_files() is in the order in which pip 23.2.1 evaluates the files (by URL,
// descending; see there). pip's choice between wheels of one version whose sort keys tie follows
// that order, so the helper makes the same choice in any directory holding the same files: in the
// one pip scanned, and in the new one into which the wheel step merges pip's output.
#pragma once

#include "common/digest.hpp"
#include "common/file_system.hpp"
#include "resolve/provenance.hpp"
#include "wheels/wheel_metadata.hpp"
#include "wheels/wheel_name.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pwi::resolve {

// RFC 3986 unreserved characters stay, everything else is %XX, as Python's
// urllib.parse.quote(name, safe="") (which pip's path_to_url uses) would write it.
std::string quote_path_segment(std::string_view segment);

struct WheelFile {
  WheelName name;
  std::string path;  // directory + file name, as opened
};

class Wheelhouse {
public:
  // Lists `directory` (not recursively) and reads its pywheelimage-provenance.json when there is
  // one. Throws IoError when it cannot be listed or read, InputError for a malformed record.
  static Wheelhouse scan(FileSystem& fs, const std::string& directory);

  const std::string& directory() const { return m_directory; }
  const std::vector<WheelFile>& files() const { return m_files; }
  // Indices into files() of a project's wheels in pip 23.2.1's order, empty when none.
  // PackageFinder.find_all_candidates evaluates `sorted(file_links, reverse=True)`: Links compare
  // by URL, and the URLs of one directory differ only in the quoted file name, so this is by
  // quote_path_segment(file name), descending. The directory's listing order (os.listdir in
  // pathlib's iterdir, of _FlatDirectorySource.file_links) does not survive that sort.
  const std::vector<std::size_t>& project_files(const std::string& key) const;

  // Read on first use, then cached. Throws IoError / InputError for an unreadable wheel.
  const WheelMetadata& metadata(std::size_t file) const;

  // The file's lowercase hex digests for `algorithms`, read through `fs` on first use (one read
  // for all that are missing) and cached. Throws IoError.
  const std::map<HashAlgorithm, std::string>& digests(
    FileSystem& fs, std::size_t file, const std::set<HashAlgorithm>& algorithms) const;
  const std::string& sha256(FileSystem& fs, std::size_t file) const;

  // The records of pywheelimage-provenance.json as read (empty when there is none).
  const Provenance& provenance() const { return m_provenance; }
  // The file's record, when there is one for its name and its sha256 is the file's: a file
  // replaced since it was recorded has none. Hashes the file (through `fs`) if not done yet.
  const ProvenanceRecord* provenance(FileSystem& fs, std::size_t file) const;

private:
  std::string m_directory;
  std::vector<WheelFile> m_files;
  std::map<std::string, std::vector<std::size_t>, std::less<>> m_by_project;
  mutable std::map<std::size_t, std::unique_ptr<WheelMetadata>> m_metadata;
  mutable std::map<std::size_t, std::map<HashAlgorithm, std::string>> m_digests;
  Provenance m_provenance;
};

}  // namespace pwi::resolve
