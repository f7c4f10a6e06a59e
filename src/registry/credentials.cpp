#include "registry/credentials.hpp"

#include "common/error.hpp"
#include "common/json_file.hpp"
#include "registry/base64.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace pwi::registry {

namespace {

constexpr std::size_t k_max_helper_output = 1024 * 1024;

// Finds `program` in the ':'-separated `path` as execvp would (an empty entry is ".").
std::optional<std::string> find_on_path(const std::string& program, const std::string& path)
{
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t colon = std::min(path.find(':', start), path.size());
    std::string dir = path.substr(start, colon - start);
    const std::string candidate = join_path(dir.empty() ? "." : dir, program);
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = colon + 1;
  }
  return std::nullopt;
}

void close_quietly(int& fd)
{
  if (fd >= 0) {
    ::close(fd);
    fd = -1;
  }
}

struct Pipe {
  int fds[2] = {-1, -1};
  Pipe()
  {
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      throw IoError(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    }
  }
  ~Pipe()
  {
    close_quietly(fds[0]);
    close_quietly(fds[1]);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
};

// SIGPIPE ignored while we write to a helper that may exit without reading.
class IgnoreSigpipe {
public:
  IgnoreSigpipe()
  {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &m_previous);
  }
  ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &m_previous, nullptr); }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

private:
  struct sigaction m_previous {};
};

const nlohmann::json* member(const nlohmann::json& object, const std::string& name)
{
  if (!object.is_object()) {
    return nullptr;
  }
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

std::string string_member(const nlohmann::json& object, const std::string& name,
                          const std::string& file, const std::string& where)
{
  const nlohmann::json* value = member(object, name);
  if (value == nullptr || value->is_null()) {
    return "";
  }
  if (!value->is_string()) {
    throw InputError(SourceLocation{file, 0, 0, {}},
                     fmt::format("{}\"{}\" is not a string", where, name));
  }
  return value->get<std::string>();
}

// The entry of `object` (auths, credHelpers) for `server`: the exact key first, else the
// first key (in sorted order) that normalizes to the same host:port.
const nlohmann::json* entry_for(const nlohmann::json& object, const std::string& server)
{
  if (!object.is_object()) {
    return nullptr;
  }
  if (const auto it = object.find(server); it != object.end()) {
    return &*it;
  }
  const std::string wanted = normalize_registry_key(server);
  for (const auto& [key, value] : object.items()) {
    if (normalize_registry_key(key) == wanted) {
      return &value;
    }
  }
  return nullptr;
}

std::optional<Credentials> auths_entry(const nlohmann::json& entry, const std::string& file,
                                       const std::string& key)
{
  if (!entry.is_object()) {
    throw InputError(SourceLocation{file, 0, 0, {}},
                     fmt::format("\"auths\" entry \"{}\" is not an object", key));
  }
  const std::string where = fmt::format("\"auths\" entry \"{}\": ", key);
  if (const std::string token = string_member(entry, "identitytoken", file, where);
      !token.empty()) {
    return Credentials{"<token>", token, true};
  }
  const std::string auth = string_member(entry, "auth", file, where);
  if (!auth.empty()) {
    const std::optional<std::string> decoded = base64_decode(auth);
    const std::size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) {
      // Not quoted: it is the secret.
      throw InputError(SourceLocation{file, 0, 0, {}},
                       fmt::format("{}\"auth\" is not base64 of user:password", where));
    }
    return Credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
  }
  const std::string username = string_member(entry, "username", file, where);
  const std::string password = string_member(entry, "password", file, where);
  if (!username.empty() || !password.empty()) {
    return Credentials{username, password};
  }
  return std::nullopt;  // e.g. {} beside a credsStore
}

}  // namespace

Environment process_environment()
{
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

std::vector<std::string> auth_files(const Environment& env)
{
  std::vector<std::string> out;
  if (const auto file = env("REGISTRY_AUTH_FILE"); file && !file->empty()) {
    out.push_back(*file);
  }
  if (const auto dir = env("DOCKER_CONFIG"); dir && !dir->empty()) {
    out.push_back(join_path(*dir, "config.json"));
  } else if (const auto home = env("HOME"); home && !home->empty()) {
    out.push_back(join_path(*home, ".docker/config.json"));
  }
  if (const auto dir = env("XDG_RUNTIME_DIR"); dir && !dir->empty()) {
    out.push_back(join_path(*dir, "containers/auth.json"));
  }
  return out;
}

std::string normalize_registry_key(std::string_view key)
{
  for (const std::string_view scheme : {"https://", "http://"}) {
    if (key.substr(0, scheme.size()) == scheme) {
      key.remove_prefix(scheme.size());
      break;
    }
  }
  return std::string(key.substr(0, key.find('/')));
}

std::optional<Credentials> run_credential_helper(const std::string& helper,
                                                 const std::string& server, const Environment& env)
{
  const std::string program = "docker-credential-" + helper;
  if (helper.empty() || helper.find('/') != std::string::npos) {
    throw IoError(fmt::format("'{}' is not a credential helper's name", helper));
  }
  const std::optional<std::string> path = find_on_path(program, env("PATH").value_or(""));
  if (!path) {
    throw IoError(fmt::format("the credential helper {} (for {}) is not on PATH", program, server));
  }
  Pipe input;
  Pipe output;
  const pid_t pid = ::fork();
  if (pid < 0) {
    throw IoError(fmt::format("cannot start {}: {}", program, std::strerror(errno)));
  }
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec.
    ::dup2(input.fds[0], STDIN_FILENO);
    ::dup2(output.fds[1], STDOUT_FILENO);
    const char* argv[] = {program.c_str(), "get", nullptr};
    ::execve(path->c_str(), const_cast<char* const*>(argv), environ);
    ::_exit(127);
  }
  close_quietly(input.fds[0]);
  close_quietly(output.fds[1]);
  {
    const IgnoreSigpipe ignore;
    std::string_view rest = server;
    while (!rest.empty()) {
      const ssize_t n = ::write(input.fds[1], rest.data(), rest.size());
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        break;  // it exited without reading: its status says why
      }
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    close_quietly(input.fds[1]);
  }
  std::string answer;
  char buffer[4096];
  while (true) {
    const ssize_t n = ::read(output.fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    if (answer.size() < k_max_helper_output) {
      answer.append(buffer, static_cast<std::size_t>(n));
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw IoError(fmt::format("cannot wait for {}: {}", program, std::strerror(errno)));
    }
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // docker-credential-helpers' ErrCredentialsNotFound.
    if (answer.find("credentials not found") != std::string::npos) {
      return std::nullopt;
    }
    throw IoError(fmt::format("{} get failed for {}: {}", program, server,
                              WIFEXITED(status)
                                ? fmt::format("exit status {}", WEXITSTATUS(status))
                                : fmt::format("killed by signal {}", WTERMSIG(status))));
  }
  nlohmann::json json = nlohmann::json::parse(answer, nullptr, false);
  if (!json.is_object() || !json.contains("Username") || !json.contains("Secret") ||
      !json["Username"].is_string() || !json["Secret"].is_string()) {
    // The text is not quoted: it may hold the secret.
    throw IoError(fmt::format("{} get printed no JSON object with the strings \"Username\" and "
                              "\"Secret\" for {}",
                              program, server));
  }
  const std::string username = json["Username"].get<std::string>();
  return Credentials{username, json["Secret"].get<std::string>(), username == "<token>"};
}

CredentialLookup find_credentials(FileSystem& fs, const Environment& env, const std::string& server)
{
  CredentialLookup out;
  out.files = auth_files(env);
  for (const std::string& file : out.files) {
    const std::optional<FileStat> st = fs.stat(file);
    if (!st) {
      continue;
    }
    const nlohmann::json config = parse_json(fs.read_file(file), file);
    if (!config.is_object()) {
      throw InputError(SourceLocation{file, 0, 0, {}}, "not a JSON object");
    }
    if (const nlohmann::json* helpers = member(config, "credHelpers")) {
      if (const nlohmann::json* helper = entry_for(*helpers, server)) {
        if (!helper->is_string()) {
          throw InputError(SourceLocation{file, 0, 0, {}},
                           fmt::format("\"credHelpers\" entry for {} is not a string", server));
        }
        out.credentials = run_credential_helper(helper->get<std::string>(), server, env);
        if (out.credentials) {
          out.source = fmt::format("docker-credential-{} (credHelpers of {})",
                                   helper->get<std::string>(), file);
          return out;
        }
      }
    }
    const std::string store = string_member(config, "credsStore", file, "");
    if (!store.empty()) {
      out.credentials = run_credential_helper(store, server, env);
      if (out.credentials) {
        out.source = fmt::format("docker-credential-{} (credsStore of {})", store, file);
        return out;
      }
    }
    if (const nlohmann::json* auths = member(config, "auths")) {
      if (const nlohmann::json* entry = entry_for(*auths, server)) {
        out.credentials = auths_entry(*entry, file, server);
        if (out.credentials) {
          out.source = fmt::format("auths of {}", file);
          return out;
        }
      }
    }
  }
  return out;
}

}  // namespace pwi::registry
