#include "../elf/elf_fixtures.hpp"
#include "slim_roots.hpp"

#include "common/error.hpp"
#include "slim/rootfs_tar.hpp"
#include "slim/slim_report.hpp"
#include "slim/slim_rules.hpp"

#include <catch2/catch.hpp>

using pwi::slim::EntryType;
using pwi::slim::read_rootfs_tar;
using pwi::slim::select_runtime;
using pwi::slim::SlimOptions;
using pwi::test::k_multiarch;
using pwi::test::TarBuilder;

namespace {

pwi::slim::Selected slim_of(const TarBuilder& tar, SlimOptions options = {})
{
  pwi::test::TempDir tmp;
  tar.write(tmp / "in.tar");
  options.origin = "in.tar";
  return select_runtime(read_rootfs_tar(tmp / "in.tar"), options);
}

std::string message_of(const TarBuilder& tar, SlimOptions options = {})
{
  try {
    slim_of(tar, std::move(options));
  } catch (const pwi::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("slim: the venv and its interpreter through its links and the standard library less "
          "its tests and Tk and an empty tmp but no shell",
          "[slim]")
{
  TarBuilder tar;
  pwi::test::add_venv_root(tar);
  const auto slim = slim_of(tar);
  const auto& out = slim.output;
  CHECK(slim.interpreter == "usr/bin/python3.11");
  CHECK(slim.python_version == "3.11");
  CHECK(slim.stdlib == "usr/lib/python3.11");
  for (const char* kept :
       {"opt/venv/app.py", "opt/venv/bin/python", "usr/bin/python3", "usr/bin/python3.11",
        "usr/lib/python3.11/os.py", "usr/lib/python3.11/json/__init__.py",
        "usr/lib/python3.11/ctypes/__init__.py", "etc/passwd", "etc/group", "etc/ld.so.conf",
        "etc/ld.so.conf.d/x86_64-linux-gnu.conf", "usr", "usr/bin"}) {
    INFO(kept);
    CHECK(out.contains(kept));
  }
  for (const char* left :
       {"usr/bin/sh", "usr/lib/python3.11/test/test_os.py",
        "usr/lib/python3.11/tkinter/__init__.py", "usr/lib/python3.11/ctypes/test/test_x.py",
        "usr/lib/python3.11/__pycache__/os.cpython-311.pyc", "etc/shadow", "tmp/leftover", "lib",
        "usr/lib64"}) {
    INFO(left);
    CHECK_FALSE(out.contains(left));
  }
  REQUIRE(out.contains("tmp"));
  CHECK(out.find("tmp")->mode == 041777);
  CHECK(slim.rule.at("usr/bin/python3.11") == "interpreter");
  CHECK(slim.rule.at("opt/venv/app.py") == "venv");

  SlimOptions with_bytecode;
  with_bytecode.keep_bytecode = true;
  CHECK(slim_of(tar, with_bytecode)
          .output.contains("usr/lib/python3.11/__pycache__/os.cpython-311.pyc"));
}

TEST_CASE("slim: --keep keeps a file or a link with its target or a directory with what it holds",
          "[slim]")
{
  TarBuilder tar;
  pwi::test::add_venv_root(tar).file("srv/app/main.py", "").file("srv/app/static/x.css", "");
  SlimOptions options;
  options.keep = {"/bin/sh", "/srv/app"};
  const auto out = slim_of(tar, options).output;
  CHECK(out.contains("bin"));  // the link passed on the way
  CHECK(out.contains("usr/bin/sh"));
  CHECK(out.contains("srv/app/static/x.css"));
  options.keep = {"/srv/missing"};
  CHECK_THAT(message_of(tar, options), Catch::Contains("--keep /srv/missing: no such file"));
}

TEST_CASE("slim: --user must be in etc/passwd", "[slim]")
{
  TarBuilder tar;
  pwi::test::add_venv_root(tar);
  SlimOptions options;
  options.user = "app";
  CHECK_NOTHROW(slim_of(tar, options));
  options.user = "1000";
  CHECK_NOTHROW(slim_of(tar, options));
  options.user = "nobody";
  CHECK_THAT(message_of(tar, options),
             Catch::Contains("in.tar: /etc/passwd has no user 'nobody' (--user)"));
}

TEST_CASE("slim: no venv or no interpreter or no standard library is malformed input", "[slim]")
{
  TarBuilder tar;
  pwi::test::add_venv_root(tar);
  SlimOptions options;
  options.venv = "/opt/other";
  CHECK_THAT(message_of(tar, options), Catch::Contains("no virtual environment at /opt/other"));
  tar.symlink("opt/bad/bin/python", "/usr/bin/python3.12").file("opt/bad/pyvenv.cfg", "");
  options.venv = "/opt/bad";
  CHECK_THAT(message_of(tar, options), Catch::Contains("leads to no interpreter"));
  tar.symlink("opt/bad/bin/python", "/usr/bin/python3.11").file("usr/lib/python3.11/os.py", "");
  tar.file("opt/bad/pyvenv.cfg", "version = 3.12.1\n");
  CHECK_THAT(message_of(tar, options),
             Catch::Contains("no standard library of /usr/bin/python3.11"));
}

TEST_CASE("slim: a library is kept with its chain of links and its directories and a missing "
          "one fails naming the file and the soname",
          "[slim]")
{
  TarBuilder tar;
  pwi::test::add_venv_root(tar)
    .dir("opt/venv/lib/python3.11/site-packages/demo")
    .file("opt/venv/lib/python3.11/site-packages/demo/nobody.so",
          pwi::test::elf_fixture("nobody.so"));
  CHECK_THAT(message_of(tar),
             Catch::Contains("/opt/venv/lib/python3.11/site-packages/demo/nobody.so needs "
                             "libnobody.so.3, which the dynamic loader does not find") &&
               Catch::Contains("/usr/lib/x86_64-linux-gnu"));

  tar.file(k_multiarch + "/libnobody.so.3.0.1", pwi::test::elf_fixture("libstub_nobody.so"))
    .symlink(k_multiarch + "/libnobody.so.3", "libnobody.so.3.0.1")
    .file(k_multiarch + "/libunrelated.so.1", pwi::test::elf_fixture("libstub_pq.so"));
  const auto slim = slim_of(tar);
  CHECK(slim.output.contains(k_multiarch + "/libnobody.so.3"));
  CHECK(slim.output.contains(k_multiarch + "/libnobody.so.3.0.1"));
  CHECK_FALSE(slim.output.contains(k_multiarch + "/libunrelated.so.1"));
  REQUIRE(slim.output.contains(k_multiarch));
  CHECK((slim.output.find(k_multiarch)->mode & 07777) == 0750);
  CHECK(slim.rule.at(k_multiarch + "/libnobody.so.3.0.1") == "libraries");
  // Found through ld.so.conf's lib/x86_64-linux-gnu, the link lib -> usr/lib.
  REQUIRE(slim.libraries.size() == 1);
  CHECK(slim.libraries[0].path == "lib/x86_64-linux-gnu/libnobody.so.3");
}

TEST_CASE("slim: a vendored library finds its needs through its loader's DT_RPATH, as numpy's "
          "libopenblas finds libgfortran",
          "[slim]")
{
  const std::string site = "opt/venv/lib/python3.11/site-packages";
  TarBuilder tar;
  pwi::test::add_venv_root(tar)
    .dir(site + "/demo.libs")
    .file(site + "/demo.libs/libmiddle.so.1", pwi::test::elf_fixture("libmiddle.so"))
    .file(site + "/demo.libs/libnobody.so.3", pwi::test::elf_fixture("libstub_nobody.so"));
  // Alone, the library misses what only its loader's DT_RPATH finds.
  CHECK_THAT(message_of(tar),
             Catch::Contains("/" + site +
                             "/demo.libs/libmiddle.so.1 needs "
                             "libnobody.so.3, which the dynamic loader does not find"));
  // Loaded by the extension, it finds it: the image is complete and keeps both.
  tar.dir(site + "/demo").file(site + "/demo/ext.so", pwi::test::elf_fixture("ext_rpath.so"));
  const auto slim = slim_of(tar);
  CHECK(slim.output.contains(site + "/demo.libs/libmiddle.so.1"));
  CHECK(slim.output.contains(site + "/demo.libs/libnobody.so.3"));
}

TEST_CASE("slim: the same root in another member order gives the same bytes", "[slim]")
{
  TarBuilder forward;
  pwi::test::add_venv_root(forward)
    .file("srv/b", "b")
    .file("srv/a", "a")
    .hardlink("srv/c", "srv/b");
  TarBuilder other;
  other.file("srv/a", "a").file("srv/b", "b").hardlink("srv/c", "srv/b");
  pwi::test::add_venv_root(other);
  SlimOptions options;
  options.keep = {"/srv"};
  const std::string one = pwi::slim::write_rootfs_tar(slim_of(forward, options).output);
  const std::string two = pwi::slim::write_rootfs_tar(slim_of(other, options).output);
  CHECK(one == two);
  CHECK(one == pwi::slim::write_rootfs_tar(slim_of(forward, options).output));
}

TEST_CASE("slim: a real program of the host keeps its libraries and the loader and nothing else",
          "[slim]")
{
  const std::string lib = "/" + k_multiarch;
  if (!pwi::test::host_has(lib + "/libc.so.6") ||
      !pwi::test::host_has("/lib64/ld-linux-x86-64.so.2")) {
    WARN("no x86_64 Debian libraries on this host: skipped");
    return;
  }
  const bool python = pwi::test::host_has("/usr/bin/python3.11");
  const std::string program = python ? "/usr/bin/python3.11" : "/usr/bin/ls";
  TarBuilder tar;
  pwi::test::add_venv_root(tar);
  pwi::test::add_host_file(tar, program);
  tar.symlink("opt/venv/bin/python", program)
    .file("etc/nsswitch.conf", "passwd: files systemd\nhosts: files [NOTFOUND=return] dns\n");
  for (const char* name : {"libc.so.6", "libm.so.6", "libz.so.1", "libexpat.so.1",
                           "libselinux.so.1", "libpcre2-8.so.0", "libcrypto.so.3", "libssl.so.3",
                           "ld-linux-x86-64.so.2", "libgcc_s.so.1", "libnss_files.so.2"}) {
    pwi::test::add_host_file(tar, lib + "/" + name);
  }
  pwi::test::add_host_file(tar, "/usr/lib64/ld-linux-x86-64.so.2");
  const auto slim = slim_of(tar);
  const auto& out = slim.output;
  std::vector<std::string> wanted = {"libc.so.6", "ld-linux-x86-64.so.2"};
  if (python) {
    wanted.insert(wanted.end(), {"libm.so.6", "libz.so.1", "libexpat.so.1"});
  } else {
    wanted.insert(wanted.end(), {"libselinux.so.1", "libpcre2-8.so.0"});
  }
  for (const std::string& name : wanted) {
    INFO(name);
    CHECK(out.contains(k_multiarch + "/" + name));
    const auto resolved = out.resolve(k_multiarch + "/" + name);
    REQUIRE(resolved.has_value());
    CHECK(out.find(*resolved)->type == EntryType::k_file);
  }
  CHECK(out.contains("lib64"));  // PT_INTERP /lib64/ld-linux-x86-64.so.2, through the links
  CHECK(out.contains("usr/lib64/ld-linux-x86-64.so.2"));
  CHECK(out.contains(k_multiarch + "/libgcc_s.so.1"));
  CHECK(slim.rule.at(k_multiarch + "/libgcc_s.so.1") == "libgcc_s");
  if (pwi::test::host_has(lib + "/libnss_files.so.2")) {
    CHECK(slim.rule.at(k_multiarch + "/libnss_files.so.2") == "nss");
  }
  CHECK_FALSE(out.contains(k_multiarch + "/libcrypto.so.3"));
  CHECK_FALSE(out.contains(k_multiarch + "/libssl.so.3"));
  CHECK_FALSE(out.contains(k_multiarch + (python ? "/libselinux.so.1" : "/libexpat.so.1")));
  const std::string report = pwi::slim::slim_report_json(out, slim);
  CHECK_THAT(report, Catch::Contains("\"soname\": \"libc.so.6\""));
}
