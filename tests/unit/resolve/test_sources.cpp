#include "fake_wheelhouse.hpp"

#include "common/error.hpp"
#include "resolve/sources.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using pwi::test::FakeWheelhouse;
using pwi::test::pins;
namespace resolve = pwi::resolve;

namespace {

// The plan of house's req.txt against its wheelhouse (and its record, when there is one).
resolve::SourcePlan plan_of(FakeWheelhouse& house, const pwi::RequirementFiles& inputs)
{
  pwi::RealFileSystem fs;
  const resolve::Wheelhouse wheels = house.scan();
  return resolve::plan_sources(fs, wheels, resolve::read_source_records(fs, wheels.directory()),
                               inputs, {});
}

}  // namespace

TEST_CASE("A local project is built once, then resolves to its wheel until its files change",
          "[sources]")
{
  FakeWheelhouse house;
  house.file("app/pyproject.toml", "[project]\nname = 'app'\n");
  house.file("app/app/__init__.py", "VALUE = 1\n");
  house.wheel("dep-1.0-py3-none-any.whl");
  pwi::RealFileSystem fs;

  auto inputs = house.inputs("./app\n");
  auto plan = plan_of(house, inputs);
  REQUIRE(plan.sources.size() == 1);
  CHECK(!plan.all_built());
  CHECK(plan.sources[0].tree.files ==
        std::vector<std::string>{"app/__init__.py", "pyproject.toml"});
  CHECK_THROWS_AS(resolve::attach_sources(plan, house.scan(), inputs), pwi::ResolveError);

  // What the builder leaves: BUILT/<id>/<one wheel>; the step then moves it into the wheelhouse.
  const std::string id = plan.sources[0].id;
  std::filesystem::create_directories(house.dir() / ("built/" + id));
  house.wheel("app-1.0-py3-none-any.whl", {"Requires-Dist: dep"});
  std::filesystem::copy_file(house.dir() / "wheels/app-1.0-py3-none-any.whl",
                             house.dir() / ("built/" + id + "/app-1.0-py3-none-any.whl"));
  const auto records = resolve::record_built_sources(fs, plan, inputs, {}, house.dir() / "built",
                                                     house.dir() / "wheels");
  REQUIRE(records.count(id) == 1);
  CHECK(records.at(id).wheel == "app-1.0-py3-none-any.whl");
  house.file("wheels/pywheelimage-sources.json", resolve::source_records_text(records));
  CHECK(resolve::parse_source_records(resolve::source_records_text(records), "x") == records);

  plan = plan_of(house, inputs);
  CHECK(plan.all_built());
  const resolve::Wheelhouse wheels = house.scan();
  const auto direct = resolve::attach_sources(plan, wheels, inputs);
  CHECK(inputs.requirements[0].requirement.key == "app");
  CHECK(pins(resolve::resolve_requirements(fs, wheels, FakeWheelhouse::target(), inputs, false,
                                           direct)) == "app==1.0 dep==1.0");
  CHECK(resolve::pip_input_text(inputs, direct, wheels, "file:///pwi/cache")
          .find("\napp@ file:///pwi/cache/app-1.0-py3-none-any.whl\n") != std::string::npos);

  // Build leftovers are not sources; an edit is.
  house.file("app/build/lib/app/__init__.py", "x");
  house.file("app/app.egg-info/PKG-INFO", "x");
  house.file("app/app/__pycache__/__init__.cpython-311.pyc", "x");
  house.file("app/.git/HEAD", "x");
  CHECK(plan_of(house, inputs).all_built());
  house.file("app/app/__init__.py", "VALUE = 2\n");
  CHECK(!plan_of(house, inputs).all_built());
}

TEST_CASE("A local project's line options are part of its fingerprint", "[sources]")
{
  FakeWheelhouse house;
  house.file("app/pyproject.toml", "[project]\nname = 'app'\n");
  const auto plain = plan_of(house, house.inputs("./app\n"));
  const auto same = plan_of(house, house.inputs("./app\n"));
  const auto optioned = plan_of(house, house.inputs("./app --config-settings=mode=fast\n"));
  const auto other = plan_of(house, house.inputs("./app --config-settings=mode=slow\n"));
  REQUIRE(plain.sources.size() == 1);
  REQUIRE(optioned.sources.size() == 1);
  CHECK(plain.sources[0].fingerprint == same.sources[0].fingerprint);
  CHECK(plain.sources[0].id == optioned.sources[0].id);
  CHECK(plain.sources[0].fingerprint != optioned.sources[0].fingerprint);
  CHECK(optioned.sources[0].fingerprint != other.sources[0].fingerprint);
}

TEST_CASE("A name the line gives must be the wheel's", "[sources]")
{
  FakeWheelhouse house;
  house.file("lib/setup.py", "");
  auto inputs = house.inputs("other @ file://" + house.dir().path() + "/lib\n");
  REQUIRE(inputs.requirements[0].requirement.key == "other");
  auto plan = plan_of(house, inputs);
  house.wheel("lib-1.0-py3-none-any.whl");
  resolve::SourceRecords records;
  records[plan.sources[0].id] =
    resolve::SourceRecord{"directory",
                          "",
                          plan.sources[0].fingerprint,
                          "lib-1.0-py3-none-any.whl",
                          house.scan().sha256(*std::make_unique<pwi::RealFileSystem>(), 0),
                          ""};
  house.file("wheels/pywheelimage-sources.json", resolve::source_records_text(records));
  plan = plan_of(house, inputs);
  CHECK_THROWS_WITH(
    resolve::attach_sources(plan, house.scan(), inputs),
    Catch::Contains("has inconsistent name: expected 'other', but metadata has 'lib'"));
}

TEST_CASE("VCS URLs split as pip splits them", "[sources]")
{
  const auto a = resolve::split_vcs_url("git+https://user@host/r.git@v1.2#egg=x&subdirectory=s");
  CHECK(a.vcs == "git");
  CHECK(a.repository == "https://user@host/r.git");
  CHECK(a.ref == "v1.2");
  CHECK(a.fragment == "egg=x&subdirectory=s");
  const auto b = resolve::split_vcs_url("git+ssh://git@host/r");
  CHECK(b.repository == "ssh://git@host/r");
  CHECK(b.ref.empty());
  const auto c = resolve::split_vcs_url("git+file:///srv/repo@main");
  CHECK(c.repository == "file:///srv/repo");
  CHECK(c.ref == "main");
}

TEST_CASE("Hash-checking mode refuses what pip cannot hash, with the line", "[sources]")
{
  FakeWheelhouse house;
  house.file("lib/setup.py", "");
  const auto& inputs = house.inputs("a==1 --hash=sha256:00\n-e ./lib\n");
  CHECK_THROWS_WITH(resolve::refuse_unhashable_sources(inputs),
                    Catch::Contains("req.txt:2:1: The editable requirement ./lib cannot be "
                                    "installed when requiring hashes"));
}
