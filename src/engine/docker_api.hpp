// The Docker Engine API on a unix socket, for the one question asked on every build: which
// images do these references name? `docker image inspect` answers it too, but starting the CLI
// costs more than the whole answer.
//
// The build falls back to the CLI when this fails, so failing fast matters more than waiting:
// the whole call (connecting, sending and reading every answer) has a deadline,
// k_image_ids_timeout by default, and an answer larger than k_max_http_response_size (4 MiB) is
// refused. An engine that accepts the connection and never answers costs the deadline, no more.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace pwi::engine {

inline constexpr std::chrono::milliseconds k_image_ids_timeout{2000};

// GET /images/<ref>/json per reference: the image ids without the "sha256:" prefix, in order,
// "" for a reference the engine does not have. Throws UsageError for a reference that is not an
// image reference, IoError when the socket cannot be reached, when `timeout` passes before the
// last answer is read, or when it answers anything else (an error status, a malformed or too
// large response).
std::vector<std::string> image_ids(const std::string& socket_path,
                                   const std::vector<std::string>& refs,
                                   std::chrono::milliseconds timeout = k_image_ids_timeout);

}  // namespace pwi::engine
