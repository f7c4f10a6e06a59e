#include "common/file_system.hpp"

#include "common/atomic_file.hpp"
#include "common/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pwi {

namespace {

// Large enough that per-call overhead vanishes next to hashing, small enough to stay in L2.
constexpr std::size_t k_chunk_size = 256 * 1024;

[[noreturn]] void throw_io(std::string_view what, const std::string& path, int error)
{
  throw IoError(fmt::format("cannot {} '{}': {}", what, path, std::strerror(error)));
}

std::int64_t to_ns(const timespec& ts)
{
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

FileStat to_file_stat(const struct stat& st)
{
  FileStat out;
  if (S_ISREG(st.st_mode)) {
    out.type = FileType::k_regular;
  } else if (S_ISDIR(st.st_mode)) {
    out.type = FileType::k_directory;
  } else if (S_ISLNK(st.st_mode)) {
    out.type = FileType::k_symlink;
  }
  out.size = static_cast<std::uint64_t>(st.st_size);
  out.mtime_ns = to_ns(st.st_mtim);
  out.ctime_ns = to_ns(st.st_ctim);
  out.inode = static_cast<std::uint64_t>(st.st_ino);
  out.mode = static_cast<std::uint32_t>(st.st_mode & 07777);
  return out;
}

std::optional<FileStat> do_stat(const std::string& path, bool follow)
{
  struct stat st {};
  const int rc = follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st);
  if (rc != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return std::nullopt;
    }
    throw_io("stat", path, errno);
  }
  return to_file_stat(st);
}

class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : m_fd(fd) {}
  ~FileDescriptor() { ::close(m_fd); }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return m_fd; }

private:
  int m_fd;
};

}  // namespace

std::optional<FileStat> RealFileSystem::stat(const std::string& path)
{
  return do_stat(path, true);
}

std::optional<FileStat> RealFileSystem::lstat(const std::string& path)
{
  return do_stat(path, false);
}

std::string FileSystem::read_file(const std::string& path)
{
  std::string out;
  read_chunks(path, [&](std::string_view chunk) { out.append(chunk); });
  return out;
}

void RealFileSystem::read_chunks(const std::string& path,
                                 const std::function<void(std::string_view)>& sink)
{
  const int raw_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw_fd < 0) {
    throw_io("read", path, errno);
  }
  FileDescriptor fd(raw_fd);
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  const auto buffer = std::make_unique<char[]>(k_chunk_size);
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer.get(), k_chunk_size);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw_io("read", path, errno);
    }
    if (n == 0) {
      return;
    }
    sink(std::string_view(buffer.get(), static_cast<std::size_t>(n)));
  }
}

std::vector<std::string> RealFileSystem::list_directory(const std::string& path)
{
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    throw_io("list directory", path, errno);
  }
  std::unique_ptr<DIR, int (*)(DIR*)> guard(dir, ::closedir);
  std::vector<std::string> names;
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(dir);
    if (entry == nullptr) {
      if (errno != 0) {
        throw_io("list directory", path, errno);
      }
      return names;
    }
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") {
      names.emplace_back(name);
    }
  }
}

std::string RealFileSystem::read_link(const std::string& path)
{
  std::string target(256, '\0');
  for (;;) {
    const ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
    if (n < 0) {
      throw_io("read symbolic link", path, errno);
    }
    if (static_cast<std::size_t>(n) < target.size()) {
      target.resize(static_cast<std::size_t>(n));
      return target;
    }
    target.resize(target.size() * 2);  // possibly truncated: retry with more room
  }
}

bool RealFileSystem::write_file_if_changed(const std::string& path, std::string_view content)
{
  return pwi::write_file_if_changed(path, content);
}

std::int64_t RealFileSystem::now_ns()
{
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return to_ns(ts);
}

std::string join_path(std::string_view dir, std::string_view name)
{
  if (dir.empty() || (!name.empty() && name.front() == '/')) {
    return std::string(name);
  }
  if (dir.back() == '/') {
    return fmt::format("{}{}", dir, name);
  }
  return fmt::format("{}/{}", dir, name);
}

std::string dirname(std::string_view path)
{
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) {
    return "";
  }
  if (slash == 0) {
    return "/";
  }
  return std::string(path.substr(0, slash));
}

}  // namespace pwi
