// The CLI's unit tests run `pywheelimage` in-process, as main() would, on files in their own
// temporary directory (a TempDir or a FakeWheelhouse), and check the exit status and outputs.
#pragma once

#include "cli/cli.hpp"
#include "common/error.hpp"

#include <string>
#include <vector>

namespace pwi::test {

// ENV.json of a Linux x86_64 CPython 3.11 target, for --env.
inline constexpr const char* k_cli_env = R"({"markers": {
  "implementation_name": "cpython", "implementation_version": "3.11.7", "os_name": "posix",
  "platform_machine": "x86_64", "platform_release": "6.1", "platform_system": "Linux",
  "platform_version": "#1", "python_full_version": "3.11.7",
  "platform_python_implementation": "CPython", "python_version": "3.11",
  "sys_platform": "linux"},
  "tags": ["cp311-cp311-manylinux_2_17_x86_64", "py3-none-any"]})";

// `pywheelimage ARGS...`: its exit status.
inline int run_cli(std::vector<std::string> args)
{
  args.insert(args.begin(), "pywheelimage");
  std::vector<char*> argv;
  for (auto& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  return cli::run(static_cast<int>(args.size()), argv.data());
}

constexpr int exit_status(ExitCode code)
{
  return static_cast<int>(code);
}

}  // namespace pwi::test
