// The SBOM of a slim image: an SPDX 2.3 JSON document listing its Debian packages (with their
// purl pkg:deb/debian/<name>@<version>?arch=<arch>) and the Python distributions it holds
// (*.dist-info/METADATA: pkg:pypi/<name>@<version>), so that scanners that read SBOMs report
// what the image has.
#pragma once

#include "slim/dpkg_records.hpp"
#include "slim/rootfs.hpp"

#include <string>
#include <vector>

namespace pwi::slim {

struct PythonDistribution {
  std::string name;     // as METADATA writes it ("Flask")
  std::string version;  // "3.0.0"
  std::string path;     // the dist-info directory
};

// The distributions whose METADATA is in `rootfs` (any *.dist-info directory), sorted by path.
std::vector<PythonDistribution> python_distributions(const Rootfs& rootfs);

// "debian-12" from etc/os-release (ID and VERSION_ID), "" when it says neither.
std::string distro_qualifier(const Rootfs& rootfs);

// The document, two-space indented. `created` is its ISO 8601 creation time, given so that the
// same image gives the same bytes; the namespace is named by a digest of the content.
std::string spdx_json(const std::vector<DebPackage>& debs,
                      const std::vector<PythonDistribution>& distributions,
                      const std::string& distro, const std::string& created);

}  // namespace pwi::slim
