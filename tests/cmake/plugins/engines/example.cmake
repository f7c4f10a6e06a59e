# A third engine plugin, for cmake.plugin_added_as_one_file only: a docker-compatible client
# named `example-engine`, with settings of its own that the generated commands must show.

function(_pywheelimage_engine_example_settings)
  set(_PWI_ENGINE_PROGRAMS example-engine PARENT_SCOPE)
  set(_PWI_ENGINE_ENV "EXAMPLE_ENGINE_MODE=quiet" PARENT_SCOPE)
  set(_PWI_ENGINE_BUILD_ARGS "--example-build-flag" PARENT_SCOPE)
  set(_PWI_ENGINE_INSTALL_HINT "install example-engine" PARENT_SCOPE)
  set(_PWI_ENGINE_START_HINT "start the example engine" PARENT_SCOPE)
endfunction()
