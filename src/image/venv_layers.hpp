// The layers of a virtual environment: its skeleton (what no distribution's RECORD claims),
// then one layer per installed distribution in order of normalized name, grouped within a
// budget. Each installed file belongs to exactly one layer, deterministically.
#pragma once

#include "common/file_system.hpp"
#include "image/layer_tar.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pwi::image {

struct Distribution {
  std::string name;        // as METADATA spells it
  std::string normalized;  // PEP 503
  std::string version;
  std::string dist_info;  // relative to the venv: "lib/python3.11/site-packages/x.dist-info"
  std::vector<std::string> files;  // relative to the venv, sorted: what it owns
  std::uint64_t installed_bytes = 0;
};

struct VenvContent {
  std::vector<Distribution> distributions;  // sorted by normalized name
  std::vector<std::string> skeleton;        // relative paths: unowned files and empty dirs
};

// "Foo.Bar_baz" -> "foo-bar-baz" (PEP 503).
std::string normalize_project_name(std::string_view name);

// Scans the venv at host directory `dir`, which appears at `image_path` in the image: every
// `lib/python*/site-packages/*.dist-info` with its RECORD (paths relative to site-packages,
// `../../../bin/x` ones resolved against the venv, absolute ones under `image_path` mapped back
// into it); a file claimed by two RECORDs goes to the first in order; `__pycache__/*.pyc`
// files go with their source; an empty directory below site-packages with the first owner of
// a file in its nearest owned ancestor. Throws InputError naming a device or socket file and
// a RECORD that is not CSV.
VenvContent scan_venv(FileSystem& fs, const std::string& dir, const std::string& image_path);

enum class LayerKind { k_environment, k_distribution, k_group, k_application };

std::string_view layer_kind_name(LayerKind kind);  // "environment", "distribution", ...

struct PlannedLayer {
  LayerKind kind = LayerKind::k_environment;
  std::vector<const Distribution*> distributions;  // k_distribution: one; k_group: several
  std::string source;                              // k_application: the host directory
  std::string image_path;                          // k_application: where it appears
  std::string created_by;                          // the history entry's text
};

// The distribution layers within `slots` (at least 1 when there are distributions): each
// alone while they fit; otherwise the smallest (installed bytes, then name) share one group
// layer, placed first, so that as few layers as possible change.
std::vector<PlannedLayer> plan_distribution_layers(const VenvContent& venv, std::size_t slots);

// The tree of one planned environment or distribution layer.
LayerTree venv_layer_tree(FileSystem& fs, const std::string& dir, const std::string& image_path,
                          const std::vector<std::string>& relative_paths);

}  // namespace pwi::image
