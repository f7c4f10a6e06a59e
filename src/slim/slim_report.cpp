#include "slim/slim_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>
#include <tuple>

namespace pwi::slim {

namespace {

void count(Totals& totals, const Entry& entry, std::set<std::string>& groups)
{
  if (entry.type == EntryType::k_directory) {
    return;
  }
  ++totals.files;
  if (entry.type == EntryType::k_file &&
      (entry.link_group.empty() || groups.insert(entry.link_group).second)) {
    totals.bytes += entry.size();
  }
}

nlohmann::json to_json(const Totals& totals)
{
  return {{"bytes", totals.bytes}, {"files", totals.files}};
}

}  // namespace

Totals totals(const Rootfs& rootfs)
{
  Totals out;
  std::set<std::string> groups;
  for (const auto& [path, entry] : rootfs.entries()) {
    count(out, entry, groups);
  }
  return out;
}

std::string slim_report_json(const Rootfs& input, const Selected& selected)
{
  std::map<std::string, Totals> by_rule;
  std::set<std::string> groups;
  for (const auto& [path, entry] : selected.output.entries()) {
    const auto it = selected.rule.find(path);
    Totals& totals = by_rule[it == selected.rule.end() ? "tmp" : it->second];
    count(totals, entry, groups);
  }
  nlohmann::json rules = nlohmann::json::object();
  for (const auto& [rule, rule_totals] : by_rule) {
    rules[rule] = to_json(rule_totals);
  }
  std::set<std::tuple<std::string, std::string, std::string, std::string>> libraries;
  for (const Found& found : selected.libraries) {
    libraries.emplace(found.soname, found.path, found.resolved, found.needed_by);
  }
  nlohmann::json libs = nlohmann::json::array();
  for (const auto& [soname, path, resolved, needed_by] : libraries) {
    libs.push_back(
      {{"needed_by", needed_by}, {"path", path}, {"resolved", resolved}, {"soname", soname}});
  }
  const nlohmann::json report = {{"generator", "pywheelimage slim"},
                                 {"input", to_json(totals(input))},
                                 {"interpreter", selected.interpreter},
                                 {"kept", to_json(totals(selected.output))},
                                 {"libraries", libs},
                                 {"python_version", selected.python_version},
                                 {"rules", rules},
                                 {"stdlib", selected.stdlib}};
  return report.dump(2) + "\n";
}

std::string slim_summary(const Rootfs& input, const Rootfs& output)
{
  const Totals in = totals(input);
  const Totals kept = totals(output);
  return fmt::format("slim: kept {} of {} files, {:.1f} MB of {:.1f} MB", kept.files, in.files,
                     static_cast<double>(kept.bytes) / 1e6, static_cast<double>(in.bytes) / 1e6);
}

}  // namespace pwi::slim
