#include "slim/rootfs_tar.hpp"

#include "common/archive_handles.hpp"
#include "common/error.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>

#include <sys/stat.h>

namespace pwi::slim {

namespace {

[[noreturn]] void bad_tar(const std::string& path, const std::string& message)
{
  throw InputError(SourceLocation{path, 0, 0, ""}, message);
}

EntryType type_of(mode_t type)
{
  switch (type) {
  case AE_IFREG:
    return EntryType::k_file;
  case AE_IFDIR:
    return EntryType::k_directory;
  case AE_IFLNK:
    return EntryType::k_symlink;
  default:
    return EntryType::k_other;
  }
}

std::string read_data(archive* a, const std::string& path, const std::string& member)
{
  std::string data;
  char buffer[64 * 1024];
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
    if (n < 0) {
      bad_tar(path, fmt::format("cannot read member '{}': {}", member, archive_error_string(a)));
    }
    if (n == 0) {
      return data;
    }
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

Entry entry_from(archive_entry* e)
{
  Entry entry;
  entry.mode = archive_entry_mode(e);
  entry.type = type_of(archive_entry_filetype(e));
  entry.uid = archive_entry_uid(e);
  entry.gid = archive_entry_gid(e);
  const char* uname = archive_entry_uname(e);
  const char* gname = archive_entry_gname(e);
  entry.uname = uname != nullptr ? uname : "";
  entry.gname = gname != nullptr ? gname : "";
  entry.mtime = archive_entry_mtime(e);
  entry.mtime_nsec = archive_entry_mtime_nsec(e);
  entry.rdev = archive_entry_rdev(e);
  if (const char* target = archive_entry_symlink(e); target != nullptr) {
    entry.symlink = target;
  }
  archive_entry_xattr_reset(e);
  const char* name = nullptr;
  const void* value = nullptr;
  std::size_t size = 0;
  while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
    entry.xattrs.emplace_back(name, std::string(static_cast<const char*>(value), size));
  }
  return entry;
}

la_ssize_t append_to_string(archive*, void* client, const void* buffer, std::size_t length)
{
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

void check_write(archive* a, int status, const std::string& what)
{
  if (status < ARCHIVE_WARN) {
    throw Error(fmt::format("cannot write the tar ({}): {}", what, archive_error_string(a)),
                ExitCode::k_internal);
  }
}

}  // namespace

Rootfs read_rootfs_tar(const std::string& path)
{
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw IoError(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  }
  ArchiveReader a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK) {
    // It exists: libarchive reads the first block at open to recognize the format.
    const int error = archive_errno(a.get());
    if (error == EACCES || error == EIO || error == EISDIR) {
      throw IoError(fmt::format("cannot read '{}': {}", path, archive_error_string(a.get())));
    }
    bad_tar(path, fmt::format("not a tar: {}", archive_error_string(a.get())));
  }
  Rootfs rootfs;
  for (;;) {
    archive_entry* e = nullptr;
    const int status = archive_read_next_header(a.get(), &e);
    if (status == ARCHIVE_EOF) {
      break;
    }
    if (status < ARCHIVE_WARN) {
      bad_tar(path, fmt::format("not a readable tar: {}", archive_error_string(a.get())));
    }
    const char* name = archive_entry_pathname(e);
    const std::string member = name != nullptr ? name : "";
    Entry entry = entry_from(e);
    entry.path = normalize_path(member);
    if (const char* hardlink = archive_entry_hardlink(e); hardlink != nullptr) {
      const std::string target = normalize_path(hardlink);
      const Entry* first = rootfs.find(target);
      if (first == nullptr || first->type != EntryType::k_file) {
        bad_tar(path, fmt::format("member '{}' is a hard link to '{}', which is no earlier file",
                                  member, hardlink));
      }
      entry.type = EntryType::k_file;
      entry.mode = AE_IFREG | (entry.mode & 07777);  // a link member's type may be unset
      entry.data = first->data;
      entry.link_group = first->link_group.empty() ? target : first->link_group;
      if (first->link_group.empty()) {
        Entry grouped = *first;
        grouped.link_group = target;
        rootfs.add(std::move(grouped));
      }
    } else if (entry.type == EntryType::k_file) {
      entry.data = std::make_shared<const std::string>(read_data(a.get(), path, member));
    }
    if (entry.path.empty() || entry.path == ".." || entry.path.rfind("../", 0) == 0) {
      continue;  // the root itself; nothing outside it
    }
    rootfs.add(std::move(entry));
  }
  return rootfs;
}

std::string write_rootfs_tar(const Rootfs& rootfs)
{
  std::string out;
  ArchiveWriter a(archive_write_new());
  check_write(a.get(), archive_write_set_format_pax_restricted(a.get()), "format");
  check_write(a.get(), archive_write_open(a.get(), &out, nullptr, append_to_string, nullptr),
              "open");
  std::map<std::string, std::string> first_of_group;
  for (const auto& [path, entry] : rootfs.entries()) {
    ArchiveEntry e(archive_entry_new());
    archive_entry_set_pathname(e.get(), path.c_str());
    archive_entry_set_mode(e.get(), entry.mode);
    archive_entry_set_uid(e.get(), entry.uid);
    archive_entry_set_gid(e.get(), entry.gid);
    if (!entry.uname.empty()) {
      archive_entry_set_uname(e.get(), entry.uname.c_str());
    }
    if (!entry.gname.empty()) {
      archive_entry_set_gname(e.get(), entry.gname.c_str());
    }
    archive_entry_set_mtime(e.get(), entry.mtime, entry.mtime_nsec);
    for (const auto& [name, value] : entry.xattrs) {
      archive_entry_xattr_add_entry(e.get(), name.c_str(), value.data(), value.size());
    }
    bool with_data = false;
    if (entry.type == EntryType::k_symlink) {
      archive_entry_set_symlink(e.get(), entry.symlink.c_str());
    } else if (entry.type == EntryType::k_other) {
      archive_entry_set_rdev(e.get(), entry.rdev);
    } else if (entry.type == EntryType::k_file) {
      const auto [it, first] = first_of_group.try_emplace(entry.link_group, path);
      if (!entry.link_group.empty() && !first) {
        archive_entry_set_hardlink(e.get(), it->second.c_str());
        archive_entry_set_size(e.get(), 0);
      } else {
        archive_entry_set_size(e.get(), static_cast<la_int64_t>(entry.size()));
        with_data = true;
      }
    }
    check_write(a.get(), archive_write_header(a.get(), e.get()), path);
    if (with_data && entry.size() > 0) {
      const std::string& data = *entry.data;
      if (archive_write_data(a.get(), data.data(), data.size()) !=
          static_cast<la_ssize_t>(data.size())) {
        check_write(a.get(), ARCHIVE_FATAL, path);
      }
    }
  }
  check_write(a.get(), archive_write_close(a.get()), "close");
  return out;
}

}  // namespace pwi::slim
