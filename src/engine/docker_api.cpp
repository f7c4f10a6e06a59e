#include "engine/docker_api.hpp"

#include "common/error.hpp"
#include "engine/http_response.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string_view>
#include <thread>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace pwi::engine {

namespace {

using Clock = std::chrono::steady_clock;

// An unix socket's connect() fails with EAGAIN, rather than waiting, while the listener's
// backlog is full; it is retried this often until the deadline.
constexpr std::chrono::milliseconds k_connect_retry{10};
constexpr std::size_t k_receive_buffer = 64 * 1024;

// One point in time for the whole call, so that an engine that answers each request slowly,
// or drips its answer a byte at a time, cannot stretch the wait beyond the timeout.
class Deadline {
public:
  explicit Deadline(std::chrono::milliseconds timeout)
    : m_timeout(timeout), m_end(Clock::now() + timeout)
  {
  }

  // For poll(): rounded up, so that the wait does not end just before the deadline; 0 after it.
  int remaining_ms() const
  {
    const auto left = m_end - Clock::now();
    if (left <= Clock::duration::zero()) {
      return 0;
    }
    return static_cast<int>(std::min<std::chrono::milliseconds::rep>(
      std::chrono::ceil<std::chrono::milliseconds>(left).count(), 1'000'000'000));
  }

  [[noreturn]] void expired(const std::string& path, std::string_view doing) const
  {
    throw IoError(fmt::format("the container engine at {} did not answer within {:g} s (while {})",
                              path, static_cast<double>(m_timeout.count()) / 1000.0, doing));
  }

private:
  std::chrono::milliseconds m_timeout;
  Clock::time_point m_end;
};

class Socket {
public:
  Socket(const std::string& path, const Deadline& deadline) : m_path(path), m_deadline(deadline)
  {
    sockaddr_un address{};
    if (path.size() >= sizeof(address.sun_path)) {
      throw IoError(fmt::format("the socket path '{}' is too long", path));
    }
    // Non-blocking, so that every wait is a poll() bounded by the deadline.
    m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (m_fd < 0) {
      throw IoError(fmt::format("cannot create a socket: {}", std::strerror(errno)));
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    try {
      connect(address);
    } catch (...) {
      ::close(m_fd);
      throw;
    }
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { ::close(m_fd); }

  void send_all(std::string_view data)
  {
    while (!data.empty()) {
      const ssize_t n = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        wait(POLLOUT, "sending the request");
        continue;
      }
      if (n <= 0) {
        throw IoError(
          fmt::format("writing to the container engine failed: {}", std::strerror(errno)));
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // To the end of the connection, refusing more than k_max_http_response_size bytes.
  std::string receive_all()
  {
    std::string out;
    const auto buffer = std::make_unique<char[]>(k_receive_buffer);
    for (;;) {
      const ssize_t n = ::recv(m_fd, buffer.get(), k_receive_buffer, MSG_DONTWAIT);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        wait(POLLIN, "reading the answer");
        continue;
      }
      if (n < 0) {
        throw IoError(
          fmt::format("reading from the container engine failed: {}", std::strerror(errno)));
      }
      if (n == 0) {
        return out;
      }
      if (out.size() + static_cast<std::size_t>(n) > k_max_http_response_size) {
        throw IoError(fmt::format("the container engine at {} answered with more than the {} MiB "
                                  "accepted",
                                  m_path, k_max_http_response_size / (1024 * 1024)));
      }
      out.append(buffer.get(), static_cast<std::size_t>(n));
      if (m_deadline.remaining_ms() == 0) {  // data that never stops coming
        m_deadline.expired(m_path, "reading the answer");
      }
    }
  }

private:
  void connect(const sockaddr_un& address)
  {
    for (;;) {
      if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0) {
        return;
      }
      const int error = errno;
      if (error == EINTR) {
        continue;
      }
      if (error == EINPROGRESS || error == EALREADY) {
        wait(POLLOUT, "connecting");
        int status = 0;
        socklen_t size = sizeof(status);
        if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &status, &size) != 0) {
          status = errno;
        }
        if (status == 0) {
          return;
        }
        fail_to_connect(status);
      }
      if (error == EAGAIN) {
        const int left = m_deadline.remaining_ms();
        if (left == 0) {
          m_deadline.expired(m_path, "connecting");
        }
        std::this_thread::sleep_for(std::min(k_connect_retry, std::chrono::milliseconds(left)));
        continue;
      }
      fail_to_connect(error);
    }
  }

  [[noreturn]] void fail_to_connect(int error) const
  {
    throw IoError(fmt::format("cannot connect to the container engine at {}: {}", m_path,
                              std::strerror(error)));
  }

  // Until the socket is ready for `events` (or has failed: the next call says how).
  void wait(short events, std::string_view doing) const
  {
    for (;;) {
      const int left = m_deadline.remaining_ms();
      if (left == 0) {
        m_deadline.expired(m_path, doing);
      }
      pollfd entry{m_fd, events, 0};
      const int rc = ::poll(&entry, 1, left);
      if (rc > 0) {
        return;
      }
      if (rc < 0 && errno != EINTR) {
        throw IoError(
          fmt::format("waiting for the container engine failed: {}", std::strerror(errno)));
      }
    }
  }

  std::string m_path;
  const Deadline& m_deadline;
  int m_fd = -1;
};

// Image references as the engine writes them: name components, an optional tag, an optional
// digest. Checked here so that nothing else can reach the request line.
void check_reference(const std::string& ref)
{
  const bool ok = !ref.empty() && ref.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                        "0123456789._-/:@") == std::string::npos;
  if (!ok) {
    throw UsageError(fmt::format("'{}' is not an image reference", ref));
  }
}

std::string image_id(const std::string& socket_path, const std::string& ref,
                     const Deadline& deadline)
{
  Socket socket(socket_path, deadline);
  socket.send_all(fmt::format("GET /images/{}/json HTTP/1.1\r\nHost: docker\r\n"
                              "Connection: close\r\n\r\n",
                              ref));
  const HttpResponse response = parse_http_response(socket.receive_all());
  if (response.status == 404) {
    return "";
  }
  if (response.status != 200) {
    constexpr std::size_t k_shown = 200;  // the engine's JSON message, not a whole page
    throw IoError(fmt::format("the container engine answered {} for image '{}': {}{}",
                              response.status, ref, response.body.substr(0, k_shown),
                              response.body.size() > k_shown ? "..." : ""));
  }
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("Id") || !json["Id"].is_string()) {
    throw IoError(fmt::format("the container engine's answer for image '{}' has no Id", ref));
  }
  std::string id = json["Id"].get<std::string>();
  if (id.rfind("sha256:", 0) == 0) {
    id.erase(0, 7);
  }
  return id;
}

}  // namespace

std::vector<std::string> image_ids(const std::string& socket_path,
                                   const std::vector<std::string>& refs,
                                   std::chrono::milliseconds timeout)
{
  for (const std::string& ref : refs) {
    check_reference(ref);
  }
  const Deadline deadline(timeout);
  std::vector<std::string> ids;
  ids.reserve(refs.size());
  for (const std::string& ref : refs) {
    ids.push_back(image_id(socket_path, ref, deadline));
  }
  return ids;
}

}  // namespace pwi::engine
