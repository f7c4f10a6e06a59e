// Writes the input tars of the slim tests with libarchive directly (not with the code under
// test): files, directories, symbolic and hard links, as `docker export` writes them.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace pwi::test {

class TarBuilder {
public:
  TarBuilder& file(const std::string& path, const std::string& content, unsigned mode = 0644)
  {
    m_members.push_back({path, AE_IFREG | mode, content, "", ""});
    return *this;
  }
  TarBuilder& dir(const std::string& path, unsigned mode = 0755)
  {
    m_members.push_back({path, AE_IFDIR | mode, "", "", ""});
    return *this;
  }
  TarBuilder& symlink(const std::string& path, const std::string& target)
  {
    m_members.push_back({path, AE_IFLNK | 0777, "", target, ""});
    return *this;
  }
  TarBuilder& hardlink(const std::string& path, const std::string& target)
  {
    m_members.push_back({path, AE_IFREG | 0644, "", "", target});
    return *this;
  }

  // Writes the members in the order given (a real export's order, not sorted).
  void write(const std::string& path) const
  {
    archive* a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    if (archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK) {
      throw std::runtime_error("cannot write " + path);
    }
    for (const Member& m : m_members) {
      archive_entry* e = archive_entry_new();
      archive_entry_set_pathname(e, m.path.c_str());
      archive_entry_set_mode(e, m.mode);
      archive_entry_set_mtime(e, 1700000000, 0);
      archive_entry_set_atime(e, 1700000001, 0);
      archive_entry_set_uname(e, "root");
      archive_entry_set_gname(e, "root");
      if (!m.symlink.empty()) {
        archive_entry_set_symlink(e, m.symlink.c_str());
      }
      if (!m.hardlink.empty()) {
        archive_entry_set_hardlink(e, m.hardlink.c_str());
      } else if ((m.mode & AE_IFMT) == AE_IFREG) {
        archive_entry_set_size(e, static_cast<la_int64_t>(m.content.size()));
      }
      archive_write_header(a, e);
      if (!m.content.empty()) {
        archive_write_data(a, m.content.data(), m.content.size());
      }
      archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
  }

private:
  struct Member {
    std::string path;
    unsigned mode;
    std::string content;
    std::string symlink;
    std::string hardlink;
  };
  std::vector<Member> m_members;
};

}  // namespace pwi::test
