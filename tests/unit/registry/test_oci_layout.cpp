// Reading an OCI image layout from an in-memory file system: what it yields, and the input
// errors that name the file.
#include "common/digest.hpp"
#include "common/error.hpp"
#include "common/memory_file_system.hpp"
#include "registry/oci_layout.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace pwi::registry;

namespace {

std::string sha256(const std::string& data)
{
  return "sha256:" + pwi::digest_hex(pwi::HashAlgorithm::k_sha256, data);
}

struct Layout {
  pwi::MemoryFileSystem fs;
  std::string manifest;

  std::string blob(const std::string& data)
  {
    fs.add_file("/l/blobs/sha256/" + sha256(data).substr(7), data);
    return sha256(data);
  }
  // The manifest as given, indexed with its own digest and size (or the ones given).
  void index(const std::string& manifest_json,
             const std::string& media_type = "application/vnd.oci.image.manifest.v1+json")
  {
    manifest = manifest_json;
    fs.add_file("/l/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
    fs.add_file("/l/index.json",
                fmt::format(R"({{"manifests":[{{"mediaType":"{}","digest":"{}","size":{}}}]}})",
                            media_type, blob(manifest_json), manifest_json.size()));
  }
};

std::string error_of(Layout& layout)
{
  try {
    read_oci_layout(layout.fs, "/l");
  } catch (const pwi::InputError& e) {
    CHECK(e.code() == pwi::ExitCode::k_input);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("oci layout: the manifest, its digest and media type, each blob once")
{
  Layout layout;
  const std::string config = layout.blob("{}");
  const std::string layer = layout.blob("tar bytes");
  layout.index(
    fmt::format(R"({{"schemaVersion":2,"mediaType":"application/vnd.docker.)"
                R"(distribution.manifest.v2+json","config":{{"digest":"{0}","size":2}},)"
                R"("layers":[{{"digest":"{1}","size":9}},{{"digest":"{1}","size":9}}]}})",
                config, layer));
  const OciImage image = read_oci_layout(layout.fs, "/l");
  CHECK(image.manifest == layout.manifest);
  CHECK(image.manifest_digest == sha256(layout.manifest));
  CHECK(image.media_type == "application/vnd.docker.distribution.manifest.v2+json");
  REQUIRE(image.blobs.size() == 2);
  CHECK(image.blobs[0].digest == config);
  CHECK(image.blobs[0].size == 2);
  CHECK(image.blobs[0].path == "/l/blobs/sha256/" + config.substr(7));
  CHECK(image.blobs[1].digest == layer);
}

TEST_CASE("oci layout: without a mediaType in the manifest, the index's")
{
  Layout layout;
  const std::string config = layout.blob("{}");
  layout.index(fmt::format(R"({{"schemaVersion":2,"config":{{"digest":"{}","size":2}}}})", config));
  CHECK(read_oci_layout(layout.fs, "/l").media_type ==
        "application/vnd.oci.image.manifest.v1+json");
}

TEST_CASE("oci layout: malformed layouts name the file")
{
  Layout layout;
  const std::string config = layout.blob("{}");
  const std::string good =
    fmt::format(R"({{"schemaVersion":2,"config":{{"digest":"{}","size":2}}}})", config);

  SECTION("no oci-layout")
  {
    CHECK(error_of(layout) == "/l/oci-layout: missing: not an OCI image layout");
  }
  SECTION("two manifests")
  {
    layout.index(good);
    layout.fs.add_file("/l/index.json", R"({"manifests":[{"digest":"x"},{"digest":"y"}]})");
    CHECK(error_of(layout) ==
          "/l/index.json: 2 manifests: push needs a layout of exactly one image");
  }
  SECTION("a bad digest")
  {
    layout.index(good);
    layout.fs.add_file("/l/index.json", R"({"manifests":[{"digest":"sha256:AB","size":1}]})");
    CHECK(error_of(layout) == "/l/index.json: manifests[0]: \"digest\" is not \"sha256:\" and 64 "
                              "lowercase hex digits");
  }
  SECTION("an index of images")
  {
    layout.index(good, "application/vnd.oci.image.index.v1+json");
    CHECK(error_of(layout).find("/l/index.json: manifests[0] is an index") == 0);
  }
  SECTION("a manifest of another size")
  {
    layout.index(good);
    layout.fs.add_file(
      "/l/index.json",
      fmt::format(R"({{"manifests":[{{"digest":"{}","size":3}}]}})", sha256(good)));
    CHECK(error_of(layout) == fmt::format("/l/blobs/sha256/{}: {} bytes, not 3 as /l/index.json "
                                          "says",
                                          sha256(good).substr(7), good.size()));
  }
  SECTION("a manifest whose content is not its digest")
  {
    layout.index(good);
    layout.fs.add_file("/l/blobs/sha256/" + sha256(good).substr(7), good + " ");
    CHECK(error_of(layout).find("its digest is " + sha256(good + " ")) != std::string::npos);
  }
  SECTION("a missing layer")
  {
    const std::string missing = sha256("gone");
    layout.index(fmt::format(
      R"({{"config":{{"digest":"{}","size":2}},"layers":[{{"digest":"{}","size":4}}]}})", config,
      missing));
    CHECK(error_of(layout) == fmt::format("/l/blobs/sha256/{}: missing: the blob {} that "
                                          "/l/blobs/sha256/{} names",
                                          missing.substr(7), missing,
                                          sha256(layout.manifest).substr(7)));
  }
  SECTION("a layer of another size")
  {
    layout.index(fmt::format(R"({{"config":{{"digest":"{}","size":5}}}})", config));
    CHECK(error_of(layout).find("2 bytes, not 5 as") != std::string::npos);
  }
  SECTION("not JSON")
  {
    layout.index("{");
    CHECK(error_of(layout).find("not valid JSON") != std::string::npos);
  }
}
