#include "elf/wheel_libraries.hpp"

#include "common/error.hpp"
#include "wheels/wheel_archive.hpp"
#include "wheels/wheel_name.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pwi::elf {

namespace {

// Shared objects run to hundreds of megabytes (libtorch); the zip's declared size is checked
// before anything is allocated.
constexpr std::uint64_t k_max_elf_size = std::uint64_t{4} * 1024 * 1024 * 1024;

std::string base_name(const std::string& path)
{
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string install_path(const std::string& member, const std::string& python_version)
{
  const std::string site_packages = fmt::format("lib/python{}/site-packages", python_version);
  const auto slash = member.find('/');
  if (slash != std::string::npos && slash > 5 && member.compare(slash - 5, 5, ".data") == 0) {
    const std::string rest = member.substr(slash + 1);
    const auto next = rest.find('/');
    if (next != std::string::npos) {
      const std::string scheme = rest.substr(0, next);
      const std::string path = rest.substr(next + 1);
      if (scheme == "scripts") {
        return "bin/" + path;
      }
      if (scheme == "purelib" || scheme == "platlib") {
        return site_packages + "/" + path;
      }
      if (scheme == "data") {
        return path;
      }
      if (scheme == "headers") {
        return "include/" + path;
      }
    }
  }
  return site_packages + "/" + member;
}

std::vector<EnvironmentFile> environment_files(const std::vector<std::string>& wheel_paths,
                                               const std::string& python_version)
{
  std::vector<EnvironmentFile> out;
  for (const std::string& path : wheel_paths) {
    const std::string wheel = base_name(path);
    std::string project = wheel;
    try {
      project = WheelName::parse(wheel).name;
    } catch (const ParseError&) {
      // Not a wheel's name: the file name still says which file it is.
    }
    const WheelArchive archive(path);
    for (const std::string& member : archive.names()) {
      if (member.empty() || member.back() == '/') {
        continue;
      }
      if (!is_elf(archive.read_prefix(member, 4))) {
        continue;
      }
      std::optional<ElfNeeds> needs = read_elf_needs(archive.read(member, k_max_elf_size),
                                                     fmt::format("{}: member '{}'", path, member));
      if (!needs) {
        continue;
      }
      out.push_back(EnvironmentFile{project, wheel, member, install_path(member, python_version),
                                    std::move(*needs)});
    }
  }
  return out;
}

std::string needed_libraries_json(const std::vector<Unsatisfied>& unsatisfied)
{
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const Unsatisfied& u : unsatisfied) {
    nlohmann::ordered_json by = nlohmann::ordered_json::array();
    for (const Requester& r : u.needed_by) {
      by.push_back({{"member", r.member},
                    {"path", r.install_path},
                    {"project", r.project},
                    {"wheel", r.wheel}});
    }
    nlohmann::ordered_json entry;
    entry["class"] = u.elf_class;
    entry["in_environment"] = u.in_environment;
    entry["machine"] = u.machine;
    entry["needed_by"] = std::move(by);
    entry["soname"] = u.soname;
    entries.push_back(std::move(entry));
  }
  nlohmann::ordered_json out;
  out["generator"] = "pywheelimage needed-libraries";
  out["unsatisfied"] = std::move(entries);
  return out.dump(2) + "\n";
}

}  // namespace pwi::elf
