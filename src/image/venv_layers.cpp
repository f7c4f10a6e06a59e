#include "image/venv_layers.hpp"

#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>

namespace pwi::image {

namespace {

bool ends_with(std::string_view s, std::string_view suffix)
{
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string parent_of(std::string_view rel)
{
  const std::size_t slash = rel.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(rel.substr(0, slash));
}

std::string join_rel(std::string_view a, std::string_view b)
{
  return a.empty() ? std::string(b) : fmt::format("{}/{}", a, b);
}

// `rel` ("a/../b") with its "." and ".." resolved; nullopt when it leaves the root.
std::optional<std::string> normalize_rel(std::string_view rel)
{
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= rel.size()) {
    std::size_t end = rel.find('/', start);
    if (end == std::string_view::npos) {
      end = rel.size();
    }
    const std::string_view part = rel.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) {
        return std::nullopt;
      }
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string_view part : parts) {
    if (!out.empty()) {
      out += '/';
    }
    out.append(part);
  }
  return out;
}

// Every entry below `dir` (relative paths), by lstat, not following symbolic links.
void walk(FileSystem& fs, const std::string& root, const std::string& rel,
          std::map<std::string, FileStat>& out, std::set<std::string>& empty_dirs)
{
  const std::vector<std::string> names = fs.list_directory(join_path(root, rel));
  if (names.empty() && !rel.empty()) {
    empty_dirs.insert(rel);
  }
  for (const std::string& name : names) {
    const std::string child = join_rel(rel, name);
    const std::string host = join_path(root, child);
    const auto st = fs.lstat(host);
    if (!st) {
      continue;  // removed meanwhile
    }
    if (st->type == FileType::k_other) {
      throw InputError(SourceLocation{host, 0, 0, ""},
                       "is a device, socket or FIFO, which an image layer cannot hold");
    }
    out.emplace(child, *st);
    if (st->type == FileType::k_directory) {
      walk(fs, root, child, out, empty_dirs);
    }
  }
}

// The first field of each line of a RECORD (CSV as Python's csv module writes it).
std::vector<std::string> record_paths(std::string_view text, const std::string& file)
{
  std::vector<std::string> paths;
  int line_number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line_number;
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      continue;
    }
    std::string field;
    if (line.front() == '"') {
      std::size_t i = 1;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          break;
        }
        field += line[i++];
      }
      if (!closed) {
        throw InputError(SourceLocation{file, line_number, 1, std::string(line)},
                         "unterminated quoted path");
      }
    } else {
      field = std::string(line.substr(0, line.find(',')));
    }
    paths.push_back(std::move(field));
  }
  return paths;
}

void read_metadata(FileSystem& fs, const std::string& host_dist_info, Distribution& d)
{
  const std::string dir_name = host_dist_info.substr(host_dist_info.rfind('/') + 1);
  const std::string stem =
    dir_name.substr(0, dir_name.size() - std::string_view(".dist-info").size());
  const std::size_t dash = stem.find('-');
  d.name = stem.substr(0, dash);
  d.version = dash == std::string::npos ? "" : stem.substr(dash + 1);
  const std::string metadata = join_path(host_dist_info, "METADATA");
  const auto st = fs.stat(metadata);
  if (!st || st->type != FileType::k_regular) {
    return;
  }
  const std::string text = fs.read_file(metadata);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      break;  // the headers end here
    }
    const auto value = [&](std::string_view key) -> std::optional<std::string> {
      if (line.size() > key.size() && line.substr(0, key.size()) == key) {
        std::string_view v = line.substr(key.size());
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) {
          v.remove_prefix(1);
        }
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) {
          v.remove_suffix(1);
        }
        return std::string(v);
      }
      return std::nullopt;
    };
    if (auto name = value("Name:")) {
      d.name = *name;
    } else if (auto version = value("Version:")) {
      d.version = *version;
    }
  }
}

// The source of a compiled file "x/__pycache__/mod.cpython-311.opt-1.pyc": "x/mod.py".
std::optional<std::string> pyc_source(std::string_view rel)
{
  if (!ends_with(rel, ".pyc")) {
    return std::nullopt;
  }
  const std::string dir = parent_of(rel);
  if (!(dir == "__pycache__" || ends_with(dir, "/__pycache__"))) {
    return std::nullopt;
  }
  const std::string_view name = rel.substr(dir.size() + 1);
  const std::string_view module = name.substr(0, name.find('.'));
  return join_rel(parent_of(dir), fmt::format("{}.py", module));
}

}  // namespace

std::string normalize_project_name(std::string_view name)
{
  std::string out;
  bool separator = false;
  for (const char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      separator = true;
      continue;
    }
    if (separator && !out.empty()) {
      out += '-';
    }
    separator = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

VenvContent scan_venv(FileSystem& fs, const std::string& dir, const std::string& image_path)
{
  const auto root = fs.stat(dir);
  if (!root || root->type != FileType::k_directory) {
    throw IoError(fmt::format("cannot read the virtual environment '{}': not a directory", dir));
  }
  std::map<std::string, FileStat> entries;
  std::set<std::string> empty_dirs;
  walk(fs, dir, "", entries, empty_dirs);

  // lib/python*/site-packages, each with its dist-info directories.
  std::vector<std::string> site_dirs;
  for (const auto& [rel, st] : entries) {
    if (st.type != FileType::k_directory) {
      continue;
    }
    if (rel.rfind("lib/python", 0) == 0 && ends_with(rel, "/site-packages") &&
        std::count(rel.begin(), rel.end(), '/') == 2) {
      site_dirs.push_back(rel);
    }
  }
  std::vector<std::pair<Distribution, std::string>> found;
  for (const std::string& site : site_dirs) {
    for (const auto& [rel, st] : entries) {
      if (st.type == FileType::k_directory && parent_of(rel) == site &&
          ends_with(rel, ".dist-info")) {
        Distribution d;
        d.dist_info = rel;
        read_metadata(fs, join_path(dir, rel), d);
        d.normalized = normalize_project_name(d.name);
        found.emplace_back(std::move(d), site);
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.normalized, a.first.version, a.first.dist_info) <
           std::tie(b.first.normalized, b.first.version, b.first.dist_info);
  });

  std::map<std::string, std::size_t> owner;  // claimed path -> index in `found`
  const std::string prefix = image_path + "/";
  for (std::size_t i = 0; i < found.size(); ++i) {
    const auto& [d, site] = found[i];
    std::vector<std::string> claims;
    const std::string record = join_path(dir, d.dist_info + "/RECORD");
    if (const auto st = fs.stat(record); st && st->type == FileType::k_regular) {
      for (const std::string& path : record_paths(fs.read_file(record), record)) {
        std::optional<std::string> rel;
        if (!path.empty() && path.front() == '/') {
          if (path.rfind(prefix, 0) == 0) {
            rel = normalize_rel(path.substr(prefix.size()));
          }
        } else {
          rel = normalize_rel(join_rel(site, path));
        }
        if (rel) {
          claims.push_back(std::move(*rel));
        }
      }
    }
    const std::string below = d.dist_info + "/";
    for (auto it = entries.lower_bound(below);
         it != entries.end() && it->first.rfind(below, 0) == 0; ++it) {
      claims.push_back(it->first);
    }
    for (const std::string& rel : claims) {
      const auto it = entries.find(rel);
      if (it != entries.end() && it->second.type != FileType::k_directory) {
        owner.try_emplace(rel, i);
      }
    }
  }
  for (const auto& [rel, st] : entries) {
    if (st.type == FileType::k_directory || owner.count(rel) != 0) {
      continue;
    }
    if (const auto source = pyc_source(rel)) {
      if (const auto it = owner.find(*source); it != owner.end()) {
        owner.emplace(rel, it->second);
      }
    }
  }
  // Directories below a site-packages directory that hold owned files, with their first owner.
  std::map<std::string, std::size_t> dir_owner;
  for (const auto& [rel, i] : owner) {
    const std::string& site = found[i].second;
    for (std::string a = parent_of(rel); a.size() > site.size() && a.rfind(site + "/", 0) == 0;
         a = parent_of(a)) {
      auto [it, inserted] = dir_owner.try_emplace(a, i);
      if (!inserted) {
        it->second = std::min(it->second, i);
      }
    }
  }
  std::map<std::string, std::size_t> empty_owner;
  for (const std::string& e : empty_dirs) {
    for (std::string a = parent_of(e); !a.empty(); a = parent_of(a)) {
      if (const auto it = dir_owner.find(a); it != dir_owner.end()) {
        empty_owner.emplace(e, it->second);
        break;
      }
    }
  }

  VenvContent out;
  for (auto& [d, site] : found) {
    out.distributions.push_back(std::move(d));
  }
  for (const auto& [rel, i] : owner) {
    Distribution& d = out.distributions[i];
    d.files.push_back(rel);
    const FileStat& st = entries.at(rel);
    if (st.type == FileType::k_regular) {
      d.installed_bytes += st.size;
    }
  }
  for (const auto& [e, i] : empty_owner) {
    out.distributions[i].files.push_back(e);
  }
  for (Distribution& d : out.distributions) {
    std::sort(d.files.begin(), d.files.end());
  }
  for (const auto& [rel, st] : entries) {
    if (st.type != FileType::k_directory
          ? owner.count(rel) == 0
          : empty_dirs.count(rel) != 0 && empty_owner.count(rel) == 0) {
      out.skeleton.push_back(rel);
    }
  }
  return out;
}

std::string_view layer_kind_name(LayerKind kind)
{
  switch (kind) {
  case LayerKind::k_environment:
    return "environment";
  case LayerKind::k_distribution:
    return "distribution";
  case LayerKind::k_group:
    return "group";
  case LayerKind::k_application:
    return "application";
  }
  return "";
}

std::vector<PlannedLayer> plan_distribution_layers(const VenvContent& venv, std::size_t slots)
{
  const std::vector<Distribution>& dists = venv.distributions;
  std::vector<PlannedLayer> layers;
  if (dists.empty()) {
    return layers;
  }
  if (slots == 0) {
    throw Error("Internal error: no layer left for the distributions", ExitCode::k_internal);
  }
  std::set<std::size_t> grouped;
  if (dists.size() > slots) {
    std::vector<std::size_t> order(dists.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(dists[a].installed_bytes, dists[a].normalized) <
             std::tie(dists[b].installed_bytes, dists[b].normalized);
    });
    grouped.insert(order.begin(),
                   order.begin() + static_cast<std::ptrdiff_t>(dists.size() - slots + 1));
    PlannedLayer group;
    group.kind = LayerKind::k_group;
    std::string names;
    for (const std::size_t i : grouped) {  // in name order
      group.distributions.push_back(&dists[i]);
      names += fmt::format("{}{} {}", names.empty() ? "" : ", ", dists[i].name, dists[i].version);
    }
    group.created_by = fmt::format("pywheelimage: {}", names);
    layers.push_back(std::move(group));
  }
  for (std::size_t i = 0; i < dists.size(); ++i) {
    if (grouped.count(i) == 0) {
      PlannedLayer layer;
      layer.kind = LayerKind::k_distribution;
      layer.distributions.push_back(&dists[i]);
      layer.created_by = fmt::format("pywheelimage: {} {}", dists[i].name, dists[i].version);
      layers.push_back(std::move(layer));
    }
  }
  return layers;
}

LayerTree venv_layer_tree(FileSystem& fs, const std::string& dir, const std::string& image_path,
                          const std::vector<std::string>& relative_paths)
{
  LayerTree tree;
  tree.add(image_path, LayerNode{});
  for (const std::string& rel : relative_paths) {
    tree.add(image_path + "/" + rel, node_of(fs, join_path(dir, rel)));
  }
  return tree;
}

}  // namespace pwi::image
