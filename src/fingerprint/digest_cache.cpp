#include "fingerprint/digest_cache.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace pwi {

namespace {

constexpr std::string_view k_header = "pywheelimage-digest-cache 1\n";

// Paths may contain any byte but NUL; escape the two that would break the line format.
std::string escape_path(std::string_view path)
{
  std::string out;
  for (const char c : path) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> unescape_path(std::string_view text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (++i == text.size()) {
      return std::nullopt;
    }
    if (text[i] == '\\') {
      out += '\\';
    } else if (text[i] == 'n') {
      out += '\n';
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// Consumes one space-terminated field from `text`.
std::optional<std::string_view> next_field(std::string_view& text)
{
  const auto space = text.find(' ');
  if (space == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view field = text.substr(0, space);
  text.remove_prefix(space + 1);
  return field;
}

template <typename T>
bool parse_number(std::string_view& text, T& out)
{
  const auto field = next_field(text);
  if (!field || field->empty()) {
    return false;
  }
  const auto [end, ec] = std::from_chars(field->data(), field->data() + field->size(), out);
  return ec == std::errc() && end == field->data() + field->size();
}

bool is_hex_digest(std::string_view text)
{
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// "<digest> <size> <mtime_ns> <ctime_ns> <inode> <recorded_at_ns> <escaped path>"
std::optional<std::pair<std::string, DigestCache::Entry>> parse_line(std::string_view line)
{
  DigestCache::Entry entry;
  const auto digest = next_field(line);
  if (!digest || !is_hex_digest(*digest)) {
    return std::nullopt;
  }
  entry.digest = *digest;
  if (!parse_number(line, entry.size) || !parse_number(line, entry.mtime_ns) ||
      !parse_number(line, entry.ctime_ns) || !parse_number(line, entry.inode) ||
      !parse_number(line, entry.recorded_at_ns)) {
    return std::nullopt;
  }
  auto path = unescape_path(line);
  if (!path || path->empty()) {
    return std::nullopt;
  }
  return std::pair{std::move(*path), std::move(entry)};
}

}  // namespace

DigestCache DigestCache::load(FileSystem& fs, const std::string& path)
{
  const auto st = fs.stat(path);
  if (!st || st->type != FileType::k_regular) {
    return {};
  }
  return parse(fs.read_file(path));
}

DigestCache DigestCache::parse(std::string_view text)
{
  DigestCache cache;
  if (text.substr(0, k_header.size()) != k_header) {
    return cache;
  }
  text.remove_prefix(k_header.size());
  while (!text.empty()) {
    const auto newline = text.find('\n');
    if (newline == std::string_view::npos) {
      return {};  // truncated: trust nothing of it
    }
    auto parsed = parse_line(text.substr(0, newline));
    if (!parsed) {
      return {};
    }
    cache.m_loaded.insert_or_assign(std::move(parsed->first), std::move(parsed->second));
    text.remove_prefix(newline + 1);
  }
  return cache;
}

std::optional<std::string> DigestCache::lookup(const std::string& path, const FileStat& stat)
{
  const auto it = m_loaded.find(path);
  if (it == m_loaded.end()) {
    return std::nullopt;
  }
  const Entry& entry = it->second;
  const bool same = entry.size == stat.size && entry.mtime_ns == stat.mtime_ns &&
                    entry.ctime_ns == stat.ctime_ns && entry.inode == stat.inode;
  const bool racy =
    std::max(entry.mtime_ns, entry.ctime_ns) >= entry.recorded_at_ns - k_racy_margin_ns;
  if (!same || racy) {
    return std::nullopt;
  }
  m_current.insert_or_assign(path, entry);
  return entry.digest;
}

void DigestCache::record(const std::string& path, const FileStat& stat, std::string digest,
                         std::int64_t recorded_at_ns)
{
  m_current.insert_or_assign(path, Entry{std::move(digest), stat.size, stat.mtime_ns, stat.ctime_ns,
                                         stat.inode, recorded_at_ns});
}

std::string DigestCache::serialize() const
{
  std::string out(k_header);
  for (const auto& [path, e] : m_current) {
    out += fmt::format("{} {} {} {} {} {} {}\n", e.digest, e.size, e.mtime_ns, e.ctime_ns, e.inode,
                       e.recorded_at_ns, escape_path(path));
  }
  return out;
}

bool DigestCache::save(FileSystem& fs, const std::string& path) const
{
  return fs.write_file_if_changed(path, serialize());
}

}  // namespace pwi
