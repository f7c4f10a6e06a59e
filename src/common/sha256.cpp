#include "common/sha256.hpp"

#include "common/file_system.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace pwi {

struct Sha256::Context {
  EVP_MD_CTX* ctx = nullptr;
  ~Context() { EVP_MD_CTX_free(ctx); }
};

namespace {

// OpenSSL failures here mean memory exhaustion or a broken library: not an input problem.
void check(int ok, const char* what)
{
  if (ok != 1) {
    throw std::runtime_error(std::string("OpenSSL SHA-256 failure in ") + what);
  }
}

}  // namespace

Sha256::Sha256() : m_context(std::make_unique<Context>())
{
  m_context->ctx = EVP_MD_CTX_new();
  if (m_context->ctx == nullptr) {
    throw std::bad_alloc();
  }
  check(EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr), "EVP_DigestInit_ex");
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view data)
{
  check(EVP_DigestUpdate(m_context->ctx, data.data(), data.size()), "EVP_DigestUpdate");
}

std::string Sha256::hex_digest()
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  check(EVP_DigestFinal_ex(m_context->ctx, digest, &length), "EVP_DigestFinal_ex");
  check(EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr), "EVP_DigestInit_ex");
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += k_hex[digest[i] >> 4];
    out += k_hex[digest[i] & 0xf];
  }
  return out;
}

std::string sha256_hex(std::string_view data)
{
  Sha256 hash;
  hash.update(data);
  return hash.hex_digest();
}

std::string sha256_file_hex(const std::string& path)
{
  Sha256 hash;
  RealFileSystem().read_chunks(path, [&](std::string_view chunk) { hash.update(chunk); });
  return hash.hex_digest();
}

}  // namespace pwi
