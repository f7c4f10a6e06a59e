// An OCI image layout on disk (image-spec's image-layout.md): the oci-layout file, index.json
// with exactly one image manifest, and the blobs under blobs/sha256/.
#pragma once

#include "common/file_system.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pwi::registry {

struct Blob {
  std::string digest;  // "sha256:<64 hex>"
  std::uint64_t size = 0;
  std::string path;  // DIR/blobs/sha256/<hex>
};

struct OciImage {
  std::string manifest;         // its bytes, pushed as they are
  std::string manifest_digest;  // "sha256:..." of those bytes
  std::string media_type;       // the manifest's, or else index.json's descriptor's
  std::vector<Blob> blobs;      // the config, then the layers; each digest once
};

// Reads and checks the layout: the manifest's digest and size as index.json names them, a
// manifest of a single image (an index of several is refused), and a file of the descriptor's
// size for every blob (their digests are checked while they are uploaded). Throws InputError
// naming the file that is wrong, IoError when one cannot be read.
OciImage read_oci_layout(FileSystem& fs, const std::string& dir);

// Whether `digest` is "sha256:" and 64 lowercase hex digits.
bool is_sha256_digest(std::string_view digest);

}  // namespace pwi::registry
