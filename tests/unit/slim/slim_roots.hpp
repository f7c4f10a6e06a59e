// Root file systems for the slim tests: a venv-like layout with a stand-in interpreter, and a
// merged-/usr root holding real ELF files of the host.
#pragma once

#include "../support/temp_dir.hpp"
#include "tar_builder.hpp"

#include <filesystem>
#include <string>

namespace pwi::test {

inline const std::string k_multiarch = "usr/lib/x86_64-linux-gnu";

// Debian's merged /usr and an environment at opt/venv whose python leads to usr/bin/python3.11
// through a chain of links, with a minimal standard library.
inline TarBuilder& add_venv_root(TarBuilder& tar, const std::string& interpreter = "#!stand-in")
{
  return tar.symlink("bin", "usr/bin")
    .symlink("lib", "usr/lib")
    .symlink("lib64", "usr/lib64")
    .dir("usr")
    .dir("usr/bin")
    .file("usr/bin/python3.11", interpreter, 0755)
    .symlink("usr/bin/python3", "python3.11")
    .file("usr/bin/sh", "#!shell", 0755)
    .dir("usr/lib")
    .dir("usr/lib/" + k_multiarch.substr(8), 0750)
    .dir("usr/lib64")
    .dir("usr/lib/python3.11")
    .file("usr/lib/python3.11/os.py", "import posix\n")
    .file("usr/lib/python3.11/json/__init__.py", "")
    .file("usr/lib/python3.11/__pycache__/os.cpython-311.pyc", "pyc")
    .file("usr/lib/python3.11/test/test_os.py", "")
    .file("usr/lib/python3.11/tkinter/__init__.py", "")
    .file("usr/lib/python3.11/ctypes/test/test_x.py", "")
    .file("usr/lib/python3.11/ctypes/__init__.py", "")
    .dir("etc")
    .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
    .file("etc/group", "root:x:0:\n")
    .file("etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n")
    .file("etc/ld.so.conf.d/x86_64-linux-gnu.conf",
          "# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n")
    .file("etc/shadow", "root:*::0:::::\n", 0640)
    .dir("tmp", 0755)
    .file("tmp/leftover", "x")
    .dir("opt")
    .dir("opt/venv")
    .dir("opt/venv/bin")
    .symlink("opt/venv/bin/python", "/usr/bin/python3")
    .file("opt/venv/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\n"
                                 "version = 3.11.2\n")
    .file("opt/venv/app.py", "print('hi')\n");
}

// Adds the host's file at the absolute `path` under the same name, and for a symbolic link
// the files it leads to.
inline void add_host_file(TarBuilder& tar, const std::string& path)
{
  const auto status = std::filesystem::symlink_status(path);
  if (std::filesystem::is_symlink(status)) {
    const std::string target = std::filesystem::read_symlink(path).string();
    tar.symlink(path.substr(1), target);
    const std::filesystem::path next = target.front() == '/'
                                         ? std::filesystem::path(target)
                                         : std::filesystem::path(path).parent_path() / target;
    add_host_file(tar, next.lexically_normal().string());
  } else if (std::filesystem::is_regular_file(status)) {
    tar.file(path.substr(1), slurp(path), 0755);
  }
}

inline bool host_has(const std::string& path)
{
  return std::filesystem::exists(path);
}

}  // namespace pwi::test
