# Internal use: builds the slim image in two engine builds.
#
# 1. The environment image (env.Dockerfile: the base, the runtime packages, the virtual
#    environment), tagged PWI_ENV_REPOSITORY:<digest of the lock, env.Dockerfile, the base id
#    and the library check>. Built only when the engine lacks that tag, from a context that holds
#    only the locked wheels, the lock and the library check; its thrown-away install stage (which
#    holds the wheels) is pruned whatever the outcome.
# 2. The image (image.Dockerfile): FROM the environment image, then the application files and the
#    configuration, from a context that holds only the application. An application change
#    reinstalls nothing.
#
# On success the previous image and older environment images are removed when nothing else uses
# them. On failure the previous image stays as it was. Writes PWI_IMAGE_STAMP ("id", "tags").
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

_pywheelimage_read_stamp("${PWI_IMAGE_STAMP}" _old)
_pywheelimage_read_stamp("${PWI_BASE_ID_FILE}" _base)
file(READ "${PWI_WHEELS_STAMP}" _wheels_digest)
string(STRIP "${_wheels_digest}" _wheels_digest)
set(_app_digest "none")
if(PWI_FILES)
  file(READ "${PWI_APP_STAMP}" _app_digest)
  string(STRIP "${_app_digest}" _app_digest)
endif()
file(SHA256 "${PWI_ENV_DOCKERFILE}" _env_dockerfile_digest)
file(SHA256 "${PWI_IMAGE_DOCKERFILE}" _dockerfile_digest)
file(SHA256 "${PWI_CHECK_SCRIPT}" _check_digest)
file(SHA256 "${PWI_LOCK}" _lock_digest)
set(_inputs "wheels=${_wheels_digest}" "application files=${_app_digest}"
  "image definition=${_env_dockerfile_digest}/${_dockerfile_digest}" "base image=${_base_id}")
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

# What defines the environment image, and so its tag.
string(SHA256 _env_digest
  "${_env_dockerfile_digest}\n${_base_id}\n${_lock_digest}\n${_check_digest}\n${_path}\n")
string(SUBSTRING "${_env_digest}" 0 20 _env_digest)
set(_env_tag "${PWI_ENV_REPOSITORY}:${_env_digest}")

# What the tags name now (so that images they no longer name afterwards are removed, also when
# this build tree has no stamp of them), and whether the environment image exists: one call.
_pywheelimage_image_ids(_found "${_env_tag}" ${PWI_TAGS})
set(_previous_ids "${_old_id}")
list(LENGTH PWI_TAGS _ntags)
foreach(_i RANGE 1 ${_ntags})
  if(_found_${_i})
    list(APPEND _previous_ids "${_found_${_i}}")
  endif()
endforeach()
list(REMOVE_DUPLICATES _previous_ids)

# 1. The environment image.
set(_context "${PWI_WORK_DIR}/image-context")
if(_found_0)
  _pywheelimage_say("environment of '${PWI_NAME}' unchanged: reusing ${_env_tag}")
else()
  _pywheelimage_say("installing the locked wheels of '${PWI_NAME}' into ${_env_tag}")
  file(READ "${PWI_ENV_DOCKERFILE}" _dockerfile)
  string(REPLACE "%%PWI_RUNTIME_PATH%%" "${_path}" _dockerfile "${_dockerfile}")
  file(REMOVE_RECURSE "${_context}")
  file(MAKE_DIRECTORY "${_context}/pwi/wheels")
  file(WRITE "${_context}/Dockerfile" "${_dockerfile}")
  file(COPY_FILE "${PWI_LOCK}" "${_context}/pwi/requirements.lock")
  file(COPY "${PWI_CHECK_SCRIPT}" DESTINATION "${_context}/pwi")
  # Only the locked wheels: the wheelhouse is a cache that may hold more.
  _pywheelimage_locked_wheels("${PWI_REPORT}" "${PWI_WHEELHOUSE}" _wheels)
  foreach(_wheel IN LISTS _wheels)
    get_filename_component(_file "${_wheel}" NAME)
    file(CREATE_LINK "${_wheel}" "${_context}/pwi/wheels/${_file}" COPY_ON_ERROR)
  endforeach()
  _pywheelimage_engine(build ${_PWI_ENGINE_BUILD_ARGS} -t "${_env_tag}" "${_context}" RESULT _rc)
  file(REMOVE_RECURSE "${_context}")
  # The install stage holds the wheels: never leave it behind, whatever the outcome.
  _pywheelimage_engine(image prune -f --filter "label=pywheelimage.stage=install"
    --filter "label=pywheelimage.owner=${PWI_OWNER}" QUIET RESULT _ignored)
  if(NOT _rc EQUAL 0)
    _pywheelimage_fail("installing the wheels of image '${PWI_NAME}' failed; the engine's output "
      "is above. The previous image is unchanged.")
  endif()
endif()

# 2. The image: the environment image and the application.
file(READ "${PWI_IMAGE_DOCKERFILE}" _dockerfile)
string(REPLACE "%%PWI_ENV_IMAGE%%" "${_env_tag}" _dockerfile "${_dockerfile}")
file(REMOVE_RECURSE "${_context}")
file(MAKE_DIRECTORY "${_context}/app")
file(WRITE "${_context}/Dockerfile" "${_dockerfile}")
foreach(_item IN LISTS PWI_FILES)
  file(COPY "${_item}" DESTINATION "${_context}/app")
endforeach()
set(_build build ${_PWI_ENGINE_BUILD_ARGS} --iidfile "${PWI_WORK_DIR}/image.iid")
foreach(_tag IN LISTS PWI_TAGS)
  list(APPEND _build -t "${_tag}")
endforeach()
file(REMOVE "${PWI_WORK_DIR}/image.iid")
_pywheelimage_engine(${_build} "${_context}" RESULT _rc)
file(REMOVE_RECURSE "${_context}")
if(NOT _rc EQUAL 0)
  _pywheelimage_fail("building image '${PWI_NAME}' failed; the engine's output is above. "
    "The previous image is unchanged.")
endif()
_pywheelimage_read_iid("${PWI_WORK_DIR}/image.iid" _id)
file(REMOVE "${PWI_WORK_DIR}/image.iid")
foreach(_previous_id IN LISTS _previous_ids)
  if(NOT _previous_id STREQUAL _id)
    # Fails, and is meant to, while another tag or a container still uses it.
    _pywheelimage_engine(image rm "${_previous_id}" QUIET RESULT _ignored)
  endif()
endforeach()
# Older environment images of this image: untagged, and removed once no image uses them.
_pywheelimage_engine(images --format "{{.Repository}}:{{.Tag}}" "${PWI_ENV_REPOSITORY}"
  CAPTURE _env_tags RESULT _rc QUIET)
if(_rc EQUAL 0 AND _env_tags)
  string(REPLACE "\n" ";" _env_tags "${_env_tags}")
  list(REMOVE_ITEM _env_tags "${_env_tag}" "localhost/${_env_tag}")
  if(_env_tags)
    _pywheelimage_engine(image rm ${_env_tags} QUIET RESULT _ignored)
  endif()
endif()
_pywheelimage_write_if_changed("${PWI_IMAGE_STAMP}" "id ${_id}\ntags ${PWI_TAGS}\n")
_pywheelimage_record_inputs("${PWI_WORK_DIR}/image.inputs" ${_inputs})
file(TOUCH "${PWI_IMAGE_STAMP}")
