// pywheelimage push's exit statuses that need no registry: a malformed --tag (2) is refused
// before the layout is read, a malformed layout (3) before any connection, and a registry that
// does not answer is 5; none of them writes --digest-file.
#include "../support/cli_runner.hpp"
#include "../support/temp_dir.hpp"

#include "common/error.hpp"

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <string>

using pwi::test::exit_status;
using pwi::test::run_cli;
using pwi::test::TempDir;

namespace {

// A port on 127.0.0.1 that nothing listens on (bound, then closed).
int closed_port()
{
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
  socklen_t size = sizeof(address);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

constexpr const char* k_config_digest =
  "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";  // of "{}"
constexpr const char* k_manifest_digest =
  "7b8fb512ca670f4a2d9195c0f1bc8b052037a21cfac01c2a5e33f67b6f20434a";

// A layout of one manifest with the config "{}" and no layers.
void write_layout(const TempDir& dir)
{
  dir.write("layout/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  dir.write(std::string("layout/blobs/sha256/") + k_config_digest, "{}");
  dir.write(std::string("layout/blobs/sha256/") + k_manifest_digest,
            std::string(R"({"schemaVersion":2,"config":{"digest":"sha256:)") + k_config_digest +
              R"(","size":2}})");
  dir.write("layout/index.json", std::string(R"({"manifests":[{"digest":"sha256:)") +
                                   k_manifest_digest + R"(","size":122}]})");
}

}  // namespace

TEST_CASE("push: a malformed --tag is a usage error, before the layout is read")
{
  TempDir dir;
  CHECK(run_cli({"push", "--oci-layout", dir / "nonexistent", "--tag", "127.0.0.1:1/ok:1", "--tag",
                 "127.0.0.1:1/Bad:1", "--digest-file", dir / "digest"}) ==
        exit_status(pwi::ExitCode::k_usage));
  CHECK(run_cli({"push", "--oci-layout", dir / "nonexistent", "--tag", "app"}) ==
        exit_status(pwi::ExitCode::k_usage));
  CHECK(run_cli({"push", "--oci-layout", dir / "nonexistent"}) ==
        exit_status(pwi::ExitCode::k_usage));
  CHECK_FALSE(std::filesystem::exists(dir / "digest"));
}

TEST_CASE("push: a malformed layout is an input error, before any connection")
{
  TempDir dir;
  dir.write("layout/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  dir.write("layout/index.json", R"({"manifests": []})");
  CHECK(run_cli({"push", "--oci-layout", dir / "layout", "--tag", "127.0.0.1:1/app:1",
                 "--digest-file", dir / "digest"}) == exit_status(pwi::ExitCode::k_input));
  CHECK_FALSE(std::filesystem::exists(dir / "digest"));
}

TEST_CASE("push: a registry that does not answer is an I/O error")
{
  TempDir dir;
  write_layout(dir);
  const std::string tag = "127.0.0.1:" + std::to_string(closed_port()) + "/app:1";
  CHECK(run_cli({"push", "--oci-layout", dir / "layout", "--tag", tag, "--digest-file",
                 dir / "digest"}) == exit_status(pwi::ExitCode::k_io));
  CHECK_FALSE(std::filesystem::exists(dir / "digest"));
}
