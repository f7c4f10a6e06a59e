#include "slim/sbom.hpp"

#include "common/digest.hpp"
#include "pep/names.hpp"
#include "wheels/email_headers.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pwi::slim {

namespace {

// purl's percent-encoding of a version or qualifier ("1:2.3+b1" -> "1%3A2.3%2Bb1").
std::string purl_encode(const std::string& text)
{
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// SPDX ids allow letters, digits, '.' and '-'.
std::string spdx_id(const std::string& kind, std::size_t index, const std::string& name)
{
  std::string out = "SPDXRef-" + kind + "-" + std::to_string(index) + "-";
  for (const char c : name) {
    out += std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' ? c : '-';
  }
  return out;
}

nlohmann::json package(const std::string& id, const std::string& name, const std::string& version,
                       const std::string& purl)
{
  return {{"SPDXID", id},
          {"downloadLocation", "NOASSERTION"},
          {"externalRefs",
           {{{"referenceCategory", "PACKAGE-MANAGER"},
             {"referenceLocator", purl},
             {"referenceType", "purl"}}}},
          {"filesAnalyzed", false},
          {"name", name},
          {"versionInfo", version}};
}

}  // namespace

std::vector<PythonDistribution> python_distributions(const Rootfs& rootfs)
{
  std::vector<PythonDistribution> out;
  for (const auto& [path, entry] : rootfs.entries()) {
    const std::string dir = parent_path(path);
    const bool dist_info = dir.size() > 10 && dir.compare(dir.size() - 10, 10, ".dist-info") == 0;
    if (!dist_info || base_name(path) != "METADATA" || entry.type != EntryType::k_file) {
      continue;
    }
    const EmailHeaders headers = EmailHeaders::parse(*entry.data);
    const EmailHeader* name = headers.get("Name");
    const EmailHeader* version = headers.get("Version");
    if (name != nullptr && version != nullptr) {
      out.push_back({name->value, version->value, dir});
    }
  }
  return out;
}

std::string distro_qualifier(const Rootfs& rootfs)
{
  const auto path = rootfs.resolve("etc/os-release");
  const Entry* entry = path ? rootfs.find(*path) : nullptr;
  if (entry == nullptr || entry->type != EntryType::k_file) {
    return "";
  }
  std::string id;
  std::string version;
  std::size_t start = 0;
  const std::string& text = *entry->data;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string line = text.substr(start, end - start);
    start = end + 1;
    const auto equals = line.find('=');
    if (equals == std::string::npos) {
      continue;
    }
    std::string value = line.substr(equals + 1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) {
      value = value.substr(1, value.size() - 2);
    }
    if (line.compare(0, equals, "ID") == 0) {
      id = value;
    } else if (line.compare(0, equals, "VERSION_ID") == 0) {
      version = value;
    }
  }
  return id.empty() || version.empty() ? "" : id + "-" + version;
}

std::string spdx_json(const std::vector<DebPackage>& debs,
                      const std::vector<PythonDistribution>& distributions,
                      const std::string& distro, const std::string& created)
{
  nlohmann::json packages = nlohmann::json::array();
  nlohmann::json relationships = nlohmann::json::array();
  const auto add = [&](const std::string& id, nlohmann::json entry) {
    packages.push_back(std::move(entry));
    relationships.push_back({{"relatedSpdxElement", id},
                             {"relationshipType", "DESCRIBES"},
                             {"spdxElementId", "SPDXRef-DOCUMENT"}});
  };
  for (std::size_t i = 0; i < debs.size(); ++i) {
    const DebPackage& deb = debs[i];
    std::string purl = fmt::format("pkg:deb/debian/{}@{}?arch={}", deb.name,
                                   purl_encode(deb.version), purl_encode(deb.architecture));
    if (!distro.empty()) {
      purl += "&distro=" + purl_encode(distro);
    }
    const std::string id = spdx_id("deb", i, deb.name);
    add(id, package(id, deb.name, deb.version, purl));
  }
  for (std::size_t i = 0; i < distributions.size(); ++i) {
    const PythonDistribution& dist = distributions[i];
    const std::string id = spdx_id("pypi", i, dist.name);
    add(id, package(
              id, dist.name, dist.version,
              fmt::format("pkg:pypi/{}@{}", normalize_name(dist.name), purl_encode(dist.version))));
  }
  const std::string digest = digest_hex(HashAlgorithm::k_sha256, packages.dump());
  const nlohmann::json document = {
    {"SPDXID", "SPDXRef-DOCUMENT"},
    {"creationInfo", {{"created", created}, {"creators", {"Tool: pywheelimage-slim"}}}},
    {"dataLicense", "CC0-1.0"},
    {"documentNamespace", "https://spdx.org/spdxdocs/pywheelimage-slim-" + digest},
    {"name", "pywheelimage-slim"},
    {"packages", packages},
    {"relationships", relationships},
    {"spdxVersion", "SPDX-2.3"}};
  return document.dump(2) + "\n";
}

}  // namespace pwi::slim
