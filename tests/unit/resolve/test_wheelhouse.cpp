#include "fake_wheelhouse.hpp"

#include "common/memory_file_system.hpp"
#include "resolve/candidate_finder.hpp"
#include "resolve/wheelhouse.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using pwi::resolve::CandidateFinder;
using pwi::resolve::Wheelhouse;

namespace {

// Wheels of one version whose sort keys tie on the fake's target (py2.py3 and py3.py2 are best
// at py3-none-any; build tags 1 and 01 are both (1, "")), and one that wins on its tag.
const std::vector<std::string> k_names = {
  "foo-1.0-py2.py3-none-any.whl", "foo-1.0-py3-none-any.whl",   "Foo-1.0-py3-none-any.whl",
  "foo-1.0-py3.py2-none-any.whl", "bar-1.0-1-py3-none-any.whl", "bar-1.0-01-py3-none-any.whl",
  "baz-1.0-py3-none-any.whl",     "baz-1.0.0-py3-none-any.whl", "baz-1.0.0-py2.py3-none-any.whl",
  "qux-1.0-py3-none-any.whl",     "qux-1.0-cp311-none-any.whl"};

struct Scanned {
  std::vector<std::string> listed;  // the directory's listing order
  std::vector<std::string> files;   // project_files(key)
  std::vector<std::string> best;    // applicable_files(key, any), best first
};

// A memory wheelhouse whose files are created, and so listed, in `order`.
Scanned scan(const std::vector<std::string>& order, const std::string& key)
{
  pwi::MemoryFileSystem fs;
  for (const std::string& name : order) {
    fs.add_file("/w/" + name, "");
  }
  const Wheelhouse house = Wheelhouse::scan(fs, "/w");
  const pwi::TargetEnvironment target = pwi::test::FakeWheelhouse::target();
  const CandidateFinder finder(house, target, false);
  Scanned out;
  out.listed = fs.list_directory("/w");
  for (const std::size_t file : house.project_files(key)) {
    out.files.push_back(house.files()[file].name.filename);
  }
  for (const std::size_t file : finder.applicable_files(key, pwi::SpecifierSet())) {
    out.best.push_back(house.files()[file].name.filename);
  }
  return out;
}

}  // namespace

TEST_CASE("Tied wheels are tried in pip's order, whatever the directory's listing order",
          "[resolve][order]")
{
  std::vector<std::string> by_name = k_names;
  std::sort(by_name.begin(), by_name.end());
  std::vector<std::string> reversed = by_name;
  std::reverse(reversed.begin(), reversed.end());
  for (const auto& order : {k_names, by_name, reversed}) {
    // pip 23.2.1 evaluates sorted(file_links, reverse=True): by URL, descending.
    const Scanned foo = scan(order, "foo");
    CHECK(foo.listed == order);
    CHECK(foo.files ==
          std::vector<std::string>{"foo-1.0-py3.py2-none-any.whl", "foo-1.0-py3-none-any.whl",
                                   "foo-1.0-py2.py3-none-any.whl", "Foo-1.0-py3-none-any.whl"});
    // The resolver takes the last tied file of pip's sorted list: the smallest URL.
    CHECK(foo.best ==
          std::vector<std::string>{"Foo-1.0-py3-none-any.whl", "foo-1.0-py2.py3-none-any.whl",
                                   "foo-1.0-py3-none-any.whl", "foo-1.0-py3.py2-none-any.whl"});
    CHECK(scan(order, "bar").best.front() == "bar-1.0-01-py3-none-any.whl");
    // 1.0 and 1.0.0 are one version.
    CHECK(scan(order, "baz").best.front() == "baz-1.0-py3-none-any.whl");
    // No tie: the better tag wins wherever it is listed.
    CHECK(scan(order, "qux").best.front() == "qux-1.0-cp311-none-any.whl");
  }
}

TEST_CASE("quote_path_segment writes a file name as pip's file URL does", "[resolve][order]")
{
  CHECK(pwi::resolve::quote_path_segment("a-1.0+local-py3-none-any.whl") ==
        "a-1.0%2Blocal-py3-none-any.whl");
  CHECK(pwi::resolve::quote_path_segment("a b~_.whl") == "a%20b~_.whl");
  CHECK(pwi::resolve::quote_path_segment("\xc3\xa9") == "%C3%A9");
}
