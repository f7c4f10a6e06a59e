// Internal to requirements_file.cpp: the options part of a requirement-file line, split with
// shlex.split and parsed as pip 23.2's optparse parser for requirement files parses it
// (unique-prefix abbreviations, "-rFILE", "--opt=value", the per-option checks of pip's
// callbacks). Errors throw ParseError with the offset of the offending token.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi::reqfile {

// The `dest` of pip's options.
enum class OptionKind {
  k_index_url,
  k_extra_index_url,
  k_no_index,
  k_constraint,
  k_requirement,
  k_editable,
  k_find_links,
  k_no_binary,
  k_only_binary,
  k_prefer_binary,
  k_require_hashes,
  k_pre,
  k_trusted_host,
  k_use_feature,
  k_global_option,
  k_hash,
  k_config_settings
};

struct OptionItem {
  OptionKind kind;
  std::string name;                  // canonical long name, e.g. "--index-url"
  std::optional<std::string> value;  // for options that take one
  std::size_t offset;                // of the token, in the text given to parse_options
};

// shlex.split(text) in POSIX mode, with the offset where each token starts.
struct Token {
  std::string text;
  std::size_t offset;
};
std::vector<Token> shlex_split(std::string_view text);

// Options in order; positional arguments, which pip ignores, are dropped.
std::vector<OptionItem> parse_options(std::string_view text);

}  // namespace pwi::reqfile
