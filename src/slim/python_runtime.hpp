// The interpreter that a virtual environment runs and its standard library, found in a root
// file system as CPython's `site` finds them: <venv>/bin/python's symbolic links lead to the
// interpreter, whose prefix (the directory above its bin/) holds lib/pythonX.Y; pyvenv.cfg's
// `home` names the interpreter's directory when the venv holds a copy (--copies).
#pragma once

#include "slim/rootfs.hpp"
#include "slim/selection.hpp"

#include <string>

namespace pwi::slim {

struct PythonRuntime {
  std::string venv;         // "opt/venv"
  std::string interpreter;  // resolved: "usr/bin/python3.11", "usr/local/bin/python3.11"
  std::string version;      // "3.11"
  std::string stdlib;       // resolved: "usr/lib/python3.11"
  std::vector<std::string> site_packages;  // the interpreter's, when the venv includes them
};

// Throws InputError naming `origin` when `venv` is no environment of a CPython in `rootfs`.
PythonRuntime find_python_runtime(const Rootfs& rootfs, const std::string& venv,
                                  const std::string& origin);

// Whether the standard library's `relative` path (and what is below it) is left out: parts
// that no service imports (see the table in python_runtime.cpp), and its compiled files
// (__pycache__) unless `keep_bytecode`.
bool stdlib_excluded(const std::string& relative, bool keep_bytecode);

// Keeps the environment ("venv"), the interpreter ("interpreter"), the standard library
// ("stdlib") and, when pyvenv.cfg includes them, the system's site-packages
// ("system-site-packages").
void keep_python_runtime(Selection& selection, const PythonRuntime& python, bool keep_bytecode);

}  // namespace pwi::slim
