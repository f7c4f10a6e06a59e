// The files `pywheelimage resolve` writes, as text: deterministic (sorted, no timestamps, no
// absolute paths in the lock) so that they are rewritten only when the decision changes.
#pragma once

#include "resolve/resolve.hpp"

#include <string>
#include <vector>

namespace pwi::resolve {

// pip requirements format: `name==version \` + `    --hash=sha256:<hex>` per package, sorted
// by normalized name, after a header comment. Installable with
// `pip install --no-index --no-deps --require-hashes --find-links DIR -r LOCK`.
std::string lock_text(const Resolved& resolved);

// JSON: every package with version, file, sha256, extras and what required it.
std::string report_text(const Resolved& resolved, const std::vector<std::string>& inputs);

// Makefile syntax for add_custom_command(DEPFILE): "TARGET: INPUT...", spaces escaped.
std::string depfile_text(const std::string& target, const std::vector<std::string>& inputs);

}  // namespace pwi::resolve
