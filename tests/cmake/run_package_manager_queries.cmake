# The library queries of the package-manager plugins (package_managers/*.cmake): every plugin
# defines the whole contract, its scripts are valid POSIX sh (and pass shellcheck when it is
# installed), and the apt plugin's scripts, run on this Debian host as they run in a container
# (`sh -c <body> sh <soname>...`), attribute libz.so.1 to zlib1g and find it present.
# cmake -D MODULE_DIR=<dir> -D WORK=<dir> -P run_package_manager_queries.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(GLOB _plugins "${MODULE_DIR}/PyWheelImage/package_managers/*.cmake")
find_program(_shellcheck shellcheck)
foreach(_plugin IN LISTS _plugins)
  get_filename_component(_name "${_plugin}" NAME_WE)
  include("${_plugin}")
  foreach(_function IN ITEMS install present providers)
    if(NOT COMMAND _pywheelimage_pm_${_name}_${_function})
      message(FATAL_ERROR "${_plugin} does not define _pywheelimage_pm_${_name}_${_function}()")
    endif()
  endforeach()
  foreach(_query IN ITEMS present providers)
    cmake_language(CALL _pywheelimage_pm_${_name}_${_query} _script)
    set(_file "${WORK}/${_name}-${_query}.sh")
    file(WRITE "${_file}" "#!/bin/sh\n${_script}")
    execute_process(COMMAND sh -n "${_file}" RESULT_VARIABLE _rc ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "the ${_query} script of ${_plugin} is not valid sh:\n${_err}")
    endif()
    if(_shellcheck)
      execute_process(COMMAND "${_shellcheck}" -s sh "${_file}" RESULT_VARIABLE _rc OUTPUT_VARIABLE _out)
      if(NOT _rc EQUAL 0)
        message(FATAL_ERROR "shellcheck finds problems in the ${_query} script of ${_plugin}:\n${_out}")
      endif()
    endif()
  endforeach()
endforeach()

find_program(_dpkg dpkg)
if(NOT _dpkg OR NOT EXISTS /var/lib/dpkg/status)
  message(STATUS "package_manager_queries: apt on the host: skipped (not a Debian host)")
  return()
endif()
_pywheelimage_pm_apt_providers(_providers)
execute_process(COMMAND sh -c "${_providers}" sh libz.so.1 libpywheelimage-nobody.so.9
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0 OR NOT _out STREQUAL "libz.so.1 zlib1g\n")
  message(FATAL_ERROR "apt providers of libz.so.1 libpywheelimage-nobody.so.9: expected "
    "\"libz.so.1 zlib1g\", got (${_rc}):\n${_out}${_err}")
endif()
_pywheelimage_pm_apt_present(_present)
execute_process(COMMAND sh -c "${_present}" sh libpywheelimage-nobody.so.9 libz.so.1
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0 OR NOT _out STREQUAL "libz.so.1\n")
  message(FATAL_ERROR "apt present of libpywheelimage-nobody.so.9 libz.so.1: expected "
    "\"libz.so.1\", got (${_rc}):\n${_out}${_err}")
endif()
message(STATUS "ok")
