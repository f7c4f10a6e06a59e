#include "common/error.hpp"
#include "image/image_spec.hpp"

#include <catch2/catch.hpp>

using pwi::image::apply_image_spec;
using pwi::image::parse_image_reference;
using pwi::image::parse_image_spec;

namespace {

std::string error_of(const std::string& text)
{
  try {
    parse_image_spec(text, "spec.json");
  } catch (const pwi::InputError& e) {
    CHECK(e.code() == pwi::ExitCode::k_input);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("image: a malformed spec names the file and the JSON pointer", "[image]")
{
  CHECK(error_of(R"({"env": ["A=1", "B"]})") ==
        "spec.json: /env/1: \"B\" is not of the form KEY=VALUE");
  CHECK(error_of(R"({"cmd": "python"})") == "spec.json: /cmd: must be a list of strings");
  CHECK(error_of(R"({"labels": {"a": 1}})") == "spec.json: /labels/a: must be a string");
  CHECK(error_of(R"({"exposed_ports": ["http"]})") ==
        "spec.json: /exposed_ports/0: \"http\" is not a port (PORT or PORT/tcp|udp|sctp)");
  CHECK(error_of(R"({"tags": ["Web:Latest"]})") ==
        "spec.json: /tags/0: \"Web:Latest\" is not a valid image reference with a tag");
  CHECK(error_of(R"({"entry_point": []})").rfind("spec.json: /entry_point: unknown key", 0) == 0);
  CHECK(error_of(R"({"workdir": "app"})") ==
        "spec.json: /workdir: \"app\" is not an absolute path");
  CHECK_THAT(error_of("{\"env\": [}"),
             Catch::StartsWith("spec.json:1:") && Catch::Contains("not valid JSON"));
  CHECK(error_of("[]") == "spec.json: /: must be an object");
}

TEST_CASE("image: image references are normalized as Docker's", "[image]")
{
  const auto python = parse_image_reference("python");
  REQUIRE(python);
  CHECK(python->full == "docker.io/library/python:latest");
  CHECK(python->familiar == "python:latest");
  const auto user = parse_image_reference("me/app:1.0");
  REQUIRE(user);
  CHECK(user->full == "docker.io/me/app:1.0");
  CHECK(user->familiar == "me/app:1.0");
  CHECK(user->tag == "1.0");
  const auto registry = parse_image_reference("localhost:5000/team/app:v2");
  REQUIRE(registry);
  CHECK(registry->full == "localhost:5000/team/app:v2");
  CHECK(registry->familiar == "localhost:5000/team/app:v2");
  CHECK_FALSE(parse_image_reference("App:1"));
  CHECK_FALSE(parse_image_reference("app@sha256:abcd"));
  CHECK_FALSE(parse_image_reference("app:"));
}

TEST_CASE("image: the spec sets the base's configuration", "[image]")
{
  nlohmann::json config = {{"config",
                            {{"Env", {"PATH=/usr/bin", "LANG=C", "TZ=UTC"}},
                             {"Cmd", {"python3"}},
                             {"Entrypoint", {"/bin/sh", "-c"}},
                             {"User", "root"},
                             {"Labels", {{"a", "1"}}}}}};
  const auto spec = parse_image_spec(
    R"({"env": ["NEW=1", "LANG=C.UTF-8", "PATH=/opt/venv/bin:/usr/bin"], "user": null,
        "workdir": "/srv", "entrypoint": [], "cmd": null, "labels": {"b": "2", "a": "3"},
        "exposed_ports": ["8080", "53/udp"], "tags": ["web:1"]})",
    "spec.json");
  apply_image_spec(config, spec);
  const auto& c = config["config"];
  CHECK(c["Env"] ==
        nlohmann::json{"PATH=/opt/venv/bin:/usr/bin", "LANG=C.UTF-8", "TZ=UTC", "NEW=1"});
  CHECK(c["User"] == "root");  // null: the base's
  CHECK(c["WorkingDir"] == "/srv");
  CHECK(c["Entrypoint"].is_null());              // []: cleared
  CHECK(c["Cmd"] == nlohmann::json{"python3"});  // null: the base's
  CHECK(c["Labels"] == nlohmann::json{{"a", "3"}, {"b", "2"}});
  CHECK(c["ExposedPorts"] == nlohmann::json{{"8080/tcp", nlohmann::json::object()},
                                            {"53/udp", nlohmann::json::object()}});
  CHECK(pwi::image::rfc3339(1700000000) == "2023-11-14T22:13:20Z");
}
