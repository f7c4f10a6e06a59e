# Engine plugin: Podman (daemonless). See engines/docker.cmake for the interface.

function(_pywheelimage_engine_podman_settings)
  set(_PWI_ENGINE_PROGRAMS podman PARENT_SCOPE)
  set(_PWI_ENGINE_ENV "" PARENT_SCOPE)
  # --layers keeps podman's layer cache like docker's; --format docker keeps LABEL/EXPOSE
  # semantics identical to the docker engine's images.
  set(_PWI_ENGINE_BUILD_ARGS "--force-rm;--layers;--format;docker" PARENT_SCOPE)
  set(_PWI_ENGINE_INSTALL_HINT "Debian and Ubuntu: apt-get install podman" PARENT_SCOPE)
  set(_PWI_ENGINE_LOAD_OMITS_PRESENT_LAYERS FALSE PARENT_SCOPE)
  set(_PWI_ENGINE_START_HINT
    "Check that `podman info` works for this user; on hosts where containers fail to start with an error about ulimits, point CONTAINERS_CONF at a containers.conf with `default_ulimits = []` under [containers]."
    PARENT_SCOPE)
endfunction()
