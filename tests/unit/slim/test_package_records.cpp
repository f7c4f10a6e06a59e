#include "slim_roots.hpp"

#include "slim/dpkg_records.hpp"
#include "slim/package_records.hpp"
#include "slim/rootfs_tar.hpp"
#include "slim/sbom.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using pwi::slim::read_rootfs_tar;

namespace {

const char* const k_status = "Package: libc6\n"
                             "Status: install ok installed\n"
                             "Architecture: amd64\n"
                             "Version: 2.36-9+deb12u4\n"
                             "Description: GNU C Library\n"
                             " continued\n"
                             "\n"
                             "Package: dash\n"
                             "Status: install ok installed\n"
                             "Architecture: amd64\n"
                             "Version: 0.5.12-2\n"
                             "\n"
                             "Package: gone\n"
                             "Status: deinstall ok config-files\n"
                             "Architecture: amd64\n"
                             "Version: 1.0\n";

pwi::test::TarBuilder dpkg_root()
{
  pwi::test::TarBuilder tar;
  pwi::test::add_venv_root(tar)
    .file(pwi::test::k_multiarch + "/libc.so.6", "not really ELF")
    .file("var/lib/dpkg/status", k_status)
    .file("var/lib/dpkg/info/libc6:amd64.list",
          "/.\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libc.so.6\n")
    .file("var/lib/dpkg/info/dash.list", "/.\n/lib\n/usr/bin/sh\n")
    .file("usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
    .symlink("etc/os-release", "../usr/lib/os-release")
    .dir("opt/venv/lib/python3.11/site-packages/Flask-3.0.0.dist-info")
    .file("opt/venv/lib/python3.11/site-packages/Flask-3.0.0.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: Flask\nVersion: 3.0.0\n");
  return tar;
}

}  // namespace

TEST_CASE("dpkg records: installed packages with a kept regular file through merged-/usr links",
          "[slim]")
{
  pwi::test::TempDir tmp;
  dpkg_root().write(tmp / "in.tar");
  const auto input = read_rootfs_tar(tmp / "in.tar");
  const auto packages = pwi::slim::read_dpkg_database(input);
  REQUIRE(packages.size() == 2);  // "gone" is not installed
  CHECK(packages[0].name == "dash");
  CHECK(packages[1].name == "libc6");
  CHECK(packages[1].files.size() == 4);

  pwi::slim::SlimOptions options;
  options.origin = "in.tar";
  options.keep = {"/lib/x86_64-linux-gnu/libc.so.6"};
  auto selected = pwi::slim::select_runtime(input, options);
  const std::string sbom = pwi::slim::add_package_records(selected, input, "2024-01-01T00:00:00Z");
  const auto* record = selected.output.find("var/lib/dpkg/status.d/libc6");
  REQUIRE(record != nullptr);
  CHECK(*record->data == std::string(k_status).substr(0, std::string(k_status).find("\n\n") + 1));
  CHECK_FALSE(selected.output.contains("var/lib/dpkg/status.d/dash"));  // no shell kept
  CHECK_FALSE(selected.output.contains("var/lib/dpkg/status"));
  CHECK(selected.output.contains(pwi::slim::k_sbom_path));

  const auto json = nlohmann::json::parse(sbom);
  CHECK(json["spdxVersion"] == "SPDX-2.3");
  std::vector<std::string> purls;
  for (const auto& package : json["packages"]) {
    purls.push_back(package["externalRefs"][0]["referenceLocator"]);
  }
  CHECK(purls == std::vector<std::string>{
                   "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12",
                   "pkg:pypi/flask@3.0.0"});
  CHECK(json["relationships"].size() == 2);
}

TEST_CASE("dpkg records: a root without a dpkg database has none", "[slim]")
{
  pwi::test::TempDir tmp;
  pwi::test::TarBuilder tar;
  pwi::test::add_venv_root(tar).write(tmp / "in.tar");
  CHECK(pwi::slim::read_dpkg_database(read_rootfs_tar(tmp / "in.tar")).empty());
}
