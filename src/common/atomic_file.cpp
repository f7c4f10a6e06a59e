#include "common/atomic_file.hpp"

#include "common/error.hpp"
#include "common/file_system.hpp"

#include <fmt/format.h>

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

void write_all(int fd, std::string_view content, const std::string& temp_path)
{
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw_io("write", temp_path, errno);
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

bool write_file_if_changed(const std::string& path, std::string_view content)
{
  if (has_content(path, content)) {
    return false;
  }
  // Same directory: rename() is atomic only within one file system.
  std::string temp_path = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(temp_path.data());
  if (fd < 0) {
    throw_io("create a temporary file for", path, errno);
  }
  try {
    write_all(fd, content, temp_path);
    if (::fchmod(fd, mode_for(path)) != 0) {
      throw_io("chmod", temp_path, errno);
    }
  } catch (...) {
    ::close(fd);
    ::unlink(temp_path.c_str());
    throw;
  }
  // No fsync: outputs are build products that a rerun recreates; rename() alone already
  // guarantees that readers see the old or the new content, never a mix.
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp_path.c_str());
    throw_io("write", temp_path, error);
  }
  if (::rename(temp_path.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp_path.c_str());
    throw_io("rename a temporary file to", path, error);
  }
  return true;
}

}  // namespace pwi
