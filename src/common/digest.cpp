#include "common/digest.hpp"

#include <openssl/evp.h>

#include <stdexcept>
#include <vector>

namespace pwi {

struct Digest::Context {
  EVP_MD_CTX* ctx = nullptr;
  ~Context() { EVP_MD_CTX_free(ctx); }
};

namespace {

// OpenSSL failures here mean memory exhaustion or a broken library: not an input problem.
void check(int ok, const char* what)
{
  if (ok != 1) {
    throw std::runtime_error(std::string("OpenSSL digest failure in ") + what);
  }
}

const EVP_MD* evp_of(HashAlgorithm algorithm)
{
  switch (algorithm) {
  case HashAlgorithm::k_sha256:
    return EVP_sha256();
  case HashAlgorithm::k_sha384:
    return EVP_sha384();
  case HashAlgorithm::k_sha512:
    return EVP_sha512();
  }
  throw std::logic_error("unknown hash algorithm");
}

}  // namespace

std::string_view hash_algorithm_name(HashAlgorithm algorithm)
{
  switch (algorithm) {
  case HashAlgorithm::k_sha256:
    return "sha256";
  case HashAlgorithm::k_sha384:
    return "sha384";
  case HashAlgorithm::k_sha512:
    return "sha512";
  }
  throw std::logic_error("unknown hash algorithm");
}

std::optional<HashAlgorithm> parse_hash_algorithm(std::string_view name)
{
  for (const HashAlgorithm algorithm : k_hash_algorithms) {
    if (hash_algorithm_name(algorithm) == name) {
      return algorithm;
    }
  }
  return std::nullopt;
}

Digest::Digest(HashAlgorithm algorithm)
  : m_context(std::make_unique<Context>()), m_algorithm(algorithm)
{
  m_context->ctx = EVP_MD_CTX_new();
  if (m_context->ctx == nullptr) {
    throw std::bad_alloc();
  }
  check(EVP_DigestInit_ex(m_context->ctx, evp_of(m_algorithm), nullptr), "EVP_DigestInit_ex");
}

Digest::~Digest() = default;
Digest::Digest(Digest&&) noexcept = default;
Digest& Digest::operator=(Digest&&) noexcept = default;

void Digest::update(std::string_view data)
{
  check(EVP_DigestUpdate(m_context->ctx, data.data(), data.size()), "EVP_DigestUpdate");
}

std::string Digest::hex_digest()
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  check(EVP_DigestFinal_ex(m_context->ctx, digest, &length), "EVP_DigestFinal_ex");
  check(EVP_DigestInit_ex(m_context->ctx, evp_of(m_algorithm), nullptr), "EVP_DigestInit_ex");
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += k_hex[digest[i] >> 4];
    out += k_hex[digest[i] & 0xf];
  }
  return out;
}

std::string digest_hex(HashAlgorithm algorithm, std::string_view data)
{
  Digest digest(algorithm);
  digest.update(data);
  return digest.hex_digest();
}

std::map<HashAlgorithm, std::string> file_digests(FileSystem& fs, const std::string& path,
                                                  const std::set<HashAlgorithm>& algorithms)
{
  std::vector<std::pair<HashAlgorithm, Digest>> digests;
  for (const HashAlgorithm algorithm : algorithms) {
    digests.emplace_back(algorithm, Digest(algorithm));
  }
  fs.read_chunks(path, [&](std::string_view chunk) {
    for (auto& [algorithm, digest] : digests) {
      digest.update(chunk);
    }
  });
  std::map<HashAlgorithm, std::string> out;
  for (auto& [algorithm, digest] : digests) {
    out.emplace(algorithm, digest.hex_digest());
  }
  return out;
}

}  // namespace pwi
