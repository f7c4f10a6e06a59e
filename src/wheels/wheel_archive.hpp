// Read access to the members of a .whl (a zip archive), through libzip.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pwi {

class WheelArchive {
public:
  // Throws IoError when the file cannot be opened, InputError when it is not a zip archive.
  explicit WheelArchive(const std::string& path);
  ~WheelArchive();
  WheelArchive(const WheelArchive&) = delete;
  WheelArchive& operator=(const WheelArchive&) = delete;

  const std::vector<std::string>& names() const { return m_names; }
  // The member's bytes; InputError naming the archive and member when it is missing, corrupt
  // (CRC mismatch) or truncated.
  std::string read(const std::string& member) const;
  // The same with another size limit (the default is for metadata; shared objects are larger).
  std::string read(const std::string& member, std::uint64_t max_size) const;
  // At most the first `size` bytes of the member (fewer when it is shorter), without
  // decompressing the rest: enough to recognize a file by its magic number.
  std::string read_prefix(const std::string& member, std::size_t size) const;

private:
  struct Handle;
  std::string m_path;
  std::unique_ptr<Handle> m_handle;
  std::vector<std::string> m_names;
};

}  // namespace pwi
