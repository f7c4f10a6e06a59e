#include "image_fixtures.hpp"

#include "common/error.hpp"
#include "image/venv_layers.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using pwi::image::Distribution;
using pwi::image::LayerKind;
using pwi::image::plan_distribution_layers;
using pwi::image::scan_venv;
using pwi::image::VenvContent;

namespace {

bool has(const std::vector<std::string>& files, const std::string& path)
{
  return std::find(files.begin(), files.end(), path) != files.end();
}

const std::string k_sp = "lib/python3.11/site-packages/";

Distribution dist(const std::string& name, std::uint64_t bytes)
{
  Distribution d;
  d.name = name;
  d.normalized = pwi::image::normalize_project_name(name);
  d.version = "1";
  d.installed_bytes = bytes;
  return d;
}

}  // namespace

TEST_CASE("image: project names are normalized as PEP 503 says", "[image]")
{
  CHECK(pwi::image::normalize_project_name("Beta_Pkg") == "beta-pkg");
  CHECK(pwi::image::normalize_project_name("zope.interface") == "zope-interface");
  CHECK(pwi::image::normalize_project_name("a--_.b") == "a-b");
}

TEST_CASE("image: each file of a venv belongs to one distribution or to the skeleton", "[image]")
{
  pwi::test::TempDir tmp;
  const std::string venv = pwi::test::write_fake_venv(tmp / "venv");
  pwi::RealFileSystem fs;
  const VenvContent content = scan_venv(fs, venv, "/opt/venv");
  REQUIRE(content.distributions.size() == 2);
  const Distribution& alpha = content.distributions[0];
  const Distribution& beta = content.distributions[1];
  CHECK(alpha.name == "alpha");
  CHECK(alpha.version == "1.0");
  CHECK(beta.name == "Beta_Pkg");
  CHECK(beta.normalized == "beta-pkg");
  CHECK(beta.version == "2.0");

  // RECORD's ../../../bin entry, the dist-info directory, bytecode compiled after the install.
  CHECK(has(alpha.files, "bin/alpha-cli"));
  CHECK(has(alpha.files, k_sp + "alpha/core.py"));
  CHECK(has(alpha.files, k_sp + "alpha/__pycache__/core.cpython-311.pyc"));
  CHECK(has(alpha.files, k_sp + "alpha-1.0.dist-info/INSTALLER"));
  // Claimed by both RECORDs: the first in name order has it.
  CHECK(has(alpha.files, k_sp + "alpha/__init__.py"));
  CHECK_FALSE(has(beta.files, k_sp + "alpha/__init__.py"));
  CHECK(has(beta.files, k_sp + "beta_pkg/__pycache__/__init__.cpython-311.pyc"));
  CHECK(has(beta.files, k_sp + "beta_pkg/data"));  // an empty directory of its own
  CHECK(alpha.installed_bytes > beta.installed_bytes);

  // The rest is the skeleton: pyvenv.cfg, the interpreter's links, activate, lib64, orphans.
  const std::vector<std::string> skeleton = content.skeleton;
  CHECK(skeleton == std::vector<std::string>{"bin/activate", "bin/python", "bin/python3", "include",
                                             k_sp + "__pycache__/orphan.cpython-311.pyc", "lib64",
                                             "pyvenv.cfg"});
}

TEST_CASE("image: a RECORD's absolute path inside the image's venv is claimed", "[image]")
{
  pwi::test::TempDir tmp;
  const std::string venv = pwi::test::write_fake_venv(tmp / "venv");
  pwi::test::write_file(venv + "/share/gamma.txt", "g", 0644);
  pwi::test::write_file(venv + "/" + k_sp + "gamma-1.dist-info/RECORD",
                        "/opt/venv/share/gamma.txt,,\n/usr/share/outside.txt,,\n"
                        "../../../../../etc/passwd,,\n",
                        0644);
  pwi::RealFileSystem fs;
  const VenvContent content = scan_venv(fs, venv, "/opt/venv");
  REQUIRE(content.distributions.size() == 3);
  const Distribution& gamma = content.distributions[2];
  CHECK(gamma.name == "gamma");
  CHECK(gamma.files ==
        std::vector<std::string>{k_sp + "gamma-1.dist-info/RECORD", "share/gamma.txt"});
}

TEST_CASE("image: a socket in the venv is refused with its name", "[image]")
{
  pwi::test::TempDir tmp;
  const std::string venv = pwi::test::write_fake_venv(tmp / "venv");
  const std::string socket_path = venv + "/bin/control.sock";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  REQUIRE(socket_path.size() < sizeof address.sun_path);
  std::copy(socket_path.begin(), socket_path.end(), address.sun_path);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  ::close(fd);
  pwi::RealFileSystem fs;
  try {
    scan_venv(fs, venv, "/opt/venv");
    FAIL("no error");
  } catch (const pwi::InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("control.sock") && Catch::Contains("socket"));
  }
}

TEST_CASE("image: distributions have a layer each while they fit the budget", "[image]")
{
  VenvContent venv;
  venv.distributions = {dist("a", 10), dist("b", 5), dist("c", 1)};
  const auto layers = plan_distribution_layers(venv, 3);
  REQUIRE(layers.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(layers[i].kind == LayerKind::k_distribution);
    CHECK(layers[i].distributions.at(0) == &venv.distributions[i]);
  }
  CHECK(layers[0].created_by == "pywheelimage: a 1");
}

TEST_CASE("image: over the budget, the smallest distributions share one layer", "[image]")
{
  VenvContent venv;
  venv.distributions = {dist("a", 10), dist("b", 5), dist("c", 1), dist("d", 5), dist("e", 50)};
  const auto layers = plan_distribution_layers(venv, 3);
  REQUIRE(layers.size() == 3);
  // Smallest first: c (1), then b and d (5, tie by name): b, c, d share the group layer.
  CHECK(layers[0].kind == LayerKind::k_group);
  REQUIRE(layers[0].distributions.size() == 3);
  CHECK(layers[0].distributions[0]->name == "b");
  CHECK(layers[0].distributions[1]->name == "c");
  CHECK(layers[0].distributions[2]->name == "d");
  CHECK(layers[0].created_by == "pywheelimage: b 1, c 1, d 1");
  CHECK(layers[1].distributions.at(0)->name == "a");
  CHECK(layers[2].distributions.at(0)->name == "e");
  CHECK(plan_distribution_layers(venv, 1).size() == 1);
  CHECK(plan_distribution_layers(venv, 1)[0].distributions.size() == 5);
}
