// `pywheelimage write-image`: the final image written directly, without an engine: the base's
// layers as they are, then the environment's skeleton, one layer per installed distribution
// (grouped within a budget) and the application, each a deterministic tar; the configuration
// with the spec applied; a docker-archive that is also an OCI image layout, and optionally an
// OCI layout directory with gzip layers and a report.
#pragma once

#include "common/file_system.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pwi::image {

struct HostTree {
  std::string dir;         // on the host
  std::string image_path;  // absolute, in the image
};

struct WriteImageOptions {
  std::string base;  // docker-archive
  HostTree venv;
  std::vector<HostTree> apps;
  std::string spec;  // SPEC.json
  std::int64_t epoch = 0;
  std::size_t layer_budget = 40;
  std::string output;
  bool omit_base_layers = false;
  std::string oci_layout;  // directory, or ""
  std::string report;      // file, or ""
};

// "DIR:PATH" -> {DIR, PATH}, splitting at the last ':' before a '/'; throws UsageError naming
// `option` when PATH is not absolute or DIR is empty.
HostTree parse_host_tree(const std::string& value, const std::string& option);

struct WriteImageResult {
  std::string image_id;         // sha256:<hex> of the configuration
  std::string manifest_digest;  // of the OCI layout's manifest, or ""
  std::size_t new_layers = 0;
  std::vector<std::string> written;  // the outputs that changed
};

// Writes the outputs together, each only when its content changes (common/atomic_file.hpp).
// A gzip blob that the OCI layout's previous manifest has for the same diff_id, and whose
// content still has its digest, is kept rather than compressed again.
// Throws UsageError when the budget leaves no layer for the distributions, InputError for a
// malformed base, spec, RECORD or a device file, IoError when a file cannot be read or written.
WriteImageResult write_image(FileSystem& fs, const WriteImageOptions& options);

}  // namespace pwi::image
