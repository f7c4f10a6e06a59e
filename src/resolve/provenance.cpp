#include "resolve/provenance.hpp"

#include "common/digest.hpp"
#include "common/error.hpp"
#include "common/json_file.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pwi::resolve {

namespace {

[[noreturn]] void malformed(const std::string& path, const std::string& message)
{
  throw InputError(SourceLocation{path, 0, 0, ""}, message);
}

bool is_lower_hex(std::string_view s)
{
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

}  // namespace

Provenance parse_provenance(std::string_view text, const std::string& path)
{
  nlohmann::json json = parse_json(text, path);
  if (!json.is_object() || !json.contains("version") || !json.contains("wheels")) {
    malformed(path, "expected a provenance record: {\"version\": 1, \"wheels\": {...}}");
  }
  if (json["version"] != 1) {
    malformed(path, fmt::format("unsupported provenance record version {} (this pywheelimage "
                                "reads version 1)",
                                json["version"].dump()));
  }
  const nlohmann::json& wheels = json["wheels"];
  if (!wheels.is_object()) {
    malformed(path, "\"wheels\" must be an object: wheel file name -> record");
  }
  Provenance out;
  for (const auto& [name, entry] : wheels.items()) {
    // `&name = name`: clang before 16 cannot capture a structured binding.
    const auto bad = [&, &name = name](const std::string& what) {
      malformed(path, fmt::format("the record of \"{}\": {}", name, what));
    };
    if (!entry.is_object()) {
      bad("must be an object with \"sha256\", \"built_here\" and \"verified_hashes\"");
    }
    ProvenanceRecord record;
    const auto sha256 = entry.find("sha256");
    if (sha256 == entry.end() || !sha256->is_string() || sha256->get<std::string>().size() != 64 ||
        !is_lower_hex(sha256->get<std::string>())) {
      bad("\"sha256\" must be the lowercase hex SHA-256 of the wheel file");
    }
    record.sha256 = sha256->get<std::string>();
    const auto built_here = entry.find("built_here");
    if (built_here == entry.end() || !built_here->is_boolean()) {
      bad("\"built_here\" must be true or false");
    }
    record.built_here = built_here->get<bool>();
    const auto verified = entry.find("verified_hashes");
    if (verified == entry.end() || !verified->is_array()) {
      bad("\"verified_hashes\" must be a list of \"algorithm:hex\"");
    }
    for (const auto& hash : *verified) {
      const std::string text_hash = hash.is_string() ? hash.get<std::string>() : "";
      const auto colon = text_hash.find(':');
      if (colon == std::string::npos || !parse_hash_algorithm(text_hash.substr(0, colon)) ||
          colon + 1 == text_hash.size()) {
        bad(fmt::format("{} is not \"algorithm:hex\" with algorithm sha256, sha384 or sha512",
                        hash.dump()));
      }
      record.verified_hashes.push_back(text_hash);
    }
    std::sort(record.verified_hashes.begin(), record.verified_hashes.end());
    record.verified_hashes.erase(
      std::unique(record.verified_hashes.begin(), record.verified_hashes.end()),
      record.verified_hashes.end());
    out.emplace(name, std::move(record));
  }
  return out;
}

std::string provenance_text(const Provenance& provenance)
{
  nlohmann::json wheels = nlohmann::json::object();
  for (const auto& [name, record] : provenance) {
    std::vector<std::string> hashes = record.verified_hashes;
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    wheels[name] = {
      {"sha256", record.sha256}, {"built_here", record.built_here}, {"verified_hashes", hashes}};
  }
  const nlohmann::json json = {{"version", 1}, {"wheels", wheels}};
  return json.dump(2) + "\n";
}

Provenance read_provenance(FileSystem& fs, const std::string& path)
{
  return parse_provenance(fs.read_file(path), path);
}

}  // namespace pwi::resolve
