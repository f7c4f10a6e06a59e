#include "slim/package_records.hpp"

#include "slim/dpkg_records.hpp"
#include "slim/sbom.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <memory>

namespace pwi::slim {

std::string add_package_records(Selected& selected, const Rootfs& input, const std::string& created)
{
  const std::vector<DebPackage> debs =
    kept_packages(read_dpkg_database(input), input, selected.output);
  add_status_d(selected.output, input, debs);
  const std::string sbom =
    spdx_json(debs, python_distributions(selected.output), distro_qualifier(input), created);
  Entry entry;
  entry.path = k_sbom_path;
  entry.type = EntryType::k_file;
  entry.mode = 0100644;
  entry.uname = "root";
  entry.gname = "root";
  entry.data = std::make_shared<const std::string>(sbom);
  selected.output.add(std::move(entry));
  for (std::string dir = parent_path(k_sbom_path); !dir.empty(); dir = parent_path(dir)) {
    if (!selected.output.contains(dir)) {
      Entry parent;
      parent.path = dir;
      parent.type = EntryType::k_directory;
      parent.mode = 040755;
      selected.output.add(std::move(parent));
    }
  }
  for (const auto& [path, kept] : selected.output.entries()) {
    selected.rule.try_emplace(path, "package-records");
  }
  return sbom;
}

std::string records_time(const Rootfs& input)
{
  std::int64_t seconds = 0;
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    seconds = std::strtoll(epoch, nullptr, 10);
  } else if (const Entry* status = input.find("var/lib/dpkg/status")) {
    seconds = status->mtime;
  } else if (const Entry* os_release = input.find("usr/lib/os-release")) {
    seconds = os_release->mtime;
  }
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  ::gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace pwi::slim
