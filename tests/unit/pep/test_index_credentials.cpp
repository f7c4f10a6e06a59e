// Credentials of index URLs: named by reference in the files the helper writes for pip, and
// the environment names the files use, so that the builder's pip sees what the helper saw.
#include "common/memory_file_system.hpp"
#include "pep/index_credentials.hpp"
#include "pep/requirements_file.hpp"

#include <catch2/catch.hpp>

#include <map>

namespace {

pwi::RequirementFiles read(const std::string& text, std::map<std::string, std::string> values)
{
  pwi::MemoryFileSystem fs;
  fs.add_file("requirements.txt", text);
  return pwi::read_requirement_files(
    fs, {"requirements.txt"}, {}, [values](const std::string& name) -> std::optional<std::string> {
      const auto it = values.find(name);
      return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    });
}

}  // namespace

TEST_CASE("index credentials: each URL's user information gets one name, in order")
{
  const pwi::RequirementFiles files = read("--index-url https://me:${TOKEN}@one.example/simple\n"
                                           "--extra-index-url https://two.example/simple\n"
                                           "--extra-index-url https://tok@three.example/simple\n"
                                           "--find-links https://me:${TOKEN}@one.example/links\n"
                                           "six\n",
                                           {{"TOKEN", "s3cret"}, {"UNUSED", "x"}});
  const std::vector<pwi::IndexCredential> found = pwi::index_credentials(files.options);
  REQUIRE(found.size() == 2);
  CHECK(found[0].name == "PWI_CREDENTIALS_1");
  CHECK(found[0].userinfo == "me:s3cret");
  CHECK(found[1].name == "PWI_CREDENTIALS_2");
  CHECK(found[1].userinfo == "tok");
  CHECK(pwi::option_lines(files.options) ==
        "--index-url https://${PWI_CREDENTIALS_1}@one.example/simple\n"
        "--extra-index-url https://two.example/simple\n"
        "--extra-index-url https://${PWI_CREDENTIALS_2}@three.example/simple\n"
        "--find-links https://${PWI_CREDENTIALS_1}@one.example/links\n");
  CHECK(files.environment == std::vector<std::string>{"TOKEN"});
}

TEST_CASE("index credentials: none without user information; unset names are not recorded")
{
  const pwi::RequirementFiles files =
    read("--index-url https://one.example/${PATH_PART}/simple\n--pre\nsix\n", {});
  CHECK(pwi::index_credentials(files.options).empty());
  CHECK(pwi::option_lines(files.options) ==
        "--index-url https://one.example/${PATH_PART}/simple\n--pre\n");
  CHECK(files.environment.empty());
}
