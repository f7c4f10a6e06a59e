# Adding a plugin is adding one file: copies the module, adds plugins/engines/example.cmake and
# plugins/package_managers/example.cmake to the copy, and runs the generated-command checks of
# run_fake_engine.cmake with ENGINE example and PACKAGE_MANAGER example against it.
# cmake -D WORK=<dir> -D MODULE_DIR=<dir> -D PLUGINS=<dir> -D HELPER=<exe> -D FAKE=<fake_engine.py>
#       -D RUN_FAKE_ENGINE=<run_fake_engine.cmake> -P run_plugin_added.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/module")
file(COPY "${MODULE_DIR}/PyWheelImage.cmake" "${MODULE_DIR}/PyWheelImage"
  DESTINATION "${WORK}/module")
file(GLOB _new RELATIVE "${PLUGINS}" "${PLUGINS}/*/*.cmake")
foreach(_file IN LISTS _new)
  if(EXISTS "${WORK}/module/PyWheelImage/${_file}")
    message(FATAL_ERROR "${_file} is already a plugin of the module: the test needs a new one")
  endif()
  configure_file("${PLUGINS}/${_file}" "${WORK}/module/PyWheelImage/${_file}" COPYONLY)
endforeach()
execute_process(COMMAND "${CMAKE_COMMAND}" -D ENGINE=example -D PACKAGE_MANAGER=example
    -D "WORK=${WORK}/flow" -D "MODULE_DIR=${WORK}/module" -D "HELPER=${HELPER}" -D "FAKE=${FAKE}"
    -P "${RUN_FAKE_ENGINE}"
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "the module with the added plugins fails the generated-command checks")
endif()
message(STATUS "ok: an engine and a package manager added as one file each")
