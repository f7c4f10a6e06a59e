// Writes small zip archives (stored, not compressed) so that tests build the wheels they read,
// including broken ones, without fixture files or a zip library in the test.
#pragma once

#include <array>
#include <cstdint>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace pwi::test {

inline std::uint32_t crc32(const std::string& data)
{
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) {
        c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      }
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const unsigned char byte : data) {
    crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
  }
  return crc ^ 0xFFFFFFFFu;
}

// Returns the bytes of a zip archive holding `members` (name, content) in order.
inline std::string make_zip(const std::vector<std::pair<std::string, std::string>>& members)
{
  std::string out;
  std::string central;
  const auto u16 = [](std::string& s, std::uint32_t v) {
    s += static_cast<char>(v & 0xFF);
    s += static_cast<char>((v >> 8) & 0xFF);
  };
  const auto u32 = [&](std::string& s, std::uint32_t v) {
    u16(s, v & 0xFFFF);
    u16(s, v >> 16);
  };
  for (const auto& [name, content] : members) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const std::uint32_t crc = crc32(content);
    const auto size = static_cast<std::uint32_t>(content.size());
    u32(out, 0x04034b50);
    u16(out, 20);    // version needed
    u16(out, 0);     // flags
    u16(out, 0);     // stored
    u16(out, 0);     // time
    u16(out, 0x21);  // date: 1980-01-01
    u32(out, crc);
    u32(out, size);
    u32(out, size);
    u16(out, static_cast<std::uint32_t>(name.size()));
    u16(out, 0);
    out += name;
    out += content;

    u32(central, 0x02014b50);
    u16(central, 20);  // version made by
    u16(central, 20);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0x21);
    u32(central, crc);
    u32(central, size);
    u32(central, size);
    u16(central, static_cast<std::uint32_t>(name.size()));
    u16(central, 0);  // extra
    u16(central, 0);  // comment
    u16(central, 0);  // disk
    u16(central, 0);  // internal attributes
    u32(central, 0);  // external attributes
    u32(central, offset);
    central += name;
  }
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  u32(out, 0x06054b50);
  u16(out, 0);
  u16(out, 0);
  u16(out, static_cast<std::uint32_t>(members.size()));
  u16(out, static_cast<std::uint32_t>(members.size()));
  u32(out, static_cast<std::uint32_t>(central.size()));
  u32(out, central_offset);
  u16(out, 0);
  return out;
}

inline void write_binary(const std::string& path, const std::string& bytes)
{
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace pwi::test
