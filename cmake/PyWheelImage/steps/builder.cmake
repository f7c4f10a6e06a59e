# Internal use: builds the builder image (BASE + BUILD_PACKAGES), tagged by a digest of its
# Dockerfile and the base image's id, so that a changed definition gets a new image and the old one
# is removed. Writes PWI_BUILDER_STAMP ("tag ...", "id ...").
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

_pywheelimage_read_stamp("${PWI_BASE_ID_FILE}" _base)
_pywheelimage_read_stamp("${PWI_BUILDER_STAMP}" _old)
file(READ "${PWI_BUILDER_DOCKERFILE}" _dockerfile)
string(SHA256 _digest "${_dockerfile}\n${_base_id}")
string(SUBSTRING "${_digest}" 0 16 _digest)
set(_tag "${PWI_BUILDER_REPOSITORY}:${_digest}")

if(NOT _old_tag)
  set(_why "first build")
elseif(NOT _old_tag STREQUAL _tag)
  set(_why "BUILD_PACKAGES or the base image changed")
else()
  set(_why "the builder image was removed from ${PWI_ENGINE}")
endif()
_pywheelimage_say("building builder image ${_tag} for '${PWI_NAME}' (${_why})")
_pywheelimage_require_engine()

set(_context "${PWI_WORK_DIR}/builder-context")
file(REMOVE_RECURSE "${_context}")
file(MAKE_DIRECTORY "${_context}")
file(COPY_FILE "${PWI_BUILDER_DOCKERFILE}" "${_context}/Dockerfile")

# The pip the builder runs (see builder.Dockerfile), fetched once as the wheel step fetches
# packages: by the base's own pip in a throwaway container that reaches the index as the host
# does (proxy, index variables, CA bundle), which `docker build` cannot offer without putting
# them into a layer.
set(_pip_wheel_name "pip-${PWI_PIP_VERSION}-py3-none-any.whl")
set(_pip_dir "${PWI_WORK_DIR}/pip")
if(NOT EXISTS "${_pip_dir}/${_pip_wheel_name}")
  _pywheelimage_say("fetching pip ${PWI_PIP_VERSION} for the builder of '${PWI_NAME}'")
  file(REMOVE_RECURSE "${_pip_dir}.tmp")
  file(MAKE_DIRECTORY "${_pip_dir}.tmp")
  _pywheelimage_index_access_args(_access)
  _pywheelimage_remove_container("${PWI_CONTAINER}")
  _pywheelimage_engine(run --rm --name "${PWI_CONTAINER}" --user "${PWI_USER}" --entrypoint=
    -e HOME=/tmp -e PIP_DISABLE_PIP_VERSION_CHECK=1 -e PIP_NO_CACHE_DIR=1 ${_access}
    -v "${_pip_dir}.tmp:/pwi/out" "${PWI_BASE}"
    python3 -m pip download --no-deps --only-binary=:all: --dest /pwi/out "pip==${PWI_PIP_VERSION}"
    RESULT _rc)
  _pywheelimage_remove_container("${PWI_CONTAINER}")
  if(NOT _rc EQUAL 0 OR NOT EXISTS "${_pip_dir}.tmp/${_pip_wheel_name}")
    file(REMOVE_RECURSE "${_pip_dir}.tmp")
    _pywheelimage_fail("fetching pip ${PWI_PIP_VERSION} for the builder of '${PWI_NAME}' failed (the "
      "output is above). The builder runs the pip whose resolution PyWheelImage reproduces; it "
      "is fetched from the package index that PIP_INDEX_URL names (default PyPI), with the host's "
      "proxy variables and PYWHEELIMAGE_CA_BUNDLE.")
  endif()
  file(REMOVE_RECURSE "${_pip_dir}")
  file(RENAME "${_pip_dir}.tmp" "${_pip_dir}")
endif()
file(COPY_FILE "${_pip_dir}/${_pip_wheel_name}" "${_context}/${_pip_wheel_name}")
file(REMOVE "${PWI_WORK_DIR}/builder.iid")
_pywheelimage_engine(build ${_PWI_ENGINE_BUILD_ARGS} -t "${_tag}"
  --iidfile "${PWI_WORK_DIR}/builder.iid" "${_context}" RESULT _rc)
file(REMOVE_RECURSE "${_context}")
if(NOT _rc EQUAL 0)
  _pywheelimage_fail("building the builder image of '${PWI_NAME}' failed; the engine's output is above. "
    "Check BUILD_PACKAGES and PACKAGE_MANAGER.")
endif()
_pywheelimage_read_iid("${PWI_WORK_DIR}/builder.iid" _id)
file(REMOVE "${PWI_WORK_DIR}/builder.iid")
if(_old_tag AND NOT _old_tag STREQUAL _tag)
  _pywheelimage_engine(image rm "${_old_tag}" QUIET RESULT _ignored)
endif()
if(_old_id AND NOT _old_id STREQUAL _id)
  _pywheelimage_engine(image rm "${_old_id}" QUIET RESULT _ignored)
endif()
_pywheelimage_write_if_changed("${PWI_BUILDER_STAMP}" "tag ${_tag}\nid ${_id}\n")
# The edge's own output, touched every time; downstream depends on the stamp's content.
file(TOUCH "${PWI_BUILDER_DONE}")
