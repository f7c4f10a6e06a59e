#include "image/image_archive.hpp"

#include "common/archive_handles.hpp"
#include "common/digest.hpp"
#include "common/error.hpp"
#include "common/json_file.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include <sys/stat.h>

namespace pwi::image {

namespace {

[[noreturn]] void bad_archive(const std::string& path, const std::string& message)
{
  throw InputError(SourceLocation{path, 0, 0, ""}, message);
}

std::string member_name(archive_entry* e)
{
  const char* name = archive_entry_pathname(e);
  std::string member = name != nullptr ? name : "";
  while (member.rfind("./", 0) == 0) {
    member.erase(0, 2);
  }
  return member;
}

std::string read_data(archive* a, const std::string& path, const std::string& member)
{
  std::string data;
  char buffer[64 * 1024];
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
    if (n < 0) {
      bad_archive(path,
                  fmt::format("cannot read member '{}': {}", member, archive_error_string(a)));
    }
    if (n == 0) {
      return data;
    }
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

// A link member of the archive: Docker before 25 saves a layer that two images share once and
// links the other `<id>/layer.tar` to it (symbolically, relative to its directory).
std::string link_target(archive_entry* e, const std::string& member)
{
  if (const char* hard = archive_entry_hardlink(e); hard != nullptr) {
    std::string target = hard;
    while (target.rfind("./", 0) == 0) {
      target.erase(0, 2);
    }
    return target;
  }
  if (archive_entry_filetype(e) == AE_IFLNK && archive_entry_symlink(e) != nullptr) {
    std::string dir = member.substr(0, member.rfind('/') + 1);
    std::string target = archive_entry_symlink(e);
    while (target.rfind("../", 0) == 0) {
      target.erase(0, 3);
      if (!dir.empty()) {
        dir.pop_back();
        dir = dir.substr(0, dir.rfind('/') + 1);
      }
    }
    return target.front() == '/' ? target.substr(1) : dir + target;
  }
  return "";
}

// Calls `take` with the data of each regular member for which `wanted` says yes, and `link`
// with each link member and its target.
template <typename Wanted, typename Take, typename Link>
void scan_members(const std::string& path, Wanted&& wanted, Take&& take, Link&& link)
{
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw IoError(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  }
  ArchiveReader a(archive_read_new());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 256 * 1024) != ARCHIVE_OK) {
    const int error = archive_errno(a.get());
    if (error == EACCES || error == EIO || error == EISDIR) {
      throw IoError(fmt::format("cannot read '{}': {}", path, archive_error_string(a.get())));
    }
    bad_archive(path, fmt::format("not a docker-archive tar: {}", archive_error_string(a.get())));
  }
  for (;;) {
    archive_entry* e = nullptr;
    const int status = archive_read_next_header(a.get(), &e);
    if (status == ARCHIVE_EOF) {
      return;
    }
    if (status < ARCHIVE_WARN) {
      bad_archive(path, fmt::format("not a readable tar: {}", archive_error_string(a.get())));
    }
    const std::string member = member_name(e);
    if (std::string target = link_target(e, member); !target.empty()) {
      link(member, std::move(target));
    } else if (archive_entry_filetype(e) == AE_IFREG && wanted(member)) {
      take(member, read_data(a.get(), path, member));
    }
  }
}

la_ssize_t append_to_string(archive*, void* client, const void* buffer, std::size_t length)
{
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

void check_write(archive* a, int status, const std::string& what)
{
  if (status < ARCHIVE_WARN) {
    throw Error(fmt::format("cannot write the image tar ({}): {}", what, archive_error_string(a)),
                ExitCode::k_internal);
  }
}

}  // namespace

std::string sha256_digest(std::string_view data)
{
  return "sha256:" + digest_hex(HashAlgorithm::k_sha256, data);
}

std::string digest_hex_part(const std::string& digest)
{
  const std::size_t colon = digest.find(':');
  return colon == std::string::npos ? digest : digest.substr(colon + 1);
}

BaseImage read_docker_archive(const std::string& path, bool with_layers)
{
  std::string manifest_text;
  bool found = false;
  std::map<std::string, std::string> links;
  scan_members(
    path, [](const std::string& m) { return m == "manifest.json"; },
    [&](const std::string&, std::string data) {
      manifest_text = std::move(data);
      found = true;
    },
    [&](const std::string& m, std::string target) { links[m] = std::move(target); });
  // The member that holds a path's data, through links (a few hops at most).
  const auto resolve = [&](std::string m) {
    for (int hop = 0; hop < 8; ++hop) {
      const auto it = links.find(m);
      if (it == links.end()) {
        break;
      }
      m = it->second;
    }
    return m;
  };
  if (!found) {
    bad_archive(path, "has no manifest.json: not a docker-archive (docker save IMAGE -o FILE)");
  }
  const nlohmann::json manifest = parse_json(manifest_text, path + ":manifest.json");
  if (!manifest.is_array() || manifest.size() != 1 || !manifest[0].is_object()) {
    bad_archive(path, "manifest.json must list exactly one image (docker save one image)");
  }
  const nlohmann::json& item = manifest[0];
  if (!item.contains("Config") || !item["Config"].is_string() || !item.contains("Layers") ||
      !item["Layers"].is_array()) {
    bad_archive(path, "manifest.json: the image has no \"Config\" or \"Layers\"");
  }
  const std::string config_member = item["Config"].get<std::string>();
  std::vector<std::string> layer_members;
  for (const auto& layer : item["Layers"]) {
    if (!layer.is_string()) {
      bad_archive(path, "manifest.json: \"Layers\" must be a list of paths");
    }
    layer_members.push_back(layer.get<std::string>());
  }
  std::set<std::string> wanted = {resolve(config_member)};
  if (with_layers) {
    for (const std::string& m : layer_members) {
      wanted.insert(resolve(m));
    }
  }
  std::map<std::string, std::shared_ptr<const std::string>> members;
  scan_members(
    path, [&](const std::string& m) { return wanted.count(m) != 0 && members.count(m) == 0; },
    [&](const std::string& m, std::string data) {
      members[m] = std::make_shared<const std::string>(std::move(data));
    },
    [](const std::string&, const std::string&) {});
  for (const std::string& m : wanted) {
    if (members.count(m) == 0) {
      bad_archive(path, fmt::format("manifest.json names '{}', which the archive lacks", m));
    }
  }
  BaseImage base;
  base.config_bytes = *members.at(resolve(config_member));
  base.config = parse_json(base.config_bytes, path + ":" + config_member);
  const nlohmann::json* diff_ids = nullptr;
  if (base.config.is_object() && base.config.contains("rootfs") &&
      base.config["rootfs"].is_object() && base.config["rootfs"].contains("diff_ids")) {
    diff_ids = &base.config["rootfs"]["diff_ids"];
  }
  if (diff_ids == nullptr || !diff_ids->is_array()) {
    bad_archive(path,
                fmt::format("{}: no rootfs.diff_ids: not an image configuration", config_member));
  }
  for (const auto& id : *diff_ids) {
    if (!id.is_string() || id.get<std::string>().rfind("sha256:", 0) != 0) {
      bad_archive(path, fmt::format("{}: rootfs.diff_ids holds \"{}\", not a sha256 digest",
                                    config_member, id.dump()));
    }
    base.diff_ids.push_back(id.get<std::string>());
  }
  if (base.diff_ids.size() != layer_members.size()) {
    bad_archive(path, fmt::format("manifest.json lists {} layers, the configuration {}",
                                  layer_members.size(), base.diff_ids.size()));
  }
  if (with_layers) {
    for (std::size_t i = 0; i < layer_members.size(); ++i) {
      auto data = members.at(resolve(layer_members[i]));
      const std::string digest = sha256_digest(*data);
      if (digest != base.diff_ids[i]) {
        bad_archive(path, fmt::format("layer '{}' has the digest {}, not its diff_id {} (a "
                                      "compressed layer?)",
                                      layer_members[i], digest, base.diff_ids[i]));
      }
      base.layers.push_back(std::move(data));
    }
  }
  return base;
}

std::string write_blob_tar(const std::map<std::string, std::string_view>& files, std::int64_t epoch)
{
  std::map<std::string, const std::string_view*> entries;  // nullptr: a directory
  for (const auto& [path, data] : files) {
    for (std::size_t slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      entries.try_emplace(path.substr(0, slash), nullptr);
    }
    entries[path] = &data;
  }
  std::string out;
  ArchiveWriter a(archive_write_new());
  check_write(a.get(), archive_write_set_format_pax_restricted(a.get()), "format");
  check_write(a.get(), archive_write_set_bytes_in_last_block(a.get(), 1), "block size");
  check_write(a.get(), archive_write_open(a.get(), &out, nullptr, append_to_string, nullptr),
              "open");
  for (const auto& [path, data] : entries) {
    ArchiveEntry e(archive_entry_new());
    archive_entry_set_pathname(e.get(), path.c_str());
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    archive_entry_set_mtime(e.get(), epoch, 0);
    if (data == nullptr) {
      archive_entry_set_mode(e.get(), AE_IFDIR | 0755);
    } else {
      archive_entry_set_mode(e.get(), AE_IFREG | 0644);
      archive_entry_set_size(e.get(), static_cast<la_int64_t>(data->size()));
    }
    check_write(a.get(), archive_write_header(a.get(), e.get()), path);
    if (data != nullptr && !data->empty() &&
        archive_write_data(a.get(), data->data(), data->size()) !=
          static_cast<la_ssize_t>(data->size())) {
      check_write(a.get(), ARCHIVE_FATAL, path);
    }
  }
  check_write(a.get(), archive_write_close(a.get()), "close");
  return out;
}

std::string gzip(std::string_view data)
{
  z_stream z{};
  // 15 + 16: a gzip wrapper; level 6 and memLevel 8 as gzip(1) and Go's default.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw Error("Internal error: deflateInit2 failed", ExitCode::k_internal);
  }
  gz_header header{};
  header.os = 255;  // "unknown", not the building machine's OS code
  deflateSetHeader(&z, &header);
  std::string out;
  constexpr std::size_t k_chunk = 1 << 20;
  char buffer[64 * 1024];
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    if (z.avail_in == 0 && !data.empty()) {
      const std::size_t n = std::min(data.size(), k_chunk);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      z.avail_in = static_cast<uInt>(n);
      data.remove_prefix(n);
    }
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    status = deflate(&z, data.empty() ? Z_FINISH : Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
      deflateEnd(&z);
      throw Error("Internal error: deflate failed", ExitCode::k_internal);
    }
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  deflateEnd(&z);
  return out;
}

}  // namespace pwi::image
