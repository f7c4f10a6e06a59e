#include "common/error.hpp"
#include "wheels/wheel_metadata.hpp"

#include "../support/temp_dir.hpp"
#include "../support/zip_writer.hpp"

#include <catch2/catch.hpp>

using pwi::read_wheel_metadata;
using pwi::test::make_zip;

namespace {

const std::string k_wheel = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n";

std::string demo_metadata(const std::string& extra_headers = "")
{
  return "Metadata-Version: 2.1\nName: Demo_Pkg\nVersion: 1.0\n" + extra_headers +
         "\nThe body.\nRequires-Dist: ignored\n";
}

// Writes demo_pkg-1.0-py3-none-any.whl with the given members into `tmp`.
std::string write_wheel(const pwi::test::TempDir& tmp,
                        const std::vector<std::pair<std::string, std::string>>& members,
                        const std::string& filename = "demo_pkg-1.0-py3-none-any.whl")
{
  const std::string path = tmp / filename;
  pwi::test::write_binary(path, make_zip(members));
  return path;
}

std::string error_of(const std::string& path)
{
  try {
    read_wheel_metadata(path);
  } catch (const pwi::Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("wheel metadata: name, version, dependencies, python, extras")
{
  pwi::test::TempDir tmp;
  const auto path = write_wheel(
    tmp, {{"demo_pkg/__init__.py", ""},
          {"demo_pkg-1.0.dist-info/WHEEL", k_wheel},
          {"demo_pkg-1.0.dist-info/METADATA",
           demo_metadata("Requires-Python: >=3.8\nRequires-Dist: attrs>=21\n"
                         "Requires-Dist: ujson\n  ; extra == 'fast'\nProvides-Extra: fast\n")}});
  const auto metadata = read_wheel_metadata(path);
  CHECK(metadata.name == "Demo_Pkg");
  CHECK(metadata.version.str() == "1.0");
  REQUIRE(metadata.requires_dist.size() == 2);
  CHECK(metadata.requires_dist[0].key == "attrs");
  CHECK(metadata.requires_dist[0].specifier.str() == ">=21");
  CHECK(metadata.requires_dist[1].key == "ujson");
  REQUIRE(metadata.requires_dist[1].marker);
  CHECK(metadata.requires_dist[1].marker->evaluate({}, "fast"));
  REQUIRE(metadata.requires_python);
  CHECK(metadata.requires_python->str() == ">=3.8");
  CHECK(metadata.provides_extra == std::vector<std::string>{"fast"});
  CHECK(metadata.warnings.empty());
}

TEST_CASE("wheel metadata: a deflate-compressed wheel (committed fixture)")
{
  const auto metadata =
    read_wheel_metadata(PWI_TEST_DATA_DIR "/deflated_demo-1.0-py3-none-any.whl");
  CHECK(metadata.name == "deflated-demo");
  REQUIRE(metadata.requires_dist.size() == 2);
  CHECK(metadata.requires_dist[0].str() == "packaging>=21");
  CHECK(metadata.provides_extra == std::vector<std::string>{"fast"});
}

TEST_CASE("wheel metadata: an invalid Requires-Python is ignored with a warning, as pip does")
{
  pwi::test::TempDir tmp;
  const auto path = write_wheel(
    tmp, {{"demo_pkg-1.0.dist-info/WHEEL", k_wheel},
          {"demo_pkg-1.0.dist-info/METADATA", demo_metadata("Requires-Python: >=3.8,<<4\n")}});
  const auto metadata = read_wheel_metadata(path);
  CHECK_FALSE(metadata.requires_python);
  REQUIRE(metadata.warnings.size() == 1);
  CHECK_THAT(metadata.warnings[0],
             Catch::StartsWith("Package 'Demo_Pkg' has an invalid Requires-Python: "));
}

TEST_CASE("wheel metadata: a bad Requires-Dist names the member, line and column")
{
  pwi::test::TempDir tmp;
  const auto path = write_wheel(
    tmp, {{"demo_pkg-1.0.dist-info/WHEEL", k_wheel},
          {"demo_pkg-1.0.dist-info/METADATA", demo_metadata("Requires-Dist: attrs >=> 1\n")}});
  const std::string error = error_of(path);
  CHECK_THAT(error, Catch::StartsWith(path + "/demo_pkg-1.0.dist-info/METADATA:4:"));
  CHECK_THAT(error, Catch::Contains("invalid Requires-Dist: "));
  CHECK_THAT(error, Catch::Contains("\n  Requires-Dist: attrs >=> 1\n"));
}

TEST_CASE("wheel metadata: missing, corrupt and truncated wheels")
{
  pwi::test::TempDir tmp;
  const std::string good_metadata = demo_metadata();

  CHECK(error_of(tmp / "demo_pkg-1.0-py3-none-any.whl") ==
        "cannot read '" + (tmp / "demo_pkg-1.0-py3-none-any.whl") + "': No such file or directory");

  const auto not_zip = tmp / "demo_pkg-1.0-py3-none-any.whl";
  pwi::test::write_binary(not_zip, "this is not a zip file at all, just text");
  CHECK(error_of(not_zip) == not_zip + ": not a valid wheel (zip archive): Not a zip archive");

  const std::string bytes = make_zip({{"demo_pkg-1.0.dist-info/WHEEL", k_wheel},
                                      {"demo_pkg-1.0.dist-info/METADATA", good_metadata}});
  pwi::test::write_binary(not_zip, bytes.substr(0, bytes.size() / 2));
  CHECK_THAT(error_of(not_zip), Catch::StartsWith(not_zip + ": not a valid wheel (zip archive)"));

  // Flip a byte of METADATA's content: the CRC check at the end of the read catches it.
  std::string corrupt = bytes;
  const auto at = corrupt.find("Name: Demo_Pkg");
  REQUIRE(at != std::string::npos);
  corrupt[at] = 'n';
  pwi::test::write_binary(not_zip, corrupt);
  CHECK(error_of(not_zip) == not_zip + ": could not read 'demo_pkg-1.0.dist-info/METADATA' file: "
                                       "CRC error");

  const auto no_metadata = write_wheel(tmp, {{"demo_pkg-1.0.dist-info/WHEEL", k_wheel}});
  CHECK(error_of(no_metadata) ==
        no_metadata + ": could not read 'demo_pkg-1.0.dist-info/METADATA' file: there is no "
                      "such member");
}

TEST_CASE("wheel metadata: the .dist-info directory is found as pip finds it")
{
  pwi::test::TempDir tmp;
  const auto none = write_wheel(tmp, {{"demo_pkg/__init__.py", ""}});
  CHECK(error_of(none) == none + ": .dist-info directory not found");

  const auto two = write_wheel(
    tmp, {{"demo_pkg-1.0.dist-info/WHEEL", k_wheel}, {"other-1.0.dist-info/WHEEL", k_wheel}});
  CHECK(error_of(two) == two + ": multiple .dist-info directories found: demo_pkg-1.0.dist-info, "
                               "other-1.0.dist-info");

  const auto wrong = write_wheel(tmp, {{"other-1.0.dist-info/WHEEL", k_wheel}});
  CHECK(error_of(wrong) ==
        wrong + ": .dist-info directory 'other-1.0.dist-info' does not start with 'demo-pkg'");

  // Canonical names compare: "Demo.Pkg-1.0.dist-info" belongs to demo_pkg.
  const auto dotted = write_wheel(tmp, {{"Demo.Pkg-1.0.dist-info/WHEEL", k_wheel},
                                        {"Demo.Pkg-1.0.dist-info/METADATA", demo_metadata()}});
  CHECK(read_wheel_metadata(dotted).name == "Demo_Pkg");
}

TEST_CASE("wheel metadata: WHEEL's Wheel-Version must be 1.x")
{
  pwi::test::TempDir tmp;
  const auto v2 = write_wheel(tmp, {{"demo_pkg-1.0.dist-info/WHEEL", "Wheel-Version: 2.0\n"},
                                    {"demo_pkg-1.0.dist-info/METADATA", demo_metadata()}});
  CHECK(error_of(v2) == v2 + "/demo_pkg-1.0.dist-info/WHEEL: Wheel-Version 2.0 is not "
                             "compatible with this version of pip (it supports 1.x)");
  const auto none = write_wheel(tmp, {{"demo_pkg-1.0.dist-info/WHEEL", "Generator: x\n"},
                                      {"demo_pkg-1.0.dist-info/METADATA", demo_metadata()}});
  CHECK(error_of(none) == none + "/demo_pkg-1.0.dist-info/WHEEL: WHEEL is missing Wheel-Version");
  const auto minor = write_wheel(tmp, {{"demo_pkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.9\n"},
                                       {"demo_pkg-1.0.dist-info/METADATA", demo_metadata()}});
  CHECK(read_wheel_metadata(minor).version.str() == "1.0");
}

TEST_CASE("wheel metadata: missing headers, bad version, bad UTF-8")
{
  const std::string origin = "w.whl/w-1.dist-info/METADATA";
  CHECK_THROWS_WITH(pwi::parse_wheel_metadata("Version: 1.0\n", origin),
                    origin + ": METADATA has no Name header");
  CHECK_THROWS_WITH(pwi::parse_wheel_metadata("Name: w\n", origin),
                    origin + ": METADATA has no Version header");
  CHECK_THROWS_WITH(pwi::parse_wheel_metadata("Name: w\nVersion: one\n", origin),
                    Catch::StartsWith(origin + ":2:10: invalid Version 'one': "));
  CHECK_THROWS_WITH(pwi::parse_wheel_metadata("Name: w\xff\nVersion: 1\n", origin),
                    origin + ": METADATA is not valid UTF-8");
  CHECK_THROWS_AS(pwi::parse_wheel_metadata("Name: w\n", origin), pwi::InputError);
}

TEST_CASE("wheel metadata: a file that is not named like a wheel")
{
  pwi::test::TempDir tmp;
  const auto path = write_wheel(tmp, {{"x", ""}}, "demo.zip");
  CHECK(error_of(path) == path + ": demo.zip is not a valid wheel filename.");
}
