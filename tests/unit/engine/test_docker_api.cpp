// image_ids against a stand-in engine: a unix socket served by a thread, which answers
// GET /images/<ref>/json as the Docker Engine API does and records the requests.
#include "common/error.hpp"
#include "engine/docker_api.hpp"
#include "../support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

class FakeEngine {
public:
  FakeEngine(std::string path, std::map<std::string, std::string> images, int connections)
    : m_path(std::move(path)), m_images(std::move(images))
  {
    m_fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, m_path.c_str(), sizeof(address.sun_path) - 1);
    REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    REQUIRE(::listen(m_fd, 8) == 0);
    m_thread = std::thread([this, connections] { serve(connections); });
  }
  ~FakeEngine()
  {
    join();
    ::close(m_fd);
  }
  // Waits until the expected connections were served.
  void join()
  {
    if (m_thread.joinable()) {
      m_thread.join();
    }
  }
  const std::vector<std::string>& requests() const { return m_requests; }

private:
  void serve(int connections)
  {
    for (int i = 0; i < connections; ++i) {
      const int client = ::accept(m_fd, nullptr, nullptr);
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(client, buffer, sizeof(buffer), 0);
        if (n <= 0) {
          break;
        }
        request.append(buffer, static_cast<std::size_t>(n));
      }
      m_requests.push_back(request);
      const std::string target = request.substr(4, request.find(' ', 4) - 4);
      std::string response;
      const std::string prefix = "/images/";
      const std::string suffix = "/json";
      const std::string ref = target.substr(prefix.size(), target.size() - prefix.size() - suffix.size());
      const auto image = m_images.find(ref);
      if (ref == "broken") {
        response = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops";
      } else if (image == m_images.end()) {
        response = "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}";
      } else {
        const std::string body = "{\"Id\":\"sha256:" + image->second + "\",\"RepoTags\":[]}";
        response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n" + body;
      }
      ::send(client, response.data(), response.size(), MSG_NOSIGNAL);
      ::close(client);
    }
  }

  std::string m_path;
  std::map<std::string, std::string> m_images;
  int m_fd = -1;
  std::thread m_thread;
  std::vector<std::string> m_requests;
};

}  // namespace

TEST_CASE("image ids from the engine's API, empty for missing images", "[engine]")
{
  pwi::test::TempDir dir;
  const std::string socket = dir.path() + "/engine.sock";
  std::vector<std::string> ids;
  {
    FakeEngine engine(socket, {{"example/web:1", "abc123"}, {"python:3.11", "def456"}}, 3);
    ids = pwi::engine::image_ids(socket, {"example/web:1", "gone:latest", "python:3.11"});
  }
  CHECK(ids == std::vector<std::string>{"abc123", "", "def456"});
}

TEST_CASE("the request names the image and closes the connection", "[engine]")
{
  pwi::test::TempDir dir;
  const std::string socket = dir.path() + "/engine.sock";
  FakeEngine engine(socket, {{"registry.example:5000/team/app@sha256:00ff", "1"}}, 1);
  CHECK(pwi::engine::image_ids(socket, {"registry.example:5000/team/app@sha256:00ff"}) ==
        std::vector<std::string>{"1"});
  engine.join();
  REQUIRE(engine.requests().size() == 1);
  const std::string& request = engine.requests()[0];
  CHECK(request.rfind("GET /images/registry.example:5000/team/app@sha256:00ff/json HTTP/1.1\r\n", 0) == 0);
  CHECK(request.find("\r\nConnection: close\r\n") != std::string::npos);
}

TEST_CASE("an engine that answers an error, or none at all, is an I/O error", "[engine]")
{
  pwi::test::TempDir dir;
  const std::string socket = dir.path() + "/engine.sock";
  CHECK_THROWS_AS(pwi::engine::image_ids(socket, {"x:1"}), pwi::IoError);
  {
    FakeEngine engine(socket, {}, 1);
    CHECK_THROWS_AS(pwi::engine::image_ids(socket, {"broken"}), pwi::IoError);
  }
}

TEST_CASE("a reference that is not one is refused before anything is sent", "[engine]")
{
  pwi::test::TempDir dir;
  const std::string socket = dir.path() + "/engine.sock";
  for (const char* bad : {"", "a b", "x:1/../../containers/json?", "a\r\nHost: y"}) {
    CHECK_THROWS_AS(pwi::engine::image_ids(socket, {bad}), pwi::UsageError);
  }
}
