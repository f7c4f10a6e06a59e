// The ELF fixtures that tests/unit/CMakeLists.txt links at build time, read as bytes.
#pragma once

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace pwi::test {

inline std::string elf_fixture(const std::string& name)
{
  const std::string path = std::string(PWI_ELF_FIXTURES_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("missing ELF fixture " + path + ": build the target pwi_elf_fixtures");
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace pwi::test
