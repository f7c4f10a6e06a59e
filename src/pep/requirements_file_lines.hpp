// Internal to requirements_file.cpp: the line preprocessing of pip 23.2's req_file.py
// (decode, splitlines, join_lines, ignore_comments, expand_env_variables), keeping for every
// byte of the result where it came from, so that errors point into the text as written.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi::reqfile {

using Getenv = std::function<std::optional<std::string>(const std::string& name)>;

struct LogicalLine {
  int line = 0;      // physical line (1-based, as str.splitlines counts) where it starts
  std::string raw;   // the physical lines joined as pip joins them: what the user wrote
  std::string text;  // after comment stripping, strip() and ${VAR} expansion
  // origin[i]: offset in `raw` of text[i]; one more entry for the end of `text`.
  std::vector<std::size_t> origin;
};

// auto_decode() as far as we support it: a UTF-8 BOM is dropped, a PEP 263 coding line may
// declare UTF-8, ASCII or Latin-1 (converted to UTF-8). Throws DecodeError otherwise.
struct DecodeError {
  int line;
  std::string message;
};
std::string decode(std::string_view bytes);

// preprocess(): only the lines that remain after comments and blanks are dropped.
std::vector<LogicalLine> preprocess(std::string_view content, const Getenv& getenv);

}  // namespace pwi::reqfile
