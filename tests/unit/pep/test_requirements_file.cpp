// Behaviour checked against pip 23.2.1 (pip._internal.req.req_file.parse_requirements and
// install_req_from_parsed_requirement) on the same inputs.
#include "common/error.hpp"
#include "common/memory_file_system.hpp"
#include "pep/requirements_file.hpp"

#include <catch2/catch.hpp>

#include <map>

using pwi::MemoryFileSystem;
using pwi::RequirementFiles;

namespace {

pwi::Getenv env(std::map<std::string, std::string> values)
{
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

RequirementFiles read(MemoryFileSystem& fs, std::vector<std::string> reqs,
                      std::vector<std::string> constraints = {},
                      std::map<std::string, std::string> environment = {})
{
  return pwi::read_requirement_files(fs, reqs, constraints, env(std::move(environment)));
}

RequirementFiles read_text(const std::string& text)
{
  MemoryFileSystem fs;
  fs.add_file("requirements.txt", text);
  return read(fs, {"requirements.txt"});
}

std::vector<std::string> names(const std::vector<pwi::RequirementLine>& lines)
{
  std::vector<std::string> out;
  for (const auto& line : lines) {
    out.push_back(line.requirement.str());
  }
  return out;
}

std::string error_of(const std::string& text)
{
  try {
    read_text(text);
  } catch (const pwi::InputError& e) {
    return e.what();
  }
  return "no InputError";
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("requirements file: comments, blank lines, continuations, markers")
{
  const auto files = read_text("# a comment\n"
                               "foo==1.0  # trailing comment\n"
                               "  # indented comment\n"
                               "bar \\\n"
                               "  >=2 \\\n"
                               "  ; python_version >= '3'\n"
                               "\n"
                               "baz;\n"
                               "qux\f quux\n");
  CHECK(names(files.requirements) ==
        Strings{"foo==1.0", "bar>=2; python_version >= \"3\"", "baz", "qux", "quux"});
  REQUIRE(files.requirements.size() == 5);
  const auto& bar = files.requirements[1].where;
  CHECK(bar.file == "requirements.txt");
  CHECK(bar.line == 4);  // the physical line where the logical line starts
  CHECK(bar.line_text == "bar   >=2   ; python_version >= '3'");
  CHECK(files.requirements[4].where.line == 10);  // \f ends a line for str.splitlines
}

TEST_CASE("requirements file: a continuation joins a following comment line")
{
  const auto files = read_text("foo\\\n# comment \\\nbar\n\\baz\\\\\n");
  CHECK(names(files.requirements) == Strings{"foo", "bar", "baz"});
  CHECK(files.requirements[1].where.line == 3);
}

TEST_CASE("requirements file: ${VAR} expansion as pip does it")
{
  MemoryFileSystem fs;
  fs.add_file("r.txt", "foo==${VERSION}\n"
                       "bar==${EMPTY}1\n"
                       "baz${UNSET_VAR}\n"
                       "${lower}\n"
                       "-i ${INDEX}\n");
  try {
    read(fs, {"r.txt"}, {}, {{"VERSION", "1.0"}, {"EMPTY", ""}, {"INDEX", "https://i/simple"}});
    FAIL("expected an error");
  } catch (const pwi::InputError& e) {
    // Unset and empty variables stay literal, and "${EMPTY}1" is no version.
    CHECK(std::string(e.what()) ==
          "r.txt:2:6: invalid requirement: invalid version '${EMPTY}1' after '=='\n"
          "  bar==${EMPTY}1\n"
          "       ^");
  }
  fs.add_file("r.txt", "foo==${VERSION}\n-i ${INDEX}\n");
  const auto files = read(fs, {"r.txt"}, {}, {{"VERSION", "1.0"}, {"INDEX", "https://i/simple"}});
  CHECK(names(files.requirements) == Strings{"foo==1.0"});
  CHECK(files.options.args == Strings{"--index-url", "https://i/simple"});
}

TEST_CASE("requirements file: per-requirement hashes and build options")
{
  const auto files = read_text("foo==1.0 \\\n"
                               "    --hash=sha256:aaaa \\\n"
                               "    --hash sha512:bbbb\n"
                               "bar -C key=value --global-option=--x\n");
  REQUIRE(files.requirements.size() == 2);
  CHECK(files.requirements[0].hashes == Strings{"sha256:aaaa", "sha512:bbbb"});
  CHECK(files.requirements[1].build_options ==
        Strings{"--config-settings=key=value", "--global-option=--x"});
}

TEST_CASE("requirements file: global options are kept in order")
{
  MemoryFileSystem fs;
  fs.add_file("/p/wheels/.keep", "");
  fs.add_file("/p/requirements.txt", "-i https://a/simple\n"
                                     "--extra-index-url=https://b/simple\n"
                                     "--pre --prefer-binary\n"
                                     "-f wheels\n"
                                     "-f https://c/links\n"
                                     "--no-binary :all: --only-binary=numpy,scipy\n"
                                     "--trusted-host b --no-index --require-hashes\n"
                                     "--ind https://d/simple\n"
                                     "--use-feature=truststore\n"
                                     "foo\n");
  const auto files = read(fs, {"/p/requirements.txt"});
  const auto& o = files.options;
  CHECK(o.args ==
        Strings{"--index-url",   "https://a/simple", "--extra-index-url", "https://b/simple",
                "--pre",         "--prefer-binary",  "--find-links",      "/p/wheels",
                "--find-links",  "https://c/links",  "--no-binary",       ":all:",
                "--only-binary", "numpy,scipy",      "--trusted-host",    "b",
                "--no-index",    "--require-hashes", "--index-url",       "https://d/simple",
                "--use-feature", "truststore"});
  CHECK(o.index_url == "https://d/simple");
  CHECK(o.extra_index_urls == Strings{"https://b/simple"});
  CHECK(o.find_links == Strings{"/p/wheels", "https://c/links"});
  CHECK(o.no_binary == Strings{":all:"});
  CHECK(o.only_binary == Strings{"numpy,scipy"});
  CHECK(o.trusted_hosts == Strings{"b"});
  CHECK(o.features == Strings{"truststore"});
  CHECK((o.pre && o.prefer_binary && o.no_index && o.require_hashes));
  CHECK(names(files.requirements) == Strings{"foo"});
}

TEST_CASE("requirements file: -r and -c nest relative to the including file")
{
  MemoryFileSystem fs;
  fs.add_file("top.txt", "-r sub/a.txt\n-c sub/c.txt\ntop\n");
  fs.add_file("sub/a.txt", "a1\n--requirement=../sub/b.txt\n");
  fs.add_file("sub/b.txt", "b1\n");
  fs.add_file("sub/c.txt", "c1==1\n-rb.txt\n");  // -r inside a constraints file: requirements
  fs.add_file("cons.txt", "k<2\n");
  const auto files = read(fs, {"top.txt"}, {"cons.txt"});
  CHECK(names(files.requirements) == Strings{"a1", "b1", "b1", "top"});
  CHECK(names(files.constraints) == Strings{"k<2", "c1==1"});
  CHECK(files.files_read ==
        Strings{"cons.txt", "top.txt", "sub/a.txt", "sub/../sub/b.txt", "sub/c.txt", "sub/b.txt"});
  CHECK(files.requirements[1].where.file == "sub/../sub/b.txt");
}

TEST_CASE("requirements file: include cycles and missing nested files are errors")
{
  MemoryFileSystem fs;
  fs.add_file("a.txt", "x\n-r b.txt\n");
  fs.add_file("b.txt", "  -r ./a.txt\n");
  CHECK_THROWS_WITH(read(fs, {"a.txt"}),
                    "b.txt:1:3: requirement files include each other: a.txt -> b.txt -> a.txt\n"
                    "    -r ./a.txt\n"
                    "    ^");
  fs.add_file("c.txt", "foo\n-c missing.txt\n");
  CHECK_THROWS_WITH(read(fs, {"c.txt"}),
                    "c.txt:2:1: could not open requirements file: cannot read 'missing.txt': "
                    "No such file or directory\n"
                    "  -c missing.txt\n"
                    "  ^");
  CHECK_THROWS_AS(read(fs, {"nope.txt"}), pwi::IoError);
}

TEST_CASE("requirements file: links are kept as sources, read from the file's directory")
{
  using Kind = pwi::DirectSource::Kind;
  MemoryFileSystem fs;
  fs.add_file("/p/src/pkg/pyproject.toml", "[project]\nname='pkg'\n");
  fs.add_file("/p/app/setup.py", "");
  fs.add_file("/p/dist/foo-1.0.tar.gz", "");
  fs.add_directory("/p/empty");
  fs.add_file("/p/r.txt", "./src/pkg[extra] ; python_version > '3'\n"
                          "-e ./app\n"
                          "foo @ https://example.com/foo-1.0-py3-none-any.whl\n"
                          "git+https://github.com/x/y@v1.2#egg=why\n"
                          "./dist/foo-1.0.tar.gz\n"
                          "bar @ file:///p/app\n"
                          "plain==1\n");
  const auto files = read(fs, {"/p/r.txt"});
  const auto& r = files.requirements;
  REQUIRE(r.size() == 7);
  REQUIRE(r[0].source);
  CHECK(r[0].source->kind == Kind::k_directory);
  CHECK(r[0].source->location == "/p/src/pkg");
  CHECK(r[0].requirement.key.empty());
  CHECK(r[0].requirement.extras == Strings{"extra"});
  CHECK(r[0].requirement.marker);
  CHECK((r[1].source->kind == Kind::k_directory && r[1].source->editable));
  CHECK(r[1].source->location == "/p/app");
  CHECK(r[2].source->kind == Kind::k_url);
  CHECK(r[2].requirement.key == "foo");
  CHECK(r[3].source->kind == Kind::k_vcs);
  CHECK(r[3].requirement.key == "why");
  CHECK(r[4].source->kind == Kind::k_archive);
  CHECK(r[4].source->location == "/p/dist/foo-1.0.tar.gz");
  CHECK((r[5].source->kind == Kind::k_directory && r[5].requirement.key == "bar"));
  CHECK(!r[6].source);

  fs.add_file("/p/bad.txt", "./empty\n");
  CHECK_THROWS_WITH(read(fs, {"/p/bad.txt"}),
                    Catch::StartsWith("/p/bad.txt:1:1: Directory './empty' is not installable. "
                                      "Neither 'setup.py' nor 'pyproject.toml' found."));
  fs.add_file("/p/bad.txt", "-e https://example.com/x.tar.gz\n");
  CHECK_THROWS_WITH(read(fs, {"/p/bad.txt"}),
                    Catch::Contains("is not a valid editable requirement"));
  fs.add_file("/p/bad.txt", "./dist/missing-1.0.tar.gz\n");
  CHECK_THROWS_WITH(read(fs, {"/p/bad.txt"}),
                    Catch::Contains("the file /p/dist/missing-1.0.tar.gz does not exist"));
  fs.add_file("/p/c.txt", "./app\n");
  CHECK_THROWS_WITH(read(fs, {}, {"/p/c.txt"}), Catch::Contains("a link in a constraints file"));
  fs.add_file("/p/r.txt", "-r https://example.com/r.txt\n");
  CHECK_THROWS_WITH(read(fs, {"/p/r.txt"}),
                    Catch::StartsWith("/p/r.txt:1:1: not supported here: requirement files from "
                                      "URLs ('https://example.com/r.txt')"));
}

TEST_CASE("requirements file: malformed lines name file, line and column")
{
  CHECK(error_of("ok\nfoo=1.0\n") ==
        "requirements.txt:2:4: invalid requirement: expected ',', ';' or the end of the "
        "requirement (= is not a valid operator. Did you mean == ?)\n"
        "  foo=1.0\n"
        "     ^");
  CHECK(error_of("foo --hash=md5:abc\n") ==
        "requirements.txt:1:5: Allowed hash algorithms for --hash are sha256, sha384, sha512.\n"
        "  foo --hash=md5:abc\n"
        "      ^");
  CHECK(error_of("foo --hash=sha256\n") ==
        "requirements.txt:1:5: Arguments to --hash must be a hash name followed by a value, "
        "like --hash=sha256:abcde...\n"
        "  foo --hash=sha256\n"
        "      ^");
  CHECK(error_of("--pre=1\n") ==
        "requirements.txt:1:1: --pre option does not take a value\n  --pre=1\n  ^");
  CHECK(error_of("--pr\n") ==
        "requirements.txt:1:1: ambiguous option: --pr (--pre, --prefer-binary?)\n  --pr\n  ^");
  CHECK(error_of("foo --frobnicate\n") ==
        "requirements.txt:1:5: no such option: --frobnicate\n  foo --frobnicate\n      ^");
  CHECK(error_of("-r\n") == "requirements.txt:1:1: -r option requires 1 argument\n  -r\n  ^");
  CHECK(error_of("foo --hash='sha256:abc\n") ==
        "requirements.txt:1:5: could not split options: No closing quotation\n"
        "  foo --hash='sha256:abc\n"
        "      ^");
  CHECK(error_of("foo;python_version<'3';x\n") ==
        "requirements.txt:1:23: invalid marker: unexpected text after the marker\n"
        "  foo;python_version<'3';x\n"
        "                        ^");
  CHECK(error_of("--only-binary -x\n") ==
        "requirements.txt:1:1: --no-binary / --only-binary option requires 1 argument.\n"
        "  --only-binary -x\n"
        "  ^");
}

TEST_CASE("requirements file: errors after a continuation point into the joined line")
{
  CHECK(error_of("foo \\\n  >=> 1\n") ==
        "requirements.txt:1:11: invalid requirement: unexpected text in requirement\n"
        "  foo   >=> 1\n"
        "            ^");
}

TEST_CASE("requirements file: constraints cannot have extras")
{
  MemoryFileSystem fs;
  fs.add_file("c.txt", "x[y]==1\n");
  CHECK_THROWS_WITH(read(fs, {}, {"c.txt"}),
                    "c.txt:1:1: Constraints cannot have extras\n  x[y]==1\n  ^");
}

TEST_CASE("requirements file: options pip ignores are reported as warnings")
{
  const auto files = read_text("foo -i https://x\n--hash=sha256:abc\n");
  CHECK(names(files.requirements) == Strings{"foo"});
  CHECK(files.options.args.empty());
  CHECK(files.warnings ==
        Strings{"requirements.txt:1: --index-url is ignored on a requirement line (as pip "
                "ignores it)",
                "requirements.txt:2: has --hash but no requirement, and will be ignored."});
}

TEST_CASE("requirements file: encodings")
{
  CHECK(names(read_text("\xEF\xBB\xBF"
                        "foo\n")
                .requirements) == Strings{"foo"});
  CHECK(names(read_text("# -*- coding: latin-1 -*-\nfoo ; platform_release == '\xE9'\n")
                .requirements) == Strings{"foo; platform_release == \"\xC3\xA9\""});
  CHECK(error_of("foo\nbar\xFF\n") ==
        "requirements.txt:2: not valid UTF-8 (declare another encoding with a "
        "'# -*- coding: ... -*-' line)");
  CHECK(error_of("# coding: cp1252\nfoo\n") ==
        "requirements.txt:1: not supported here: encoding 'cp1252' (use UTF-8, ASCII or "
        "Latin-1)");
}
