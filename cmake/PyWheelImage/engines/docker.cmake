# Engine plugin: Docker. Every engine plugin defines _pywheelimage_engine_<name>_settings(), which
# sets, in the caller's scope:
#   _PWI_ENGINE_PROGRAMS    names to search for the engine's command-line client
#   _PWI_ENGINE_ENV         VAR=value pairs set for every engine call
#   _PWI_ENGINE_BUILD_ARGS  extra arguments of `<engine> build`
#   _PWI_ENGINE_START_HINT  what to tell a user whose engine does not answer
#   _PWI_ENGINE_API_SOCKET  optional: a Docker Engine API socket that answers "which image does
#                           this reference name?" faster than the CLI (`pywheelimage image-ids`)
# The commands themselves (build, run, rm, image inspect, image rm, import, image prune) are the
# same for every engine we support; a plugin only states how its engine differs.

function(_pywheelimage_engine_docker_settings)
  set(_PWI_ENGINE_PROGRAMS docker PARENT_SCOPE)
  # The flow needs nothing from BuildKit. Setting the builder ourselves keeps a user's
  # DOCKER_BUILDKIT=1 with a client that lacks buildx from breaking the build.
  set(_PWI_ENGINE_ENV "DOCKER_BUILDKIT=0;DOCKER_CLI_HINTS=false" PARENT_SCOPE)
  # --force-rm: no stopped container is left behind when a step fails.
  set(_PWI_ENGINE_BUILD_ARGS "--force-rm;--rm" PARENT_SCOPE)
  set(_PWI_ENGINE_API_SOCKET "/var/run/docker.sock" PARENT_SCOPE)
  set(_PWI_ENGINE_START_HINT
    "Start the Docker daemon (for example `systemctl start docker`, or `dockerd &`) and check that `docker version` shows a Server section; the user must be allowed to use /var/run/docker.sock (root or the docker group)."
    PARENT_SCOPE)
endfunction()
