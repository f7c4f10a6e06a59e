// SHA-256 through OpenSSL's EVP interface, which uses the CPU's SHA extensions when present.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace pwi {

class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void update(std::string_view data);
  // Lowercase hex of the digest. Finishes the computation: the object is reset afterwards.
  std::string hex_digest();

private:
  struct Context;
  std::unique_ptr<Context> m_context;
};

std::string sha256_hex(std::string_view data);
// Throws IoError when the file cannot be read.
std::string sha256_file_hex(const std::string& path);

}  // namespace pwi
