#include "elf/loader_search.hpp"

#include <filesystem>
#include <map>
#include <set>
#include <tuple>

namespace pwi::elf {

namespace {

std::string directory_of(const std::string& path)
{
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string file_name_of(const std::string& path)
{
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Lexically normal, relative, "" for the root itself; std::nullopt when it climbs out.
std::optional<std::string> normal_relative(const std::string& path)
{
  std::string out = std::filesystem::path(path).lexically_normal().generic_string();
  while (!out.empty() && out.back() == '/') {
    out.pop_back();
  }
  if (out == ".") {
    out.clear();
  }
  if (out == ".." || out.rfind("../", 0) == 0) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::optional<std::string> environment_directory(const std::string& entry,
                                                 const std::string& origin_dir,
                                                 const std::string& prefix)
{
  std::string dir = entry;
  bool from_origin = false;
  for (const std::string token : {"${ORIGIN}", "$ORIGIN"}) {
    for (auto at = dir.find(token); at != std::string::npos; at = dir.find(token)) {
      dir.replace(at, token.size(), origin_dir.empty() ? "." : origin_dir);
      from_origin = true;
    }
  }
  if (dir.find('$') != std::string::npos) {
    return std::nullopt;
  }
  if (!from_origin || dir.rfind('/', 0) == 0) {
    if (dir.rfind('/', 0) != 0) {
      return std::nullopt;  // relative to the working directory: nothing to rely on
    }
    std::string root = std::filesystem::path(prefix).lexically_normal().generic_string();
    dir = std::filesystem::path(dir).lexically_normal().generic_string();
    while (root.size() > 1 && root.back() == '/') {
      root.pop_back();
    }
    if (dir == root || dir == root + "/") {
      return std::string();
    }
    if (dir.rfind(root + "/", 0) != 0) {
      return std::nullopt;
    }
    dir = dir.substr(root.size() + 1);
  }
  return normal_relative(dir);
}

std::vector<Unsatisfied> unsatisfied_needs(const std::vector<EnvironmentFile>& files,
                                           const std::string& prefix)
{
  // (directory, name, class, machine) of every file, by its file name and by its soname.
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::set<Key> provided;
  // (name, class, machine) -> where in the environment such files are.
  std::map<std::tuple<std::string, std::string, std::string>, std::set<std::string>> anywhere;
  for (const EnvironmentFile& file : files) {
    const std::string dir = directory_of(file.install_path);
    for (const std::string& name : {file_name_of(file.install_path), file.needs.soname}) {
      if (name.empty()) {
        continue;
      }
      provided.emplace(dir, name, file.needs.elf_class, file.needs.machine);
      anywhere[{name, file.needs.elf_class, file.needs.machine}].insert(file.install_path);
    }
  }

  // Which environment files a directory offers under a name (for the RPATH inheritance).
  std::map<Key, std::vector<std::size_t>> offered;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const EnvironmentFile& file = files[i];
    for (const std::string& name : {file_name_of(file.install_path), file.needs.soname}) {
      if (!name.empty()) {
        offered[{directory_of(file.install_path), name, file.needs.elf_class, file.needs.machine}]
          .push_back(i);
      }
    }
  }
  // Each file's own search directories; for a file without DT_RUNPATH, `chain` adds the
  // DT_RPATH directories of the files that load it (glibc searches the loaders' DT_RPATH, as
  // numpy's extension modules make their vendored libopenblas find its libgfortran).
  std::vector<std::vector<std::string>> own(files.size());
  std::vector<std::set<std::string>> chain(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const EnvironmentFile& file = files[i];
    for (const std::string& entry : file.needs.search_path) {
      if (auto dir = environment_directory(entry, directory_of(file.install_path), prefix)) {
        own[i].push_back(*dir);
      }
    }
    if (!file.needs.runpath) {
      chain[i].insert(own[i].begin(), own[i].end());
    }
  }
  const auto search_dirs = [&](std::size_t i) {
    return files[i].needs.runpath ? std::set<std::string>(own[i].begin(), own[i].end()) : chain[i];
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < files.size(); ++i) {
      const EnvironmentFile& file = files[i];
      for (const std::string& name : file.needs.needed) {
        for (const std::string& dir : search_dirs(i)) {
          const auto it = offered.find({dir, name, file.needs.elf_class, file.needs.machine});
          if (it == offered.end()) {
            continue;
          }
          for (const std::size_t loaded : it->second) {
            if (files[loaded].needs.runpath) {
              continue;
            }
            for (const std::string& inherited : chain[i]) {
              changed = chain[loaded].insert(inherited).second || changed;
            }
          }
        }
      }
    }
  }

  std::map<std::tuple<std::string, std::string, std::string>, std::set<Requester>> unmet;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const EnvironmentFile& file = files[i];
    const std::set<std::string> dirs = search_dirs(i);
    for (const std::string& name : file.needs.needed) {
      if (name.find('/') != std::string::npos) {
        continue;
      }
      bool found = false;
      for (const std::string& dir : dirs) {
        found = found || provided.count({dir, name, file.needs.elf_class, file.needs.machine}) > 0;
      }
      if (!found) {
        unmet[{name, file.needs.elf_class, file.needs.machine}].insert(
          Requester{file.project, file.wheel, file.member, file.install_path});
      }
    }
  }

  std::vector<Unsatisfied> out;
  for (const auto& [key, requesters] : unmet) {
    Unsatisfied entry;
    std::tie(entry.soname, entry.elf_class, entry.machine) = key;
    entry.needed_by.assign(requesters.begin(), requesters.end());
    if (const auto it = anywhere.find(key); it != anywhere.end()) {
      entry.in_environment.assign(it->second.begin(), it->second.end());
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace pwi::elf
