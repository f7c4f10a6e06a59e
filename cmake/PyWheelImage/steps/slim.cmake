# Internal use: the SLIM image (pywheelimage_add_image(... SLIM)), made from the full image that
# image.cmake built: its root file system exported (`<engine> create` + `export`), only what the
# environment needs kept by `pywheelimage slim` (the interpreter and its standard library, the
# shared objects the dynamic loader would map, the files libc and OpenSSL read by name, the
# environment, the FILES, the KEEP paths; see docs/slim.md), then imported with the full
# image's configuration (ENV, WORKDIR, USER, EXPOSE, LABEL, ENTRYPOINT, CMD). No shell, pip or
# package manager is left unless the environment or KEEP has them. The full image stays under
# PWI_FULL_TAG: its layers are the next build's cache.

# Internal use: a Dockerfile value in double quotes.
function(_pywheelimage_slim_quote out_var value)
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  set(${out_var} "\"${value}\"" PARENT_SCOPE)
endfunction()

# Internal use: the `--change` arguments of `<engine> import` that give an image the
# configuration <config_json> (the full image's .Config), and in <user_var> its USER.
function(_pywheelimage_slim_changes config_json out_var user_var)
  set(_changes "")
  foreach(_key IN ITEMS Env Labels ExposedPorts)
    string(JSON _type ERROR_VARIABLE _missing TYPE "${config_json}" ${_key})
    if(_missing OR NOT _type MATCHES "ARRAY|OBJECT")
      continue()
    endif()
    string(JSON _n LENGTH "${config_json}" ${_key})
    if(_n EQUAL 0)
      continue()
    endif()
    math(EXPR _last "${_n} - 1")
    foreach(_i RANGE 0 ${_last})
      if(_key STREQUAL "Env")
        string(JSON _pair GET "${config_json}" Env ${_i})
        string(REGEX MATCH "^([^=]+)=(.*)$" _ "${_pair}")
        _pywheelimage_slim_quote(_value "${CMAKE_MATCH_2}")
        list(APPEND _changes --change "ENV ${CMAKE_MATCH_1}=${_value}")
      elseif(_key STREQUAL "Labels")
        string(JSON _name MEMBER "${config_json}" Labels ${_i})
        string(JSON _value GET "${config_json}" Labels "${_name}")
        _pywheelimage_slim_quote(_qname "${_name}")
        _pywheelimage_slim_quote(_qvalue "${_value}")
        list(APPEND _changes --change "LABEL ${_qname}=${_qvalue}")
      else()
        string(JSON _port MEMBER "${config_json}" ExposedPorts ${_i})
        list(APPEND _changes --change "EXPOSE ${_port}")
      endif()
    endforeach()
  endforeach()
  set(_user "")
  foreach(_key IN ITEMS WorkingDir User)
    string(JSON _value ERROR_VARIABLE _missing GET "${config_json}" ${_key})
    if(NOT _missing AND NOT _value STREQUAL "")
      if(_key STREQUAL "WorkingDir")
        list(APPEND _changes --change "WORKDIR ${_value}")
      else()
        list(APPEND _changes --change "USER ${_value}")
        set(_user "${_value}")
      endif()
    endif()
  endforeach()
  # Exec form, as JSON: the array as the full image has it.
  foreach(_key IN ITEMS Entrypoint Cmd)
    string(JSON _type ERROR_VARIABLE _missing TYPE "${config_json}" ${_key})
    if(NOT _missing AND _type STREQUAL "ARRAY")
      string(JSON _array GET "${config_json}" ${_key})
      string(REGEX REPLACE "[\n ]*([],[])[\n ]*" "\\1" _array "${_array}")
      string(TOUPPER "${_key}" _instruction)
      list(APPEND _changes --change "${_instruction} ${_array}")
    endif()
  endforeach()
  set(${out_var} "${_changes}" PARENT_SCOPE)
  set(${user_var} "${_user}" PARENT_SCOPE)
endfunction()

# Internal use: makes the SLIM image from the full image <full_id>; sets <out_id> to its id.
function(_pywheelimage_slim_image full_id out_id)
  set(_input "${PWI_WORK_DIR}/slim.input.tar")
  set(_output "${PWI_WORK_DIR}/slim.tar")
  file(REMOVE "${_input}" "${_output}")
  _pywheelimage_engine(image inspect --format "{{json .Config}}" "${full_id}" CAPTURE _config)
  _pywheelimage_slim_changes("${_config}" _changes _user)

  # The full image's files, as one flat tar.
  _pywheelimage_remove_container("${PWI_SLIM_CONTAINER}")
  _pywheelimage_engine(create --name "${PWI_SLIM_CONTAINER}" --entrypoint= "${full_id}" true
    QUIET RESULT _rc)
  if(_rc EQUAL 0)
    _pywheelimage_engine(export -o "${_input}" "${PWI_SLIM_CONTAINER}" RESULT _rc)
  endif()
  _pywheelimage_remove_container("${PWI_SLIM_CONTAINER}")
  if(NOT _rc EQUAL 0)
    file(REMOVE "${_input}")
    _pywheelimage_fail("exporting the files of image '${PWI_NAME}' for SLIM failed; the engine's "
      "output is above. The previous image is unchanged.")
  endif()

  set(_keep "")
  foreach(_path IN LISTS PWI_SLIM_KEEP)
    list(APPEND _keep --keep "${_path}")
  endforeach()
  if(_user)
    list(APPEND _keep --user "${_user}")
  endif()
  execute_process(COMMAND "${PWI_HELPER}" slim --input "${_input}" --output "${_output}"
    --venv "${PWI_VENV}" ${_keep} --report "${PWI_WORK_DIR}/slim.report.json"
    --sbom "${PWI_WORK_DIR}/sbom.spdx.json"
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _summary ERROR_VARIABLE _err)
  file(REMOVE "${_input}")
  if(NOT _rc EQUAL 0)
    file(REMOVE "${_output}")
    message(NOTICE "${_err}")
    _pywheelimage_fail("choosing the files of the SLIM image '${PWI_NAME}' failed (see above). "
      "A path the image needs can be kept with KEEP. The previous image is unchanged.")
  endif()
  string(STRIP "${_summary}" _summary)
  _pywheelimage_say("SLIM image '${PWI_NAME}': ${_summary}")

  _pywheelimage_engine(import ${_changes} "${_output}" CAPTURE _imported RESULT _rc)
  file(REMOVE "${_output}")
  if(NOT _rc EQUAL 0)
    _pywheelimage_fail("importing the SLIM image '${PWI_NAME}' failed; the engine's output is "
      "above. The previous image is unchanged.")
  endif()
  # The last line is the new image's id (docker: sha256:..., podman: the bare id).
  string(REGEX MATCH "[0-9a-f]+$" _hex "${_imported}")
  string(LENGTH "${_hex}" _length)
  if(NOT _length EQUAL 64)
    _pywheelimage_fail("Internal error: `${PWI_ENGINE} import` printed no image id: ${_imported}")
  endif()
  set(_id "${_hex}")  # bare, as the stamps hold ids (_pywheelimage_read_iid)
  foreach(_tag IN LISTS PWI_TAGS)
    _pywheelimage_engine(tag "${_id}" "${_tag}")
  endforeach()
  set(${out_id} "${_id}" PARENT_SCOPE)
endfunction()
