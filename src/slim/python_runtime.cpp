#include "slim/python_runtime.hpp"

#include "common/error.hpp"

#include <fmt/format.h>

#include <fnmatch.h>

#include <map>

namespace pwi::slim {

namespace {

struct Exclusion {
  const char* pattern;  // fnmatch(FNM_PATHNAME) against the path below lib/pythonX.Y
  const char* why;
};

// Parts of the standard library that no service imports. Sizes are those of CPython 3.11 in
// python:3.11-slim (Debian's python3.11 ships the test suites and Tk apart, so that most of
// these are not there at all).
constexpr Exclusion k_stdlib_exclusions[] = {
  {"test", "CPython's regression tests (about 25 MB); Debian: libpython3.X-testsuite"},
  {"*/test", "the tests of single modules (ctypes, sqlite3, unittest, tkinter, ...)"},
  {"*/tests", "the same, named tests/ (distutils, lib2to3)"},
  {"*/idle_test", "IDLE's tests"},
  {"idlelib", "the IDLE editor: a desktop program (about 2 MB)"},
  {"tkinter", "Tk bindings: need libtk and a display, which no service image has"},
  {"lib-dynload/_tkinter.*", "their extension module, which needs libtk8.6"},
  {"turtle.py", "turtle graphics, on Tk"},
  {"__pycache__/turtle.*", "its compiled files"},
  {"turtledemo", "turtle demos"},
  {"ensurepip", "bundled pip and setuptools wheels (about 3 MB), to bootstrap pip: a runtime "
                "installs nothing"},
  {"config-*", "libpython's static library, Makefile and headers' config, for building "
               "extension modules"},
  {"lib2to3", "the 2to3 converter (deprecated, removed in 3.13): a development tool"},
  {"curses", "terminal user interfaces: not a service's"},
  {"lib-dynload/_curses*", "their extension modules, which need ncurses"},
  {"lib-dynload/readline.*", "line editing of the interactive prompt (libreadline, ncurses)"},
  {"lib-dynload/nis.*", "NIS (deprecated by PEP 594): needs libnsl, libtirpc and Kerberos, "
                        "about 2 MB"},
  {"lib-dynload/_dbm.*", "dbm.ndbm on Berkeley DB (libdb, about 1.8 MB); dbm.open falls back "
                         "to dbm.dumb"},
  {"lib-dynload/_test*", "CPython's test extension modules"},
  {"lib-dynload/_ctypes_test.*", "the same, for ctypes"},
  {"lib-dynload/_xxtestfuzz.*", "the same, for fuzzing"},
  {"lib-dynload/xxlimited*", "examples of the limited API"},
  {"pydoc_data", "the topics of the interactive help() (about 0.7 MB)"},
  {"site-packages", "the interpreter's own packages (pip, setuptools and wheel in python:3.x-slim):"
                    " the venv does not see them unless include-system-site-packages"},
  {"dist-packages", "the same, Debian's name"},
};

std::map<std::string, std::string> read_pyvenv_cfg(const Rootfs& rootfs, const std::string& venv)
{
  std::map<std::string, std::string> out;
  const auto path = rootfs.resolve(venv + "/pyvenv.cfg");
  const Entry* entry = path ? rootfs.find(*path) : nullptr;
  if (entry == nullptr || entry->type != EntryType::k_file) {
    return out;
  }
  const std::string& text = *entry->data;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    const auto equals = line.find('=');
    if (equals == std::string::npos) {
      continue;
    }
    const auto trim = [](std::string s) {
      const auto first = s.find_first_not_of(" \t\r");
      const auto last = s.find_last_not_of(" \t\r");
      return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
    };
    out[trim(line.substr(0, equals))] = trim(line.substr(equals + 1));
  }
  return out;
}

// "3.11.2" -> "3.11"; "" when it is not X.Y[.Z...].
std::string major_minor(const std::string& version)
{
  const auto first = version.find('.');
  if (first == std::string::npos || first == 0) {
    return "";
  }
  const auto second = version.find('.', first + 1);
  return version.substr(0, second);
}

bool is_file(const Rootfs& rootfs, const std::optional<std::string>& path)
{
  const Entry* entry = path ? rootfs.find(*path) : nullptr;
  return entry != nullptr && entry->type == EntryType::k_file;
}

}  // namespace

bool stdlib_excluded(const std::string& relative, bool keep_bytecode)
{
  // Debian compiles the standard library when installing it; without the files, Python
  // compiles what it imports at each start (and writes it when it may): about 45% of the
  // standard library's bytes, as distroless leaves them out.
  if (!keep_bytecode && base_name(relative) == "__pycache__") {
    return true;
  }
  for (const Exclusion& exclusion : k_stdlib_exclusions) {
    if (::fnmatch(exclusion.pattern, relative.c_str(), FNM_PATHNAME) == 0) {
      return true;
    }
  }
  return false;
}

PythonRuntime find_python_runtime(const Rootfs& rootfs, const std::string& venv,
                                  const std::string& origin)
{
  const auto fail = [&](const std::string& message) {
    throw InputError(SourceLocation{origin, 0, 0, ""}, message);
  };
  PythonRuntime python;
  python.venv = normalize_path(venv);
  const auto venv_dir = rootfs.resolve(python.venv);
  const Entry* dir = venv_dir ? rootfs.find(*venv_dir) : nullptr;
  const bool implied = venv_dir && dir == nullptr && !rootfs.below(*venv_dir).empty();
  if (!implied && (dir == nullptr || dir->type != EntryType::k_directory)) {
    fail(fmt::format("no virtual environment at /{} (--venv)", python.venv));
  }
  const std::map<std::string, std::string> cfg = read_pyvenv_cfg(rootfs, python.venv);
  const auto version_it = cfg.find("version");
  python.version = version_it == cfg.end() ? "" : major_minor(version_it->second);
  if (python.version.empty() && cfg.count("version_info") > 0) {
    python.version = major_minor(cfg.at("version_info"));
  }

  // The first of bin/python, bin/python3 that leads out of the venv is the interpreter; a
  // copy inside it (--copies) stands for pyvenv.cfg's home/pythonX.Y.
  for (const char* name : {"python", "python3"}) {
    const auto target = rootfs.resolve(python.venv + "/bin/" + name);
    if (is_file(rootfs, target) && target->rfind(*venv_dir + "/", 0) != 0) {
      python.interpreter = *target;
      break;
    }
  }
  if (python.interpreter.empty() && cfg.count("home") > 0 && !python.version.empty()) {
    const auto target = rootfs.resolve(cfg.at("home") + "/python" + python.version);
    if (is_file(rootfs, target)) {
      python.interpreter = *target;
    }
  }
  if (python.interpreter.empty()) {
    fail(fmt::format("/{}/bin/python leads to no interpreter outside the environment, and "
                     "pyvenv.cfg names none (home, version)",
                     python.venv));
  }
  if (python.version.empty()) {
    const std::string name = base_name(python.interpreter);  // "python3.11"
    python.version = name.rfind("python", 0) == 0 ? major_minor(name.substr(6)) : "";
  }
  if (python.version.empty()) {
    fail(
      fmt::format("cannot tell the Python version of /{}: pyvenv.cfg has no version", python.venv));
  }
  const std::string prefix = parent_path(parent_path(python.interpreter));
  const std::string lib = prefix.empty() ? "lib" : prefix + "/lib";
  const auto stdlib = rootfs.resolve(lib + "/python" + python.version);
  if (!stdlib || !rootfs.contains(*stdlib + "/os.py")) {
    fail(fmt::format("no standard library of /{} at /{}/python{} (no os.py)", python.interpreter,
                     lib, python.version));
  }
  python.stdlib = *stdlib;
  const auto system_site = cfg.find("include-system-site-packages");
  if (system_site != cfg.end() && system_site->second == "true") {
    python.site_packages = {*stdlib + "/site-packages", lib + "/python3/dist-packages",
                            prefix + "/local/lib/python" + python.version + "/dist-packages"};
  }
  return python;
}

void keep_python_runtime(Selection& selection, const PythonRuntime& python, bool keep_bytecode)
{
  selection.keep(python.interpreter, "interpreter");
  selection.keep(python.venv, "venv", true);
  selection.keep(python.stdlib, "stdlib", true, [keep_bytecode](const std::string& relative) {
    return stdlib_excluded(relative, keep_bytecode);
  });
  for (const std::string& dir : python.site_packages) {
    selection.keep(dir, "system-site-packages", true);
  }
}

}  // namespace pwi::slim
