// The wheel directory that pip would read with `--no-index --find-links DIR`: every top-level
// *.whl whose file name is valid, grouped by project. Only wheels: PyWheelImage installs with
// wheels built beforehand, so an sdist in the directory is ignored here (pip would build it).
// METADATA is read lazily, only for the files the resolver actually considers.
#pragma once

#include "common/file_system.hpp"
#include "wheels/wheel_metadata.hpp"
#include "wheels/wheel_name.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pwi::resolve {

struct WheelFile {
  WheelName name;
  std::string path;  // directory + file name, as opened
};

class Wheelhouse {
public:
  // Lists `directory` (not recursively). Throws IoError when it cannot be listed.
  static Wheelhouse scan(FileSystem& fs, const std::string& directory);

  const std::string& directory() const { return m_directory; }
  const std::vector<WheelFile>& files() const { return m_files; }
  // Indices into files() of a project's wheels, sorted by file name; empty when none.
  const std::vector<std::size_t>& project_files(const std::string& key) const;

  // Read on first use, then cached. Throws IoError / InputError for an unreadable wheel.
  const WheelMetadata& metadata(std::size_t file) const;

private:
  std::string m_directory;
  std::vector<WheelFile> m_files;
  std::map<std::string, std::vector<std::size_t>, std::less<>> m_by_project;
  mutable std::map<std::size_t, std::unique_ptr<WheelMetadata>> m_metadata;
};

}  // namespace pwi::resolve
