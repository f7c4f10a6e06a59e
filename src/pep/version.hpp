// PEP 440 versions, parsed, normalized and ordered exactly as pip's vendored packaging 21.3
// (packaging.version.Version). LegacyVersion is not supported: a non-PEP 440 string is a
// ParseError.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi {

class Version {
public:
  // Kind of a pre-release segment, ordered as PEP 440 orders them.
  enum class PreKind : int { k_alpha = 0, k_beta = 1, k_rc = 2 };

  struct Pre {
    PreKind kind;
    std::uint64_t number;
    auto operator<=>(const Pre&) const = default;
  };

  // One dot-separated part of a local version: numbers sort after strings and among themselves
  // numerically; strings are stored lowercased.
  struct LocalPart {
    bool is_number = false;
    std::uint64_t number = 0;
    std::string text;
  };

  // Throws ParseError(message, offset) when `text` is not a PEP 440 version. Surrounding
  // whitespace is allowed, as in packaging.
  static Version parse(std::string_view text);
  static std::optional<Version> try_parse(std::string_view text);

  // The normalized form, == str(packaging.version.Version(text)).
  std::string str() const;

  int epoch() const { return m_epoch; }
  const std::vector<std::uint64_t>& release() const { return m_release; }
  const std::optional<Pre>& pre() const { return m_pre; }
  const std::optional<std::uint64_t>& post() const { return m_post; }
  const std::optional<std::uint64_t>& dev() const { return m_dev; }
  const std::vector<LocalPart>& local() const { return m_local; }

  bool is_prerelease() const { return m_pre.has_value() || m_dev.has_value(); }
  bool is_postrelease() const { return m_post.has_value(); }
  bool is_devrelease() const { return m_dev.has_value(); }
  bool has_local() const { return !m_local.empty(); }

  Version public_version() const;  // without the local part
  Version base_version() const;    // epoch + release only

  friend std::strong_ordering operator<=>(const Version& a, const Version& b);
  friend bool operator==(const Version& a, const Version& b);

private:
  friend class VersionParser;

  int m_epoch = 0;
  std::vector<std::uint64_t> m_release;
  std::optional<Pre> m_pre;
  std::optional<std::uint64_t> m_post;
  std::optional<std::uint64_t> m_dev;
  std::vector<LocalPart> m_local;
};

}  // namespace pwi
