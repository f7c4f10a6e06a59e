#include "image/image_spec.hpp"

#include "common/error.hpp"
#include "common/json_file.hpp"

#include <fmt/format.h>

#include <ctime>
#include <regex>

namespace pwi::image {

namespace {

[[noreturn]] void bad(const std::string& path, const std::string& pointer,
                      const std::string& message)
{
  throw InputError(SourceLocation{path, 0, 0, ""}, fmt::format("{}: {}", pointer, message));
}

std::vector<std::string> string_list(const nlohmann::json& value, const std::string& path,
                                     const std::string& pointer)
{
  if (!value.is_array()) {
    bad(path, pointer, "must be a list of strings");
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) {
      bad(path, fmt::format("{}/{}", pointer, i), "must be a string");
    }
    out.push_back(value[i].get<std::string>());
  }
  return out;
}

std::optional<std::string> optional_string(const nlohmann::json& value, const std::string& path,
                                           const std::string& pointer)
{
  if (value.is_null()) {
    return std::nullopt;
  }
  if (!value.is_string()) {
    bad(path, pointer, "must be a string or null");
  }
  return value.get<std::string>();
}

std::string env_key(std::string_view entry)
{
  return std::string(entry.substr(0, entry.find('=')));
}

}  // namespace

std::optional<ImageReference> parse_image_reference(std::string_view ref)
{
  // distribution/reference: [domain/]path[:tag]; as splitDockerDomain, the first component is
  // a domain only when it has a '.' or ':' or is "localhost".
  static const std::regex k_domain(
    R"(^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$)");
  static const std::regex k_path(
    R"(^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$)");
  static const std::regex k_tag(R"(^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$)");
  std::string rest(ref);
  std::string domain;
  if (const std::size_t slash = rest.find('/'); slash != std::string::npos) {
    const std::string first = rest.substr(0, slash);
    if (first.find_first_of(".:") != std::string::npos || first == "localhost") {
      if (!std::regex_match(first, k_domain)) {
        return std::nullopt;
      }
      domain = first;
      rest = rest.substr(slash + 1);
    }
  }
  ImageReference out;
  out.tag = "latest";
  if (const std::size_t colon = rest.rfind(':'); colon != std::string::npos) {
    out.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
    if (!std::regex_match(out.tag, k_tag)) {
      return std::nullopt;
    }
  }
  if (rest.size() > 255 || !std::regex_match(rest, k_path)) {
    return std::nullopt;
  }
  if (domain.empty() || domain == "index.docker.io") {
    domain = "docker.io";
  }
  std::string familiar = domain == "docker.io" ? rest : domain + "/" + rest;
  if (domain == "docker.io" && rest.find('/') == std::string::npos) {
    rest = "library/" + rest;
  }
  if (familiar.rfind("library/", 0) == 0 && familiar.find('/', 8) == std::string::npos) {
    familiar = familiar.substr(8);
  }
  out.full = fmt::format("{}/{}:{}", domain, rest, out.tag);
  out.familiar = fmt::format("{}:{}", familiar, out.tag);
  return out;
}

ImageSpec parse_image_spec(std::string_view text, const std::string& path)
{
  const nlohmann::json doc = parse_json(text, path);
  if (!doc.is_object()) {
    bad(path, "/", "must be an object");
  }
  ImageSpec spec;
  for (const auto& [key, value] : doc.items()) {
    const std::string pointer = "/" + key;
    if (key == "env") {
      spec.env = string_list(value, path, pointer);
      for (std::size_t i = 0; i < spec.env.size(); ++i) {
        if (spec.env[i].find('=') == std::string::npos || spec.env[i].front() == '=') {
          bad(path, fmt::format("{}/{}", pointer, i),
              fmt::format("\"{}\" is not of the form KEY=VALUE", spec.env[i]));
        }
      }
    } else if (key == "user") {
      spec.user = optional_string(value, path, pointer);
    } else if (key == "workdir") {
      spec.workdir = optional_string(value, path, pointer);
      if (spec.workdir && (spec.workdir->empty() || spec.workdir->front() != '/')) {
        bad(path, pointer, fmt::format("\"{}\" is not an absolute path", *spec.workdir));
      }
    } else if (key == "entrypoint" || key == "cmd") {
      auto& field = key == "cmd" ? spec.cmd : spec.entrypoint;
      if (value.is_null()) {
        field.reset();
      } else {
        field = string_list(value, path, pointer);
      }
    } else if (key == "labels") {
      if (!value.is_object()) {
        bad(path, pointer, "must be an object of strings");
      }
      for (const auto& [name, label] : value.items()) {
        if (!label.is_string()) {
          bad(path, fmt::format("{}/{}", pointer, name), "must be a string");
        }
        if (name.empty()) {
          bad(path, pointer, "a label's name cannot be empty");
        }
        spec.labels[name] = label.get<std::string>();
      }
    } else if (key == "exposed_ports") {
      static const std::regex k_port(R"(^([0-9]{1,5})(?:/(tcp|udp|sctp))?$)");
      const std::vector<std::string> ports = string_list(value, path, pointer);
      for (std::size_t i = 0; i < ports.size(); ++i) {
        std::smatch m;
        if (!std::regex_match(ports[i], m, k_port) || std::stoi(m[1].str()) > 65535) {
          bad(path, fmt::format("{}/{}", pointer, i),
              fmt::format("\"{}\" is not a port (PORT or PORT/tcp|udp|sctp)", ports[i]));
        }
        spec.exposed_ports.push_back(m[2].matched ? ports[i] : ports[i] + "/tcp");
      }
    } else if (key == "tags") {
      spec.tags = string_list(value, path, pointer);
      for (std::size_t i = 0; i < spec.tags.size(); ++i) {
        if (!parse_image_reference(spec.tags[i])) {
          bad(path, fmt::format("{}/{}", pointer, i),
              fmt::format("\"{}\" is not a valid image reference with a tag", spec.tags[i]));
        }
      }
    } else {
      bad(path, pointer,
          "unknown key (known: env, user, workdir, entrypoint, cmd, labels, exposed_ports, "
          "tags)");
    }
  }
  return spec;
}

std::string rfc3339(std::int64_t epoch)
{
  const std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

void apply_image_spec(nlohmann::json& config, const ImageSpec& spec)
{
  if (!config.contains("config") || !config["config"].is_object()) {
    config["config"] = nlohmann::json::object();
  }
  nlohmann::json& c = config["config"];
  if (!spec.env.empty()) {
    std::vector<std::string> env;
    if (c.contains("Env") && c["Env"].is_array()) {
      for (const auto& e : c["Env"]) {
        env.push_back(e.is_string() ? e.get<std::string>() : e.dump());
      }
    }
    for (const std::string& entry : spec.env) {
      const std::string key = env_key(entry);
      bool replaced = false;
      for (std::string& existing : env) {
        if (env_key(existing) == key) {
          existing = entry;
          replaced = true;
        }
      }
      if (!replaced) {
        env.push_back(entry);
      }
    }
    c["Env"] = env;
  }
  if (spec.user) {
    c["User"] = *spec.user;
  }
  if (spec.workdir) {
    c["WorkingDir"] = *spec.workdir;
  }
  for (const auto& [key, field] :
       {std::pair{"Entrypoint", &spec.entrypoint}, std::pair{"Cmd", &spec.cmd}}) {
    if (*field) {
      c[key] = (*field)->empty() ? nlohmann::json(nullptr) : nlohmann::json(**field);
    }
  }
  if (!spec.labels.empty()) {
    if (!c.contains("Labels") || !c["Labels"].is_object()) {
      c["Labels"] = nlohmann::json::object();
    }
    for (const auto& [name, value] : spec.labels) {
      c["Labels"][name] = value;
    }
  }
  if (!spec.exposed_ports.empty()) {
    if (!c.contains("ExposedPorts") || !c["ExposedPorts"].is_object()) {
      c["ExposedPorts"] = nlohmann::json::object();
    }
    for (const std::string& port : spec.exposed_ports) {
      c["ExposedPorts"][port] = nlohmann::json::object();
    }
  }
}

}  // namespace pwi::image
