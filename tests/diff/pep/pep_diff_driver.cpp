// Test driver for pep_diff.py: reads one JSON case per line on stdin, prints one JSON answer per
// line. Cases: {"kind": "version" | "compare" | "specifier" | "marker" | "requirement", ...}.
#include "common/error.hpp"
#include "pep/marker.hpp"
#include "pep/names.hpp"
#include "pep/requirement.hpp"
#include "pep/specifier.hpp"
#include "pep/version.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

namespace {

using nlohmann::json;

std::optional<bool> optional_bool(const json& j)
{
  return j.is_null() ? std::nullopt : std::optional<bool>(j.get<bool>());
}

json version_case(const json& c)
{
  const auto v = pwi::Version::try_parse(c.at("text").get<std::string>());
  if (!v) {
    return {{"ok", false}};
  }
  return {{"ok", true},
          {"str", v->str()},
          {"epoch", v->epoch()},
          {"release", v->release()},
          {"pre", v->is_prerelease()},
          {"post", v->is_postrelease()},
          {"dev", v->is_devrelease()},
          {"local", v->has_local()},
          {"public", v->public_version().str()},
          {"base", v->base_version().str()}};
}

json compare_case(const json& c)
{
  const auto a = pwi::Version::parse(c.at("a").get<std::string>());
  const auto b = pwi::Version::parse(c.at("b").get<std::string>());
  const auto order = a <=> b;
  return {{"cmp", order < 0 ? -1 : order > 0 ? 1 : 0}, {"eq", a == b}};
}

json specifier_case(const json& c)
{
  pwi::SpecifierSet set;
  try {
    set = pwi::SpecifierSet::parse(c.at("spec").get<std::string>());
  } catch (const pwi::ParseError&) {
    return {{"ok", false}};
  }
  std::vector<pwi::Version> versions;
  for (const auto& text : c.at("versions")) {
    versions.push_back(pwi::Version::parse(text.get<std::string>()));
  }
  const std::optional<bool> prereleases = optional_bool(c.at("prereleases"));
  json contains = json::array();
  for (const auto& v : versions) {
    contains.push_back(set.contains(v, prereleases));
  }
  json filtered = json::array();
  for (const auto& v : set.filter(versions, prereleases)) {
    filtered.push_back(v.str());
  }
  const auto pre = set.prereleases();
  json result = {{"ok", true},
                 {"str", set.str()},
                 {"contains", contains},
                 {"filter", filtered},
                 {"prereleases", pre ? json(*pre) : json()}};
  if (c.contains("other")) {
    pwi::SpecifierSet combined = set;
    combined &= pwi::SpecifierSet::parse(c.at("other").get<std::string>());
    result["and"] = combined.str();
  }
  return result;
}

json marker_case(const json& c)
{
  pwi::Marker marker;
  try {
    marker = pwi::Marker::parse(c.at("text").get<std::string>());
  } catch (const pwi::ParseError&) {
    return {{"ok", false}};
  }
  pwi::MarkerEnvironment env;
  for (const auto& [key, value] : c.at("env").items()) {
    env[key] = value.get<std::string>();
  }
  json result = {{"ok", true}, {"str", marker.str()}};
  try {
    result["result"] = marker.evaluate(env, c.at("extra").get<std::string>());
  } catch (const pwi::UndefinedEnvironmentName&) {
    result["result"] = "undefined-name";
  } catch (const pwi::UndefinedComparison&) {
    result["result"] = "undefined-comparison";
  }
  return result;
}

json requirement_case(const json& c)
{
  pwi::Requirement req;
  try {
    req = pwi::Requirement::parse(c.at("text").get<std::string>());
  } catch (const pwi::ParseError&) {
    return {{"ok", false}};
  }
  return {{"ok", true},
          {"str", req.str()},
          {"name", req.name},
          {"key", req.key},
          {"extras", req.extras},
          {"specifier", req.specifier.str()},
          {"marker", req.marker ? json(req.marker->str()) : json()},
          {"url", req.url}};
}

}  // namespace

int main()
{
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    const json c = json::parse(line);
    const std::string kind = c.at("kind");
    json answer;
    try {
      answer = kind == "version"       ? version_case(c)
               : kind == "compare"     ? compare_case(c)
               : kind == "specifier"   ? specifier_case(c)
               : kind == "marker"      ? marker_case(c)
               : kind == "requirement" ? requirement_case(c)
                                       : json{{"error", "unknown kind"}};
    } catch (const std::exception& e) {
      answer = {{"exception", e.what()}};
    }
    std::cout << answer.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  }
  return 0;
}
