#include "fake_wheelhouse.hpp"

#include "common/digest.hpp"
#include "common/error.hpp"
#include "resolve/pending.hpp"
#include "resolve/provenance.hpp"

#include <catch2/catch.hpp>

using pwi::HashAlgorithm;
using pwi::test::FakeWheelhouse;
using pwi::test::k_pending_header;
using pwi::test::sha256_of;

namespace {

struct Pending {
  std::string text;
  std::string projects;
};

Pending pending(FakeWheelhouse& house, const std::string& requirements,
                const std::string& constraints = "")
{
  const auto& inputs = house.inputs(requirements, constraints);
  pwi::RealFileSystem fs;
  const auto lines =
    pwi::resolve::pending_requirements(fs, house.scan(), FakeWheelhouse::target(), inputs, false);
  Pending out;
  out.text = pwi::resolve::pending_requirements_text(
    inputs, lines, [](const std::string& path) { return "/abs/" + path; });
  for (const auto& project : pwi::resolve::pending_projects(lines)) {
    out.projects += (out.projects.empty() ? "" : " ") + project;
  }
  return out;
}

}  // namespace

TEST_CASE("pending: the hashed lines no wheel satisfies, with their options", "[pending]")
{
  FakeWheelhouse house;
  const std::string a = house.wheel("a-1.0-py3-none-any.whl");
  house.wheel("b-1.0-py3-none-any.whl");         // a hash of the index's files only: not ours
  house.wheel("c-2.0-py3-none-any.whl");         // a version the line does not ask for
  house.wheel("e-1.0-cp39-cp39-win_amd64.whl");  // not for the target
  const std::string index = std::string(64, '9');
  // clang-format off
  const std::string requirements =
    "--index-url https://pypi.example/simple\n"
    "a==1.0 \\\n    --hash=sha256:" + sha256_of(a) + "\n"
    "b==1.0 --hash=sha256:" + index + " --hash=sha512:" + std::string(128, '8') + "\n"
    "c[fast]==1.0 ; python_version >= \"3.8\" --hash=sha256:" + index +
    " --config-settings=\"key=a value\"\n"
    "d==1.0 ; sys_platform == \"win32\" --hash=sha256:" + index + "\n"
    "e==1.0 --hash=sha256:" + index + "\n";
  // clang-format on
  const Pending out = pending(house, requirements);
  // clang-format off
  CHECK(out.text == k_pending_header +
                      "--index-url https://pypi.example/simple\n"
                      "b==1.0 --hash=sha256:" + index + " --hash=sha512:" +
                      std::string(128, '8') + "\n"
                      "c[fast]==1.0; python_version >= \"3.8\" --hash=sha256:" + index +
                      " '--config-settings=key=a value'\n"
                      "e==1.0 --hash=sha256:" + index + "\n");
  // clang-format on
  CHECK(out.projects == "b==1.0 c==1.0 e==1.0");

  SECTION("nested files in pip's order; --find-links made absolute, URLs kept")
  {
    house.file("links/.keep", "");
    house.file("more.txt", "-f links\ne==1.0 --hash=sha256:" + index + "\n");
    const Pending nested = pending(house, "-f https://host/links\nb==1.0 --hash=sha256:" + index +
                                            "\n-r more.txt\n--require-hashes\n");
    // clang-format off
    CHECK(nested.text == k_pending_header +
                           "--find-links https://host/links\n"
                           "--find-links /abs/" + house.dir().path() + "/links\n"
                           "--require-hashes\n"
                           "b==1.0 --hash=sha256:" + index + "\n"
                           "e==1.0 --hash=sha256:" + index + "\n");
    // clang-format on
  }
  SECTION("nothing pending: only the header and the options")
  {
    const Pending none = pending(house, "--pre\na==1.0 --hash=sha256:" + sha256_of(a) + "\n");
    CHECK(none.text == k_pending_header + "--pre\n");
    CHECK(none.projects.empty());
  }
  SECTION("a constraint's hash counts for the project")
  {
    CHECK(pending(house, "a==1.0\nb==1.0 --hash=sha256:" + index + "\n",
                  "a --hash=sha256:" + sha256_of(a) + "\n")
            .projects == "b==1.0");
  }
  SECTION("without hash-checking mode there is nothing to say")
  {
    CHECK_THROWS_WITH(pending(house, "a==1.0\n"),
                      Catch::Contains("pending: hash-checking mode is off"));
  }
}

TEST_CASE("verified: provenance of what pip wrote for the pending lines", "[pending]")
{
  FakeWheelhouse house;
  const std::string built = house.wheel("b-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
  const std::string ready = house.wheel("r-2.0-py3-none-any.whl");
  const std::string kept = house.wheel("k-1.0-py3-none-any.whl");
  const std::string stray = house.wheel("s-1.0-py3-none-any.whl");
  const std::string changed = house.wheel("x-1.0-py3-none-any.whl");
  const std::string sdist = "sha256:" + std::string(64, '5');
  const std::string ready512 = "sha512:" + pwi::test::digest_of(HashAlgorithm::k_sha512, ready);
  // clang-format off
  const auto inputs = pwi::read_requirement_files(
    {house.file("pending.txt", "b==1.0 --hash=" + sdist + " --hash=sha256:" +
                                 std::string(64, '6') + "\n"
                                 "r==2.0 --hash=sha256:" + std::string(64, '7') +
                                 " --hash=" + ready512 + "\n"
                                 "s==2.0 --hash=" + sdist + "\n")},
    {});
  // clang-format on
  const pwi::resolve::Provenance previous = {
    {"k-1.0-py3-none-any.whl", {sha256_of(kept), true, {"sha256:" + std::string(64, '4')}}},
    {"x-1.0-py3-none-any.whl", {std::string(64, '0'), true, {sdist}}},
    {"gone-1.0-py3-none-any.whl", {std::string(64, '1'), true, {sdist}}}};
  pwi::RealFileSystem fs;
  const auto wheelhouse = pwi::resolve::Wheelhouse::scan(fs, house.dir() / "wheels");
  std::vector<std::string> warnings;
  const auto records = pwi::resolve::verified_provenance(fs, wheelhouse, FakeWheelhouse::target(),
                                                         inputs, previous, warnings);
  const pwi::resolve::Provenance expected = {
    {"b-1.0-cp311-cp311-manylinux_2_17_x86_64.whl",
     {sha256_of(built), true, {sdist, "sha256:" + std::string(64, '6')}}},
    {"k-1.0-py3-none-any.whl", previous.at("k-1.0-py3-none-any.whl")},
    {"r-2.0-py3-none-any.whl",
     {sha256_of(ready), false, {"sha256:" + std::string(64, '7'), ready512}}}};
  CHECK(pwi::resolve::provenance_text(records) == pwi::resolve::provenance_text(expected));
  CHECK(warnings == std::vector<std::string>{
                      stray + ": no provenance recorded: no pending requirement with --hash "
                              "allows s 1.0, and no previous record is of this content",
                      changed + ": no provenance recorded: no pending requirement with --hash "
                                "allows x 1.0, and no previous record is of this content"});
}
