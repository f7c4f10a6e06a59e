#include "slim/elf_closure.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <deque>
#include <set>

#include <fnmatch.h>

namespace pwi::slim {

namespace {

constexpr int k_max_include_depth = 8;

std::string multiarch_triplet(const elf::ElfNeeds& needs)
{
  static const std::map<std::string, std::string> k_triplets = {
    {"x86_64", "x86_64-linux-gnu"},     {"aarch64", "aarch64-linux-gnu"},
    {"i386", "i386-linux-gnu"},         {"arm", "arm-linux-gnueabihf"},
    {"ppc64", "powerpc64le-linux-gnu"}, {"s390", "s390x-linux-gnu"},
    {"riscv", "riscv64-linux-gnu"},     {"mips", "mips64el-linux-gnuabi64"},
  };
  const auto it = k_triplets.find(needs.machine);
  return it == k_triplets.end() ? std::string() : it->second;
}

std::vector<std::string> split_words(std::string_view line, std::string_view separators)
{
  std::vector<std::string> out;
  std::string word;
  for (const char c : line) {
    if (separators.find(c) != std::string_view::npos) {
      if (!word.empty()) {
        out.push_back(std::move(word));
      }
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) {
    out.push_back(std::move(word));
  }
  return out;
}

const std::string* file_text(const Rootfs& rootfs, const std::string& path)
{
  const auto resolved = rootfs.resolve(path);
  const Entry* entry = resolved ? rootfs.find(*resolved) : nullptr;
  return entry != nullptr && entry->type == EntryType::k_file ? entry->data.get() : nullptr;
}

void read_conf(const Rootfs& rootfs, const std::string& path, int depth,
               std::vector<std::string>& out, std::set<std::string>& seen)
{
  const std::string* text = file_text(rootfs, path);
  if (text == nullptr || depth > k_max_include_depth) {
    return;
  }
  std::size_t start = 0;
  while (start < text->size()) {
    auto end = text->find('\n', start);
    if (end == std::string::npos) {
      end = text->size();
    }
    std::string line = text->substr(start, end - start);
    start = end + 1;
    line = line.substr(0, line.find('#'));
    std::vector<std::string> words = split_words(line, " \t\r");
    if (words.empty() || words[0] == "hwcap") {
      continue;
    }
    if (words[0] == "include") {
      for (std::size_t i = 1; i < words.size(); ++i) {
        // A relative pattern is relative to the including file's directory, as ldconfig's.
        const std::string pattern = words[i].front() == '/'
                                      ? normalize_path(words[i])
                                      : normalize_path(parent_path(path) + "/" + words[i]);
        const auto dir = rootfs.resolve(parent_path(pattern));
        if (!dir) {
          continue;
        }
        const std::string name_pattern = base_name(pattern);
        for (const Entry* child : rootfs.children(*dir)) {  // in path order, as glob() sorts
          if (::fnmatch(name_pattern.c_str(), base_name(child->path).c_str(), FNM_PERIOD) == 0) {
            read_conf(rootfs, child->path, depth + 1, out, seen);
          }
        }
      }
      continue;
    }
    for (const std::string& dir : split_words(line, " \t\r:,=")) {
      if (const std::string normal = normalize_path(dir); seen.insert(normal).second) {
        out.push_back(normal);
      }
    }
  }
}

// A search-path entry of `needs` as a directory in the root; std::nullopt for tokens the
// loader expands from the machine it runs on ($LIB, $PLATFORM) and for relative entries.
std::optional<std::string> search_directory(const std::string& entry, const std::string& origin)
{
  std::string dir = entry;
  bool from_origin = false;
  for (const std::string token : {"${ORIGIN}", "$ORIGIN"}) {
    for (auto at = dir.find(token); at != std::string::npos; at = dir.find(token)) {
      dir.replace(at, token.size(), "/" + origin);
      from_origin = true;
    }
  }
  if (dir.find('$') != std::string::npos || (!from_origin && dir.front() != '/')) {
    return std::nullopt;
  }
  // "/usr/lib/../lib64": the kernel resolves ".." against the real directory; lexical is
  // what the loader's own normalization does for $ORIGIN paths.
  std::string out;
  for (const std::string& part : split_words(dir, "/")) {
    if (part == "..") {
      out = parent_path(out);
    } else if (part != ".") {
      out = out.empty() ? part : out + "/" + part;
    }
  }
  return out;
}

// The paths at which the loader looks for `name` in `dirs`: only the name itself when it has a
// '/' (relative ones from the root, as there is no working directory to rely on).
std::vector<std::string> candidates_for(const std::string& name,
                                        const std::vector<std::string>& dirs)
{
  if (name.find('/') != std::string::npos) {
    return {normalize_path(name)};
  }
  std::vector<std::string> out;
  for (const std::string& dir : dirs) {
    out.push_back(dir.empty() ? name : dir + "/" + name);
  }
  return out;
}

// The first candidate that is an ELF file the loader maps with the class and machine of
// `like` (the loader skips the others and goes on).
std::optional<Found> first_match(const Rootfs& rootfs, ElfIndex& index,
                                 const std::vector<std::string>& candidates,
                                 const std::string& name, const elf::ElfNeeds& like)
{
  for (const std::string& candidate : candidates) {
    std::vector<std::string> links;
    const auto target = rootfs.resolve(candidate, true, &links);
    const elf::ElfNeeds* lib = target ? index.needs(*target) : nullptr;
    if (lib != nullptr && lib->elf_class == like.elf_class && lib->machine == like.machine) {
      return Found{"", name, candidate, *target, std::move(links)};
    }
  }
  return std::nullopt;
}

struct Load {
  std::string path;                    // as loaded
  std::vector<std::string> inherited;  // DT_RPATH directories of the files that loaded it
};

}  // namespace

const elf::ElfNeeds* ElfIndex::needs(const std::string& path)
{
  if (const auto it = m_cache.find(path); it != m_cache.end()) {
    return it->second ? &*it->second : nullptr;
  }
  std::optional<elf::ElfNeeds> needs;
  const Entry* entry = m_rootfs.find(path);
  if (entry != nullptr && entry->type == EntryType::k_file && entry->data &&
      elf::is_elf(*entry->data)) {
    try {
      needs = elf::read_elf_needs(*entry->data, path);
    } catch (const InputError&) {
      needs.reset();  // starts like ELF but is not one (test data): the loader cannot map it
    }
  }
  const auto [it, inserted] = m_cache.emplace(path, std::move(needs));
  return it->second ? &*it->second : nullptr;
}

std::vector<std::string> ld_so_conf_directories(const Rootfs& rootfs)
{
  std::vector<std::string> out;
  std::set<std::string> seen;
  read_conf(rootfs, "etc/ld.so.conf", 0, out, seen);
  return out;
}

std::vector<std::string> default_directories(const elf::ElfNeeds& needs)
{
  std::vector<std::string> out;
  if (const std::string triplet = multiarch_triplet(needs); !triplet.empty()) {
    out.push_back("lib/" + triplet);
    out.push_back("usr/lib/" + triplet);
  }
  if (needs.elf_class == "ELF64") {
    out.emplace_back("lib64");
    out.emplace_back("usr/lib64");
  }
  out.emplace_back("lib");
  out.emplace_back("usr/lib");
  return out;
}

std::optional<Found> find_library(const Rootfs& rootfs, const std::string& name,
                                  const elf::ElfNeeds& like)
{
  ElfIndex index(rootfs);
  std::vector<std::string> dirs = ld_so_conf_directories(rootfs);
  for (const std::string& dir : default_directories(like)) {
    dirs.push_back(dir);
  }
  return first_match(rootfs, index, candidates_for(name, dirs), name, like);
}

Closure elf_closure(const Rootfs& rootfs, const std::vector<std::string>& programs)
{
  ElfIndex index(rootfs);
  const std::vector<std::string> conf = ld_so_conf_directories(rootfs);
  Closure closure;
  std::deque<Load> queue;
  for (const std::string& program : programs) {
    queue.push_back(Load{program, {}});
  }
  std::set<std::pair<std::string, std::vector<std::string>>> done;
  // A library is loaded once: when one load of a file (through a loader whose DT_RPATH it
  // inherits, as numpy's libopenblas finds libgfortran) finds a need, the same file reached as a
  // root without that loader does not miss it. Keyed by the resolved file and the need.
  std::set<std::pair<std::string, std::string>> met;
  std::vector<std::pair<std::string, Missing>> unmet;
  while (!queue.empty()) {
    Load load = std::move(queue.front());
    queue.pop_front();
    const auto resolved = rootfs.resolve(load.path);
    if (!resolved || !done.emplace(*resolved, load.inherited).second) {
      continue;
    }
    const elf::ElfNeeds* needs = index.needs(*resolved);
    if (needs == nullptr) {
      continue;
    }
    const std::string origin = parent_path(load.path);
    std::vector<std::string> own;
    for (const std::string& entry : needs->search_path) {
      if (auto dir = search_directory(entry, origin)) {
        own.push_back(*dir);
      }
    }
    std::vector<std::string> dirs;
    std::vector<std::string> passed_on = load.inherited;
    if (!needs->runpath) {
      dirs = own;
      dirs.insert(dirs.end(), load.inherited.begin(), load.inherited.end());
      passed_on.insert(passed_on.begin(), own.begin(), own.end());
    } else {
      dirs = own;
    }
    dirs.insert(dirs.end(), conf.begin(), conf.end());
    for (const std::string& dir : default_directories(*needs)) {
      dirs.push_back(dir);
    }

    std::vector<std::string> wanted = needs->needed;
    if (!needs->interpreter.empty()) {
      wanted.insert(wanted.begin(), needs->interpreter);
    }
    for (const std::string& name : wanted) {
      const std::vector<std::string> candidates = candidates_for(name, dirs);
      if (auto found = first_match(rootfs, index, candidates, name, *needs)) {
        found->needed_by = load.path;
        met.emplace(*resolved, name);
        queue.push_back(Load{found->path, passed_on});
        closure.found.push_back(std::move(*found));
      } else {
        unmet.emplace_back(
          *resolved,
          Missing{load.path, name, name.find('/') != std::string::npos ? candidates : dirs});
      }
    }
  }
  for (auto& [resolved, missing] : unmet) {
    if (met.count({resolved, missing.soname}) == 0) {
      closure.missing.push_back(std::move(missing));
    }
  }
  return closure;
}

}  // namespace pwi::slim
