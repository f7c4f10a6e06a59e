# Internal use: pushes the image to every TAG that names a registry (push-<name>), from the OCI
# layout the image step wrote, with `pywheelimage push`: only the blobs a registry lacks are
# uploaded; credentials come from the engines' client configuration (docker login, podman
# login, credential helpers), never from this build. Writes PWI_PUSHED_DIGEST (the manifest's
# digest) when it changes.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

if(NOT PWI_REGISTRY_TAGS)
  list(JOIN PWI_TAGS " " _tags)
  _pywheelimage_fail("image '${PWI_NAME}' has no TAG that names a registry (${_tags}): "
    "add one such as registry.example.com/team/${PWI_NAME}:1 or 127.0.0.1:5000/${PWI_NAME}:1, "
    "whose first part is a host.")
endif()
if(PWI_SLIM)
  _pywheelimage_fail("image '${PWI_NAME}' is SLIM: SLIM images are imported by the engine, not "
    "written by PyWheelImage, so push-${PWI_NAME} cannot push them yet. Push it with the "
    "engine (docker push ${PWI_REGISTRY_TAGS}).")
endif()
if(NOT EXISTS "${PWI_OCI_LAYOUT}/index.json")
  _pywheelimage_fail("image '${PWI_NAME}' has no OCI layout at ${PWI_OCI_LAYOUT}: build "
    "image-${PWI_NAME} first (push-${PWI_NAME} depends on it).")
endif()
set(_tag_args "")
foreach(_tag IN LISTS PWI_REGISTRY_TAGS)
  list(APPEND _tag_args --tag "${_tag}")
endforeach()
execute_process(COMMAND "${PWI_HELPER}" push --oci-layout "${PWI_OCI_LAYOUT}" ${_tag_args}
    --digest-file "${PWI_PUSHED_DIGEST}"
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  _pywheelimage_fail("pushing image '${PWI_NAME}' failed (pywheelimage push, exit status ${_rc}); "
    "its message is above. Credentials come from `docker login` or `podman login`.")
endif()
