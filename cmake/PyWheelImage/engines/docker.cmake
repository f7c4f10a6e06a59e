# Engine plugin: Docker. Every engine plugin defines _pywheelimage_engine_<name>_settings(), which
# sets, in the caller's scope:
#   _PWI_ENGINE_PROGRAMS    names to search for the engine's command-line client
#   _PWI_ENGINE_ENV         VAR=value pairs set for every engine call
#   _PWI_ENGINE_BUILD_ARGS  extra arguments of `<engine> build`
#   _PWI_ENGINE_START_HINT  what to tell a user whose engine does not answer
#   _PWI_ENGINE_INSTALL_HINT  how to install the engine's client, for a user who has none
# and it may define _pywheelimage_engine_<name>_api_socket(<out_var>): the Docker Engine API
# socket that answers "which image does this reference name?" faster than the CLI
# (`pywheelimage image-ids`), or "" when the CLI would talk to another engine than that socket's.
# The commands themselves (build, run, rm, image inspect, image rm, import, image prune) are the
# same for every engine we support; a plugin only states how its engine differs.

function(_pywheelimage_engine_docker_settings)
  set(_PWI_ENGINE_PROGRAMS docker PARENT_SCOPE)
  # The flow needs nothing from BuildKit. Setting the builder ourselves keeps a user's
  # DOCKER_BUILDKIT=1 with a client that lacks buildx from breaking the build.
  set(_PWI_ENGINE_ENV "DOCKER_BUILDKIT=0;DOCKER_CLI_HINTS=false" PARENT_SCOPE)
  # --force-rm: no stopped container is left behind when a step fails.
  set(_PWI_ENGINE_BUILD_ARGS "--force-rm;--rm" PARENT_SCOPE)
  set(_PWI_ENGINE_INSTALL_HINT "Debian and Ubuntu: apt-get install docker.io" PARENT_SCOPE)
  set(_PWI_ENGINE_LOAD_OMITS_PRESENT_LAYERS TRUE PARENT_SCOPE)
  set(_PWI_ENGINE_START_HINT
    "Start the Docker daemon (for example `systemctl start docker`, or `dockerd &`) and check that `docker version` shows a Server section; the user must be allowed to use /var/run/docker.sock (root or the docker group)."
    PARENT_SCOPE)
endfunction()

# The daemon's socket, unless the CLI would talk to another daemon: DOCKER_HOST that is not a
# unix socket, DOCKER_CONTEXT, or a current context other than `default` in the CLI's config.
function(_pywheelimage_engine_docker_api_socket out_var)
  set(${out_var} "" PARENT_SCOPE)
  if(NOT "$ENV{DOCKER_CONTEXT}" STREQUAL "")
    return()
  endif()
  set(_socket "/var/run/docker.sock")
  if(NOT "$ENV{DOCKER_HOST}" STREQUAL "")
    if(NOT "$ENV{DOCKER_HOST}" MATCHES "^unix://(/.+)$")
      return()
    endif()
    set(_socket "${CMAKE_MATCH_1}")
  endif()
  set(_config "$ENV{DOCKER_CONFIG}")
  if(_config STREQUAL "")
    set(_config "$ENV{HOME}/.docker")
  endif()
  if(EXISTS "${_config}/config.json")
    file(READ "${_config}/config.json" _json)
    string(JSON _context ERROR_VARIABLE _no_context GET "${_json}" currentContext)
    if(NOT _no_context AND NOT _context STREQUAL "" AND NOT _context STREQUAL "default")
      return()
    endif()
  endif()
  set(${out_var} "${_socket}" PARENT_SCOPE)
endfunction()
