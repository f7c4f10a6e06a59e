#include "common/atomic_file.hpp"

#include "common/error.hpp"
#include "common/file_system.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pwi {

namespace {

[[noreturn]] void throw_io(std::string_view what, const std::string& path, int error)
{
  throw IoError(fmt::format("cannot {} '{}': {}", what, path, std::strerror(error)));
}

bool has_content(const std::string& path, std::string_view content)
{
  RealFileSystem fs;
  const auto st = fs.stat(path);
  if (!st || st->type != FileType::k_regular || st->size != content.size()) {
    return false;
  }
  return fs.read_file(path) == content;
}

// mkstemp creates 0600; a new output gets the usual 0666 & ~umask, a replaced one keeps its mode.
mode_t mode_for(const std::string& path)
{
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    return st.st_mode & 07777;
  }
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

// Errors of link() that mean "no hard links here" rather than "something is wrong".
bool no_hard_links(int error)
{
  return error == EPERM || error == EOPNOTSUPP || error == ENOTSUP || error == EMLINK ||
         error == ENOSYS;
}

// One output on its way into place.
struct Staged {
  const std::string* path = nullptr;
  std::string_view content;
  std::string temp;    // the written temporary file, until renamed
  std::string backup;  // a hard link to the previous output, until the commit is done
  bool existed = false;
  bool replaced = false;
};

class Committer {
public:
  explicit Committer(const WriteFaults& faults) : m_faults(faults) {}

  void write_temporary(Staged& s) const
  {
    const std::string& path = *s.path;
    std::string temp = path + ".tmp.XXXXXX";
    int error = fault(WriteStep::k_create, path);
    const int fd = error != 0 ? -1 : ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) {
      throw_io("create a temporary file for", path, error != 0 ? error : errno);
    }
    try {
      write_all(fd, s.content, path);
      if (::fchmod(fd, mode_for(path)) != 0) {
        throw_io("chmod a temporary file for", path, errno);
      }
      // Not for durability (a rerun recreates build products) but because a full disk or a
      // quota may only show when the data is flushed.
      error = fault(WriteStep::k_sync, path);
      if (error == 0 && ::fsync(fd) != 0) {
        error = errno;
      }
      if (error != 0) {
        throw_io("write", path, error);
      }
    } catch (...) {
      ::close(fd);
      ::unlink(temp.c_str());
      throw;
    }
    error = fault(WriteStep::k_close, path);
    if (::close(fd) != 0 && error == 0) {
      error = errno;
    }
    if (error != 0) {
      ::unlink(temp.c_str());
      throw_io("write", path, error);
    }
    s.temp = std::move(temp);
  }

  // A hard link to the previous output, so that a later failure can put it back.
  void take_backup(Staged& s) const
  {
    const std::string& path = *s.path;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) {
        return;
      }
      throw_io("stat", path, errno);
    }
    s.existed = true;
    if (S_ISDIR(st.st_mode)) {
      return;  // the rename will fail, and nothing needs putting back
    }
    for (int attempt = 0; attempt < 10; ++attempt) {
      std::string backup = path + ".old.XXXXXX";
      const int fd = ::mkostemp(backup.data(), O_CLOEXEC);
      if (fd < 0) {
        throw_io("create a temporary file for", path, errno);
      }
      ::close(fd);
      ::unlink(backup.c_str());  // only its unique name was wanted
      int error = fault(WriteStep::k_backup, path);
      if (error == 0 && ::link(path.c_str(), backup.c_str()) != 0) {
        error = errno;
      }
      if (error == 0) {
        s.backup = std::move(backup);
        return;
      }
      if (no_hard_links(error)) {
        return;  // best effort, see AtomicOutputs
      }
      if (error != EEXIST) {  // EEXIST: someone took the name meanwhile; try another
        throw_io("keep the previous version of", path, error);
      }
    }
    throw_io("keep the previous version of", path, EEXIST);
  }

  void rename_into_place(Staged& s) const
  {
    const std::string& path = *s.path;
    int error = fault(WriteStep::k_rename, path);
    if (error == 0 && ::rename(s.temp.c_str(), path.c_str()) != 0) {
      error = errno;
    }
    if (error != 0) {
      throw_io("rename a temporary file to", path, error);
    }
    s.temp.clear();
    s.replaced = true;
  }

  // Undoes what was done; returns what could not be undone ("" when all was).
  static std::string roll_back(std::vector<Staged>& staged)
  {
    std::string problems;
    for (auto it = staged.rbegin(); it != staged.rend(); ++it) {
      Staged& s = *it;
      const std::string& path = *s.path;
      if (!s.temp.empty()) {
        ::unlink(s.temp.c_str());
      }
      if (s.replaced && !s.backup.empty()) {
        if (::rename(s.backup.c_str(), path.c_str()) == 0) {
          s.backup.clear();
        } else {
          problems += fmt::format("; '{}' could not be put back: {}", path, std::strerror(errno));
        }
      } else if (s.replaced && !s.existed) {
        ::unlink(path.c_str());
      } else if (s.replaced) {
        problems +=
          fmt::format("; '{}' could not be put back: no hard links on its file system", path);
      }
      if (!s.backup.empty()) {
        ::unlink(s.backup.c_str());
      }
    }
    return problems;
  }

private:
  // The errno injected for `step`, or 0.
  int fault(WriteStep step, const std::string& path) const
  {
    return m_faults ? m_faults(step, path) : 0;
  }

  void write_all(int fd, std::string_view content, const std::string& path) const
  {
    if (const int error = fault(WriteStep::k_write, path); error != 0) {
      throw_io("write", path, error);
    }
    while (!content.empty()) {
      const ssize_t n = ::write(fd, content.data(), content.size());
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        throw_io("write", path, errno);
      }
      content.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  const WriteFaults& m_faults;
};

}  // namespace

void AtomicOutputs::add(std::string path, std::string content)
{
  const bool taken = std::any_of(m_outputs.begin(), m_outputs.end(),
                                 [&](const Output& o) { return o.path == path; });
  if (taken) {
    throw UsageError(fmt::format("'{}' is given for two outputs", path));
  }
  m_outputs.push_back({std::move(path), std::move(content)});
}

std::vector<std::string> AtomicOutputs::commit()
{
  std::vector<Staged> staged;
  for (const Output& o : m_outputs) {
    if (!has_content(o.path, o.content)) {
      Staged s;
      s.path = &o.path;
      s.content = o.content;
      staged.push_back(std::move(s));
    }
  }
  const Committer committer(m_faults);
  try {
    for (Staged& s : staged) {
      committer.write_temporary(s);
    }
    // The last rename has nothing after it that could fail: its output needs no backup.
    for (std::size_t i = 0; i + 1 < staged.size(); ++i) {
      committer.take_backup(staged[i]);
    }
    for (Staged& s : staged) {
      committer.rename_into_place(s);
    }
  } catch (const Error& e) {
    const std::string problems = Committer::roll_back(staged);
    if (problems.empty()) {
      throw;
    }
    throw IoError(e.what() + problems);
  } catch (...) {
    Committer::roll_back(staged);
    throw;
  }
  std::vector<std::string> written;
  for (const Staged& s : staged) {
    if (!s.backup.empty()) {
      ::unlink(s.backup.c_str());
    }
    written.push_back(*s.path);
  }
  return written;
}

bool write_file_if_changed(const std::string& path, std::string_view content,
                           const WriteFaults& faults)
{
  AtomicOutputs outputs(faults);
  outputs.add(path, std::string(content));
  return !outputs.commit().empty();
}

}  // namespace pwi
