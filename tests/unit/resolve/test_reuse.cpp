#include "fake_wheelhouse.hpp"

#include "resolve/reuse.hpp"

#include <catch2/catch.hpp>

using pwi::test::FakeWheelhouse;
using pwi::test::sha256_of;

namespace {

// Runs the reuse step on the house's wheels: the file names picked, in output order.
std::string reuse(FakeWheelhouse& house, const std::string& requirements,
                  const std::string& constraints = "", bool pre = false)
{
  const auto& inputs = house.inputs(requirements, constraints);
  const auto wheelhouse = house.scan();
  std::string out;
  for (const auto& wheel :
       pwi::resolve::reusable_wheels(wheelhouse, FakeWheelhouse::target(), inputs, pre)) {
    out += (out.empty() ? "" : " ") + wheel.file_name;
  }
  return out;
}

}  // namespace

TEST_CASE("A pinned project whose wheel is built is reused", "[reuse]")
{
  FakeWheelhouse house;
  house.wheel("psutil-5.9.8-cp311-cp311-manylinux_2_17_x86_64.whl");
  CHECK(reuse(house, "psutil==5.9.8\n") == "psutil-5.9.8-cp311-cp311-manylinux_2_17_x86_64.whl");
  // The pin moved to a version that is not built: pip must build it.
  CHECK(reuse(house, "psutil==5.9.7\n").empty());
}

TEST_CASE("The best wheel the specifiers accept is reused", "[reuse]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-2.0-py3-none-any.whl");
  house.wheel("a-1.5-py3-none-any.whl");
  CHECK(reuse(house, "a\n") == "a-2.0-py3-none-any.whl");
  CHECK(reuse(house, "a<2\n") == "a-1.5-py3-none-any.whl");
  // Every line on the project counts; extras do not change which.
  CHECK(reuse(house, "a[fast]>1.0\nA!=1.5\n") == "a-2.0-py3-none-any.whl");
  CHECK(reuse(house, "a>1.0\na<2\n") == "a-1.5-py3-none-any.whl");
  CHECK(reuse(house, "a>2\n").empty());
}

TEST_CASE("A project no file names gets its best wheel", "[reuse]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl", {"Requires-Dist: b<2"});
  house.wheel("b-1.0-py3-none-any.whl");
  house.wheel("b-2.0-py3-none-any.whl");
  // Only what the files say of b counts, not what a requires of it.
  CHECK(reuse(house, "a\n") == "a-1.0-py3-none-any.whl b-2.0-py3-none-any.whl");
  CHECK(reuse(house, "other\n") == "a-1.0-py3-none-any.whl b-2.0-py3-none-any.whl");
}

TEST_CASE("Constraints restrict the wheel reused", "[reuse]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-2.0-py3-none-any.whl");
  house.wheel("b-1.0-py3-none-any.whl");
  house.wheel("b-2.0-py3-none-any.whl");
  CHECK(reuse(house, "a\n", "a<2\nb<2\n") == "a-1.0-py3-none-any.whl b-1.0-py3-none-any.whl");
  CHECK(reuse(house, "a>1\n", "a<2\n") == "b-2.0-py3-none-any.whl");
  // Nested -c in a requirement file.
  house.file("nested.txt", "a<2\n");
  CHECK(reuse(house, "-c nested.txt\na\n") == "a-1.0-py3-none-any.whl b-2.0-py3-none-any.whl");
}

TEST_CASE("A line whose marker is false is ignored", "[reuse]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-2.0-py3-none-any.whl");
  CHECK(reuse(house, "a==9 ; sys_platform == \"win32\"\n") == "a-2.0-py3-none-any.whl");
  CHECK(reuse(house, "a\n", "a<2 ; sys_platform == \"win32\"\n") == "a-2.0-py3-none-any.whl");
  CHECK(reuse(house, "a<2 ; sys_platform == \"linux\"\n") == "a-1.0-py3-none-any.whl");
  // Root lines are evaluated without an extra, as pip does.
  CHECK(reuse(house, "a[x]<2 ; extra == \"x\"\n") == "a-2.0-py3-none-any.whl");
}

TEST_CASE("Only wheels that fit the target are reused", "[reuse]")
{
  FakeWheelhouse house;
  house.wheel("w-1.0-cp39-cp39-win_amd64.whl");
  house.wheel("w-1.0-py2-none-any.whl");
  house.wheel("x-1.0-py3-none-any.whl");
  house.wheel("x-2.0-cp39-cp39-win_amd64.whl");
  house.wheel("y-1.0-py3-none-any.whl", {"Requires-Python: >=3.8"});
  house.wheel("y-2.0-py3-none-any.whl", {"Requires-Python: >=3.12"});
  house.wheel("z-1.0-py3-none-any.whl");
  house.wheel("z-2.0-py3-none-any.whl", {}, "3.0");  // METADATA disagrees with the name
  CHECK(reuse(house, "w\nx\ny\nz\n") ==
        "x-1.0-py3-none-any.whl y-1.0-py3-none-any.whl z-1.0-py3-none-any.whl");
  CHECK(reuse(house, "w\nx\ny>=2\nz>=2\n") == "x-1.0-py3-none-any.whl");
}

TEST_CASE("The file reused for a version: tag preference, then build tag", "[reuse]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
  house.wheel("b-1.0-1-py3-none-any.whl");
  house.wheel("b-1.0-2-py3-none-any.whl");
  CHECK(reuse(house, "a\nb\n") ==
        "a-1.0-cp311-cp311-manylinux_2_17_x86_64.whl b-1.0-2-py3-none-any.whl");
}

TEST_CASE("Pre-releases are reused as pip would choose them", "[reuse]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-2.0b1-py3-none-any.whl");
  house.wheel("b-1.0a1-py3-none-any.whl");
  CHECK(reuse(house, "a\nb\n") == "a-1.0-py3-none-any.whl b-1.0a1-py3-none-any.whl");
  CHECK(reuse(house, "a\n", "", true) == "a-2.0b1-py3-none-any.whl b-1.0a1-py3-none-any.whl");
  CHECK(reuse(house, "--pre\na\n") == "a-2.0b1-py3-none-any.whl b-1.0a1-py3-none-any.whl");
  CHECK(reuse(house, "a>=2.0b1\n") == "a-2.0b1-py3-none-any.whl b-1.0a1-py3-none-any.whl");
  // A specifier that names no pre-release refuses one even when it is the only version.
  CHECK(reuse(house, "b>=0.1\n") == "a-1.0-py3-none-any.whl");
}

TEST_CASE("With --hash only a wheel whose digest is listed is reused", "[reuse]")
{
  FakeWheelhouse house;
  const std::string a1 = house.wheel("a-1.0-py3-none-any.whl");
  const std::string a2 = house.wheel("a-2.0-py3-none-any.whl");
  const std::string other = std::string(64, '0');
  CHECK(reuse(house, "a --hash=sha256:" + other + "\n").empty());
  CHECK(reuse(house, "a --hash=sha256:" + sha256_of(a2) + "\n") == "a-2.0-py3-none-any.whl");
  // pip's finder keeps the files whose hash is allowed: the best of them is reused.
  CHECK(reuse(house, "a --hash=sha256:" + other + " --hash=sha256:" + sha256_of(a1) + "\n") ==
        "a-1.0-py3-none-any.whl");
  // Hashes in a constraint file count too; so do sha384 and sha512, a wrong one allows nothing.
  CHECK(reuse(house, "a\n", "a --hash=sha256:" + other + "\n").empty());
  CHECK(reuse(house, "a --hash=sha512:" + std::string(128, '0') + "\n").empty());
  CHECK(reuse(house, "a --hash=sha512:" + pwi::test::digest_of(pwi::HashAlgorithm::k_sha512, a1) +
                       "\n") == "a-1.0-py3-none-any.whl");
  // A line whose marker is false brings no hashes.
  CHECK(reuse(house, "a ; sys_platform == \"win32\" --hash=sha256:" + other + "\n") ==
        "a-2.0-py3-none-any.whl");
}

TEST_CASE("An empty wheelhouse reuses nothing", "[reuse]")
{
  FakeWheelhouse house;
  CHECK(reuse(house, "a\n").empty());
}

TEST_CASE("The constraints file: header, then one direct URL per project", "[reuse]")
{
  FakeWheelhouse house;
  house.wheel("B_b-2.0-py3-none-any.whl");
  house.wheel("a-1.0+local.1-cp311-cp311-manylinux_2_17_x86_64.whl");
  house.wheel("C.c-1.0-py3-none-any.whl");
  const auto inputs = pwi::read_requirement_files({house.file("req.txt", "b-b\n")}, {});
  pwi::RealFileSystem fs;
  const auto wheelhouse = pwi::resolve::Wheelhouse::scan(fs, house.dir() / "wheels");
  const auto wheels =
    pwi::resolve::reusable_wheels(wheelhouse, FakeWheelhouse::target(), inputs, false);
  REQUIRE(wheels.size() == 3);
  CHECK(wheels[0].key == "a");
  CHECK(wheels[0].version.str() == "1.0+local.1");
  CHECK(wheels[0].path ==
        house.dir() / "wheels/a-1.0+local.1-cp311-cp311-manylinux_2_17_x86_64.whl");
  const std::string header = "# Generated by `pywheelimage reuse`: pins projects to wheels "
                             "already built, for `pip wheel -c THIS_FILE`. Do not edit.\n";
  const std::string lines = "a @ file:///pwi/cache/"
                            "a-1.0%2Blocal.1-cp311-cp311-manylinux_2_17_x86_64.whl\n"
                            "b-b @ file:///pwi/cache/B_b-2.0-py3-none-any.whl\n"
                            "c-c @ file:///pwi/cache/C.c-1.0-py3-none-any.whl\n";
  CHECK(pwi::resolve::reuse_constraints_text(wheels, "file:///pwi/cache") == header + lines);
  // A prefix that ends with '/' gets no second one.
  CHECK(pwi::resolve::reuse_constraints_text(wheels, "file:///pwi/cache/") == header + lines);
  CHECK(pwi::resolve::reuse_constraints_text({}, "file:///x") == header);
}

TEST_CASE("File names are percent-encoded as a URL path segment", "[reuse]")
{
  pwi::resolve::ReusableWheel wheel;
  wheel.key = "a";
  wheel.file_name = "a-1!2.0+x_y~z-py3-none-any.whl";
  CHECK(pwi::resolve::reuse_constraints_text({wheel}, "https://h/p")
          .substr(pwi::resolve::reuse_constraints_text({}, "https://h/p").size()) ==
        "a @ https://h/p/a-1%212.0%2Bx_y~z-py3-none-any.whl\n");
}
