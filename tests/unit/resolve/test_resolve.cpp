#include "fake_wheelhouse.hpp"

#include "common/error.hpp"

#include <catch2/catch.hpp>

using pwi::test::FakeWheelhouse;
using pwi::test::pins;

TEST_CASE("The newest version that satisfies the specifiers is chosen", "[resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-2.0-py3-none-any.whl");
  house.wheel("a-1.5-py3-none-any.whl");
  CHECK(pins(house.resolve("a\n")) == "a==2.0");
  CHECK(pins(house.resolve("A<2\n")) == "a==1.5");
  CHECK(pins(house.resolve("a==1.0\n")) == "a==1.0");
  CHECK(pins(house.resolve("a!=2.0,>1.0\n")) == "a==1.5");
}

TEST_CASE("Dependencies, cycles and markers", "[resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl",
              {"Requires-Dist: b>=1", "Requires-Dist: c ; python_version < \"3\""});
  house.wheel("b-1.0-py3-none-any.whl", {"Requires-Dist: a"});
  house.wheel("c-1.0-py3-none-any.whl");
  house.wheel("d-1.0-py3-none-any.whl");
  // b depends back on a: a cycle is fine; c's marker is false on the target.
  CHECK(pins(house.resolve("a\n")) == "a==1.0 b==1.0");
  // A requirement whose marker is false on the target is ignored.
  CHECK(pins(house.resolve("a\nd ; sys_platform == \"win32\"\n")) == "a==1.0 b==1.0");
  CHECK(pins(house.resolve("d ; sys_platform == \"linux\"\n")) == "d==1.0");
}

TEST_CASE("Extras pull in their dependencies", "[resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl",
              {"Provides-Extra: fast", "Requires-Dist: b ; extra == \"fast\"",
               "Requires-Dist: c ; extra == \"other\""});
  house.wheel("b-1.0-py3-none-any.whl");
  house.wheel("c-1.0-py3-none-any.whl");
  CHECK(pins(house.resolve("a\n")) == "a==1.0");
  const auto resolved = house.resolve("a[FAST]\n");
  CHECK(pins(resolved) == "a==1.0 b==1.0");
  CHECK(resolved.packages[0].extras == std::vector<std::string>{"fast"});
  REQUIRE(resolved.packages[1].required_by.size() == 1);
  CHECK(resolved.packages[1].required_by[0].parent == "a[fast]");
  // An extra the wheel does not provide is ignored, as pip does (with a warning).
  CHECK(pins(house.resolve("a[other]\n")) == "a==1.0");
}

TEST_CASE("Constraints restrict but never add packages", "[resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-2.0-py3-none-any.whl");
  house.wheel("b-1.0-py3-none-any.whl");
  CHECK(pins(house.resolve("a\n", "a<2\nb==1.0\n")) == "a==1.0");
  // A constraint whose marker is false does not apply.
  CHECK(pins(house.resolve("a\n", "a<2 ; sys_platform == \"win32\"\n")) == "a==2.0");
  // Nested -c in a requirement file.
  house.file("nested.txt", "a<2\n");
  CHECK(pins(house.resolve("-c nested.txt\na\n")) == "a==1.0");
}

TEST_CASE("Pre-releases only when asked for, named, or alone", "[resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-2.0b1-py3-none-any.whl");
  house.wheel("b-1.0a1-py3-none-any.whl");
  CHECK(pins(house.resolve("a\n")) == "a==1.0");
  CHECK(pins(house.resolve("a\n", "", true)) == "a==2.0b1");
  CHECK(pins(house.resolve("--pre\na\n")) == "a==2.0b1");
  CHECK(pins(house.resolve("a>=2.0b1\n")) == "a==2.0b1");
  // Nothing but a pre-release: an empty specifier takes it, as packaging's filter does.
  CHECK(pins(house.resolve("b\n")) == "b==1.0a1");
  // A non-empty specifier that names no pre-release does not.
  CHECK(house.error("b>=0.1\n") ==
        "no wheel satisfies the requirement b>=0.1 (requested in DIR/req.txt:1): versions of 'b' "
        "with a wheel for the target: 1.0a1 (pre-releases "
        "count only with --pre, or when the specifier names one)");
}

TEST_CASE("Wheels whose Requires-Python excludes the target are skipped", "[resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl", {"Requires-Python: >=3.8"});
  house.wheel("a-2.0-py3-none-any.whl", {"Requires-Python: >=3.12"});
  CHECK(pins(house.resolve("a\n")) == "a==1.0");
  CHECK(house.error("a>=2\n") == "a 2.0 requires a different Python: 3.11.7 not in '>=3.12'");
}

TEST_CASE("Among the files of a version: tag preference, then build tag", "[resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
  house.wheel("a-1.0-cp39-cp39-win_amd64.whl");
  house.wheel("b-1.0-1-py3-none-any.whl");
  house.wheel("b-1.0-2-py3-none-any.whl");
  house.wheel("b-1.0-py3-none-any.whl");
  house.wheel("c-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
  house.wheel("c-1.1-py3-none-any.whl");
  const auto resolved = house.resolve("a\nb\nc\n");
  REQUIRE(resolved.packages.size() == 3);
  CHECK(resolved.packages[0].file_name == "a-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
  CHECK(resolved.packages[1].file_name == "b-1.0-2-py3-none-any.whl");
  // The version comes before the tag.
  CHECK(resolved.packages[2].file_name == "c-1.1-py3-none-any.whl");
}

TEST_CASE("Of files whose sort keys tie, the one pip 23.2.1 installs", "[resolve][order]")
{
  // Known answers of `pip install --dry-run --no-index --find-links` on these files, the same
  // in a tmpfs directory listed in creation order and in one listed in reverse: of tied files,
  // the one with the smallest URL.
  FakeWheelhouse house;
  house.wheel("foo-1.0-py3-none-any.whl");
  house.wheel("foo-1.0-py2.py3-none-any.whl");
  house.wheel("Foo-1.0-py3-none-any.whl");
  house.wheel("bar-1.0-1-py3-none-any.whl");
  house.wheel("bar-1.0-01-py3-none-any.whl");
  house.wheel("baz-1.0.0-py3-none-any.whl");
  house.wheel("baz-1.0-py3-none-any.whl");
  const auto resolved = house.resolve("foo\nbar\nbaz\n");
  REQUIRE(resolved.packages.size() == 3);
  CHECK(resolved.packages[0].file_name == "bar-1.0-01-py3-none-any.whl");
  CHECK(resolved.packages[1].file_name == "baz-1.0-py3-none-any.whl");
  CHECK(resolved.packages[2].file_name == "Foo-1.0-py3-none-any.whl");
}

TEST_CASE("A wheel whose METADATA disagrees with its file name is discarded", "[resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-2.0-py3-none-any.whl", {}, "3.0");
  CHECK(pins(house.resolve("a\n")) == "a==1.0");
}

TEST_CASE("Backtracking out of a conflict", "[resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("a-2.0-py3-none-any.whl", {"Requires-Dist: b<2"});
  house.wheel("b-1.0-py3-none-any.whl");
  house.wheel("b-2.0-py3-none-any.whl");
  house.wheel("c-1.0-py3-none-any.whl", {"Requires-Dist: b>=2"});
  // a 2.0 is pinned first (a is requested first), then c's b>=2 conflicts with a's b<2:
  // the resolver goes back to a 1.0.
  CHECK(pins(house.resolve("a\nc\n")) == "a==1.0 b==2.0 c==1.0");
}

TEST_CASE("Why a requirement cannot be met", "[resolve]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl", {"Requires-Dist: b<2"});
  house.wheel("b-2.0-py3-none-any.whl");
  house.wheel("w-1.0-cp39-cp39-win_amd64.whl");
  house.wheel("w-1.0-py2-none-any.whl");
  const std::string req = "DIR/req.txt";
  CHECK(house.error("nothere>=1\n") ==
        "no wheel satisfies the requirement nothere>=1 (requested in " + req +
          ":1): there is no wheel of 'nothere' in DIR/wheels");
  CHECK(house.error("w\n") == "no wheel satisfies the requirement w (requested in " + req +
                                ":1): the wheels of 'w' are all for other platforms or Pythons "
                                "(tags: cp39-cp39-win_amd64, py2-none-any)");
  CHECK(house.error("a\n") == "no wheel satisfies the requirement b<2 (required by a 1.0): "
                              "versions of 'b' with a wheel for the target: 2.0");
  // clang-format off
  CHECK(house.error("a\nb>=2\n") ==
        "cannot install a 1.0, b>=2 because their requirements conflict:\n"
        "  b>=2 (requested in " + req + ":2)\n"
        "  b<2 (required by a 1.0)");
  CHECK(house.error("b\n", "b<2\n") ==
        "cannot install b because their requirements conflict:\n"
        "  b (requested in " + req + ":1)\n"
        "  b<2 (constraint in DIR/cons.txt:1)");
  // clang-format on
}

TEST_CASE("Hashes given in requirement files must match the chosen wheel", "[resolve]")
{
  FakeWheelhouse house;
  const std::string path = house.wheel("a-1.0-py3-none-any.whl");
  const std::string digest = pwi::test::sha256_of(path);
  CHECK(house.resolve("a==1.0 --hash=sha256:" + digest + "\n").packages[0].sha256 == digest);
  CHECK_THROWS_AS(house.resolve("a==1.0 --hash=sha256:" + std::string(64, '0') + "\n"),
                  pwi::ResolveError);
}
