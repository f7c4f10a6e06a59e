#include "image/layer_tar.hpp"

#include "common/archive_handles.hpp"
#include "common/error.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <algorithm>
#include <clocale>
#include <memory>
#include <vector>

#include <locale.h>

namespace pwi::image {

namespace {

la_ssize_t append_to_string(archive*, void* client, const void* buffer, std::size_t length)
{
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

void check_write(archive* a, int status, const std::string& what)
{
  if (status < ARCHIVE_WARN) {
    throw Error(fmt::format("cannot write a layer tar ({}): {}", what, archive_error_string(a)),
                ExitCode::k_internal);
  }
}

}  // namespace

std::string relative_image_path(std::string_view path)
{
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    const std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      throw UsageError(fmt::format("the image path '{}' has a '..' component", path));
    }
    if (!part.empty() && part != ".") {
      if (!out.empty()) {
        out += '/';
      }
      out.append(part);
    }
    start = end + 1;
  }
  return out;
}

void LayerTree::add(std::string_view path, LayerNode node)
{
  const std::string rel = relative_image_path(path);
  if (rel.empty()) {
    return;  // the root itself is never an entry
  }
  for (std::size_t slash = rel.find('/'); slash != std::string::npos;
       slash = rel.find('/', slash + 1)) {
    m_nodes.try_emplace(rel.substr(0, slash), LayerNode{});
  }
  m_nodes[rel] = std::move(node);
}

LayerNode node_of(FileSystem& fs, const std::string& path)
{
  const auto st = fs.lstat(path);
  if (!st) {
    throw IoError(fmt::format("cannot read '{}': it does not exist", path));
  }
  LayerNode node;
  switch (st->type) {
  case FileType::k_directory:
    node.kind = NodeKind::k_directory;
    break;
  case FileType::k_regular:
    node.kind = NodeKind::k_file;
    node.source = path;
    node.executable = (st->mode & 0111) != 0;
    node.size = st->size;
    break;
  case FileType::k_symlink:
    node.kind = NodeKind::k_symlink;
    node.target = fs.read_link(path);
    break;
  case FileType::k_other:
    throw InputError(SourceLocation{path, 0, 0, ""},
                     "is a device, socket or FIFO, which an image layer cannot hold");
  }
  return node;
}

void LayerTree::add_tree(FileSystem& fs, const std::string& dir, std::string_view path)
{
  const std::string base(path);
  LayerNode node = node_of(fs, dir);
  const bool is_dir = node.kind == NodeKind::k_directory;
  add(base, std::move(node));
  if (!is_dir) {
    return;
  }
  std::vector<std::string> names = fs.list_directory(dir);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    add_tree(fs, join_path(dir, name), base + "/" + name);
  }
}

std::size_t LayerTree::file_count() const
{
  return static_cast<std::size_t>(std::count_if(m_nodes.begin(), m_nodes.end(), [](const auto& n) {
    return n.second.kind != NodeKind::k_directory;
  }));
}

// libarchive converts names by the locale's character set, read when the writer is made: a
// UTF-8 one (glibc's built-in C.UTF-8) lets pax headers carry UTF-8 names as such rather than
// as hdrcharset=BINARY, whatever the caller's locale. Thread-local, undone on return.
class Utf8Locale {
public:
  Utf8Locale() : m_locale(::newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr))
  {
    if (m_locale != nullptr) {
      m_previous = ::uselocale(m_locale);
    }
  }
  ~Utf8Locale()
  {
    if (m_locale != nullptr) {
      ::uselocale(m_previous);
      ::freelocale(m_locale);
    }
  }
  Utf8Locale(const Utf8Locale&) = delete;
  Utf8Locale& operator=(const Utf8Locale&) = delete;

private:
  locale_t m_locale;
  locale_t m_previous = nullptr;
};

std::string write_layer_tar(FileSystem& fs, const LayerTree& tree, std::int64_t epoch)
{
  const Utf8Locale utf8;
  std::string out;
  ArchiveWriter a(archive_write_new());
  check_write(a.get(), archive_write_set_format_pax_restricted(a.get()), "format");
  // No padding of the last block to 10 KiB: the two zero blocks of the end suffice.
  check_write(a.get(), archive_write_set_bytes_in_last_block(a.get(), 1), "block size");
  check_write(a.get(), archive_write_open(a.get(), &out, nullptr, append_to_string, nullptr),
              "open");
  for (const auto& [path, node] : tree.nodes()) {
    ArchiveEntry e(archive_entry_new());
    archive_entry_set_pathname(e.get(), path.c_str());
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    archive_entry_set_mtime(e.get(), epoch, 0);
    std::string data;
    switch (node.kind) {
    case NodeKind::k_directory:
      archive_entry_set_mode(e.get(), AE_IFDIR | 0755);
      break;
    case NodeKind::k_symlink:
      archive_entry_set_mode(e.get(), AE_IFLNK | 0777);
      archive_entry_set_symlink(e.get(), node.target.c_str());
      break;
    case NodeKind::k_file:
      archive_entry_set_mode(e.get(), AE_IFREG | (node.executable ? 0755 : 0644));
      data = fs.read_file(node.source);
      archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
      break;
    }
    check_write(a.get(), archive_write_header(a.get(), e.get()), path);
    if (!data.empty() && archive_write_data(a.get(), data.data(), data.size()) !=
                           static_cast<la_ssize_t>(data.size())) {
      check_write(a.get(), ARCHIVE_FATAL, path);
    }
  }
  check_write(a.get(), archive_write_close(a.get()), "close");
  return out;
}

}  // namespace pwi::image
