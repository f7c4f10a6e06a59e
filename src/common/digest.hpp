// The strong hashes pip accepts for --hash (pip/_internal/utils/hashes.py STRONG_HASHES), through
// OpenSSL's EVP interface, and several of them over one read of a file.
#pragma once

#include "common/file_system.hpp"

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace pwi {

enum class HashAlgorithm { k_sha256, k_sha384, k_sha512 };

inline constexpr std::array<HashAlgorithm, 3> k_hash_algorithms = {
  HashAlgorithm::k_sha256, HashAlgorithm::k_sha384, HashAlgorithm::k_sha512};

std::string_view hash_algorithm_name(HashAlgorithm algorithm);  // "sha256", as pip spells it
// nullopt for any other name (pip's names are lowercase; so are ours).
std::optional<HashAlgorithm> parse_hash_algorithm(std::string_view name);

class Digest {
public:
  explicit Digest(HashAlgorithm algorithm);
  ~Digest();
  Digest(Digest&&) noexcept;
  Digest& operator=(Digest&&) noexcept;

  void update(std::string_view data);
  // Lowercase hex, as Python's hexdigest(). Finishes the computation: the object is reset.
  std::string hex_digest();

private:
  struct Context;
  std::unique_ptr<Context> m_context;
  HashAlgorithm m_algorithm;
};

std::string digest_hex(HashAlgorithm algorithm, std::string_view data);

// The lowercase hex digest of the file for each algorithm asked, from a single read through
// `fs`. Throws IoError when the file cannot be read.
std::map<HashAlgorithm, std::string> file_digests(FileSystem& fs, const std::string& path,
                                                  const std::set<HashAlgorithm>& algorithms);

}  // namespace pwi
