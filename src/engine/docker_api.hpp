// The Docker Engine API on a unix socket, for the one question asked on every build: which
// images do these references name? `docker image inspect` answers it too, but starting the CLI
// costs more than the whole answer.
#pragma once

#include <string>
#include <vector>

namespace pwi::engine {

// GET /images/<ref>/json per reference: the image ids without the "sha256:" prefix, in order,
// "" for a reference the engine does not have. Throws UsageError for a reference that is not an
// image reference, IoError when the socket cannot be reached or answers anything else.
std::vector<std::string> image_ids(const std::string& socket_path,
                                   const std::vector<std::string>& refs);

}  // namespace pwi::engine
