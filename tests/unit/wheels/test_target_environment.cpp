#include "common/error.hpp"
#include "common/memory_file_system.hpp"
#include "wheels/target_environment.hpp"

#include <catch2/catch.hpp>

using pwi::TargetEnvironment;

namespace {

const std::string k_markers = R"("markers": {
    "implementation_name": "cpython", "implementation_version": "3.11.7",
    "os_name": "posix", "platform_machine": "x86_64",
    "platform_python_implementation": "CPython", "platform_release": "6.1.0",
    "platform_system": "Linux", "platform_version": "#1 SMP",
    "python_full_version": "3.11.7", "python_version": "3.11", "sys_platform": "linux"})";

std::string env_json(const std::string& tags)
{
  return "{" + k_markers + ",\n \"tags\": " + tags + "}";
}

std::string load_error(const std::string& text)
{
  try {
    TargetEnvironment::parse(text, "ENV.json");
  } catch (const pwi::InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("target environment: markers and ranked tags")
{
  const auto env = TargetEnvironment::parse(
    env_json(R"(["cp311-cp311-manylinux_2_36_x86_64", "cp311-abi3-manylinux_2_36_x86_64",
                 "py3-none-any", "Py3-None-Any"])"),
    "ENV.json");
  CHECK(env.markers.at("python_version") == "3.11");
  CHECK(env.tags.size() == 4);
  CHECK(env.tag_rank("cp311-cp311-manylinux_2_36_x86_64") == 0u);
  CHECK(env.tag_rank("PY3-none-any") == 2u);  // tags compare lowercased, first one wins
  CHECK_FALSE(env.tag_rank("cp310-cp310-manylinux_2_36_x86_64"));

  CHECK(env.best_rank(pwi::WheelName::parse("a-1-py2.py3-none-any.whl")) == 2u);
  CHECK(env.best_rank(pwi::WheelName::parse("a-1-cp311-abi3-manylinux_2_36_x86_64.whl")) == 1u);
  CHECK_FALSE(env.best_rank(pwi::WheelName::parse("a-1-cp312-cp312-win_amd64.whl")));
}

TEST_CASE("target environment: load reads through the file system")
{
  pwi::MemoryFileSystem fs;
  fs.add_file("/b/ENV.json", env_json(R"(["py3-none-any"])"));
  CHECK(TargetEnvironment::load(fs, "/b/ENV.json").tags ==
        std::vector<std::string>{"py3-none-any"});
  CHECK_THROWS_AS(TargetEnvironment::load(fs, "/b/missing.json"), pwi::IoError);
}

TEST_CASE("target environment: malformed files name the file and the problem")
{
  CHECK(load_error("{\"markers\": {}, ]") ==
        "ENV.json:1:17: not valid JSON: syntax error while parsing object key - unexpected "
        "']'; expected string literal\n  {\"markers\": {}, ]\n                  ^");
  CHECK(load_error("[]") == "ENV.json: expected a JSON object with \"markers\" and \"tags\"");
  CHECK(load_error("{\"tags\": [\"py3-none-any\"]}") ==
        "ENV.json: \"markers\" must be an object of strings");
  CHECK(load_error(R"({"markers": {"python_version": 3}, "tags": []})") ==
        "ENV.json: \"markers\".\"python_version\" must be a string");
  CHECK(load_error(R"({"markers": {"python_version": "3.11"}, "tags": []})") ==
        "ENV.json: \"markers\" lacks \"implementation_name\"");
  CHECK(load_error(env_json("[]")) == "ENV.json: \"tags\" must be a non-empty array of strings");
  CHECK(load_error(env_json(R"(["py3-none-any", "py3-none"])")) ==
        "ENV.json: \"tags\"[1] is not a wheel tag like \"cp311-cp311-manylinux_2_36_x86_64\": "
        "\"py3-none\"");
}
