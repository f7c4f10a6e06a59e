// The image's containers: the docker-archive `docker save` writes (read for the base, written
// for the result), the OCI image layout, and the deterministic gzip of its layers.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pwi::image {

struct BaseImage {
  std::string config_bytes;           // as in the archive: its digest is the image id
  nlohmann::json config;              // parsed
  std::vector<std::string> diff_ids;  // "sha256:<hex>", from the config's rootfs
  std::vector<std::shared_ptr<const std::string>> layers;  // the layer tars, when read
};

// Reads the docker-archive at `path`: manifest.json (one image), its config and, with
// `with_layers`, its layer tars, checked against the config's diff_ids. Both layouts are
// read: `<id>/layer.tar` (Docker before 25) and `blobs/sha256/<hex>` (Docker 25 and later).
// Throws IoError when the file cannot be read, InputError naming it when it is not such an
// archive.
BaseImage read_docker_archive(const std::string& path, bool with_layers);

// The bytes of an uncompressed tar of `files` (path -> content) and their parent directories,
// in path order, owner root, every time `epoch`: the same files give the same bytes.
std::string write_blob_tar(const std::map<std::string, std::string_view>& files,
                           std::int64_t epoch);

// gzip of `data` with zlib at level 6, no name, time 0 and OS "unknown" in the header: the
// same data gives the same bytes with the same zlib.
std::string gzip(std::string_view data);

// "sha256:<hex>" of `data`.
std::string sha256_digest(std::string_view data);

// "<hex>" of "sha256:<hex>".
std::string digest_hex_part(const std::string& digest);

inline constexpr const char* k_oci_layout = R"({"imageLayoutVersion":"1.0.0"})";
inline constexpr const char* k_oci_manifest_type = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char* k_oci_index_type = "application/vnd.oci.image.index.v1+json";
inline constexpr const char* k_oci_config_type = "application/vnd.oci.image.config.v1+json";
inline constexpr const char* k_oci_layer_type = "application/vnd.oci.image.layer.v1.tar";
inline constexpr const char* k_oci_layer_gzip_type = "application/vnd.oci.image.layer.v1.tar+gzip";

}  // namespace pwi::image
