// Outputs of the helper (stamps, locks, caches) are rewritten only when their content changes,
// so that Ninja's `restat` prunes everything downstream, and never appear half-written.
#pragma once

#include <string>
#include <string_view>

namespace pwi {

// Writes `content` to a temporary file in the directory of `path`, then rename()s it over
// `path`. When `path` already holds exactly `content`, nothing is touched, not even its mtime.
// Returns whether it wrote. Throws IoError (and leaves `path` as it was) on failure.
bool write_file_if_changed(const std::string& path, std::string_view content);

}  // namespace pwi
