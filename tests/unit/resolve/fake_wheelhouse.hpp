// Tiny wheelhouses for the resolver's unit tests: minimal wheels (stored zip archives with
// WHEEL and METADATA, written by hand), requirement files and a fixed Linux CPython 3.11 target.
#pragma once

#include "../support/temp_dir.hpp"
#include "../support/zip_writer.hpp"

#include "pep/requirements_file.hpp"
#include "resolve/resolve.hpp"
#include "resolve/wheelhouse.hpp"
#include "wheels/target_environment.hpp"

#include <string>
#include <vector>

namespace pwi::test {

class FakeWheelhouse {
public:
  FakeWheelhouse() { m_dir.write("wheels/.keep", ""); }

  // `file_name` as "a-1.0-py3-none-any.whl"; `headers`: extra METADATA lines such as
  // "Requires-Dist: b>=1" or "Requires-Python: >=3.12". `version` overrides METADATA's.
  std::string wheel(const std::string& file_name, const std::vector<std::string>& headers = {},
                    const std::string& version = "")
  {
    const auto dash = file_name.find('-');
    const auto dash2 = file_name.find('-', dash + 1);
    const std::string name = file_name.substr(0, dash);
    const std::string file_version = file_name.substr(dash + 1, dash2 - dash - 1);
    std::string metadata = "Metadata-Version: 2.1\nName: " + name +
                           "\nVersion: " + (version.empty() ? file_version : version) + "\n";
    for (const auto& h : headers) {
      metadata += h + "\n";
    }
    const std::string info = name + "-" + file_version + ".dist-info";
    return m_dir.write("wheels/" + file_name,
                       make_zip({{info + "/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"},
                                   {info + "/METADATA", metadata + "\n"},
                                   {info + "/RECORD", ""}}));
  }

  std::string file(const std::string& name, const std::string& content)
  {
    return m_dir.write(name, content);
  }

  resolve::Resolved resolve(const std::string& requirements, const std::string& constraints = "",
                            bool pre = false)
  {
    std::vector<std::string> cons;
    if (!constraints.empty()) {
      cons.push_back(file("cons.txt", constraints));
    }
    m_inputs = read_requirement_files({file("req.txt", requirements)}, cons);
    RealFileSystem fs;
    const auto house = resolve::Wheelhouse::scan(fs, m_dir / "wheels");
    return resolve::resolve_requirements(house, target(), m_inputs, pre);
  }

  // The message of the ResolveError, or "no error".
  std::string error(const std::string& requirements, const std::string& constraints = "")
  {
    try {
      resolve(requirements, constraints);
    } catch (const ResolveError& e) {
      std::string text = e.what();
      // Paths of the temporary directory vary: show them as "DIR".
      for (std::size_t at; (at = text.find(m_dir.path())) != std::string::npos;) {
        text.replace(at, m_dir.path().size(), "DIR");
      }
      return text;
    }
    return "no error";
  }

  static TargetEnvironment target()
  {
    return TargetEnvironment::parse(R"({"markers": {
      "implementation_name": "cpython", "implementation_version": "3.11.7", "os_name": "posix",
      "platform_machine": "x86_64", "platform_release": "6.1", "platform_system": "Linux",
      "platform_version": "#1", "python_full_version": "3.11.7",
      "platform_python_implementation": "CPython", "python_version": "3.11",
      "sys_platform": "linux"},
      "tags": ["cp311-cp311-manylinux_2_17_x86_64", "cp311-abi3-manylinux_2_17_x86_64",
               "py3-none-manylinux_2_17_x86_64", "cp311-none-any", "py311-none-any",
               "py3-none-any"]})",
                                    "env.json");
  }

  const TempDir& dir() const { return m_dir; }

private:
  TempDir m_dir;
  RequirementFiles m_inputs;  // the resolution points into it
};

// "a==1.0 b==2.0": what a resolution installs, in lock order.
inline std::string pins(const resolve::Resolved& resolved)
{
  std::string out;
  for (const auto& p : resolved.packages) {
    out += (out.empty() ? "" : " ") + p.key + "==" + p.version.str();
  }
  return out;
}

}  // namespace pwi::test
