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

# Internal use: the engine's API socket when the helper may ask it directly (the plugin names
# one, and neither DOCKER_HOST, DOCKER_CONTEXT nor the CLI's current context points elsewhere),
# else "".
function(_pywheelimage_api_socket out_var)
  set(${out_var} "" PARENT_SCOPE)
  if(NOT PWI_ENGINE_API OR NOT PWI_HELPER OR NOT EXISTS "${PWI_HELPER}"
     OR NOT COMMAND _pywheelimage_engine_${PWI_ENGINE}_api_socket)
    return()
  endif()
  # The plugin knows where its engine's socket is and when its CLI would talk to another one.
  cmake_language(CALL _pywheelimage_engine_${PWI_ENGINE}_api_socket _socket)
  if(_socket AND EXISTS "${_socket}")
    set(${out_var} "${_socket}" PARENT_SCOPE)
  endif()
endfunction()

# Internal use: image ids for references, in one call: the helper asking the engine's API
# socket (a few milliseconds), else the engine's CLI (one `image inspect` while all exist).
# Sets <prefix>_<i> to the id of the i-th reference, or to "" where the engine has none.
function(_pywheelimage_image_ids prefix)
  set(_refs ${ARGN})
  list(LENGTH _refs _n)
  if(_n EQUAL 0)
    return()
  endif()
  _pywheelimage_api_socket(_socket)
  if(_socket)
    execute_process(COMMAND "${PWI_HELPER}" image-ids --socket "${_socket}" ${_refs}
      RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_QUIET)
    if(_rc EQUAL 0)
      # One line per reference, empty where the engine has none.
      string(REPLACE "\n" ";" _ids "${_out}")
      math(EXPR _last "${_n} - 1")
      foreach(_i RANGE 0 ${_last})
        list(LENGTH _ids _m)
        set(_id "")
        if(_i LESS _m)
          list(GET _ids ${_i} _id)
        endif()
        set(${prefix}_${_i} "${_id}" PARENT_SCOPE)
      endforeach()
      return()
    endif()
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
  set(_tmp "${path}.tmp-${_r}")
  # file(WRITE) does not report a full disk: read the bytes back before they replace anything.
  file(WRITE "${_tmp}" "${content}")
  set(_back "")
  if(EXISTS "${_tmp}")
    file(READ "${_tmp}" _back)
  endif()
  if(NOT _back STREQUAL content)
    file(REMOVE "${_tmp}")
    _pywheelimage_fail("could not write ${path} (is the disk full?); it was left as it was. "
      "Free some space and build again.")
  endif()
  file(RENAME "${_tmp}" "${path}" RESULT _rc)
  if(NOT _rc EQUAL 0)
    file(REMOVE "${_tmp}")
    _pywheelimage_fail("could not replace ${path}: ${_rc}; it was left as it was.")
  endif()
endfunction()

# Internal use: the package-manager plugin's advice on <topic> (python, pip, venv, library) as
# " (<advice>)", or "" when the plugin has none: the core names no distribution's packages.
function(_pywheelimage_pm_hint out_var topic)
  set(${out_var} "" PARENT_SCOPE)
  if(NOT PWI_PACKAGE_MANAGER)
    return()
  endif()
  include("${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../package_managers/${PWI_PACKAGE_MANAGER}.cmake")
  if(COMMAND _pywheelimage_pm_${PWI_PACKAGE_MANAGER}_hint)
    cmake_language(CALL _pywheelimage_pm_${PWI_PACKAGE_MANAGER}_hint _hint ${topic})
    if(NOT _hint STREQUAL "")
      set(${out_var} " (${_hint})" PARENT_SCOPE)
    endif()
  endif()
endfunction()

# Internal use: <archive> holds image <id> as the engine saves it (`save`, a docker-archive),
# saved again only when the id differs from the one recorded beside it (<archive>.id).
function(_pywheelimage_runtime_archive id archive)
  if(EXISTS "${archive}" AND EXISTS "${archive}.id")
    file(READ "${archive}.id" _saved)
    if(_saved STREQUAL id)
      return()
    endif()
  endif()
  file(REMOVE "${archive}.id" "${archive}.tmp")
  _pywheelimage_engine(save -o "${archive}.tmp" "${id}" RESULT _rc ERROR _err)
  if(NOT _rc EQUAL 0)
    file(REMOVE "${archive}.tmp")
    _pywheelimage_fail("saving the runtime image ${id} of image '${PWI_NAME}' failed: ${_err}")
  endif()
  file(RENAME "${archive}.tmp" "${archive}")
  file(WRITE "${archive}.id" "${id}")
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
  set(_id "")
  if(EXISTS "${path}")
    file(READ "${path}" _id)
  endif()
  string(STRIP "${_id}" _id)
  string(REGEX REPLACE "^sha256:" "" _id "${_id}")
  # An engine that could not write the file (a full disk) must not leave a stamp without an id.
  if(NOT _id MATCHES "^[0-9a-f]+$")
    _pywheelimage_fail("the engine wrote no image id to ${path} (is the disk full?); nothing was "
      "recorded. Free some space and build again.")
  endif()
  set(${out_var} "${_id}" PARENT_SCOPE)
endfunction()

# Internal use: remove a throwaway container by name, whatever state it is in.
function(_pywheelimage_remove_container name)
  _pywheelimage_engine(rm -f "${name}" QUIET RESULT _ignored)
endfunction()

# Internal use: what changed since a run recorded its inputs. <inputs> is a list of "name=value"
# pairs (a value is a digest or an id); <record> keeps them from the last successful run and must
# exist. Sets <out_var> to "changed: <names whose value changed>", or "" when none did.
function(_pywheelimage_changed_inputs out_var record)
  file(STRINGS "${record}" _old)
  set(_changed "")
  foreach(_pair IN LISTS ARGN)
    if(NOT _pair IN_LIST _old)
      string(REGEX REPLACE "=.*" "" _name "${_pair}")
      list(APPEND _changed "${_name}")
    endif()
  endforeach()
  set(_text "")
  if(_changed)
    list(JOIN _changed ", " _text)
    set(_text "changed: ${_text}")
  endif()
  set(${out_var} "${_text}" PARENT_SCOPE)
endfunction()

# Internal use: says why a step runs: "first build" when there is no <record>, what changed
# among <inputs> and the step code (_pywheelimage_changed_inputs), or <fallback> when none did
# (the engine lost an image, or the step was interrupted).
function(_pywheelimage_why out_var record fallback)
  if(NOT EXISTS "${record}")
    set(${out_var} "first build" PARENT_SCOPE)
    return()
  endif()
  _pywheelimage_step_code(_code)
  _pywheelimage_changed_inputs(_why "${record}" ${ARGN} "${_code}")
  if(_why STREQUAL "")
    set(_why "${fallback}")
  endif()
  set(${out_var} "${_why}" PARENT_SCOPE)
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

# Internal use: writes "name=value" pairs to <record>, one per line, for
# _pywheelimage_changed_inputs.
function(_pywheelimage_write_inputs record)
  list(JOIN ARGN "\n" _text)
  _pywheelimage_write_if_changed("${record}" "${_text}\n")
endfunction()

# Internal use: records the inputs of a successful run, with the step code, for _pywheelimage_why.
function(_pywheelimage_record_inputs record)
  _pywheelimage_step_code(_code)
  _pywheelimage_write_inputs("${record}" ${ARGN} "${_code}")
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

# Internal use: the arguments of `<engine> run` that let a throwaway container reach a package
# index as the host does: the proxy and index variables (named without a value, so that the
# engine's client passes them from its own environment and a token never appears on a command
# line), the CA bundle the host trusts (PWI_CA_BUNDLE, for TLS-inspecting proxies) and the netrc
# file (PWI_NETRC, as ~/.netrc: HOME is /tmp there), mounted read-only, and the network
# PWI_BUILDER_NETWORK. Never used for an image.
function(_pywheelimage_index_access_args out_var)
  set(_args "")
  foreach(_var IN ITEMS HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy
                        PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TRUSTED_HOST PIP_DEFAULT_TIMEOUT)
    if(DEFINED ENV{${_var}})
      list(APPEND _args -e "${_var}")
    endif()
  endforeach()
  if(PWI_CA_BUNDLE)
    list(APPEND _args -v "${PWI_CA_BUNDLE}:/etc/pywheelimage/ca.pem:ro"
      -e PIP_CERT=/etc/pywheelimage/ca.pem -e SSL_CERT_FILE=/etc/pywheelimage/ca.pem
      -e REQUESTS_CA_BUNDLE=/etc/pywheelimage/ca.pem)
  endif()
  if(PWI_NETRC)
    if(NOT EXISTS "${PWI_NETRC}")
      _pywheelimage_fail("the netrc file '${PWI_NETRC}' (PYWHEELIMAGE_NETRC) does not exist. "
        "Create it, or clear PYWHEELIMAGE_NETRC.")
    endif()
    list(APPEND _args -v "${PWI_NETRC}:/tmp/.netrc:ro")
  endif()
  if(PWI_BUILDER_NETWORK)
    list(APPEND _args "--network=${PWI_BUILDER_NETWORK}")
  endif()
  set(${out_var} "${_args}" PARENT_SCOPE)
endfunction()

# Internal use: sets, in this process's environment, the credentials that `pywheelimage inputs`
# found in the requirement files' URLs (its JSON output <inputs_json>), and appends to
# <args_var> the `-e NAME` that pass them, and every ${NAME} the files use, to a builder
# container by name.
function(_pywheelimage_requirement_env_args inputs_json args_var)
  set(_args "${${args_var}}")
  string(JSON _n LENGTH "${inputs_json}" environment)
  if(_n GREATER 0)
    math(EXPR _last "${_n} - 1")
    foreach(_i RANGE 0 ${_last})
      string(JSON _name GET "${inputs_json}" environment ${_i})
      list(APPEND _args -e "${_name}")
    endforeach()
  endif()
  string(JSON _n LENGTH "${inputs_json}" credentials)
  if(_n GREATER 0)
    math(EXPR _last "${_n} - 1")
    foreach(_i RANGE 0 ${_last})
      string(JSON _name MEMBER "${inputs_json}" credentials ${_i})
      string(JSON _value GET "${inputs_json}" credentials "${_name}")
      set(ENV{${_name}} "${_value}")
      list(APPEND _args -e "${_name}")
    endforeach()
  endif()
  set(${args_var} "${_args}" PARENT_SCOPE)
endfunction()

# Internal use: makes <work_dir>/<new_name> the wheelhouse (the link PWI_WHEELHOUSE, switched by
# rename, so that it always names a complete directory) and removes <old_name>, the directory
# it named before ("" for none).
function(_pywheelimage_switch_wheelhouse work_dir new_name old_name)
  file(CREATE_LINK "${new_name}" "${PWI_WHEELHOUSE}.new" SYMBOLIC)
  file(RENAME "${PWI_WHEELHOUSE}.new" "${PWI_WHEELHOUSE}")
  if(NOT old_name STREQUAL "")
    file(REMOVE_RECURSE "${work_dir}/${old_name}")
  endif()
endfunction()
