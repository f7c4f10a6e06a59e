// What `pywheelimage slim` says of its work: the JSON of --report and the one-line summary.
#pragma once

#include "slim/rootfs.hpp"
#include "slim/slim_rules.hpp"

#include <cstdint>
#include <string>

namespace pwi::slim {

struct Totals {
  std::uint64_t files = 0;  // entries other than directories
  std::uint64_t bytes = 0;  // the contents of regular files, a hard-link group's once
};

Totals totals(const Rootfs& rootfs);

// Two-space indented JSON, keys sorted:
//   {"generator": "pywheelimage slim", "input": {"bytes", "files"}, "interpreter": <path>,
//    "kept": {"bytes", "files"}, "libraries": [{"needed_by", "path", "resolved", "soname"}...]
//    (sorted, each once), "python_version": "3.11", "rules": {<rule>: {"bytes", "files"}},
//    "stdlib": <path>}
std::string slim_report_json(const Rootfs& input, const Selected& selected);

// "slim: kept 1234 of 9876 files, 31.2 MB of 240.1 MB" (MB of 10^6 bytes, as engines print).
std::string slim_summary(const Rootfs& input, const Rootfs& output);

}  // namespace pwi::slim
