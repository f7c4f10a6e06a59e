# Internal use: shared by the build-time steps (steps/*.cmake), which run as
#   cmake -D PWI_CONFIG=<file> -P <step>.cmake
# PWI_CONFIG is written at configure time by the module and holds the step's inputs.

cmake_minimum_required(VERSION 3.25)

if(NOT PWI_CONFIG OR NOT EXISTS "${PWI_CONFIG}")
  message(FATAL_ERROR "Internal error: PyWheelImage step called without a valid PWI_CONFIG (${PWI_CONFIG})")
endif()
include("${PWI_CONFIG}")
include("${CMAKE_CURRENT_LIST_DIR}/../engines/${PWI_ENGINE}.cmake")
cmake_language(CALL _pywheelimage_engine_${PWI_ENGINE}_settings)
foreach(_pwi_kv IN LISTS _PWI_ENGINE_ENV)
  string(REGEX MATCH "^([^=]+)=(.*)$" _ "${_pwi_kv}")
  set(ENV{${CMAKE_MATCH_1}} "${CMAKE_MATCH_2}")
endforeach()

# Internal use: stop the build with one message that says what failed and what to do.
# Reads ARGV<i>, not ARGN, so that a ';' inside a message survives.
function(_pywheelimage_fail)
  set(_msg "")
  math(EXPR _last "${ARGC} - 1")
  foreach(_i RANGE 0 ${_last})
    string(APPEND _msg "${ARGV${_i}}")
  endforeach()
  message(FATAL_ERROR "pywheelimage: ${_msg}")
endfunction()

# Internal use: one line that says what this step does and why it runs.
function(_pywheelimage_say)
  set(_msg "")
  math(EXPR _last "${ARGC} - 1")
  foreach(_i RANGE 0 ${_last})
    string(APPEND _msg "${ARGV${_i}}")
  endforeach()
  message(STATUS "pywheelimage: ${_msg}")
endfunction()

# Internal use: run the engine; output goes to the terminal unless CAPTURE <var> is given;
# ERROR <var> keeps its stderr (QUIET drops it); ECHO <var> shows stdout and stderr as they come
# and also keeps them.
#   _pywheelimage_engine(<args>... [CAPTURE <var>] [ERROR <var>] [ECHO <var>] [RESULT <var>] [QUIET])
function(_pywheelimage_engine)
  cmake_parse_arguments(PARSE_ARGV 0 _e "QUIET" "CAPTURE;RESULT;INPUT_FILE;ERROR;ECHO" "")
  set(_extra "")
  if(_e_ECHO)
    list(APPEND _extra OUTPUT_VARIABLE _out ERROR_VARIABLE _out ECHO_OUTPUT_VARIABLE ECHO_ERROR_VARIABLE)
  endif()
  if(_e_CAPTURE)
    list(APPEND _extra OUTPUT_VARIABLE _out OUTPUT_STRIP_TRAILING_WHITESPACE)
  endif()
  if(_e_QUIET OR _e_ERROR)
    list(APPEND _extra ERROR_VARIABLE _err ERROR_STRIP_TRAILING_WHITESPACE)
    if(NOT _e_CAPTURE)
      list(APPEND _extra OUTPUT_VARIABLE _out)
    endif()
  endif()
  if(_e_INPUT_FILE)
    list(APPEND _extra INPUT_FILE "${_e_INPUT_FILE}")
  endif()
  execute_process(COMMAND "${PWI_ENGINE_EXECUTABLE}" ${_e_UNPARSED_ARGUMENTS}
    RESULT_VARIABLE _rc ${_extra})
  if(_e_CAPTURE)
    set(${_e_CAPTURE} "${_out}" PARENT_SCOPE)
  endif()
  if(_e_ERROR)
    set(${_e_ERROR} "${_err}" PARENT_SCOPE)
  endif()
  if(_e_ECHO)
    set(${_e_ECHO} "${_out}" PARENT_SCOPE)
  endif()
  if(_e_RESULT)
    set(${_e_RESULT} "${_rc}" PARENT_SCOPE)
  elseif(NOT _rc EQUAL 0)
    list(JOIN _e_UNPARSED_ARGUMENTS " " _cmd)
    _pywheelimage_fail("`${PWI_ENGINE_EXECUTABLE} ${_cmd}` failed (${_rc}).")
  endif()
endfunction()

# Internal use: fail with the engine's start hint unless the engine answers.
function(_pywheelimage_require_engine)
  if(NOT EXISTS "${PWI_ENGINE_EXECUTABLE}")
    _pywheelimage_fail("the container engine '${PWI_ENGINE}' (${PWI_ENGINE_EXECUTABLE}) is not installed.")
  endif()
  _pywheelimage_engine(version QUIET RESULT _rc)
  if(NOT _rc EQUAL 0)
    _pywheelimage_fail("the container engine '${PWI_ENGINE}' does not answer "
      "(`${PWI_ENGINE_EXECUTABLE} version` failed). ${_PWI_ENGINE_START_HINT}")
  endif()
endfunction()

# Internal use: image ids for references, in one engine call while all exist.
# Sets <prefix>_<i> to the id of the i-th reference, or to "" where the engine has none.
function(_pywheelimage_image_ids prefix)
  set(_refs ${ARGN})
  list(LENGTH _refs _n)
  if(_n EQUAL 0)
    return()
  endif()
  _pywheelimage_engine(image inspect --format "{{.Id}}" ${_refs} CAPTURE _out RESULT _rc QUIET)
  if(_rc EQUAL 0)
    # Engines differ on the digest prefix (docker: "sha256:<hex>", podman: "<hex>"): drop it.
    string(REGEX REPLACE "(^|\n)sha256:" "\\1" _out "${_out}")
    string(REPLACE "\n" ";" _ids "${_out}")
    list(LENGTH _ids _m)
    if(_m EQUAL _n)
      set(_i 0)
      foreach(_id IN LISTS _ids)
        set(${prefix}_${_i} "${_id}" PARENT_SCOPE)
        math(EXPR _i "${_i} + 1")
      endforeach()
      return()
    endif()
  endif()
  # Something is missing (or the engine is down): ask one by one, which is rare.
  _pywheelimage_require_engine()
  set(_i 0)
  foreach(_ref IN LISTS _refs)
    _pywheelimage_engine(image inspect --format "{{.Id}}" "${_ref}" CAPTURE _id RESULT _rc QUIET)
    if(NOT _rc EQUAL 0)
      set(_id "")
    endif()
    string(REGEX REPLACE "^sha256:" "" _id "${_id}")
    set(${prefix}_${_i} "${_id}" PARENT_SCOPE)
    math(EXPR _i "${_i} + 1")
  endforeach()
endfunction()

# Internal use: write a file only when its content changes, atomically (temp + rename), so that
# Ninja's restat prunes everything downstream when nothing changed.
function(_pywheelimage_write_if_changed path content)
  if(EXISTS "${path}")
    file(READ "${path}" _old)
    if(_old STREQUAL content)
      return()
    endif()
  endif()
  string(RANDOM LENGTH 8 _r)
  file(WRITE "${path}.tmp-${_r}" "${content}")
  file(RENAME "${path}.tmp-${_r}" "${path}")
endfunction()

# Internal use: read "key value" lines of a stamp into <prefix>_<key>.
function(_pywheelimage_read_stamp path prefix)
  if(NOT EXISTS "${path}")
    return()
  endif()
  file(STRINGS "${path}" _lines)
  foreach(_line IN LISTS _lines)
    if(_line MATCHES "^([a-z_]+) (.*)$")
      set(${prefix}_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}" PARENT_SCOPE)
    endif()
  endforeach()
endfunction()

# Internal use: an image id as an --iidfile holds it, without the digest prefix.
function(_pywheelimage_read_iid path out_var)
  file(READ "${path}" _id)
  string(STRIP "${_id}" _id)
  string(REGEX REPLACE "^sha256:" "" _id "${_id}")
  set(${out_var} "${_id}" PARENT_SCOPE)
endfunction()

# Internal use: remove a throwaway container by name, whatever state it is in.
function(_pywheelimage_remove_container name)
  _pywheelimage_engine(rm -f "${name}" QUIET RESULT _ignored)
endfunction()

# Internal use: says why a step runs. <inputs> is a list of "name=value" pairs (a value is a digest
# or an id); <record> keeps them from the last successful run. Sets <out_var> to the names whose
# value changed, "first build" when there is no record, or <fallback> when none changed (the
# engine lost an image, or the step was interrupted).
function(_pywheelimage_why out_var record fallback)
  if(NOT EXISTS "${record}")
    set(${out_var} "first build" PARENT_SCOPE)
    return()
  endif()
  file(STRINGS "${record}" _old)
  set(_changed "")
  _pywheelimage_step_code(_code)
  foreach(_pair IN LISTS ARGN _code)
    if(NOT _pair IN_LIST _old)
      string(REGEX REPLACE "=.*" "" _name "${_pair}")
      list(APPEND _changed "${_name}")
    endif()
  endforeach()
  if(_changed)
    list(JOIN _changed ", " _text)
    set(${out_var} "changed: ${_text}" PARENT_SCOPE)
  else()
    set(${out_var} "${fallback}" PARENT_SCOPE)
  endif()
endfunction()

# Internal use: "PyWheelImage's step code=<digest>": the running step script, the shared step
# code and the engine plugin, so that a new version of PyWheelImage says why its steps rerun.
function(_pywheelimage_step_code out_var)
  set(_text "")
  foreach(_file IN ITEMS "${CMAKE_SCRIPT_MODE_FILE}" "${CMAKE_CURRENT_FUNCTION_LIST_FILE}"
      "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../engines/${PWI_ENGINE}.cmake")
    file(SHA256 "${_file}" _hash)
    string(APPEND _text "${_hash}")
  endforeach()
  string(SHA256 _digest "${_text}")
  set(${out_var} "PyWheelImage's step code=${_digest}" PARENT_SCOPE)
endfunction()

# Internal use: records the inputs of a successful run for _pywheelimage_why.
function(_pywheelimage_record_inputs record)
  _pywheelimage_step_code(_code)
  list(APPEND ARGN "${_code}")
  list(JOIN ARGN "\n" _text)
  _pywheelimage_write_if_changed("${record}" "${_text}\n")
endfunction()

# Internal use: "<label>=<sha256 of the file>" for each file, the file named relative to its project.
function(_pywheelimage_file_inputs out_var)
  set(_pairs "")
  foreach(_file IN LISTS ARGN)
    file(SHA256 "${_file}" _hash)
    get_filename_component(_name "${_file}" NAME)
    list(APPEND _pairs "${_name}=${_hash}")
  endforeach()
  set(${out_var} "${_pairs}" PARENT_SCOPE)
endfunction()

# Internal use: the wheel files that the lock names, from the report of `pywheelimage resolve`
# (packages[].file), as paths in <wheelhouse>.
function(_pywheelimage_locked_wheels report wheelhouse out_var)
  file(READ "${report}" _json)
  string(JSON _n LENGTH "${_json}" packages)
  set(_files "")
  if(_n GREATER 0)
    math(EXPR _last "${_n} - 1")
    foreach(_i RANGE 0 ${_last})
      string(JSON _file GET "${_json}" packages ${_i} file)
      list(APPEND _files "${wheelhouse}/${_file}")
    endforeach()
  endif()
  set(${out_var} "${_files}" PARENT_SCOPE)
endfunction()
