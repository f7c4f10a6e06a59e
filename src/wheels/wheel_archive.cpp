#include "wheels/wheel_archive.hpp"

#include "common/error.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <cerrno>
#include <cstring>

#include <unistd.h>

namespace pwi {

namespace {

// A METADATA or WHEEL file is a few kilobytes; refuse zip bombs.
constexpr zip_uint64_t k_max_member_size = 64 * 1024 * 1024;

[[noreturn]] void fail(const std::string& origin, const std::string& message)
{
  throw InputError(SourceLocation{origin, 0, 0, ""}, message);
}

}  // namespace

struct WheelArchive::Handle {
  zip_t* zip = nullptr;
  ~Handle()
  {
    if (zip != nullptr) {
      zip_discard(zip);  // read-only: nothing to write back
    }
  }
};

WheelArchive::WheelArchive(const std::string& path) : m_path(path), m_handle(new Handle)
{
  // libzip reports a missing file as "can't open file"; say what the rest of the helper says.
  if (::access(path.c_str(), R_OK) != 0) {
    throw IoError(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  }
  int code = 0;
  m_handle->zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (m_handle->zip == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_MEMORY) {
      throw IoError(fmt::format("cannot read '{}': {}", path, reason));
    }
    fail(path, fmt::format("not a valid wheel (zip archive): {}", reason));
  }
  const zip_int64_t count = zip_get_num_entries(m_handle->zip, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(m_handle->zip, static_cast<zip_uint64_t>(i), 0);
    if (name == nullptr) {
      fail(path, fmt::format("not a valid wheel (zip archive): {}", zip_strerror(m_handle->zip)));
    }
    m_names.emplace_back(name);
  }
}

WheelArchive::~WheelArchive() = default;

std::string WheelArchive::read(const std::string& member) const
{
  return read(member, k_max_member_size);
}

std::string WheelArchive::read_prefix(const std::string& member, std::size_t size) const
{
  zip_t* zip = m_handle->zip;
  const zip_int64_t index = zip_name_locate(zip, member.c_str(), 0);
  if (index < 0) {
    fail(m_path, fmt::format("could not read '{}' file: there is no such member", member));
  }
  zip_file_t* file = zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr) {
    fail(m_path, fmt::format("could not read '{}' file: {}", member, zip_strerror(zip)));
  }
  std::string out(size, '\0');
  std::size_t done = 0;
  std::string error;
  while (done < size) {
    const zip_int64_t n = zip_fread(file, out.data() + done, size - done);
    if (n < 0) {
      error = zip_file_strerror(file);
      break;
    }
    if (n == 0) {
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  zip_fclose(file);
  if (!error.empty()) {
    fail(m_path, fmt::format("could not read '{}' file: {}", member, error));
  }
  out.resize(done);
  return out;
}

std::string WheelArchive::read(const std::string& member, std::uint64_t max_size) const
{
  const std::string origin = m_path;
  zip_t* zip = m_handle->zip;
  const zip_int64_t index = zip_name_locate(zip, member.c_str(), 0);
  if (index < 0) {
    fail(origin, fmt::format("could not read '{}' file: there is no such member", member));
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip, static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
      (st.valid & ZIP_STAT_SIZE) == 0) {
    fail(origin, fmt::format("could not read '{}' file: {}", member, zip_strerror(zip)));
  }
  if (st.size > max_size) {
    fail(origin,
         fmt::format("could not read '{}' file: it is too large ({} bytes)", member, st.size));
  }
  zip_file_t* file = zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr) {
    fail(origin, fmt::format("could not read '{}' file: {}", member, zip_strerror(zip)));
  }
  std::string out(static_cast<std::size_t>(st.size), '\0');
  std::size_t done = 0;
  std::string error;
  // Read to the end (one byte past the size): libzip checks the CRC only at the end.
  char extra = 0;
  for (;;) {
    char* into = done < out.size() ? out.data() + done : &extra;
    const zip_uint64_t room = done < out.size() ? out.size() - done : 1;
    const zip_int64_t n = zip_fread(file, into, room);
    if (n < 0) {
      error = zip_file_strerror(file);
      break;
    }
    if (n == 0) {
      if (done != out.size()) {
        error = "unexpected end of data";
      }
      break;
    }
    if (done >= out.size()) {
      error = "more data than its declared size";
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  zip_fclose(file);
  if (!error.empty()) {
    fail(origin, fmt::format("could not read '{}' file: {}", member, error));
  }
  return out;
}

}  // namespace pwi
