#include "registry/oci_layout.hpp"

#include "common/digest.hpp"
#include "common/error.hpp"
#include "common/json_file.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>

namespace pwi::registry {

namespace {

constexpr std::string_view k_image_index = "application/vnd.oci.image.index.v1+json";
constexpr std::string_view k_docker_list =
  "application/vnd.docker.distribution.manifest.list.v2+json";

[[noreturn]] void bad(const std::string& file, const std::string& message)
{
  throw InputError(SourceLocation{file, 0, 0, {}}, message);
}

nlohmann::json read_json(FileSystem& fs, const std::string& path)
{
  if (!fs.stat(path)) {
    bad(path, "missing: not an OCI image layout");
  }
  return parse_json(fs.read_file(path), path);
}

struct Descriptor {
  std::string media_type;
  std::string digest;
  std::uint64_t size = 0;
};

Descriptor descriptor(const nlohmann::json& json, const std::string& file, const std::string& where)
{
  if (!json.is_object()) {
    bad(file, fmt::format("{} is not a descriptor object", where));
  }
  Descriptor out;
  const auto digest = json.find("digest");
  if (digest == json.end() || !digest->is_string() ||
      !is_sha256_digest(digest->get<std::string>())) {
    bad(file, fmt::format("{}: \"digest\" is not \"sha256:\" and 64 lowercase hex digits", where));
  }
  out.digest = digest->get<std::string>();
  const auto size = json.find("size");
  if (size == json.end() || !size->is_number_unsigned()) {
    bad(file, fmt::format("{}: \"size\" is not a non-negative integer", where));
  }
  out.size = size->get<std::uint64_t>();
  const auto media_type = json.find("mediaType");
  if (media_type != json.end()) {
    if (!media_type->is_string()) {
      bad(file, fmt::format("{}: \"mediaType\" is not a string", where));
    }
    out.media_type = media_type->get<std::string>();
  }
  return out;
}

std::string blob_path(const std::string& dir, const std::string& digest)
{
  return join_path(dir, "blobs/sha256/" + digest.substr(7));
}

}  // namespace

bool is_sha256_digest(std::string_view digest)
{
  return digest.size() == 71 && digest.substr(0, 7) == "sha256:" &&
         digest.substr(7).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

OciImage read_oci_layout(FileSystem& fs, const std::string& dir)
{
  const std::string layout_file = join_path(dir, "oci-layout");
  const nlohmann::json layout = read_json(fs, layout_file);
  if (!layout.is_object() || !layout.contains("imageLayoutVersion") ||
      !layout["imageLayoutVersion"].is_string()) {
    bad(layout_file, "no \"imageLayoutVersion\": not an OCI image layout");
  }

  const std::string index_file = join_path(dir, "index.json");
  const nlohmann::json index = read_json(fs, index_file);
  if (!index.is_object() || !index.contains("manifests") || !index["manifests"].is_array()) {
    bad(index_file, "no \"manifests\" array");
  }
  if (index["manifests"].size() != 1) {
    bad(index_file, fmt::format("{} manifests: push needs a layout of exactly one image",
                                index["manifests"].size()));
  }
  const Descriptor top = descriptor(index["manifests"][0], index_file, "manifests[0]");
  if (top.media_type == k_image_index || top.media_type == k_docker_list) {
    bad(index_file,
        fmt::format("manifests[0] is an index ({}): push takes a single image", top.media_type));
  }

  OciImage out;
  const std::string manifest_file = blob_path(dir, top.digest);
  if (!fs.stat(manifest_file)) {
    bad(manifest_file,
        fmt::format("missing: the manifest {} that {} names", top.digest, index_file));
  }
  out.manifest = fs.read_file(manifest_file);
  out.manifest_digest = "sha256:" + digest_hex(HashAlgorithm::k_sha256, out.manifest);
  if (out.manifest_digest != top.digest) {
    bad(manifest_file, fmt::format("its digest is {}, not {} as its name and {} say",
                                   out.manifest_digest, top.digest, index_file));
  }
  if (out.manifest.size() != top.size) {
    bad(manifest_file,
        fmt::format("{} bytes, not {} as {} says", out.manifest.size(), top.size, index_file));
  }
  const nlohmann::json manifest = parse_json(out.manifest, manifest_file);
  if (!manifest.is_object()) {
    bad(manifest_file, "not a JSON object");
  }
  out.media_type = top.media_type;
  if (manifest.contains("mediaType")) {
    if (!manifest["mediaType"].is_string()) {
      bad(manifest_file, "\"mediaType\" is not a string");
    }
    out.media_type = manifest["mediaType"].get<std::string>();
  }
  if (out.media_type.empty()) {
    out.media_type = "application/vnd.oci.image.manifest.v1+json";
  }
  if (out.media_type == k_image_index || out.media_type == k_docker_list ||
      manifest.contains("manifests")) {
    bad(manifest_file, "an index of several images: push takes a single image");
  }
  if (!manifest.contains("config")) {
    bad(manifest_file, "no \"config\": not an image manifest");
  }
  std::vector<Descriptor> blobs{descriptor(manifest["config"], manifest_file, "config")};
  if (manifest.contains("layers")) {
    if (!manifest["layers"].is_array()) {
      bad(manifest_file, "\"layers\" is not an array");
    }
    for (std::size_t i = 0; i < manifest["layers"].size(); ++i) {
      blobs.push_back(
        descriptor(manifest["layers"][i], manifest_file, fmt::format("layers[{}]", i)));
    }
  }
  std::set<std::string> seen;
  for (const Descriptor& blob : blobs) {
    if (!seen.insert(blob.digest).second) {
      continue;
    }
    const std::string path = blob_path(dir, blob.digest);
    const std::optional<FileStat> st = fs.stat(path);
    if (!st || st->type != FileType::k_regular) {
      bad(path, fmt::format("missing: the blob {} that {} names", blob.digest, manifest_file));
    }
    if (st->size != blob.size) {
      bad(path, fmt::format("{} bytes, not {} as {} says", st->size, blob.size, manifest_file));
    }
    out.blobs.push_back(Blob{blob.digest, blob.size, path});
  }
  return out;
}

}  // namespace pwi::registry
