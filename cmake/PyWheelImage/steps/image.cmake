# Internal use: builds the slim image.
#
# 1. The virtual environment, only when the lock (or the runtime) changed: installed in a
#    throwaway container of the runtime (runtime.Dockerfile: BASE plus the runtime packages,
#    RUNTIME_PACKAGES and those the libraries step inferred; BASE itself without any), with the locked wheels mounted read-only and the
#    environment's directory mounted from the build tree, then checked (`pip check`, every
#    shared object finds its libraries). A failed install leaves the previous environment.
# 2. The image (image.Dockerfile): the runtime's layers, the configuration, the environment,
#    the application, from a context that holds only the environment and the application. The
#    engine's layer cache keeps every layer before the first that changed: an application change
#    costs one layer and reinstalls nothing.
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
set(_inputs "wheels=${_wheels_digest}" "application files=${_app_digest}"
  "image definition=${_dockerfile_digest}" "base image=${_base_id}"
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
  # The runtime, where the environment is installed. Its layers are the image's first: the
  # image build below finds them cached.
  set(_runtime "${PWI_BASE}")
  # A RUN line: runtime packages, given or inferred (steps/libraries.cmake wrote it).
  file(STRINGS "${PWI_RUNTIME_DOCKERFILE}" _runtime_run REGEX "^RUN ")
  set(_has_runtime_packages FALSE)
  if(_runtime_run)
    set(_has_runtime_packages TRUE)
  endif()
  if(_has_runtime_packages)
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
    --entrypoint= -e HOME=/tmp -v "${_pwi}:/mnt/pywheelimage:ro" -v "${_new}:${PWI_VENV}"
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

# 2. The image.
file(READ "${PWI_IMAGE_DOCKERFILE}" _dockerfile)
string(REPLACE "%%PWI_RUNTIME_PATH%%" "${_path}" _dockerfile "${_dockerfile}")
_pywheelimage_write_if_changed("${_context}/Dockerfile" "${_dockerfile}")
file(REMOVE_RECURSE "${_context}/app")
file(MAKE_DIRECTORY "${_context}/app")
foreach(_item IN LISTS PWI_FILES)
  file(COPY "${_item}" DESTINATION "${_context}/app")
endforeach()

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

set(_build build ${_PWI_ENGINE_BUILD_ARGS} --iidfile "${PWI_WORK_DIR}/image.iid")
if(PWI_SLIM)
  # The full image, under a tag of its own; the SLIM image made from it gets the tags.
  _pywheelimage_image_ids(_previous_full "${PWI_FULL_TAG}")
  list(APPEND _build -t "${PWI_FULL_TAG}")
else()
  foreach(_tag IN LISTS PWI_TAGS)
    list(APPEND _build -t "${_tag}")
  endforeach()
endif()
file(REMOVE "${PWI_WORK_DIR}/image.iid")
_pywheelimage_engine(${_build} "${_context}" RESULT _rc)
file(REMOVE_RECURSE "${_context}/app")
if(NOT _rc EQUAL 0)
  _pywheelimage_fail("building image '${PWI_NAME}' failed; the engine's output is above. "
    "The previous image is unchanged.")
endif()
_pywheelimage_read_iid("${PWI_WORK_DIR}/image.iid" _id)
file(REMOVE "${PWI_WORK_DIR}/image.iid")
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
