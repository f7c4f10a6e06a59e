#include "pep/requirements_file_options.hpp"

#include "common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace pwi::reqfile {

namespace {

struct OptionSpec {
  OptionKind kind;
  std::string_view short_name;  // "" when none
  std::vector<std::string_view> long_names;
  bool takes_value;
};

// pip 23.2 req_file.SUPPORTED_OPTIONS + SUPPORTED_OPTIONS_REQ.
const std::vector<OptionSpec>& option_specs()
{
  static const std::vector<OptionSpec> specs = {
    {OptionKind::k_index_url, "-i", {"--index-url", "--pypi-url"}, true},
    {OptionKind::k_extra_index_url, "", {"--extra-index-url"}, true},
    {OptionKind::k_no_index, "", {"--no-index"}, false},
    {OptionKind::k_constraint, "-c", {"--constraint"}, true},
    {OptionKind::k_requirement, "-r", {"--requirement"}, true},
    {OptionKind::k_editable, "-e", {"--editable"}, true},
    {OptionKind::k_find_links, "-f", {"--find-links"}, true},
    {OptionKind::k_no_binary, "", {"--no-binary"}, true},
    {OptionKind::k_only_binary, "", {"--only-binary"}, true},
    {OptionKind::k_prefer_binary, "", {"--prefer-binary"}, false},
    {OptionKind::k_require_hashes, "", {"--require-hashes"}, false},
    {OptionKind::k_pre, "", {"--pre"}, false},
    {OptionKind::k_trusted_host, "", {"--trusted-host"}, true},
    {OptionKind::k_use_feature, "", {"--use-feature"}, true},
    {OptionKind::k_global_option, "", {"--global-option"}, true},
    {OptionKind::k_hash, "", {"--hash"}, true},
    {OptionKind::k_config_settings, "-C", {"--config-settings"}, true},
  };
  return specs;
}

constexpr std::array<std::string_view, 3> k_features = {"fast-deps", "truststore",
                                                        "no-binary-enable-wheel-cache"};
constexpr std::array<std::string_view, 3> k_strong_hashes = {"sha256", "sha384", "sha512"};

bool is_shlex_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// optparse's _match_abbrev: an exact name, else the only name it is a prefix of.
const OptionSpec& match_long(std::string_view opt, std::string_view& canonical, std::size_t offset)
{
  std::vector<std::pair<std::string_view, const OptionSpec*>> matches;
  for (const auto& spec : option_specs()) {
    for (const auto name : spec.long_names) {
      if (name == opt) {
        canonical = name;
        return spec;
      }
      if (name.substr(0, opt.size()) == opt) {
        matches.emplace_back(name, &spec);
      }
    }
  }
  if (matches.empty()) {
    throw ParseError(fmt::format("no such option: {}", opt), offset);
  }
  if (matches.size() > 1) {
    std::sort(matches.begin(), matches.end());
    std::string names;
    for (const auto& [name, spec] : matches) {
      names += fmt::format("{}{}", names.empty() ? "" : ", ", name);
    }
    throw ParseError(fmt::format("ambiguous option: {} ({}?)", opt, names), offset);
  }
  canonical = matches.front().first;
  return *matches.front().second;
}

// The checks pip's option callbacks and choices make, in the order optparse runs them.
void check_value(const OptionSpec& spec, std::string_view opt, const std::string& value,
                 std::size_t offset)
{
  switch (spec.kind) {
  case OptionKind::k_hash: {
    const auto colon = value.find(':');
    if (colon == std::string::npos) {
      throw ParseError(fmt::format("Arguments to {} must be a hash name followed by a value, "
                                   "like --hash=sha256:abcde...",
                                   opt),
                       offset);
    }
    const std::string_view algorithm = std::string_view(value).substr(0, colon);
    if (std::find(k_strong_hashes.begin(), k_strong_hashes.end(), algorithm) ==
        k_strong_hashes.end()) {
      throw ParseError(
        fmt::format("Allowed hash algorithms for {} are sha256, sha384, sha512.", opt), offset);
    }
    return;
  }
  case OptionKind::k_no_binary:
  case OptionKind::k_only_binary:
    if (!value.empty() && value.front() == '-') {
      throw ParseError("--no-binary / --only-binary option requires 1 argument.", offset);
    }
    return;
  case OptionKind::k_config_settings:
    if (value.find('=') == std::string::npos) {
      throw ParseError(fmt::format("Arguments to {} must be of the form KEY=VAL", opt), offset);
    }
    return;
  case OptionKind::k_use_feature:
    if (std::find(k_features.begin(), k_features.end(), value) == k_features.end()) {
      throw ParseError(fmt::format("option {}: invalid choice: '{}' (choose from 'fast-deps', "
                                   "'truststore', 'no-binary-enable-wheel-cache')",
                                   opt, value),
                       offset);
    }
    return;
  default:
    return;
  }
}

}  // namespace

std::vector<Token> shlex_split(std::string_view text)
{
  std::vector<Token> tokens;
  std::string token;
  std::size_t start = 0;
  bool in_token = false;  // a token has begun (possibly an empty quoted one)
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"') {
        if (i + 1 == text.size()) {
          throw ParseError("No escaped character", i);
        }
        const char next = text[++i];
        if (next != '"' && next != '\\') {
          token += '\\';  // inside double quotes only \" and \\ are escapes
        }
        token += next;
      } else {
        token += c;
      }
      continue;
    }
    if (is_shlex_space(c)) {
      if (in_token) {
        tokens.push_back({std::move(token), start});
        token.clear();
        in_token = false;
      }
      continue;
    }
    if (!in_token) {
      in_token = true;
      start = i;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\\') {
      if (i + 1 == text.size()) {
        throw ParseError("No escaped character", i);
      }
      token += text[++i];
    } else {
      token += c;
    }
  }
  if (quote != 0) {
    throw ParseError("No closing quotation", start);
  }
  if (in_token) {
    tokens.push_back({std::move(token), start});
  }
  return tokens;
}

std::vector<OptionItem> parse_options(std::string_view text)
{
  std::vector<Token> args = shlex_split(text);
  std::vector<OptionItem> out;
  std::size_t next = 0;
  // Takes the value of an option: the rest of its own token, or the next token.
  const auto take_value = [&](std::string_view opt, std::optional<std::string> attached,
                              std::size_t offset) -> std::string {
    if (attached) {
      return std::move(*attached);
    }
    if (next == args.size()) {
      throw ParseError(fmt::format("{} option requires 1 argument", opt), offset);
    }
    return std::move(args[next++].text);
  };
  while (next < args.size()) {
    const Token& token = args[next++];
    const std::string_view arg = token.text;
    if (arg == "--") {
      break;  // the rest are positional arguments, which pip ignores
    }
    if (arg.substr(0, 2) == "--") {
      const auto equals = arg.find('=');
      std::optional<std::string> attached;
      if (equals != std::string_view::npos) {
        attached = std::string(arg.substr(equals + 1));
      }
      std::string_view canonical;
      const OptionSpec& spec = match_long(arg.substr(0, equals), canonical, token.offset);
      OptionItem item{spec.kind, std::string(spec.long_names.front()), std::nullopt, token.offset};
      if (spec.takes_value) {
        item.value = take_value(canonical, std::move(attached), token.offset);
        check_value(spec, canonical, *item.value, token.offset);
      } else if (attached) {
        throw ParseError(fmt::format("{} option does not take a value", canonical), token.offset);
      }
      out.push_back(std::move(item));
    } else if (arg.size() > 1 && arg[0] == '-') {
      // Every short option of pip's requirement-file parser takes a value: "-r FILE", "-rFILE".
      const std::string_view opt = arg.substr(0, 2);
      const auto spec = std::find_if(option_specs().begin(), option_specs().end(),
                                     [&](const OptionSpec& s) { return s.short_name == opt; });
      if (spec == option_specs().end()) {
        throw ParseError(fmt::format("no such option: {}", opt), token.offset);
      }
      std::optional<std::string> attached;
      if (arg.size() > 2) {
        attached = std::string(arg.substr(2));
      }
      OptionItem item{spec->kind, std::string(spec->long_names.front()), std::nullopt,
                      token.offset};
      item.value = take_value(opt, std::move(attached), token.offset);
      check_value(*spec, opt, *item.value, token.offset);
      out.push_back(std::move(item));
    }
    // else: a positional argument, ignored as pip ignores it
  }
  return out;
}

}  // namespace pwi::reqfile
