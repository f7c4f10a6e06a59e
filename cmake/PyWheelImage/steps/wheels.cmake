# Internal use: runs `pip wheel` for the requirements in a throwaway container of the builder
# image, into a fresh directory that replaces the wheelhouse only when pip succeeded (the
# wheelhouse is a symbolic link switched by rename, so it is never half-written). Then writes the
# lock of what the image installs and fingerprints the wheelhouse: PWI_WHEELS_STAMP changes only
# when the wheels' bytes change, so an unchanged result does not rebuild the image.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

_pywheelimage_read_stamp("${PWI_BUILDER_STAMP}" _builder)
if(NOT _builder_tag)
  message(FATAL_ERROR "Internal error: no builder stamp at ${PWI_BUILDER_STAMP}")
endif()
_pywheelimage_file_inputs(_inputs ${PWI_REQUIREMENTS} ${PWI_CONSTRAINTS})
list(JOIN PWI_PIP_ARGS " " _pip_args_text)
list(APPEND _inputs "builder image (BUILD_PACKAGES or the base)=${_builder_tag}" "PIP_ARGS=${_pip_args_text}")
_pywheelimage_why(_why "${PWI_WORK_DIR}/wheels.inputs" "a previous run did not finish" ${_inputs})
_pywheelimage_say("building wheels for '${PWI_NAME}' in ${_builder_tag} (${_why})")
_pywheelimage_require_engine()

# Leftovers of an interrupted run: directories that the wheelhouse link does not name.
set(_current "")
if(IS_SYMLINK "${PWI_WHEELHOUSE}")
  file(READ_SYMLINK "${PWI_WHEELHOUSE}" _current)
endif()
file(GLOB _stale LIST_DIRECTORIES true "${PWI_WORK_DIR}/wheelhouse.*")
foreach(_dir IN LISTS _stale)
  get_filename_component(_base "${_dir}" NAME)
  if(NOT _base STREQUAL _current)
    file(REMOVE_RECURSE "${_dir}")
  endif()
endforeach()

string(RANDOM LENGTH 10 ALPHABET "abcdefghijklmnopqrstuvwxyz0123456789" _suffix)
set(_new_name "wheelhouse.${_suffix}")
set(_new "${PWI_WORK_DIR}/${_new_name}")
file(MAKE_DIRECTORY "${_new}")

set(_run run --rm --name "${PWI_CONTAINER}" --user "${PWI_USER}" --entrypoint=
  -e HOME=/tmp -e PIP_DISABLE_PIP_VERSION_CHECK=1 -e PIP_NO_CACHE_DIR=1 -e PYTHONDONTWRITEBYTECODE=1
  # Reproducible wheels where the build allows it: fixed zip timestamps and build paths.
  -e SOURCE_DATE_EPOCH=${PWI_SOURCE_DATE_EPOCH}
  -e "CFLAGS=-ffile-prefix-map=/tmp=/build -g0" -e "CXXFLAGS=-ffile-prefix-map=/tmp=/build -g0"
  -v "${_new}:/pwi/wheels")
foreach(_var IN ITEMS HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy
                      PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TRUSTED_HOST PIP_DEFAULT_TIMEOUT)
  if(DEFINED ENV{${_var}})
    list(APPEND _run -e "${_var}=$ENV{${_var}}")
  endif()
endforeach()
if(PWI_CA_BUNDLE)
  # A host behind a TLS-inspecting proxy trusts an extra CA; the throwaway builder must too.
  list(APPEND _run -v "${PWI_CA_BUNDLE}:/etc/pywheelimage/ca.pem:ro"
    -e PIP_CERT=/etc/pywheelimage/ca.pem -e SSL_CERT_FILE=/etc/pywheelimage/ca.pem
    -e REQUESTS_CA_BUNDLE=/etc/pywheelimage/ca.pem)
endif()
foreach(_dir IN LISTS PWI_MOUNTS)
  list(APPEND _run -v "${_dir}:${_dir}:ro")
endforeach()
set(_pip python3 -m pip wheel --wheel-dir /pwi/wheels)
if(_current AND EXISTS "${PWI_WORK_DIR}/${_current}")
  # The wheelhouse is a cache: pip takes a wheel it already has over building one again. When
  # the builder changed (BUILD_PACKAGES or the base), the wheels compiled here (platform tag
  # linux_*) are left out so that they are built again; downloaded and pure wheels stay.
  set(_cache "${PWI_WORK_DIR}/${_new_name}.cache")
  file(MAKE_DIRECTORY "${_cache}")
  set(_builder_changed FALSE)
  if(EXISTS "${PWI_WORK_DIR}/wheels.inputs")
    file(STRINGS "${PWI_WORK_DIR}/wheels.inputs" _old_inputs REGEX "^builder image")
    if(NOT _old_inputs STREQUAL "builder image (BUILD_PACKAGES or the base)=${_builder_tag}")
      set(_builder_changed TRUE)
    endif()
  endif()
  file(GLOB _cached "${PWI_WORK_DIR}/${_current}/*.whl")
  foreach(_wheel IN LISTS _cached)
    get_filename_component(_file "${_wheel}" NAME)
    if(_builder_changed AND _file MATCHES "-linux_[^-]+\\.whl$")
      continue()
    endif()
    file(CREATE_LINK "${_wheel}" "${_cache}/${_file}" COPY_ON_ERROR)
  endforeach()
  list(APPEND _run -v "${_cache}:/pwi/cache:ro")
  list(APPEND _pip --find-links /pwi/cache)
endif()
foreach(_file IN LISTS PWI_REQUIREMENTS)
  list(APPEND _pip -r "${_file}")
endforeach()
foreach(_file IN LISTS PWI_CONSTRAINTS)
  list(APPEND _pip -c "${_file}")
endforeach()

_pywheelimage_remove_container("${PWI_CONTAINER}")
_pywheelimage_engine(${_run} "${_builder_tag}" ${_pip} ${PWI_PIP_ARGS} RESULT _rc)
_pywheelimage_remove_container("${PWI_CONTAINER}")
file(REMOVE_RECURSE "${PWI_WORK_DIR}/${_new_name}.cache")
if(NOT _rc EQUAL 0)
  file(REMOVE_RECURSE "${_new}")
  _pywheelimage_fail("building the wheels of image '${PWI_NAME}' failed: pip's output is above. "
    "The previous wheelhouse and image are unchanged. A package that compiles code may need "
    "BUILD_PACKAGES (a compiler, headers of the libraries it links).")
endif()

# The lock: every wheel that pip wheel produced for these requirements, pinned by hash.
file(GLOB _wheels RELATIVE "${_new}" "${_new}/*.whl")
list(SORT _wheels CASE INSENSITIVE)
set(_lock "# Generated by PyWheelImage from the requirements of image '${PWI_NAME}'; do not edit.\n")
foreach(_wheel IN LISTS _wheels)
  if(NOT _wheel MATCHES "^([^-]+)-([^-]+)-")
    _pywheelimage_fail("pip wrote a file that is not a wheel name: ${_new}/${_wheel}")
  endif()
  set(_project "${CMAKE_MATCH_1}")
  set(_version "${CMAKE_MATCH_2}")
  file(SHA256 "${_new}/${_wheel}" _hash)
  string(APPEND _lock "${_project}==${_version} --hash=sha256:${_hash}\n")
endforeach()
file(WRITE "${_new}.lock" "${_lock}")

# Switch the wheelhouse link by rename: readers see the old or the new directory, never a mix.
file(CREATE_LINK "${_new_name}" "${PWI_WHEELHOUSE}.new" SYMBOLIC)
file(RENAME "${PWI_WHEELHOUSE}.new" "${PWI_WHEELHOUSE}")
if(_current)
  file(REMOVE_RECURSE "${PWI_WORK_DIR}/${_current}")
endif()
_pywheelimage_write_if_changed("${PWI_LOCK}" "${_lock}")
file(REMOVE "${_new}.lock")

execute_process(COMMAND "${PWI_HELPER}" fingerprint "${_new}" "${PWI_LOCK}" --stamp "${PWI_WHEELS_STAMP}"
  OUTPUT_QUIET RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  _pywheelimage_fail("fingerprinting the wheelhouse of '${PWI_NAME}' failed (${_rc}).")
endif()
_pywheelimage_record_inputs("${PWI_WORK_DIR}/wheels.inputs" ${_inputs})
file(TOUCH "${PWI_WHEELS_DONE}")
