#include "image/write_image.hpp"

#include "common/atomic_file.hpp"
#include "common/digest.hpp"
#include "common/error.hpp"
#include "image/image_archive.hpp"
#include "image/image_spec.hpp"
#include "image/layer_tar.hpp"
#include "image/venv_layers.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <system_error>
#include <tuple>

namespace pwi::image {

namespace {

struct BuiltLayer {
  PlannedLayer plan;
  std::string image_path;  // environment, application
  std::string tar;
  std::string diff_id;
  std::size_t files = 0;
  std::string gzip_digest;  // with --oci-layout
  std::size_t gzip_size = 0;
};

std::string blob_path(const std::string& digest)
{
  return "blobs/sha256/" + digest_hex_part(digest);
}

nlohmann::json descriptor(const char* media_type, const std::string& digest, std::size_t size)
{
  return {{"mediaType", media_type}, {"digest", digest}, {"size", size}};
}

nlohmann::json platform_of(const nlohmann::json& config)
{
  nlohmann::json platform = nlohmann::json::object();
  for (const char* key : {"architecture", "os", "variant"}) {
    if (config.contains(key) && config[key].is_string()) {
      platform[key] = config[key];
    }
  }
  return platform;
}

// index.json: the manifest once per tag, named as Docker 25 names it (containerd's image name
// and the OCI ref.name), or once without a name.
std::string index_json(const std::string& manifest_digest, std::size_t manifest_size,
                       const nlohmann::json& config, const std::vector<ImageReference>& refs)
{
  nlohmann::json manifests = nlohmann::json::array();
  const nlohmann::json base = [&] {
    nlohmann::json d = descriptor(k_oci_manifest_type, manifest_digest, manifest_size);
    d["platform"] = platform_of(config);
    return d;
  }();
  if (refs.empty()) {
    manifests.push_back(base);
  }
  for (const ImageReference& ref : refs) {
    nlohmann::json d = base;
    d["annotations"] = {{"io.containerd.image.name", ref.full},
                        {"org.opencontainers.image.ref.name", ref.tag}};
    manifests.push_back(std::move(d));
  }
  return nlohmann::json{
    {"schemaVersion", 2}, {"mediaType", k_oci_index_type}, {"manifests", manifests}}
    .dump();
}

std::string manifest_json(const std::string& config_digest, std::size_t config_size,
                          const nlohmann::json& layers)
{
  return nlohmann::json{{"schemaVersion", 2},
                        {"mediaType", k_oci_manifest_type},
                        {"config", descriptor(k_oci_config_type, config_digest, config_size)},
                        {"layers", layers}}
    .dump();
}

void make_directories(const std::string& dir)
{
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw IoError(fmt::format("cannot create the directory '{}': {}", dir, error.message()));
  }
}

nlohmann::json report_layer(const BuiltLayer& layer, bool oci)
{
  nlohmann::json r = {{"kind", layer_kind_name(layer.plan.kind)},
                      {"created_by", layer.plan.created_by},
                      {"diff_id", layer.diff_id},
                      {"size", layer.tar.size()},
                      {"files", layer.files}};
  if (!layer.image_path.empty()) {
    r["path"] = layer.image_path;
  }
  if (!layer.plan.distributions.empty()) {
    nlohmann::json dists = nlohmann::json::array();
    for (const Distribution* d : layer.plan.distributions) {
      dists.push_back({{"name", d->name},
                       {"version", d->version},
                       {"installed_bytes", d->installed_bytes},
                       {"files", d->files.size()}});
    }
    r["distributions"] = dists;
  }
  if (oci) {
    r["oci_digest"] = layer.gzip_digest;
    r["oci_size"] = layer.gzip_size;
  }
  return r;
}

// The gzip blobs of an OCI layout written before, by diff_id: compressing a large base again on
// every run would cost seconds. Only blobs whose content still has their digest are taken;
// anything unreadable or unexpected means no reuse.
std::map<std::string, std::pair<std::string, std::size_t>> previous_gzip_blobs(
  FileSystem& fs, const std::string& layout)
{
  std::map<std::string, std::pair<std::string, std::size_t>> out;
  try {
    const auto st = fs.stat(layout + "/index.json");
    if (!st || st->type != FileType::k_regular) {
      return out;
    }
    const auto blob = [&](const std::string& digest) { return layout + "/" + blob_path(digest); };
    const nlohmann::json index = nlohmann::json::parse(fs.read_file(layout + "/index.json"));
    const nlohmann::json manifest = nlohmann::json::parse(
      fs.read_file(blob(index.at("manifests").at(0).at("digest").get<std::string>())));
    const nlohmann::json config = nlohmann::json::parse(
      fs.read_file(blob(manifest.at("config").at("digest").get<std::string>())));
    const nlohmann::json& diff_ids = config.at("rootfs").at("diff_ids");
    const nlohmann::json& layers = manifest.at("layers");
    if (!diff_ids.is_array() || !layers.is_array() || diff_ids.size() != layers.size()) {
      return out;
    }
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const std::string digest = layers[i].at("digest").get<std::string>();
      const std::size_t size = layers[i].at("size").get<std::size_t>();
      const auto blob_st = fs.stat(blob(digest));
      if (digest.rfind("sha256:", 0) != 0 || !blob_st || blob_st->size != size) {
        continue;
      }
      const auto found = file_digests(fs, blob(digest), {HashAlgorithm::k_sha256});
      if ("sha256:" + found.at(HashAlgorithm::k_sha256) == digest) {
        out[diff_ids[i].get<std::string>()] = {digest, size};
      }
    }
  } catch (const Error&) {
    out.clear();
  } catch (const nlohmann::json::exception&) {
    out.clear();
  }
  return out;
}

}  // namespace

HostTree parse_host_tree(const std::string& value, const std::string& option)
{
  const std::size_t split = value.rfind(":/");
  if (split == std::string::npos || split == 0) {
    throw UsageError(
      fmt::format("{} \"{}\" is not of the form DIR:PATH with an absolute PATH", option, value));
  }
  HostTree tree{value.substr(0, split), value.substr(split + 1)};
  const std::string rel = relative_image_path(tree.image_path);
  tree.image_path = "/" + rel;
  return tree;
}

WriteImageResult write_image(FileSystem& fs, const WriteImageOptions& options)
{
  const ImageSpec spec = parse_image_spec(fs.read_file(options.spec), options.spec);
  std::vector<ImageReference> refs;
  for (const std::string& tag : spec.tags) {
    refs.push_back(*parse_image_reference(tag));
  }
  const bool oci = !options.oci_layout.empty();
  const bool with_base_layers = !options.omit_base_layers || oci;
  BaseImage base = read_docker_archive(options.base, with_base_layers);

  const VenvContent venv = scan_venv(fs, options.venv.dir, options.venv.image_path);
  const std::size_t fixed = 1 + options.apps.size();
  const std::size_t needed = fixed + (venv.distributions.empty() ? 0 : 1);
  if (options.layer_budget < needed) {
    throw UsageError(fmt::format(
      "--layer-budget {} is too small: the environment, {} application layer(s) and at least "
      "one layer for the {} distributions need {}",
      options.layer_budget, options.apps.size(), venv.distributions.size(), needed));
  }

  std::vector<BuiltLayer> layers;
  {
    BuiltLayer env;
    env.plan.kind = LayerKind::k_environment;
    env.plan.created_by = fmt::format("pywheelimage: environment {}", options.venv.image_path);
    env.image_path = options.venv.image_path;
    const LayerTree tree =
      venv_layer_tree(fs, options.venv.dir, options.venv.image_path, venv.skeleton);
    env.files = tree.file_count();
    env.tar = write_layer_tar(fs, tree, options.epoch);
    layers.push_back(std::move(env));
  }
  for (PlannedLayer& plan : plan_distribution_layers(venv, options.layer_budget - fixed)) {
    BuiltLayer layer;
    std::vector<std::string> files;
    for (const Distribution* d : plan.distributions) {
      files.insert(files.end(), d->files.begin(), d->files.end());
    }
    const LayerTree tree = venv_layer_tree(fs, options.venv.dir, options.venv.image_path, files);
    layer.plan = std::move(plan);
    layer.files = tree.file_count();
    layer.tar = write_layer_tar(fs, tree, options.epoch);
    layers.push_back(std::move(layer));
  }
  for (const HostTree& app : options.apps) {
    BuiltLayer layer;
    layer.plan.kind = LayerKind::k_application;
    layer.plan.created_by = fmt::format("pywheelimage: application {}", app.image_path);
    layer.image_path = app.image_path;
    LayerTree tree;
    tree.add_tree(fs, app.dir, app.image_path);
    layer.files = tree.file_count();
    layer.tar = write_layer_tar(fs, tree, options.epoch);
    layers.push_back(std::move(layer));
  }
  for (BuiltLayer& layer : layers) {
    layer.diff_id = sha256_digest(layer.tar);
  }

  // The configuration: the base's, with the spec, the new layers and their history.
  nlohmann::json config = base.config;
  apply_image_spec(config, spec);
  const std::string created = rfc3339(options.epoch);
  config["created"] = created;
  if (!config.contains("history") || !config["history"].is_array()) {
    config["history"] = nlohmann::json::array();
  }
  for (const BuiltLayer& layer : layers) {
    config["history"].push_back({{"created", created}, {"created_by", layer.plan.created_by}});
    config["rootfs"]["diff_ids"].push_back(layer.diff_id);
  }
  const std::string config_bytes = config.dump();
  const std::string config_digest = sha256_digest(config_bytes);

  // The docker-archive, also an OCI image layout when it holds every blob.
  std::map<std::string, std::string_view> files;
  files[blob_path(config_digest)] = config_bytes;
  nlohmann::json layer_paths = nlohmann::json::array();
  nlohmann::json layer_descriptors = nlohmann::json::array();
  for (std::size_t i = 0; i < base.diff_ids.size(); ++i) {
    layer_paths.push_back(blob_path(base.diff_ids[i]));
    if (!options.omit_base_layers) {
      files[blob_path(base.diff_ids[i])] = *base.layers[i];
      layer_descriptors.push_back(
        descriptor(k_oci_layer_type, base.diff_ids[i], base.layers[i]->size()));
    }
  }
  for (const BuiltLayer& layer : layers) {
    layer_paths.push_back(blob_path(layer.diff_id));
    files[blob_path(layer.diff_id)] = layer.tar;
    layer_descriptors.push_back(descriptor(k_oci_layer_type, layer.diff_id, layer.tar.size()));
  }
  nlohmann::json repo_tags = nlohmann::json::array();
  for (const ImageReference& ref : refs) {
    repo_tags.push_back(ref.familiar);
  }
  // --omit-base-layers: moby's `docker load` (image/tarexport/load.go, tarexporter.Load, the
  // same in Docker 20.10 and today's moby/moby) walks the config's diff_ids and opens a layer
  // file only when its layer store lacks the chain up to it:
  //   newLayer, err := l.lss.Get(r.ChainID())
  //   if err != nil { newLayer, err = l.loadLayer(ctx, layerPath, ...) }
  // With the base loaded already, its layer files are never read, so they can stay out and only
  // the manifest names them. Without them the archive is no valid OCI layout: no index.json.
  const std::string docker_manifest =
    nlohmann::json::array(
      {{{"Config", blob_path(config_digest)}, {"RepoTags", repo_tags}, {"Layers", layer_paths}}})
      .dump();
  files["manifest.json"] = docker_manifest;
  std::string archive_manifest;
  std::string archive_index;
  if (!options.omit_base_layers) {
    archive_manifest = manifest_json(config_digest, config_bytes.size(), layer_descriptors);
    const std::string digest = sha256_digest(archive_manifest);
    files[blob_path(digest)] = archive_manifest;
    archive_index = index_json(digest, archive_manifest.size(), config, refs);
    files["index.json"] = archive_index;
    files["oci-layout"] = k_oci_layout;
  }

  AtomicOutputs outputs;
  outputs.add(options.output, write_blob_tar(files, options.epoch));
  files.clear();

  WriteImageResult result;
  result.image_id = config_digest;
  result.new_layers = layers.size();
  if (oci) {
    nlohmann::json gz_layers = nlohmann::json::array();
    const std::string blobs = options.oci_layout + "/blobs/sha256";
    make_directories(blobs);
    std::set<std::string> added;  // a layer twice in the image is one blob
    const auto add_blob = [&](const std::string& digest, std::string content) {
      if (added.insert(digest).second) {
        outputs.add(blobs + "/" + digest_hex_part(digest), std::move(content));
      }
    };
    const auto previous = previous_gzip_blobs(fs, options.oci_layout);
    // The gzip blob of a layer: the one already in the layout, or a new one.
    const auto gzip_layer = [&](const std::string& diff_id, const std::string& tar) {
      if (const auto it = previous.find(diff_id); it != previous.end()) {
        added.insert(it->second.first);  // in place, unchanged
        gz_layers.push_back(descriptor(k_oci_layer_gzip_type, it->second.first, it->second.second));
        return it->second;
      }
      std::string gz = gzip(tar);
      std::pair<std::string, std::size_t> blob{sha256_digest(gz), gz.size()};
      gz_layers.push_back(descriptor(k_oci_layer_gzip_type, blob.first, blob.second));
      add_blob(blob.first, std::move(gz));
      return blob;
    };
    for (std::size_t i = 0; i < base.layers.size(); ++i) {
      gzip_layer(base.diff_ids[i], *base.layers[i]);
    }
    for (BuiltLayer& layer : layers) {
      std::tie(layer.gzip_digest, layer.gzip_size) = gzip_layer(layer.diff_id, layer.tar);
    }
    const std::string manifest = manifest_json(config_digest, config_bytes.size(), gz_layers);
    result.manifest_digest = sha256_digest(manifest);
    add_blob(config_digest, config_bytes);
    add_blob(result.manifest_digest, manifest);
    outputs.add(options.oci_layout + "/oci-layout", k_oci_layout);
    outputs.add(options.oci_layout + "/index.json",
                index_json(result.manifest_digest, manifest.size(), config, refs));
  }
  if (!options.report.empty()) {
    nlohmann::json report = {
      {"image_id", config_digest},
      {"tags", repo_tags},
      {"base", {{"image_id", sha256_digest(base.config_bytes)}, {"layers", base.diff_ids.size()}}},
    };
    if (oci) {
      report["manifest_digest"] = result.manifest_digest;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const BuiltLayer& layer : layers) {
      list.push_back(report_layer(layer, oci));
    }
    report["layers"] = list;
    outputs.add(options.report, report.dump(2) + "\n");
  }
  result.written = outputs.commit();
  return result;
}

}  // namespace pwi::image
