#include "slim/slim_rules.hpp"

#include "common/error.hpp"
#include "slim/python_runtime.hpp"
#include "slim/selection.hpp"

#include <fmt/format.h>

#include <set>

namespace pwi::slim {

// The rules, in the order they apply; a path counts under the first rule that keeps it.
//
// | rule                 | keeps                                   | why |
// |----------------------|-----------------------------------------|----------------------------------|
// | keep                 | each --keep path (file, link chain, or  | the app's FILES and what the |
// |                      | directory with what it holds)           | user asks for (a debug shell)
// | | interpreter          | the file <venv>/bin/python leads to     | runs the service | | venv |
// the environment, whole                  | the service                      | | stdlib |
// <prefix>/lib/pythonX.Y, less the parts  | imported by name at run time     | | | of
// python_runtime.cpp's table, and its  |                                  | | | __pycache__ unless
// --keep-bytecode      |                                  | | system-site-packages | the
// interpreter's site directories,     | pyvenv.cfg                       | |                      |
// only with include-system-site-packages  |                                  | | runtime-files |
// k_runtime_files below, when present     | read by name by libc and Python  | | nss | the
// libnss_<service>.so.2 modules that  | glibc dlopen()s them for         | |                      |
// etc/nsswitch.conf names                 | getpwnam, getaddrinfo            | | ca-certificates |
// etc/ssl/certs (with the certificates    | TLS clients (ssl's default paths | | | its links lead
// to), etc/ssl/openssl.cnf,| are OpenSSL's directory,         | |                      |
// usr/lib/ssl (OpenSSL's directory)       | usr/lib/ssl -> etc/ssl/certs)    | | zoneinfo |
// usr/share/zoneinfo without right/       | zoneinfo, time.localtime with TZ;| | | (leap-second
// clocks no Linux uses)      | 0.6 MB, so always                | | libgcc_s             |
// libgcc_s.so.1                           | glibc dlopen()s it for           | | | | pthread_cancel
// and unwinding     | | libraries            | the ELF closure of every kept ELF file  | the
// dynamic loader maps them     | |                      | (elf_closure.hpp), links and all        |
// | | tmp                  | an empty tmp/, mode 1777                | tempfile, sockets | |
// directories          | the parents of every kept entry, as in  | modes and owners as the input's
// | |                      | the input                               | | Never kept unless a rule
// above names them: shells, package managers, pip (unless the venv holds it), documentation,
// locales, gconv modules (iconv for codecs Python does not have itself: --keep
// usr/lib/x86_64-linux-gnu/gconv).

namespace {

struct RuntimeFile {
  const char* path;
  const char* why;
};

constexpr RuntimeFile k_runtime_files[] = {
  {"etc/passwd", "getpwuid: the user's name and home (os.path.expanduser, getpass)"},
  {"etc/group", "getgrgid, initgroups"},
  {"etc/nsswitch.conf", "which NSS modules answer which database"},
  {"etc/hosts", "name resolution of localhost (engines bind-mount their own over it)"},
  {"etc/host.conf", "resolver options"},
  {"etc/resolv.conf", "the resolver's servers (engines bind-mount their own)"},
  {"etc/gai.conf", "getaddrinfo's address order"},
  {"etc/services", "getservbyname, getaddrinfo with a service name"},
  {"etc/protocols", "getprotobyname"},
  {"etc/os-release", "the distribution's name and version: platform, and scanners"},
  {"usr/lib/os-release", "what etc/os-release links to"},
  {"etc/localtime", "the local time zone (a link into zoneinfo)"},
  {"etc/timezone", "its name, for those that read it"},
  {"etc/ld.so.cache", "the loader's cache of the directories below"},
  {"etc/ld.so.conf", "the loader's search directories"},
  {"etc/ld.so.conf.d", "the files ld.so.conf includes"},
  {"etc/ssl/openssl.cnf", "OpenSSL's configuration (providers, default security level)"},
  {"etc/ssl/certs", "CA certificates: ca-certificates.crt and the hashed links"},
  {"usr/lib/ssl", "OpenSSL's directory: ssl's default verify paths point here"},
};

[[noreturn]] void fail(const SlimOptions& options, const std::string& message)
{
  throw InputError(SourceLocation{options.origin, 0, 0, ""}, message);
}

void check_user(const Rootfs& input, const SlimOptions& options)
{
  if (options.user.empty()) {
    return;
  }
  const auto path = input.resolve("etc/passwd");
  const Entry* passwd = path ? input.find(*path) : nullptr;
  if (passwd == nullptr || passwd->type != EntryType::k_file) {
    fail(options,
         fmt::format("the image has no /etc/passwd, so --user {} cannot log in", options.user));
  }
  const std::string& text = *passwd->data;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    const auto colon = line.find(':');
    const auto uid_at = line.find(':', colon == std::string::npos ? colon : colon + 1);
    const auto uid_end = uid_at == std::string::npos ? uid_at : line.find(':', uid_at + 1);
    if (line.substr(0, colon) == options.user ||
        (uid_end != std::string::npos &&
         line.substr(uid_at + 1, uid_end - uid_at - 1) == options.user)) {
      return;
    }
  }
  fail(options, fmt::format("/etc/passwd has no user '{}' (--user): create it in the image "
                            "(useradd) or name one it has",
                            options.user));
}

// The NSS services of etc/nsswitch.conf ("passwd: files systemd" -> files, systemd), sorted.
std::set<std::string> nss_services(const Rootfs& input)
{
  std::set<std::string> out;
  const auto path = input.resolve("etc/nsswitch.conf");
  const Entry* entry = path ? input.find(*path) : nullptr;
  if (entry == nullptr || entry->type != EntryType::k_file) {
    return out;
  }
  const std::string& text = *entry->data;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string line = text.substr(start, end - start);
    start = end + 1;
    line = line.substr(0, line.find('#'));
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    bool in_action = false;  // [NOTFOUND=return]
    std::string word;
    for (const char c : line.substr(colon + 1) + " ") {
      if (c == '[') {
        in_action = true;
      } else if (c == ']') {
        in_action = false;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        if (!word.empty()) {
          out.insert(word);
        }
        word.clear();
      } else if (!in_action) {
        word += c;
      }
    }
  }
  return out;
}

std::vector<std::string> elf_files(const Rootfs& rootfs)
{
  std::vector<std::string> out;
  for (const auto& [path, entry] : rootfs.entries()) {
    if (entry.type == EntryType::k_file && entry.data && elf::is_elf(*entry.data)) {
      out.push_back(path);
    }
  }
  return out;
}

// `like`: the interpreter's ELF needs, for the class and machine of the libraries libc loads
// by name; nullptr when it is no ELF file (then there are none to look for).
void keep_runtime_files(const Rootfs& input, Selection& selection, const elf::ElfNeeds* like)
{
  for (const RuntimeFile& file : k_runtime_files) {
    selection.keep(
      file.path,
      file.path == std::string("etc/ssl/certs") || file.path == std::string("usr/lib/ssl")
        ? "ca-certificates"
        : "runtime-files",
      true);
  }
  selection.keep("usr/share/zoneinfo", "zoneinfo", true,
                 [](const std::string& relative) { return relative == "right"; });
  if (like == nullptr) {
    return;
  }
  // Built into libc since glibc 2.34 ("files", "dns"), or not installed: the loader goes on.
  for (const std::string& service : nss_services(input)) {
    if (auto found = find_library(input, "libnss_" + service + ".so.2", *like)) {
      selection.keep(found->path, "nss");
    }
  }
  if (auto found = find_library(input, "libgcc_s.so.1", *like)) {
    selection.keep(found->path, "libgcc_s");
  }
}

}  // namespace

Selected select_runtime(const Rootfs& input, const SlimOptions& options)
{
  check_user(input, options);
  const PythonRuntime python = find_python_runtime(input, options.venv, options.origin);
  Selection selection(input);
  for (const std::string& path : options.keep) {
    if (selection.keep(path, "keep", true).empty() && !input.contains(normalize_path(path))) {
      fail(options, fmt::format("--keep {}: no such file or directory in the image", path));
    }
  }
  keep_python_runtime(selection, python, options.keep_bytecode);
  ElfIndex index(input);
  keep_runtime_files(input, selection, index.needs(python.interpreter));

  Selected out;
  const Closure closure = elf_closure(input, elf_files(selection.output()));
  for (const Found& found : closure.found) {
    for (const std::string& link : found.links) {
      selection.keep_entry(link, "libraries");
    }
    selection.keep_entry(found.resolved, "libraries");
  }
  out.libraries = closure.found;
  out.output = selection.output();
  // Empty whatever the input held there, and writable by every user (tempfile, sockets).
  const Entry* input_tmp = input.find("tmp");
  Entry tmp =
    input_tmp != nullptr && input_tmp->type == EntryType::k_directory ? *input_tmp : Entry{};
  tmp.path = "tmp";
  tmp.type = EntryType::k_directory;
  tmp.mode = 0041777;
  out.output.add(std::move(tmp));
  out.rule = selection.rules();
  out.rule["tmp"] = "tmp";
  out.interpreter = python.interpreter;
  out.python_version = python.version;
  out.stdlib = python.stdlib;
  verify_libraries(out.output, options.origin);
  return out;
}

void verify_libraries(const Rootfs& rootfs, const std::string& origin)
{
  const Closure closure = elf_closure(rootfs, elf_files(rootfs));
  if (closure.missing.empty()) {
    return;
  }
  const Missing& first = closure.missing.front();
  std::set<std::string> all;
  for (const Missing& missing : closure.missing) {
    all.insert(fmt::format("/{} needs {}", missing.file, missing.soname));
  }
  throw InputError(
    SourceLocation{origin, 0, 0, ""},
    fmt::format("/{} needs {}, which the dynamic loader does not find in the slim image "
                "(searched: /{}); {} unmet need{} in all: {}",
                first.file, first.soname, fmt::join(first.searched, ", /"), all.size(),
                all.size() == 1 ? "" : "s", fmt::join(all, "; ")));
}

}  // namespace pwi::slim
