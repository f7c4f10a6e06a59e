// The layers of an image written by the helper: a tree of files gathered from host directories
// (through FileSystem) at paths of the image, and its tar, whose bytes depend only on the
// content: entries in path order, every parent directory present, owner root with no names,
// one fixed time, modes normalized (directories 0755, files 0755 or 0644), hard links stored
// as files. The same tree gives the same bytes on any machine, build directory, umask or day.
#pragma once

#include "common/file_system.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace pwi::image {

enum class NodeKind { k_directory, k_file, k_symlink };

struct LayerNode {
  NodeKind kind = NodeKind::k_directory;
  std::string source;       // the host file whose content a k_file holds
  std::string target;       // a k_symlink's target, as it is
  bool executable = false;  // a k_file with any x bit: 0755, else 0644
  std::uint64_t size = 0;   // a k_file's size when gathered
};

class LayerTree {
public:
  // `path` is absolute in the image ("/opt/venv/bin/python"); its parents are added as
  // directories. Adding a path twice keeps the last node.
  void add(std::string_view path, LayerNode node);
  // Adds what host directory `dir` holds, recursively, under `path` (the directory itself
  // included). Throws InputError naming the file for a device, socket or FIFO.
  void add_tree(FileSystem& fs, const std::string& dir, std::string_view path);

  // Relative to the root ("opt/venv/bin/python"), in byte order: a parent before its children.
  const std::map<std::string, LayerNode>& nodes() const { return m_nodes; }
  std::size_t file_count() const;  // what is not a directory
  bool empty() const { return m_nodes.empty(); }

private:
  std::map<std::string, LayerNode> m_nodes;
};

// The node of host path `path` (lstat), or an InputError naming it when it is neither a
// directory, a regular file nor a symbolic link.
LayerNode node_of(FileSystem& fs, const std::string& path);

// "/a//b/./c/" -> "a/b/c". Throws UsageError for ".." components.
std::string relative_image_path(std::string_view path);

// The uncompressed POSIX (pax, restricted to ustar where it suffices) tar of `tree`, every
// time `epoch` (seconds); file contents read through `fs`.
std::string write_layer_tar(FileSystem& fs, const LayerTree& tree, std::int64_t epoch);

}  // namespace pwi::image
