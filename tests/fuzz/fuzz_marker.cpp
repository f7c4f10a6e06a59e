// Fuzzes Marker::parse and evaluation: parse or ParseError; a parsed marker prints to a text
// that parses again and prints the same (str() is a fixed point).
#include "common/error.hpp"
#include "pep/marker.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const pwi::MarkerEnvironment k_env{{"implementation_name", "cpython"},
                                            {"implementation_version", "3.11.2"},
                                            {"os_name", "posix"},
                                            {"platform_machine", "x86_64"},
                                            {"platform_release", "6.1.0"},
                                            {"platform_system", "Linux"},
                                            {"platform_version", "#1 SMP"},
                                            {"python_full_version", "3.11.2"},
                                            {"platform_python_implementation", "CPython"},
                                            {"python_version", "3.11"},
                                            {"sys_platform", "linux"}};
  std::optional<pwi::Marker> marker;
  try {
    marker = pwi::Marker::parse(text);
  } catch (const pwi::ParseError&) {
    return 0;
  }
  const std::string printed = marker->str();
  // Values containing quotes or escapes do not survive printing (packaging prints them raw).
  if (printed.find_first_of("'\\\t\n\r\f") == std::string::npos &&
      std::count(printed.begin(), printed.end(), '"') % 2 == 0) {
    try {
      if (pwi::Marker::parse(printed).str() != printed) {
        std::abort();
      }
    } catch (const pwi::ParseError&) {
    }
  }
  try {
    (void)marker->evaluate(k_env, "extra");
  } catch (const pwi::Error&) {
  }
  return 0;
}
