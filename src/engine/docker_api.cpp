#include "engine/docker_api.hpp"

#include "common/error.hpp"
#include "engine/http_response.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <string_view>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace pwi::engine {

namespace {

class Socket {
public:
  explicit Socket(const std::string& path)
  {
    sockaddr_un address{};
    if (path.size() >= sizeof(address.sun_path)) {
      throw IoError(fmt::format("the socket path '{}' is too long", path));
    }
    m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
      throw IoError(fmt::format("cannot create a socket: {}", std::strerror(errno)));
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
      const int error = errno;
      ::close(m_fd);
      throw IoError(fmt::format("cannot connect to the container engine at {}: {}", path,
                                std::strerror(error)));
    }
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { ::close(m_fd); }

  void send_all(std::string_view data)
  {
    while (!data.empty()) {
      const ssize_t n = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        throw IoError(fmt::format("writing to the container engine failed: {}", std::strerror(errno)));
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  std::string receive_all()
  {
    std::string out;
    char buffer[16384];
    for (;;) {
      const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n < 0) {
        throw IoError(fmt::format("reading from the container engine failed: {}", std::strerror(errno)));
      }
      if (n == 0) {
        return out;
      }
      out.append(buffer, static_cast<std::size_t>(n));
    }
  }

private:
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

std::string image_id(const std::string& socket_path, const std::string& ref)
{
  Socket socket(socket_path);
  socket.send_all(fmt::format("GET /images/{}/json HTTP/1.1\r\nHost: docker\r\n"
                              "Connection: close\r\n\r\n",
                              ref));
  const HttpResponse response = parse_http_response(socket.receive_all());
  if (response.status == 404) {
    return "";
  }
  if (response.status != 200) {
    throw IoError(fmt::format("the container engine answered {} for image '{}': {}",
                              response.status, ref, response.body));
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
                                   const std::vector<std::string>& refs)
{
  for (const std::string& ref : refs) {
    check_reference(ref);
  }
  std::vector<std::string> ids;
  ids.reserve(refs.size());
  for (const std::string& ref : refs) {
    ids.push_back(image_id(socket_path, ref));
  }
  return ids;
}

}  // namespace pwi::engine
