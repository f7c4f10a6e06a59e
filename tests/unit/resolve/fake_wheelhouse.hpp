// Tiny wheelhouses for the resolver's unit tests: minimal wheels (stored zip archives with
// WHEEL and METADATA, written by hand), requirement files and a fixed Linux CPython 3.11 target.
#pragma once

#include "../support/temp_dir.hpp"

#include "pep/requirements_file.hpp"
#include "resolve/resolve.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pwi::test {

inline std::uint32_t crc32(std::string_view data)
{
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) {
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      }
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (const unsigned char b : data) {
    c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  }
  return c ^ 0xFFFFFFFFu;
}

// A zip archive with stored (uncompressed) members.
inline std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& members)
{
  auto u16 = [](std::string& out, std::uint32_t v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
  };
  auto u32 = [&](std::string& out, std::uint32_t v) {
    u16(out, v & 0xFFFF);
    u16(out, v >> 16);
  };
  std::string body;
  std::string central;
  for (const auto& [name, data] : members) {
    const auto offset = static_cast<std::uint32_t>(body.size());
    const std::uint32_t crc = crc32(data);
    const auto size = static_cast<std::uint32_t>(data.size());
    u32(body, 0x04034b50);
    for (const std::uint32_t v : {20u, 0u, 0u, 0u, 0x21u}) {  // version, flags, method, time, date
      u16(body, v);
    }
    u32(body, crc);
    u32(body, size);
    u32(body, size);
    u16(body, static_cast<std::uint32_t>(name.size()));
    u16(body, 0);
    body += name + data;
    u32(central, 0x02014b50);
    for (const std::uint32_t v : {20u, 20u, 0u, 0u, 0u, 0x21u}) {
      u16(central, v);
    }
    u32(central, crc);
    u32(central, size);
    u32(central, size);
    u16(central, static_cast<std::uint32_t>(name.size()));
    for (int i = 0; i < 4; ++i) {  // extra, comment, disk, internal attributes
      u16(central, 0);
    }
    u32(central, 0);
    u32(central, offset);
    central += name;
  }
  std::string out = body + central;
  u32(out, 0x06054b50);
  u16(out, 0);
  u16(out, 0);
  u16(out, static_cast<std::uint32_t>(members.size()));
  u16(out, static_cast<std::uint32_t>(members.size()));
  u32(out, static_cast<std::uint32_t>(central.size()));
  u32(out, static_cast<std::uint32_t>(body.size()));
  u16(out, 0);
  return out;
}

class FakeWheelhouse {
public:
  FakeWheelhouse() { m_dir.write("wheels/.keep", ""); }

  // `file_name` as "a-1.0-py3-none-any.whl"; `headers`: extra METADATA lines such as
  // "Requires-Dist: b>=1" or "Requires-Python: >=3.12". `version` overrides METADATA's.
  std::string wheel(const std::string& file_name, const std::vector<std::string>& headers = {},
                    const std::string& version = "")
  {
    const auto dash = file_name.find('-');
    const auto dash2 = file_name.find('-', dash + 1);
    const std::string name = file_name.substr(0, dash);
    const std::string file_version = file_name.substr(dash + 1, dash2 - dash - 1);
    std::string metadata = "Metadata-Version: 2.1\nName: " + name +
                           "\nVersion: " + (version.empty() ? file_version : version) + "\n";
    for (const auto& h : headers) {
      metadata += h + "\n";
    }
    const std::string info = name + "-" + file_version + ".dist-info";
    return m_dir.write("wheels/" + file_name,
                       stored_zip({{info + "/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"},
                                   {info + "/METADATA", metadata + "\n"},
                                   {info + "/RECORD", ""}}));
  }

  std::string file(const std::string& name, const std::string& content)
  {
    return m_dir.write(name, content);
  }

  resolve::Resolved resolve(const std::string& requirements, const std::string& constraints = "",
                            bool pre = false)
  {
    std::vector<std::string> cons;
    if (!constraints.empty()) {
      cons.push_back(file("cons.txt", constraints));
    }
    m_inputs = read_requirement_files({file("req.txt", requirements)}, cons);
    RealFileSystem fs;
    const auto house = resolve::Wheelhouse::scan(fs, m_dir / "wheels");
    return resolve::resolve_requirements(house, target(), m_inputs, pre);
  }

  // The message of the ResolveError, or "no error".
  std::string error(const std::string& requirements, const std::string& constraints = "")
  {
    try {
      resolve(requirements, constraints);
    } catch (const ResolveError& e) {
      std::string text = e.what();
      // Paths of the temporary directory vary: show them as "DIR".
      for (std::size_t at; (at = text.find(m_dir.path())) != std::string::npos;) {
        text.replace(at, m_dir.path().size(), "DIR");
      }
      return text;
    }
    return "no error";
  }

  static TargetEnvironment target()
  {
    return TargetEnvironment::parse(R"({"markers": {
      "implementation_name": "cpython", "implementation_version": "3.11.7", "os_name": "posix",
      "platform_machine": "x86_64", "platform_release": "6.1", "platform_system": "Linux",
      "platform_version": "#1", "python_full_version": "3.11.7",
      "platform_python_implementation": "CPython", "python_version": "3.11",
      "sys_platform": "linux"},
      "tags": ["cp311-cp311-manylinux_2_17_x86_64", "cp311-abi3-manylinux_2_17_x86_64",
               "py3-none-manylinux_2_17_x86_64", "cp311-none-any", "py311-none-any",
               "py3-none-any"]})",
                                    "env.json");
  }

  const TempDir& dir() const { return m_dir; }

private:
  TempDir m_dir;
  RequirementFiles m_inputs;  // the resolution points into it
};

// "a==1.0 b==2.0": what a resolution installs, in lock order.
inline std::string pins(const resolve::Resolved& resolved)
{
  std::string out;
  for (const auto& p : resolved.packages) {
    out += (out.empty() ? "" : " ") + p.key + "==" + p.version.str();
  }
  return out;
}

}  // namespace pwi::test
