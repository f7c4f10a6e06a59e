#include "resolve/wheelhouse.hpp"

#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <utility>

namespace pwi::resolve {

Wheelhouse Wheelhouse::scan(FileSystem& fs, const std::string& directory)
{
  Wheelhouse house;
  house.m_directory = directory;
  std::vector<std::string> names = fs.list_directory(directory);
  // The listing order is the directory's (readdir's); by name, files() does not depend on it.
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    // pip's Link.is_wheel: the extension, case-sensitive.
    if (name.size() <= 4 || name.compare(name.size() - 4, 4, ".whl") != 0) {
      continue;
    }
    const std::string path = join_path(directory, name);
    const auto stat = fs.stat(path);
    if (!stat || stat->type != FileType::k_regular) {
      continue;
    }
    try {
      WheelName wheel = WheelName::parse(name);
      house.m_by_project[wheel.key].push_back(house.m_files.size());
      house.m_files.push_back(WheelFile{std::move(wheel), path});
    } catch (const ParseError&) {
      // pip skips a link whose name is not a valid wheel file name ("invalid wheel filename").
    }
  }
  // pip's order (see project_files): by quoted URL, descending. Two names never quote alike.
  for (auto& [key, files] : house.m_by_project) {
    std::vector<std::pair<std::string, std::size_t>> by_url;
    for (const std::size_t file : files) {
      by_url.emplace_back(quote_path_segment(house.m_files[file].name.filename), file);
    }
    std::sort(by_url.begin(), by_url.end(), std::greater<>());
    for (std::size_t i = 0; i < files.size(); ++i) {
      files[i] = by_url[i].second;
    }
  }
  const std::string record = join_path(directory, k_provenance_file_name);
  if (fs.stat(record)) {
    house.m_provenance = read_provenance(fs, record);
  }
  return house;
}

std::string quote_path_segment(std::string_view segment)
{
  std::string out;
  for (const char c : segment) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                            (u >= '0' && u <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    out += unreserved ? std::string(1, c) : fmt::format("%{:02X}", u);
  }
  return out;
}

const std::vector<std::size_t>& Wheelhouse::project_files(const std::string& key) const
{
  static const std::vector<std::size_t> k_none;
  const auto it = m_by_project.find(key);
  return it == m_by_project.end() ? k_none : it->second;
}

const WheelMetadata& Wheelhouse::metadata(std::size_t file) const
{
  auto& slot = m_metadata[file];
  if (!slot) {
    slot = std::make_unique<WheelMetadata>(read_wheel_metadata(m_files.at(file).path));
  }
  return *slot;
}

}  // namespace pwi::resolve

namespace pwi::resolve {

const std::map<HashAlgorithm, std::string>& Wheelhouse::digests(
  FileSystem& fs, std::size_t file, const std::set<HashAlgorithm>& algorithms) const
{
  auto& known = m_digests[file];
  std::set<HashAlgorithm> missing;
  for (const HashAlgorithm algorithm : algorithms) {
    if (known.count(algorithm) == 0) {
      missing.insert(algorithm);
    }
  }
  if (!missing.empty()) {
    known.merge(file_digests(fs, m_files.at(file).path, missing));
  }
  return known;
}

const std::string& Wheelhouse::sha256(FileSystem& fs, std::size_t file) const
{
  return digests(fs, file, {HashAlgorithm::k_sha256}).at(HashAlgorithm::k_sha256);
}

const ProvenanceRecord* Wheelhouse::provenance(FileSystem& fs, std::size_t file) const
{
  const auto it = m_provenance.find(m_files.at(file).name.filename);
  if (it == m_provenance.end() || it->second.sha256 != sha256(fs, file)) {
    return nullptr;
  }
  return &it->second;
}

}  // namespace pwi::resolve
