// Inputs of the write-image tests, written with libarchive and the file system directly (not
// with the code under test): a docker-archive base in either layout, a virtual environment
// with two distributions, and a reader of the tars the helper writes.
#pragma once

#include "../slim/tar_builder.hpp"
#include "../support/temp_dir.hpp"

#include "common/digest.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <sys/stat.h>

namespace pwi::test {

enum class ArchiveLayout { k_legacy, k_blobs };

struct TarMember {
  std::string path;
  unsigned mode = 0;  // with the type bits
  std::int64_t mtime = 0;
  std::int64_t uid = 0;
  std::string uname;
  std::string content;  // or the symbolic link's target
};

// The members of a tar held in memory, in their order.
inline std::vector<TarMember> read_tar(const std::string& bytes)
{
  std::vector<TarMember> out;
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  if (archive_read_open_memory(a, bytes.data(), bytes.size()) != ARCHIVE_OK) {
    archive_read_free(a);
    throw std::runtime_error("not a tar");
  }
  archive_entry* e = nullptr;
  // ARCHIVE_WARN: a UTF-8 name that the test's locale cannot show.
  for (int status = archive_read_next_header(a, &e); status == ARCHIVE_OK || status == ARCHIVE_WARN;
       status = archive_read_next_header(a, &e)) {
    TarMember m;
    const char* utf8 = archive_entry_pathname_utf8(e);  // whatever the test's locale
    m.path = utf8 != nullptr ? utf8 : archive_entry_pathname(e);
    m.mode = archive_entry_mode(e);
    m.mtime = archive_entry_mtime(e);
    m.uid = archive_entry_uid(e);
    m.uname = archive_entry_uname(e) != nullptr ? archive_entry_uname(e) : "";
    if (archive_entry_symlink(e) != nullptr) {
      m.content = archive_entry_symlink(e);
    } else {
      char buffer[8192];
      la_ssize_t n = 0;
      while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0) {
        m.content.append(buffer, static_cast<std::size_t>(n));
      }
    }
    out.push_back(std::move(m));
  }
  archive_read_free(a);
  return out;
}

inline std::map<std::string, TarMember> tar_by_path(const std::string& bytes)
{
  std::map<std::string, TarMember> out;
  for (TarMember& m : read_tar(bytes)) {
    std::string path = m.path;
    if (!path.empty() && path.back() == '/') {
      path.pop_back();
    }
    out[path] = std::move(m);
  }
  return out;
}

inline std::string sha256(const std::string& data)
{
  return "sha256:" + digest_hex(HashAlgorithm::k_sha256, data);
}

// A base image of two layers (/etc/os-release, then /usr/bin/python3) with an Env and a Cmd,
// as `docker save` writes it.
inline std::string write_base_archive(const TempDir& tmp, const std::string& name,
                                      ArchiveLayout layout)
{
  const std::string work = tmp / (name + ".parts");
  std::filesystem::create_directories(work);
  TarBuilder first;
  first.dir("etc").file("etc/os-release", "ID=debian\n");
  first.write(work + "/l1.tar");
  TarBuilder second;
  second.dir("usr").dir("usr/bin").file("usr/bin/python3",
                                        "\x7f"
                                        "ELF",
                                        0755);
  second.write(work + "/l2.tar");
  const std::vector<std::string> layers = {slurp(work + "/l1.tar"), slurp(work + "/l2.tar")};
  nlohmann::json config = {
    {"architecture", "amd64"},
    {"os", "linux"},
    {"created", "2024-01-01T00:00:00Z"},
    {"config",
     {{"Env", {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"}},
      {"Cmd", {"python3"}},
      {"Labels", {{"base", "yes"}}}}},
    {"history",
     {{{"created", "2024-01-01T00:00:00Z"}, {"created_by", "ADD rootfs"}},
      {{"created", "2024-01-01T00:00:00Z"}, {"created_by", "COPY python"}}}},
    {"rootfs", {{"type", "layers"}, {"diff_ids", {sha256(layers[0]), sha256(layers[1])}}}}};
  const std::string config_text = config.dump(4);  // not canonical, as the base's own
  const std::string config_hex = sha256(config_text).substr(7);
  TarBuilder archive;
  nlohmann::json layer_paths = nlohmann::json::array();
  std::string config_path;
  if (layout == ArchiveLayout::k_legacy) {
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const std::string id = std::string(64, static_cast<char>('a' + i));
      archive.dir(id).file(id + "/VERSION", "1.0").file(id + "/json", "{}");
      if (i == 0) {
        archive.file(id + "/layer.tar", layers[i]);
      } else {  // as Docker saves a layer it has saved already for another image
        const std::string other = std::string(64, 'f');
        archive.dir(other).file(other + "/layer.tar", layers[i]);
        archive.symlink(id + "/layer.tar", "../" + other + "/layer.tar");
      }
      layer_paths.push_back(id + "/layer.tar");
    }
    config_path = config_hex + ".json";
    archive.file(config_path, config_text);
  } else {
    archive.dir("blobs").dir("blobs/sha256");
    for (const std::string& layer : layers) {
      archive.file("blobs/sha256/" + sha256(layer).substr(7), layer);
      layer_paths.push_back("blobs/sha256/" + sha256(layer).substr(7));
    }
    config_path = "blobs/sha256/" + config_hex;
    archive.file(config_path, config_text);
    archive.file("oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  }
  archive.file(
    "manifest.json",
    nlohmann::json::array(
      {{{"Config", config_path}, {"RepoTags", {"example/runtime:1"}}, {"Layers", layer_paths}}})
      .dump());
  const std::string path = tmp / (name + ".tar");
  archive.write(path);
  return path;
}

inline void write_file(const std::string& path, const std::string& content, unsigned mode)
{
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
  ::chmod(path.c_str(), mode);
}

// A venv as `python3 -m venv --without-pip` and `pip install alpha Beta_Pkg` leave it, with
// the bytecode compiled after the install (not in RECORD) and a file claimed by both RECORDs.
inline std::string write_fake_venv(const std::string& root, const std::string& beta_extra = "")
{
  const std::string sp = root + "/lib/python3.11/site-packages";
  std::filesystem::create_directories(root + "/bin");
  std::filesystem::create_directories(root + "/include");
  write_file(root + "/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.2\n", 0644);
  std::filesystem::create_symlink("/usr/bin/python3", root + "/bin/python");
  std::filesystem::create_symlink("python", root + "/bin/python3");
  std::filesystem::create_symlink("lib", root + "/lib64");
  write_file(root + "/bin/activate", "# activate\n", 0644);
  write_file(root + "/bin/alpha-cli", "#!/opt/venv/bin/python\n", 0755);
  write_file(sp + "/alpha/__init__.py", "from .core import run\n", 0644);
  write_file(sp + "/alpha/core.py", "def run(): pass\n" + std::string(4000, '#'), 0644);
  write_file(sp + "/alpha/__pycache__/core.cpython-311.pyc", "pyc of core", 0644);
  write_file(sp + "/alpha-1.0.dist-info/METADATA",
             "Metadata-Version: 2.1\nName: alpha\n"
             "Version: 1.0\n\nLong description\n",
             0644);
  write_file(sp + "/alpha-1.0.dist-info/INSTALLER", "pip\n", 0644);
  write_file(sp + "/alpha-1.0.dist-info/RECORD",
             "../../../bin/alpha-cli,sha256=x,23\nalpha/__init__.py,,\nalpha/core.py,,\n"
             "alpha-1.0.dist-info/METADATA,,\nalpha-1.0.dist-info/INSTALLER,,\n"
             "alpha-1.0.dist-info/RECORD,,\n",
             0644);
  write_file(sp + "/beta_pkg/__init__.py", "VALUE = 1\n" + beta_extra, 0644);
  write_file(sp + "/beta_pkg/__pycache__/__init__.cpython-311.pyc", "pyc of beta", 0644);
  std::filesystem::create_directories(sp + "/beta_pkg/data");
  write_file(sp + "/Beta_Pkg-2.0.dist-info/METADATA", "Name: Beta_Pkg\nVersion: 2.0\n", 0644);
  write_file(sp + "/Beta_Pkg-2.0.dist-info/RECORD",
             "beta_pkg/__init__.py,,\n\"alpha/__init__.py\",,\nBeta_Pkg-2.0.dist-info/METADATA,,\n"
             "Beta_Pkg-2.0.dist-info/RECORD,,\n",
             0644);
  write_file(sp + "/__pycache__/orphan.cpython-311.pyc", "orphan", 0644);
  return root;
}

}  // namespace pwi::test
