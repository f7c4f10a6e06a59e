#include "image_fixtures.hpp"

#include "common/error.hpp"
#include "image/write_image.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using pwi::image::WriteImageOptions;
using pwi::test::ArchiveLayout;

namespace {

constexpr const char* k_spec = R"({"env": ["PATH=/opt/venv/bin:/usr/bin", "APP=1"],
  "user": "1000", "workdir": "/srv/app", "entrypoint": ["python", "-m", "app"], "cmd": [],
  "labels": {"org.example": "x"}, "exposed_ports": ["8080/tcp"], "tags": ["example/web:1", "web:latest"]})";

WriteImageOptions options_in(const pwi::test::TempDir& tmp, ArchiveLayout layout)
{
  WriteImageOptions o;
  o.base = pwi::test::write_base_archive(tmp, "base", layout);
  o.venv = {pwi::test::write_fake_venv(tmp / "venv"), "/opt/venv"};
  tmp.write("app/__main__.py", "print('hi')\n");
  o.apps = {{tmp / "app", "/srv/app"}};
  o.spec = tmp.write("spec.json", k_spec);
  o.epoch = 1700000000;
  o.output = tmp / "out/image.tar";
  std::filesystem::create_directories(tmp / "out");
  o.report = tmp / "out/layers.json";
  return o;
}

nlohmann::json json_member(const std::map<std::string, pwi::test::TarMember>& tar,
                           const std::string& path)
{
  return nlohmann::json::parse(tar.at(path).content);
}

}  // namespace

TEST_CASE("image: write-image adds a layer per distribution over the base's own", "[image]")
{
  const ArchiveLayout layout = GENERATE(ArchiveLayout::k_legacy, ArchiveLayout::k_blobs);
  pwi::test::TempDir tmp;
  const WriteImageOptions o = options_in(tmp, layout);
  pwi::RealFileSystem fs;
  const auto result = pwi::image::write_image(fs, o);
  CHECK(result.new_layers == 4);

  const auto archive = pwi::test::tar_by_path(pwi::test::slurp(o.output));
  const nlohmann::json manifest = json_member(archive, "manifest.json");
  REQUIRE(manifest.size() == 1);
  CHECK(manifest[0]["RepoTags"] == nlohmann::json{"example/web:1", "web:latest"});
  const std::string config_path = manifest[0]["Config"];
  CHECK(config_path == "blobs/sha256/" + result.image_id.substr(7));
  const std::string config_text = archive.at(config_path).content;
  CHECK(pwi::test::sha256(config_text) == result.image_id);
  const nlohmann::json config = nlohmann::json::parse(config_text);
  CHECK(config.dump() == config_text);  // canonical: sorted keys, no whitespace

  // The base's layers as they were, then environment, alpha, Beta_Pkg, application.
  const auto& diff_ids = config["rootfs"]["diff_ids"];
  REQUIRE(diff_ids.size() == 6);
  REQUIRE(manifest[0]["Layers"].size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    const std::string path = manifest[0]["Layers"][i];
    CHECK(pwi::test::sha256(archive.at(path).content) == diff_ids[i]);
  }
  const auto layer = [&](std::size_t i) {
    return pwi::test::tar_by_path(archive.at(manifest[0]["Layers"][i]).content);
  };
  CHECK(layer(0).count("etc/os-release") == 1);
  const auto env = layer(2);
  CHECK(env.count("opt/venv/pyvenv.cfg") == 1);
  CHECK(env.at("opt/venv/bin/python").content == "/usr/bin/python3");
  CHECK(env.count("opt/venv/bin/alpha-cli") == 0);
  const auto alpha = layer(3);
  CHECK(alpha.count("opt") == 1);  // every parent directory
  CHECK(alpha.at("opt/venv/bin/alpha-cli").mode == (AE_IFREG | 0755));
  CHECK(alpha.count("opt/venv/lib/python3.11/site-packages/alpha/__pycache__/"
                    "core.cpython-311.pyc") == 1);
  const auto beta = layer(4);
  CHECK(beta.count("opt/venv/lib/python3.11/site-packages/beta_pkg/__init__.py") == 1);
  CHECK(beta.count("opt/venv/lib/python3.11/site-packages/alpha/__init__.py") == 0);
  CHECK(layer(5).at("srv/app/__main__.py").content == "print('hi')\n");

  // The configuration: spec applied, times fixed, one history entry per new layer.
  const auto& c = config["config"];
  CHECK(c["Env"] == nlohmann::json{"PATH=/opt/venv/bin:/usr/bin", "LANG=C.UTF-8", "APP=1"});
  CHECK(c["User"] == "1000");
  CHECK(c["WorkingDir"] == "/srv/app");
  CHECK(c["Entrypoint"] == nlohmann::json{"python", "-m", "app"});
  CHECK(c["Cmd"].is_null());
  CHECK(c["Labels"] == nlohmann::json{{"base", "yes"}, {"org.example", "x"}});
  CHECK(config["created"] == "2023-11-14T22:13:20Z");
  REQUIRE(config["history"].size() == 6);
  CHECK(config["history"][2]["created_by"] == "pywheelimage: environment /opt/venv");
  CHECK(config["history"][3]["created_by"] == "pywheelimage: alpha 1.0");
  CHECK(config["history"][4]["created_by"] == "pywheelimage: Beta_Pkg 2.0");
  CHECK(config["history"][5]["created_by"] == "pywheelimage: application /srv/app");
  CHECK(config["history"][5]["created"] == "2023-11-14T22:13:20Z");

  // Also an OCI image layout: index.json names the manifest once per tag.
  CHECK(archive.at("oci-layout").content == R"({"imageLayoutVersion":"1.0.0"})");
  const nlohmann::json index = json_member(archive, "index.json");
  REQUIRE(index["manifests"].size() == 2);
  CHECK(index["manifests"][0]["annotations"]["io.containerd.image.name"] ==
        "docker.io/example/web:1");
  CHECK(index["manifests"][1]["annotations"]["org.opencontainers.image.ref.name"] == "latest");
  const std::string manifest_digest = index["manifests"][0]["digest"];
  const nlohmann::json oci_manifest =
    json_member(archive, "blobs/sha256/" + manifest_digest.substr(7));
  CHECK(oci_manifest["config"]["digest"] == result.image_id);
  CHECK(oci_manifest["layers"].size() == 6);

  const nlohmann::json report = nlohmann::json::parse(pwi::test::slurp(o.report));
  CHECK(report["image_id"] == result.image_id);
  REQUIRE(report["layers"].size() == 4);
  CHECK(report["layers"][0]["kind"] == "environment");
  CHECK(report["layers"][1]["kind"] == "distribution");
  CHECK(report["layers"][1]["distributions"][0]["name"] == "alpha");
  CHECK(report["layers"][1]["diff_id"] == diff_ids[3]);
  CHECK(report["layers"][3]["kind"] == "application");
  CHECK(report.count("manifest_digest") == 0);
}

TEST_CASE("image: write-image is the same byte for byte anywhere, and rewrites nothing", "[image]")
{
  pwi::test::TempDir one;
  pwi::test::TempDir two;
  const WriteImageOptions a = options_in(one, ArchiveLayout::k_blobs);
  const WriteImageOptions b = options_in(two, ArchiveLayout::k_blobs);
  // Other times in the second venv.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(b.venv.dir)) {
    if (!entry.is_symlink()) {
      std::filesystem::last_write_time(
        entry.path(), std::filesystem::file_time_type::clock::now() - std::chrono::hours(1000));
    }
  }
  pwi::RealFileSystem fs;
  const auto first = pwi::image::write_image(fs, a);
  const auto second = pwi::image::write_image(fs, b);
  CHECK(first.image_id == second.image_id);
  CHECK(pwi::test::slurp(a.output) == pwi::test::slurp(b.output));
  CHECK(pwi::test::slurp(a.report) == pwi::test::slurp(b.report));

  struct stat before {};
  REQUIRE(::stat(a.output.c_str(), &before) == 0);
  const auto again = pwi::image::write_image(fs, a);
  CHECK(again.written.empty());
  struct stat after {};
  REQUIRE(::stat(a.output.c_str(), &after) == 0);
  CHECK(before.st_ino == after.st_ino);
  CHECK(before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
}

TEST_CASE("image: a new distribution adds one layer and changes no other", "[image]")
{
  pwi::test::TempDir tmp;
  WriteImageOptions o = options_in(tmp, ArchiveLayout::k_legacy);
  pwi::RealFileSystem fs;
  pwi::image::write_image(fs, o);
  const nlohmann::json before = nlohmann::json::parse(pwi::test::slurp(o.report));
  const std::string sp = o.venv.dir + "/lib/python3.11/site-packages";
  pwi::test::write_file(sp + "/gamma/__init__.py", "", 0644);
  pwi::test::write_file(sp + "/gamma-0.1.dist-info/RECORD", "gamma/__init__.py,,\n", 0644);
  pwi::image::write_image(fs, o);
  const nlohmann::json after = nlohmann::json::parse(pwi::test::slurp(o.report));
  REQUIRE(after["layers"].size() == 5);
  CHECK(after["layers"][0]["diff_id"] == before["layers"][0]["diff_id"]);
  CHECK(after["layers"][1]["diff_id"] == before["layers"][1]["diff_id"]);
  CHECK(after["layers"][2]["diff_id"] == before["layers"][2]["diff_id"]);
  CHECK(after["layers"][3]["distributions"][0]["name"] == "gamma");
  CHECK(after["layers"][4]["diff_id"] == before["layers"][3]["diff_id"]);
}

TEST_CASE("image: the layer budget groups the smallest distributions", "[image]")
{
  pwi::test::TempDir tmp;
  WriteImageOptions o = options_in(tmp, ArchiveLayout::k_legacy);
  o.layer_budget = 3;  // environment, application, one for both distributions
  pwi::RealFileSystem fs;
  CHECK(pwi::image::write_image(fs, o).new_layers == 3);
  const nlohmann::json report = nlohmann::json::parse(pwi::test::slurp(o.report));
  CHECK(report["layers"][1]["kind"] == "group");
  CHECK(report["layers"][1]["distributions"].size() == 2);
  CHECK(report["layers"][1]["created_by"] == "pywheelimage: alpha 1.0, Beta_Pkg 2.0");
  o.layer_budget = 2;
  CHECK_THROWS_AS(pwi::image::write_image(fs, o), pwi::UsageError);
}

TEST_CASE("image: --omit-base-layers leaves the base's layer files out", "[image]")
{
  pwi::test::TempDir tmp;
  WriteImageOptions o = options_in(tmp, ArchiveLayout::k_legacy);
  o.omit_base_layers = true;
  pwi::RealFileSystem fs;
  pwi::image::write_image(fs, o);
  const auto archive = pwi::test::tar_by_path(pwi::test::slurp(o.output));
  const nlohmann::json manifest = json_member(archive, "manifest.json");
  REQUIRE(manifest[0]["Layers"].size() == 6);
  CHECK(archive.count(manifest[0]["Layers"][0]) == 0);
  CHECK(archive.count(manifest[0]["Layers"][1]) == 0);
  for (std::size_t i = 2; i < 6; ++i) {
    CHECK(archive.count(manifest[0]["Layers"][i]) == 1);
  }
  CHECK(archive.count("index.json") == 0);  // no valid OCI layout without every blob
}

TEST_CASE("image: --oci-layout writes gzip layers and names the manifest", "[image]")
{
  pwi::test::TempDir tmp;
  WriteImageOptions o = options_in(tmp, ArchiveLayout::k_blobs);
  o.oci_layout = tmp / "layout";
  o.omit_base_layers = true;
  pwi::RealFileSystem fs;
  const auto result = pwi::image::write_image(fs, o);
  const nlohmann::json index =
    nlohmann::json::parse(pwi::test::slurp(o.oci_layout + "/index.json"));
  CHECK(index["manifests"][0]["digest"] == result.manifest_digest);
  const std::string manifest_text =
    pwi::test::slurp(o.oci_layout + "/blobs/sha256/" + result.manifest_digest.substr(7));
  CHECK(pwi::test::sha256(manifest_text) == result.manifest_digest);
  const nlohmann::json manifest = nlohmann::json::parse(manifest_text);
  REQUIRE(manifest["layers"].size() == 6);
  for (const auto& layer : manifest["layers"]) {
    CHECK(layer["mediaType"] == "application/vnd.oci.image.layer.v1.tar+gzip");
    const std::string blob = pwi::test::slurp(o.oci_layout + "/blobs/sha256/" +
                                              layer["digest"].get<std::string>().substr(7));
    CHECK(pwi::test::sha256(blob) == layer["digest"]);
    CHECK(blob.substr(0, 10) == std::string("\x1f\x8b\x08\0\0\0\0\0\0\xff", 10));
  }
  const nlohmann::json report = nlohmann::json::parse(pwi::test::slurp(o.report));
  CHECK(report["manifest_digest"] == result.manifest_digest);
  CHECK(report["layers"][0]["oci_digest"] == manifest["layers"][2]["digest"]);
}

TEST_CASE("image: a base that is no docker-archive is malformed input", "[image]")
{
  pwi::test::TempDir tmp;
  WriteImageOptions o = options_in(tmp, ArchiveLayout::k_legacy);
  pwi::test::TarBuilder other;
  other.file("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
  other.write(tmp / "rootfs.tar");
  o.base = tmp / "rootfs.tar";
  pwi::RealFileSystem fs;
  try {
    pwi::image::write_image(fs, o);
    FAIL("no error");
  } catch (const pwi::InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("rootfs.tar: has no manifest.json"));
  }
  CHECK_FALSE(std::filesystem::exists(o.output));
}

TEST_CASE("image: the OCI layout's gzip blobs are kept, unless damaged", "[image]")
{
  pwi::test::TempDir tmp;
  WriteImageOptions o = options_in(tmp, ArchiveLayout::k_legacy);
  o.oci_layout = tmp / "layout";
  pwi::RealFileSystem fs;
  const auto first = pwi::image::write_image(fs, o);
  CHECK(pwi::image::write_image(fs, o).written.empty());
  const nlohmann::json report = nlohmann::json::parse(pwi::test::slurp(o.report));
  const std::string blob = o.oci_layout + "/blobs/sha256/" +
                           report["layers"][0]["oci_digest"].get<std::string>().substr(7);
  const std::string good = pwi::test::slurp(blob);
  pwi::test::write_file(blob, std::string(good.size(), 'x'), 0644);
  const auto again = pwi::image::write_image(fs, o);
  CHECK(again.manifest_digest == first.manifest_digest);
  CHECK(again.written == std::vector<std::string>{blob});
  CHECK(pwi::test::slurp(blob) == good);
}
