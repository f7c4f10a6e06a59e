#include "slim/dpkg_records.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <tuple>

namespace pwi::slim {

namespace {

constexpr const char* k_status = "var/lib/dpkg/status";
constexpr const char* k_info = "var/lib/dpkg/info";
constexpr const char* k_status_d = "var/lib/dpkg/status.d";

const std::string* text_at(const Rootfs& rootfs, const std::string& path)
{
  const auto resolved = rootfs.resolve(path);
  const Entry* entry = resolved ? rootfs.find(*resolved) : nullptr;
  return entry != nullptr && entry->type == EntryType::k_file ? entry->data.get() : nullptr;
}

std::vector<std::string> lines_of(const std::string& text)
{
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The value of a simple field ("Package: libc6") of a stanza, "" when absent.
std::string field(const std::string& stanza, const std::string& name)
{
  for (const std::string& line : lines_of(stanza)) {
    if (line.size() > name.size() + 1 && line.compare(0, name.size(), name) == 0 &&
        line[name.size()] == ':') {
      const auto value = line.find_first_not_of(' ', name.size() + 1);
      return value == std::string::npos ? "" : line.substr(value);
    }
  }
  return "";
}

Entry file_entry(const std::string& path, std::string content, const Entry* like)
{
  Entry entry;
  entry.path = path;
  entry.type = EntryType::k_file;
  entry.mode = 0100644;
  entry.mtime = like != nullptr ? like->mtime : 0;
  entry.uname = "root";
  entry.gname = "root";
  entry.data = std::make_shared<const std::string>(std::move(content));
  return entry;
}

}  // namespace

std::vector<DebPackage> read_dpkg_database(const Rootfs& rootfs)
{
  std::vector<DebPackage> out;
  const std::string* status = text_at(rootfs, k_status);
  if (status == nullptr) {
    return out;
  }
  std::string stanza;
  const auto finish = [&] {
    const std::string name = field(stanza, "Package");
    if (!name.empty() && field(stanza, "Status") == "install ok installed") {
      DebPackage package{name, field(stanza, "Architecture"), field(stanza, "Version"), stanza, {}};
      for (const std::string& list :
           {std::string(k_info) + "/" + name + ":" + package.architecture + ".list",
            std::string(k_info) + "/" + name + ".list"}) {
        if (const std::string* text = text_at(rootfs, list)) {
          package.files = lines_of(*text);
          break;
        }
      }
      out.push_back(std::move(package));
    }
    stanza.clear();
  };
  for (const std::string& line : lines_of(*status)) {
    if (line.empty()) {
      finish();
    } else {
      stanza += line + "\n";
    }
  }
  finish();
  std::sort(out.begin(), out.end(), [](const DebPackage& a, const DebPackage& b) {
    return std::tie(a.name, a.architecture) < std::tie(b.name, b.architecture);
  });
  return out;
}

std::vector<DebPackage> kept_packages(const std::vector<DebPackage>& packages, const Rootfs& input,
                                      const Rootfs& output)
{
  std::vector<DebPackage> out;
  for (const DebPackage& package : packages) {
    for (const std::string& file : package.files) {
      const auto resolved = input.resolve(file, false);
      const Entry* entry = resolved ? output.find(*resolved) : nullptr;
      if (entry != nullptr && entry->type == EntryType::k_file) {
        out.push_back(package);
        break;
      }
    }
  }
  return out;
}

void add_status_d(Rootfs& output, const Rootfs& input, const std::vector<DebPackage>& packages)
{
  if (packages.empty()) {
    return;
  }
  const Entry* status = input.find(k_status);
  for (std::string dir = k_status_d; !dir.empty(); dir = parent_path(dir)) {
    if (!output.contains(dir)) {
      const Entry* original = input.find(dir);
      Entry entry =
        original != nullptr && original->type == EntryType::k_directory ? *original : Entry{};
      entry.path = dir;
      if (entry.type != EntryType::k_directory) {
        entry.type = EntryType::k_directory;
        entry.mode = 040755;
      }
      output.add(std::move(entry));
    }
  }
  std::set<std::string> names;
  for (const DebPackage& package : packages) {
    const std::string name =
      names.insert(package.name).second ? package.name : package.name + ":" + package.architecture;
    output.add(file_entry(std::string(k_status_d) + "/" + name, package.stanza, status));
  }
}

}  // namespace pwi::slim
