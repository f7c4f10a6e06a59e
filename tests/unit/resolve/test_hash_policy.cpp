#include "fake_wheelhouse.hpp"

#include "common/digest.hpp"
#include "common/error.hpp"
#include "resolve/hash_policy.hpp"
#include "resolve/provenance.hpp"
#include "resolve/reuse.hpp"

#include <catch2/catch.hpp>

using pwi::HashAlgorithm;
using pwi::test::digest_of;
using pwi::test::FakeWheelhouse;
using pwi::test::pins;
using pwi::test::sha256_of;

namespace {

// A provenance record for the wheels directory of `house`: file name -> (sha256, hashes).
void write_provenance(FakeWheelhouse& house, const pwi::resolve::Provenance& records)
{
  house.file("wheels/pywheelimage-provenance.json", pwi::resolve::provenance_text(records));
}

std::string input_error(FakeWheelhouse& house, const std::string& requirements)
{
  try {
    house.resolve(requirements);
  } catch (const pwi::InputError& e) {
    std::string text = e.what();
    for (std::size_t at; (at = text.find(house.dir().path())) != std::string::npos;) {
      text.replace(at, house.dir().path().size(), "DIR");
    }
    return text;
  }
  return "no error";
}

}  // namespace

TEST_CASE("A --hash of any strong algorithm accepts the wheel it names", "[hash][resolve]")
{
  FakeWheelhouse house;
  const std::string a = house.wheel("a-1.0-py3-none-any.whl");
  const std::string sha384 = digest_of(HashAlgorithm::k_sha384, a);
  const std::string sha512 = digest_of(HashAlgorithm::k_sha512, a);
  // The lock pins the wheel's own sha256 whatever algorithm accepted it.
  CHECK(house.resolve("a==1.0 --hash=sha384:" + sha384 + "\n").packages[0].sha256 == sha256_of(a));
  CHECK(pins(house.resolve("a==1.0 --hash=sha512:" + sha512 + "\n")) == "a==1.0");
  // One matching hash among several is enough, as pip's Hashes.check_against_path.
  CHECK(pins(house.resolve("a==1.0 --hash=sha256:" + std::string(64, '0') +
                           " --hash=sha512:" + sha512 + "\n")) == "a==1.0");
  // A wrong sha512 is refused (it used to pass: only sha256 was checked).
  CHECK(house.error("a==1.0 --hash=sha512:" + std::string(128, '0') + "\n") ==
        "DIR/req.txt:1: hash mismatch for a: a-1.0-py3-none-any.whl has sha256:" + sha256_of(a) +
          ", sha512:" + sha512 +
          ", which no --hash of the project allows, and the wheelhouse has no provenance record "
          "of it (pywheelimage-provenance.json names the wheels that `pip wheel` built in "
          "hash-checking mode from an archive matching a --hash)");
  // The algorithm is part of the hash: a sha256 digest given as sha384 allows nothing.
  CHECK(house.error("a==1.0 --hash=sha384:" + sha256_of(a) + "\n") != "no error");
}

TEST_CASE("Hashes of every line on the project whose marker holds are allowed", "[hash][resolve]")
{
  FakeWheelhouse house;
  const std::string a = house.wheel("a-1.0-py3-none-any.whl");
  const std::string good = "--hash=sha256:" + sha256_of(a);
  const std::string bad = "--hash=sha256:" + std::string(64, '1');
  CHECK(pins(house.resolve("a==1.0 " + bad + "\na==1.0 " + good + "\n")) == "a==1.0");
  CHECK(pins(house.resolve("a==1.0 " + bad + "\n", "a " + good + "\n")) == "a==1.0");
  // A line whose marker is false on the target is ignored, and its hashes with it.
  CHECK(house.error("a==1.0 " + good + "\na==1.0 ; sys_platform == \"win32\" " + bad + "\n") ==
        "no error");
  CHECK(house.error("a==1.0 ; sys_platform == \"win32\" " + good + "\na==1.0 " + bad + "\n")
          .rfind("DIR/req.txt:2: hash mismatch for a: ", 0) == 0);
}

TEST_CASE("A wheel built here is accepted through its provenance record", "[hash][resolve]")
{
  FakeWheelhouse house;
  const std::string a = house.wheel("a-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
  // What pip-compile --generate-hashes writes: the index's sdist and wheels, not ours.
  const std::string sdist = "sha256:" + std::string(64, 'a');
  const std::string other = "sha256:" + std::string(64, 'b');
  const std::string req = "a==1.0 --hash=" + sdist + " --hash=" + other + "\n";
  // clang-format off
  const std::string message_start =
    "DIR/req.txt:1: hash mismatch for a: a-1.0-cp311-cp311-manylinux_2_17_x86_64.whl has "
    "sha256:" + sha256_of(a) + ", which no --hash of the project allows, and ";
  // clang-format on
  REQUIRE(house.error(req).rfind(message_start, 0) == 0);

  write_provenance(
    house, {{"a-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", {sha256_of(a), true, {sdist, other}}}});
  const auto resolved = house.resolve(req);
  REQUIRE(pins(resolved) == "a==1.0");
  CHECK(resolved.packages[0].sha256 == sha256_of(a));

  SECTION("the record must name a hash the project allows")
  {
    // clang-format off
    CHECK(house.error("a==1.0 --hash=sha256:" + std::string(64, 'c') + "\n") ==
          "DIR/req.txt:1: hash mismatch for a: a-1.0-cp311-cp311-manylinux_2_17_x86_64.whl has "
          "sha256:" + sha256_of(a) + ", which no --hash of the project allows, and its "
          "provenance record says it was built from an archive verified against " + sdist +
          ", " + other + ", none of which the project allows");
    // clang-format on
  }
  SECTION("a replaced file loses its record")
  {
    write_provenance(house, {{"a-1.0-cp311-cp311-manylinux_2_17_x86_64.whl",
                              {std::string(64, 'f'), true, {sdist}}}});
    CHECK(house.error(req) ==
          message_start + "its provenance record is for other content (sha256:" +
            std::string(64, 'f') + "): the file was replaced since, so the record is ignored");
  }
  SECTION("reuse accepts it alike")
  {
    const auto inputs = pwi::read_requirement_files({house.file("r2.txt", req)}, {});
    pwi::RealFileSystem fs;
    const auto wheelhouse = pwi::resolve::Wheelhouse::scan(fs, house.dir() / "wheels");
    const auto reused =
      pwi::resolve::reusable_wheels(fs, wheelhouse, FakeWheelhouse::target(), inputs, false);
    REQUIRE(reused.size() == 1);
    CHECK(reused[0].file_name == "a-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
    const auto refused = pwi::read_requirement_files(
      {house.file("r3.txt", "a==1.0 --hash=sha256:" + std::string(64, 'c') + "\n")}, {});
    CHECK(pwi::resolve::reusable_wheels(fs, wheelhouse, FakeWheelhouse::target(), refused, false)
            .empty());
  }
}

TEST_CASE("A malformed provenance record is an input error naming the file", "[hash]")
{
  FakeWheelhouse house;
  house.wheel("a-1.0-py3-none-any.whl");
  house.file("wheels/pywheelimage-provenance.json", "{\"version\": 1,\n \"wheels\": {,}}\n");
  CHECK(input_error(house, "a\n") ==
        "DIR/wheels/pywheelimage-provenance.json:2:13: not valid JSON: syntax error while "
        "parsing object key - unexpected ','; expected string literal\n"
        "   \"wheels\": {,}}\n"
        "              ^");
  house.file("wheels/pywheelimage-provenance.json", R"({"version": 2, "wheels": {}})");
  CHECK(input_error(house, "a\n") ==
        "DIR/wheels/pywheelimage-provenance.json: unsupported provenance record version 2 (this "
        "pywheelimage reads version 1)");
  house.file("wheels/pywheelimage-provenance.json",
             R"({"version": 1, "wheels": {"a-1.0-py3-none-any.whl": {"sha256": "x",
                 "built_here": true, "verified_hashes": []}}})");
  CHECK(input_error(house, "a\n") ==
        "DIR/wheels/pywheelimage-provenance.json: the record of \"a-1.0-py3-none-any.whl\": "
        "\"sha256\" must be the lowercase hex SHA-256 of the wheel file");
}

TEST_CASE("The provenance record round-trips in canonical form", "[hash]")
{
  const pwi::resolve::Provenance records = {
    {"b-1.0-py3-none-any.whl", {std::string(64, 'b'), false, {"sha512:ff", "sha256:00"}}},
    {"a-1.0-py3-none-any.whl", {std::string(64, 'a'), true, {}}}};
  const std::string text = pwi::resolve::provenance_text(records);
  // clang-format off
  CHECK(text == "{\n"
                "  \"version\": 1,\n"
                "  \"wheels\": {\n"
                "    \"a-1.0-py3-none-any.whl\": {\n"
                "      \"built_here\": true,\n"
                "      \"sha256\": \"" + std::string(64, 'a') + "\",\n"
                "      \"verified_hashes\": []\n"
                "    },\n"
                "    \"b-1.0-py3-none-any.whl\": {\n"
                "      \"built_here\": false,\n"
                "      \"sha256\": \"" + std::string(64, 'b') + "\",\n"
                "      \"verified_hashes\": [\n"
                "        \"sha256:00\",\n"
                "        \"sha512:ff\"\n"
                "      ]\n"
                "    }\n"
                "  }\n"
                "}\n");
  // clang-format on
  const auto parsed = pwi::resolve::parse_provenance(text, "p.json");
  CHECK(pwi::resolve::provenance_text(parsed) == text);
  CHECK(parsed.at("b-1.0-py3-none-any.whl").verified_hashes ==
        std::vector<std::string>{"sha256:00", "sha512:ff"});
}

TEST_CASE("In hash-checking mode every package must be pinned and hashed", "[hash][resolve]")
{
  FakeWheelhouse house;
  const std::string a = house.wheel("a-1.0-py3-none-any.whl", {"Requires-Dist: b>=1"});
  const std::string b = house.wheel("b-1.0-py3-none-any.whl");
  const std::string c = house.wheel("c-1.0-py3-none-any.whl", {"Requires-Dist: d==1.0"});
  const std::string d = house.wheel("d-1.0-py3-none-any.whl");
  const auto hash = [](const std::string& path) { return " --hash=sha256:" + sha256_of(path); };

  // Everything pinned and hashed: as pip-compile --generate-hashes writes it.
  CHECK(pins(house.resolve("a==1.0" + hash(a) + "\nb==1.0" + hash(b) + "\n")) == "a==1.0 b==1.0");
  // A dependency pinned by its parent but without a hash (pip's HashMissing).
  // clang-format off
  CHECK(house.error("c==1.0" + hash(c) + "\n") ==
        "Hashes are required in --require-hashes mode, but they are missing from some "
        "requirements (hash-checking mode is on because DIR/req.txt:1 has --hash). Here is a "
        "list of those requirements along with the hashes of the wheels chosen here; for a "
        "wheel built here from an sdist, give the hashes of the index's files instead "
        "(pip-compile --generate-hashes writes them):\n"
        "    d==1.0 --hash=sha256:" + sha256_of(d) + " (needed by c 1.0)");
  // clang-format on
  // A dependency its parent does not pin (pip's HashUnpinned), and a user line without hash.
  // clang-format off
  CHECK(house.error("a==1.0" + hash(a) + "\nc==1.0" + hash(c) + "\nd==1.0\n") ==
        "Hashes are required in --require-hashes mode, but they are missing from some "
        "requirements (hash-checking mode is on because DIR/req.txt:1 has --hash). Here is a "
        "list of those requirements along with the hashes of the wheels chosen here; for a "
        "wheel built here from an sdist, give the hashes of the index's files instead "
        "(pip-compile --generate-hashes writes them):\n"
        "    d==1.0 --hash=sha256:" + sha256_of(d) + " (requested in DIR/req.txt:3)\n"
        "In --require-hashes mode, all requirements must have their versions pinned with ==. "
        "These do not:\n"
        "    b>=1 (needed by a 1.0)");
  // clang-format on
  // --require-hashes alone turns the mode on; === pins as == does.
  CHECK(house.error("--require-hashes\nb>=1" + hash(b) + "\n") ==
        "In --require-hashes mode, all requirements must have their versions pinned with == "
        "(hash-checking mode is on because --require-hashes is given). These do not:\n"
        "    b>=1 (requested in DIR/req.txt:2)");
  CHECK(house.error("--require-hashes\nb===1.0" + hash(b) + "\n") == "no error");
  // A --hash on a line whose marker is false still turns the mode on, as in pip.
  CHECK(house.error("b==1.0\nd==1.0 ; sys_platform == \"win32\"" + hash(d) + "\n")
          .rfind("Hashes are required in --require-hashes mode, but they are missing from some "
                 "requirements (hash-checking mode is on because DIR/req.txt:2 has --hash)",
                 0) == 0);
  // Without the mode, nothing is required.
  CHECK(pins(house.resolve("a\nc\n")) == "a==1.0 b==1.0 c==1.0 d==1.0");
}

TEST_CASE("is_pinned and parse_hash_value follow pip", "[hash]")
{
  using pwi::SpecifierSet;
  using pwi::resolve::is_pinned;
  CHECK(is_pinned(SpecifierSet::parse("==1.0")));
  CHECK(is_pinned(SpecifierSet::parse("===1.0")));
  CHECK(is_pinned(SpecifierSet::parse("==1.*")));  // pip counts the operator only
  CHECK_FALSE(is_pinned(SpecifierSet::parse("==1.0,>=0.5")));
  CHECK_FALSE(is_pinned(SpecifierSet::parse(">=1")));
  CHECK_FALSE(is_pinned(SpecifierSet::parse("")));
  const auto value = pwi::resolve::parse_hash_value("sha384:abc");
  REQUIRE(value);
  CHECK(value->algorithm == HashAlgorithm::k_sha384);
  CHECK(value->hex == "abc");
  CHECK_FALSE(pwi::resolve::parse_hash_value("md5:abc"));
  CHECK_FALSE(pwi::resolve::parse_hash_value("sha256"));
}

TEST_CASE("hash_checking_reason: the one rule of the mode, markers not evaluated", "[hash]")
{
  using pwi::resolve::hash_checking_mode;
  using pwi::resolve::hash_checking_reason;
  using pwi::resolve::HashPolicy;
  FakeWheelhouse house;
  const std::string req = house.dir() / "req.txt";
  const std::string cons = house.dir() / "cons.txt";
  const std::string hash = " --hash=sha256:" + std::string(64, '0');
  const auto target = FakeWheelhouse::target();

  CHECK_FALSE(hash_checking_mode(house.inputs("a==1.0\nb\n", "c<2\n")));
  // pip 23.2.1 (`pip install --dry-run` on these lines): "Ignoring b: markers ... don't match",
  // then "In --require-hashes mode, all requirements must have their versions pinned" for a.
  // RequirementCommand.get_requirements sets require_hashes before any marker is evaluated.
  const auto& skipped = house.inputs("a\nb==1.0 ; sys_platform == \"win32\"" + hash + "\n");
  CHECK(hash_checking_reason(skipped) == req + ":2 has --hash");
  const HashPolicy policy(skipped, target);
  CHECK(policy.hash_checking());
  CHECK(policy.mode_reason() == req + ":2 has --hash");
  CHECK(policy.project("b") == nullptr);  // the line itself is ignored, its hashes with it
  // A constraint's --hash counts too, also when its marker is false.
  CHECK(hash_checking_reason(house.inputs(
          "a\n", "b==1.0 ; sys_platform == \"win32\"" + hash + "\n")) == cons + ":1 has --hash");
  // Requirements before constraints; --require-hashes before any line.
  CHECK(hash_checking_reason(house.inputs("a\nb==1.0" + hash + "\n", "b==1.0" + hash + "\n")) ==
        req + ":2 has --hash");
  CHECK(hash_checking_reason(house.inputs("a==1.0" + hash + "\n--require-hashes\n")) ==
        "--require-hashes is given");
}
