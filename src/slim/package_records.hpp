// What a slim image keeps of its packages' records, for scanners: the dpkg stanzas of the
// packages it has files of (dpkg_records.hpp) and an SPDX SBOM of those and of its Python
// distributions (sbom.hpp), in the image at k_sbom_path.
#pragma once

#include "slim/slim_rules.hpp"

#include <string>

namespace pwi::slim {

inline constexpr const char* k_sbom_path = "var/lib/pywheelimage/sbom.spdx.json";

// Adds var/lib/dpkg/status.d/<package> for each Debian package with a kept file and the SBOM
// to `selected` (rule "package-records"); returns the SBOM. `created`: its ISO 8601 time.
std::string add_package_records(Selected& selected, const Rootfs& input,
                                const std::string& created);

// SOURCE_DATE_EPOCH when set, else the time of the input's var/lib/dpkg/status (else of
// os-release, else 1970), as ISO 8601 UTC: the same input gives the same SBOM.
std::string records_time(const Rootfs& input);

}  // namespace pwi::slim
