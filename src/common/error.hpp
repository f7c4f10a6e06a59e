// Errors of the helper. Fatal conditions are exceptions from this small hierarchy; the one
// place that turns them into messages and exit codes is pwi::cli::run (src/cli/cli.cpp).
#pragma once

#include <stdexcept>
#include <string>

namespace pwi {

// Documented in `pywheelimage --help`; stable, other tools depend on them.
enum class ExitCode : int {
  k_ok = 0,
  k_failure = 1,       // generic failure (should not normally happen)
  k_usage = 2,         // bad command line
  k_input = 3,         // malformed input file (requirements, ENV.json, wheel file)
  k_unresolvable = 4,  // requirements cannot be satisfied from the wheelhouse
  k_io = 5,            // file system error (cannot read or write)
  k_internal = 70,     // a bug in the helper
};

class Error : public std::runtime_error {
public:
  Error(const std::string& message, ExitCode code) : std::runtime_error(message), m_code(code) {}
  ExitCode code() const { return m_code; }

private:
  ExitCode m_code;
};

class UsageError : public Error {
public:
  explicit UsageError(const std::string& message) : Error(message, ExitCode::k_usage) {}
};

class IoError : public Error {
public:
  explicit IoError(const std::string& message) : Error(message, ExitCode::k_io) {}
};

class ResolveError : public Error {
public:
  explicit ResolveError(const std::string& message) : Error(message, ExitCode::k_unresolvable) {}
};

// Where in an input file something is. line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string line_text;  // the offending (logical) line, for the caret display
};

// Formats "file:line:column: message" followed, when line_text is known, by the line and a caret.
std::string format_located_message(const SourceLocation& where, const std::string& message);

// A malformed input file: requirement file, constraint file, ENV.json, a wheel.
class InputError : public Error {
public:
  InputError(SourceLocation where, const std::string& message)
    : Error(format_located_message(where, message), ExitCode::k_input), m_where(std::move(where))
  {
  }
  const SourceLocation& where() const { return m_where; }

private:
  SourceLocation m_where;
};

// Thrown by the string parsers (versions, specifiers, markers, requirement lines), which know
// nothing of files: `offset` is the 0-based position in the parsed text. Readers of files catch
// it and rethrow an InputError with file, line and column = offset + 1 (+ where the text began).
class ParseError : public std::runtime_error {
public:
  ParseError(const std::string& message, std::size_t offset)
    : std::runtime_error(message), m_offset(offset)
  {
  }
  std::size_t offset() const { return m_offset; }

private:
  std::size_t m_offset;
};

}  // namespace pwi
