// image_ids against a stand-in engine: a unix socket served by a thread, which answers
// GET /images/<ref>/json as the Docker Engine API does and records the requests.
#include "../support/temp_dir.hpp"
#include "common/error.hpp"
#include "engine/docker_api.hpp"
#include "engine/http_response.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

sockaddr_un unix_address(const std::string& path)
{
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  return address;
}

int listening_socket(const std::string& path)
{
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  const sockaddr_un address = unix_address(path);
  REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
  REQUIRE(::listen(fd, 8) == 0);
  return fd;
}

// The request head, up to the blank line (or what came before the client stopped sending).
std::string read_request(int client)
{
  std::string request;
  char buffer[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    const ssize_t n = ::recv(client, buffer, sizeof(buffer), 0);
    if (n <= 0) {
      break;
    }
    request.append(buffer, static_cast<std::size_t>(n));
  }
  return request;
}

class FakeEngine {
public:
  FakeEngine(std::string path, std::map<std::string, std::string> images, int connections)
    : m_path(std::move(path)), m_images(std::move(images)), m_fd(listening_socket(m_path))
  {
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
      const std::string request = read_request(client);
      m_requests.push_back(request);
      const std::string target = request.substr(4, request.find(' ', 4) - 4);
      std::string response;
      const std::string prefix = "/images/";
      const std::string suffix = "/json";
      const std::string ref =
        target.substr(prefix.size(), target.size() - prefix.size() - suffix.size());
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
  CHECK(request.rfind("GET /images/registry.example:5000/team/app@sha256:00ff/json HTTP/1.1\r\n",
                      0) == 0);
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

namespace {

using namespace std::chrono_literals;

// An engine gone wrong: accepts one connection, reads the request, then does `misbehave` with
// the connection until the client hangs up.
class BadEngine {
public:
  BadEngine(const std::string& path, std::function<void(int client)> misbehave)
    : m_fd(listening_socket(path))
  {
    m_thread = std::thread([this, misbehave = std::move(misbehave)] {
      const int client = ::accept(m_fd, nullptr, nullptr);
      if (client < 0) {
        return;  // shut down before anyone connected
      }
      read_request(client);
      misbehave(client);
      ::close(client);
    });
  }
  ~BadEngine()
  {
    ::shutdown(m_fd, SHUT_RDWR);  // wakes accept() if the client never came
    m_thread.join();
    ::close(m_fd);
  }

private:
  int m_fd = -1;
  std::thread m_thread;
};

// Until the client closes its end (recv() then reads 0).
void wait_for_hang_up(int client)
{
  char byte;
  while (::recv(client, &byte, 1, 0) > 0) {
  }
}

struct Outcome {
  std::string error;  // the IoError's message, or "no error"
  std::chrono::steady_clock::duration took;
};

Outcome ask(const std::string& socket, std::chrono::milliseconds timeout)
{
  const auto start = std::chrono::steady_clock::now();
  Outcome out{"no error", {}};
  try {
    pwi::engine::image_ids(socket, {"a:1", "b:1"}, timeout);
  } catch (const pwi::IoError& e) {
    out.error = e.what();
  }
  out.took = std::chrono::steady_clock::now() - start;
  return out;
}

}  // namespace

TEST_CASE("an engine that accepts and never answers costs the timeout, no more", "[engine]")
{
  pwi::test::TempDir dir;
  const std::string socket = dir.path() + "/engine.sock";
  BadEngine engine(socket, wait_for_hang_up);
  const Outcome out = ask(socket, 300ms);
  CHECK(out.error == "the container engine at " + socket +
                       " did not answer within 0.3 s (while reading the answer)");
  CHECK(out.took >= 290ms);
  CHECK(out.took < 1500ms);
}

TEST_CASE("an engine that never accepts costs the timeout, no more", "[engine]")
{
  pwi::test::TempDir dir;
  const std::string socket = dir.path() + "/engine.sock";
  const int fd = listening_socket(socket);  // connections queue up, unanswered
  const Outcome out = ask(socket, 300ms);
  ::close(fd);
  CHECK(out.error.find("did not answer within 0.3 s") != std::string::npos);
  CHECK(out.took < 1500ms);
}

TEST_CASE("an engine whose backlog is full costs the timeout, no more", "[engine]")
{
  pwi::test::TempDir dir;
  const std::string socket = dir.path() + "/engine.sock";
  const int fd = listening_socket(socket);
  // Connections that nobody accepts, until connect() says the backlog is full.
  std::vector<int> waiting;
  const sockaddr_un address = unix_address(socket);
  for (int i = 0; i < 1000; ++i) {
    waiting.push_back(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
    const auto* target = reinterpret_cast<const sockaddr*>(&address);
    if (::connect(waiting.back(), target, sizeof(address)) != 0) {
      REQUIRE(errno == EAGAIN);
      break;
    }
  }
  const Outcome out = ask(socket, 300ms);
  for (const int client : waiting) {
    ::close(client);
  }
  ::close(fd);
  CHECK(out.error.find("did not answer within 0.3 s (while connecting)") != std::string::npos);
  CHECK(out.took >= 290ms);
  CHECK(out.took < 1500ms);
}

TEST_CASE("an engine that drips its answer cannot stretch the deadline", "[engine]")
{
  pwi::test::TempDir dir;
  const std::string socket = dir.path() + "/engine.sock";
  BadEngine engine(socket, [](int client) {
    const std::string head = "HTTP/1.1 200 OK\r\nX-Slow: ";
    ::send(client, head.data(), head.size(), MSG_NOSIGNAL);
    for (int i = 0; i < 500 && ::send(client, "x", 1, MSG_NOSIGNAL) == 1; ++i) {
      std::this_thread::sleep_for(10ms);
    }
  });
  const Outcome out = ask(socket, 300ms);
  CHECK(out.error.find("did not answer within 0.3 s (while reading the answer)") !=
        std::string::npos);
  CHECK(out.took < 1500ms);
}

TEST_CASE("an answer larger than 4 MiB is refused", "[engine]")
{
  pwi::test::TempDir dir;
  const std::string socket = dir.path() + "/engine.sock";
  BadEngine engine(socket, [](int client) {
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n";
    ::send(client, head.data(), head.size(), MSG_NOSIGNAL);
    const std::string block(64 * 1024, ' ');
    // Twice the cap at most; stops as soon as the client hangs up.
    for (std::size_t sent = 0; sent < 2 * pwi::engine::k_max_http_response_size;
         sent += block.size()) {
      if (::send(client, block.data(), block.size(), MSG_NOSIGNAL) <= 0) {
        break;
      }
    }
  });
  const Outcome out = ask(socket, 5000ms);
  CHECK(out.error ==
        "the container engine at " + socket + " answered with more than the 4 MiB accepted");
}

TEST_CASE("a malformed answer from the engine is an I/O error", "[engine]")
{
  pwi::test::TempDir dir;
  const std::string socket = dir.path() + "/engine.sock";
  BadEngine engine(socket, [](int client) {
    const std::string answer = "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\n{}";
    ::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
  });
  CHECK(ask(socket, 2000ms).error ==
        "the container engine's API answered with a malformed HTTP response (status line "
        "'HTTP/1.1 2000 OK')");
}
