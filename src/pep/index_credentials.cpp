#include "pep/index_credentials.hpp"

#include "common/url_credentials.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace pwi {

namespace {

constexpr std::array<std::string_view, 3> k_url_options = {"--index-url", "--extra-index-url",
                                                           "--find-links"};

bool takes_url(std::string_view name)
{
  return std::find(k_url_options.begin(), k_url_options.end(), name) != k_url_options.end();
}

}  // namespace

std::vector<IndexCredential> index_credentials(const PipOptions& options)
{
  std::vector<IndexCredential> out;
  const std::vector<std::string>& args = options.args;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (!takes_url(args[i])) {
      continue;
    }
    const std::string userinfo = url_userinfo(args[++i]);
    const bool known = std::any_of(
      out.begin(), out.end(), [&](const IndexCredential& c) { return c.userinfo == userinfo; });
    if (!userinfo.empty() && !known) {
      out.push_back({"PWI_CREDENTIALS_" + std::to_string(out.size() + 1), userinfo});
    }
  }
  return out;
}

std::vector<std::string> args_with_credential_references(const PipOptions& options)
{
  const std::vector<IndexCredential> credentials = index_credentials(options);
  std::vector<std::string> out = options.args;
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    if (!takes_url(out[i])) {
      continue;
    }
    std::string& value = out[++i];
    const std::string userinfo = url_userinfo(value);
    for (const IndexCredential& credential : credentials) {
      if (!userinfo.empty() && credential.userinfo == userinfo) {
        value = replace_url_userinfo(value, "${" + credential.name + "}");
      }
    }
  }
  return out;
}

std::string option_lines(const PipOptions& options)
{
  const std::vector<std::string> args = args_with_credential_references(options);
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    out += args[i];
    if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
      out += " " + args[++i];
    }
    out += "\n";
  }
  return out;
}

}  // namespace pwi
