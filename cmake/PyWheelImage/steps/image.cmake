# Internal use: builds the slim image.
#
# 1. The virtual environment, only when the lock (or the runtime) changed: installed in a
#    throwaway container of the runtime (runtime.Dockerfile: BASE plus the runtime packages,
#    RUNTIME_PACKAGES and those the libraries step inferred; BASE itself without any), with the locked wheels mounted read-only and the
#    environment's directory mounted from the build tree, then checked (`pip check`, every
#    shared object finds its libraries). A failed install leaves the previous environment.
# 2. The image, written by the helper (`pywheelimage write-image`) from the runtime as the engine
#    saves it, the environment and the application, and loaded into the engine: a layer per
#    installed distribution, byte-identical for the same files on every machine, so an
#    application change costs one new layer and reinstalls nothing, and the same inputs give
#    the same image id anywhere.
#
# On success the previous image is removed when nothing else uses it. On failure the previous
# image stays as it was. Writes PWI_IMAGE_STAMP ("id", "tags").
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/slim.cmake")

_pywheelimage_read_stamp("${PWI_IMAGE_STAMP}" _old)
_pywheelimage_read_stamp("${PWI_BASE_ID_FILE}" _base)
file(READ "${PWI_WHEELS_STAMP}" _wheels_digest)
string(STRIP "${_wheels_digest}" _wheels_digest)
set(_app_digest "none")
if(PWI_FILES)
  file(READ "${PWI_APP_STAMP}" _app_digest)
  string(STRIP "${_app_digest}" _app_digest)
endif()
file(SHA256 "${PWI_IMAGE_DOCKERFILE}" _dockerfile_digest)
file(SHA256 "${PWI_IMAGE_SPEC_IN}" _spec_digest)
set(_inputs "wheels=${_wheels_digest}" "application files=${_app_digest}"
  "image definition=${_dockerfile_digest}/${_spec_digest}" "base image=${_base_id}"
  "SLIM and KEEP=${PWI_SLIM} ${PWI_SLIM_KEEP}")
if(NOT _old_id)
  set(_why "first build")
else()
  _pywheelimage_why(_why "${PWI_WORK_DIR}/image.inputs"
    "the image was removed from ${PWI_ENGINE} or retagged" ${_inputs})
endif()
list(JOIN PWI_TAGS " " _tags_text)
_pywheelimage_say("building image '${PWI_NAME}' as ${_tags_text} (${_why})")
_pywheelimage_require_engine()

file(READ "${PWI_ENV_JSON}" _env)
string(JSON _path GET "${_env}" path)
set(_context "${PWI_WORK_DIR}/context")
file(MAKE_DIRECTORY "${_context}")
# Leftovers of an interrupted run, and of earlier versions of this step.
file(GLOB _stale LIST_DIRECTORIES true "${_context}/venv.*" "${PWI_WORK_DIR}/install.*"
  "${PWI_WORK_DIR}/image-context")
if(_stale)
  file(REMOVE_RECURSE ${_stale})
endif()

# The runtime, where the environment is installed and whose layers start the image: BASE, or BASE
# plus the runtime packages when runtime.Dockerfile has a RUN line (RUNTIME_PACKAGES and those
# steps/libraries.cmake inferred), built once here (the engine's layer cache keeps it).
file(STRINGS "${PWI_RUNTIME_DOCKERFILE}" _runtime_run REGEX "^RUN ")
set(_has_runtime_packages FALSE)
set(_runtime "${PWI_BASE}")
set(_runtime_id "${_base_id}")
if(_runtime_run)
  set(_has_runtime_packages TRUE)
  file(MAKE_DIRECTORY "${PWI_WORK_DIR}/install.runtime")
  file(COPY_FILE "${PWI_RUNTIME_DOCKERFILE}" "${PWI_WORK_DIR}/install.runtime/Dockerfile")
  _pywheelimage_engine(build ${_PWI_ENGINE_BUILD_ARGS} --iidfile "${PWI_WORK_DIR}/runtime.iid"
    "${PWI_WORK_DIR}/install.runtime" RESULT _rc)
  file(REMOVE_RECURSE "${PWI_WORK_DIR}/install.runtime")
  if(NOT _rc EQUAL 0)
    _pywheelimage_fail("installing the runtime packages of image '${PWI_NAME}' failed; the engine's "
      "output is above. The previous image is unchanged.")
  endif()
  _pywheelimage_read_iid("${PWI_WORK_DIR}/runtime.iid" _runtime_id)
  file(REMOVE "${PWI_WORK_DIR}/runtime.iid")
  set(_runtime "${_runtime_id}")
endif()

# 1. The environment, installed from the lock when what defines it changed.
file(SHA256 "${PWI_LOCK}" _lock_digest)
file(SHA256 "${PWI_RUNTIME_DOCKERFILE}" _runtime_digest)
file(SHA256 "${PWI_INSTALL_SCRIPT}" _install_digest)
file(SHA256 "${PWI_CHECK_SCRIPT}" _check_digest)
set(_venv_inputs "lock=${_lock_digest}" "runtime=${_runtime_digest}/${_base_id}" "location=${PWI_VENV}"
  "install script=${_install_digest}/${_check_digest}")
set(_venv_record "${PWI_WORK_DIR}/venv.inputs")
if(NOT IS_DIRECTORY "${_context}/venv" OR NOT EXISTS "${_venv_record}")
  set(_venv_why "first install")
else()
  _pywheelimage_changed_inputs(_venv_why "${_venv_record}" ${_venv_inputs})
endif()
if(_venv_why STREQUAL "")
  _pywheelimage_say("environment of '${PWI_NAME}' unchanged: nothing to install")
else()
  _pywheelimage_say("installing the locked wheels of '${PWI_NAME}' into ${PWI_VENV} (${_venv_why})")
  string(RANDOM LENGTH 10 ALPHABET "abcdefghijklmnopqrstuvwxyz0123456789" _suffix)
  set(_pwi "${PWI_WORK_DIR}/install.${_suffix}")
  set(_new "${_context}/venv.${_suffix}")
  file(MAKE_DIRECTORY "${_pwi}/wheels" "${_new}")
  file(COPY_FILE "${PWI_LOCK}" "${_pwi}/requirements.lock")
  file(COPY "${PWI_CHECK_SCRIPT}" "${PWI_INSTALL_SCRIPT}" DESTINATION "${_pwi}")
  # Only the locked wheels: the wheelhouse is a cache that may hold more.
  _pywheelimage_locked_wheels("${PWI_REPORT}" "${PWI_WHEELHOUSE}" _wheels)
  foreach(_wheel IN LISTS _wheels)
    get_filename_component(_file "${_wheel}" NAME)
    file(CREATE_LINK "${_wheel}" "${_pwi}/wheels/${_file}" COPY_ON_ERROR)
  endforeach()
  _pywheelimage_remove_container("${PWI_CONTAINER}")
  _pywheelimage_engine(run --rm --name "${PWI_CONTAINER}" --network none --user "${PWI_USER}"
    --entrypoint= -e HOME=/tmp -e "SOURCE_DATE_EPOCH=${PWI_SOURCE_DATE_EPOCH}" -v "${_pwi}:/mnt/pywheelimage:ro" -v "${_new}:${PWI_VENV}"
    "${_runtime}" sh /mnt/pywheelimage/install-env.sh "${PWI_VENV}" /mnt/pywheelimage RESULT _rc)
  _pywheelimage_remove_container("${PWI_CONTAINER}")
  file(REMOVE_RECURSE "${_pwi}")
  if(NOT _rc EQUAL 0)
    file(REMOVE_RECURSE "${_new}")
    if(_has_runtime_packages)
      # The runtime built above, unless an image uses it (then the engine refuses).
      _pywheelimage_engine(image rm "${_runtime_id}" QUIET RESULT _ignored)
    endif()
    _pywheelimage_pm_hint(_library_hint library)
    _pywheelimage_fail("installing the wheels of image '${PWI_NAME}' failed; the output is above. "
      "A library it names as missing comes with a package${_library_hint} for RUNTIME_PACKAGES. "
      "The previous image is unchanged.")
  endif()
  # The new environment replaces the old one: the record goes first, so that an interruption
  # between the two renames installs again rather than trusting a half-replaced directory.
  file(REMOVE "${_venv_record}")
  if(IS_DIRECTORY "${_context}/venv")
    file(RENAME "${_context}/venv" "${_context}/venv.old-${_suffix}")
  endif()
  file(RENAME "${_new}" "${_context}/venv")
  file(REMOVE_RECURSE "${_context}/venv.old-${_suffix}")
  _pywheelimage_write_inputs("${_venv_record}" ${_venv_inputs})
endif()

# 2. The image, written by the helper (`pywheelimage write-image`): the runtime's layers as the
# engine keeps them, then a layer for the environment's skeleton, one per installed distribution
# and one for the application, each byte-identical for the same files (sorted entries, owner 0,
# PYWHEELIMAGE_SOURCE_DATE_EPOCH as every time), loaded into the engine. No `build` makes it.
_pywheelimage_runtime_archive("${_runtime_id}" "${PWI_RUNTIME_ARCHIVE}")

file(READ "${PWI_IMAGE_SPEC_IN}" _spec)
string(REPLACE "%%PWI_RUNTIME_PATH%%" "${_path}" _spec "${_spec}")
_pywheelimage_write_if_changed("${_context}/image.json" "${_spec}")
file(REMOVE_RECURSE "${_context}/app")
set(_app_args "")
if(PWI_FILES)
  file(MAKE_DIRECTORY "${_context}/app")
  foreach(_item IN LISTS PWI_FILES)
    file(COPY "${_item}" DESTINATION "${_context}/app")
  endforeach()
  set(_app_args --app "${_context}/app:${PWI_DESTINATION}")
endif()

# What the tags name now, so that images they no longer name afterwards are removed, also when
# this build tree has no stamp of them (a fresh build directory, another checkout).
_pywheelimage_image_ids(_previous ${PWI_TAGS})
set(_previous_ids "${_old_id}")
list(LENGTH PWI_TAGS _ntags)
math(EXPR _last "${_ntags} - 1")
foreach(_i RANGE 0 ${_last})
  if(_previous_${_i})
    list(APPEND _previous_ids "${_previous_${_i}}")
  endif()
endforeach()
list(REMOVE_DUPLICATES _previous_ids)
if(PWI_SLIM)
  _pywheelimage_image_ids(_previous_full "${PWI_FULL_TAG}")
endif()

set(_omit "")
if(_PWI_ENGINE_LOAD_OMITS_PRESENT_LAYERS)
  # The engine has the runtime's layers and, loading, reads no file of a layer it has.
  set(_omit --omit-base-layers)
endif()
set(_archive "${PWI_WORK_DIR}/image.tar")
set(_oci_args "")
if(PWI_OCI_LAYOUT)
  # A TAG names a registry: the same image as an OCI layout with compressed layers, for
  # push-<name> (a layer already compressed there for the same content is kept).
  set(_oci_args --oci-layout "${PWI_OCI_LAYOUT}")
endif()
execute_process(COMMAND "${PWI_HELPER}" write-image --base "${PWI_RUNTIME_ARCHIVE}"
    --venv "${_context}/venv:${PWI_VENV}" ${_app_args} --config "${_context}/image.json"
    --source-date-epoch "${PWI_SOURCE_DATE_EPOCH}" ${_omit} --output "${_archive}" ${_oci_args}
    --report "${PWI_IMAGE_LAYERS}"
  RESULT_VARIABLE _rc)
file(REMOVE_RECURSE "${_context}/app")
if(NOT _rc EQUAL 0)
  file(REMOVE "${_archive}")
  _pywheelimage_fail("writing image '${PWI_NAME}' failed (pywheelimage write-image, exit status "
    "${_rc}); its message is above. The previous image is unchanged.")
endif()
_pywheelimage_engine(load -i "${_archive}" RESULT _rc ERROR _err)
file(REMOVE "${_archive}")
if(NOT _rc EQUAL 0)
  _pywheelimage_fail("loading image '${PWI_NAME}' into ${PWI_ENGINE} failed: ${_err}\n"
    "The previous image is unchanged.")
endif()
file(READ "${PWI_IMAGE_LAYERS}" _layers)
string(JSON _id GET "${_layers}" image_id)
string(REGEX REPLACE "^sha256:" "" _id "${_id}")
if(PWI_SLIM)
  set(_full_id "${_id}")
  _pywheelimage_slim_image("${_full_id}" _id)
  if(_previous_full_0 AND NOT _previous_full_0 STREQUAL _full_id)
    _pywheelimage_engine(image rm "${_previous_full_0}" QUIET RESULT _ignored)
  endif()
endif()
foreach(_previous_id IN LISTS _previous_ids)
  if(NOT _previous_id STREQUAL _id)
    # Fails, and is meant to, while another tag or a container still uses it.
    _pywheelimage_engine(image rm "${_previous_id}" QUIET RESULT _ignored)
  endif()
endforeach()
_pywheelimage_write_if_changed("${PWI_IMAGE_STAMP}" "id ${_id}\ntags ${PWI_TAGS}\n")
_pywheelimage_record_inputs("${PWI_WORK_DIR}/image.inputs" ${_inputs})
file(TOUCH "${PWI_IMAGE_STAMP}")
