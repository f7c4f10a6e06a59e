# Internal use: builds a Python base image from Debian's archive, with no registry: mmdebstrap
# (or debootstrap) writes a root file system that `<engine> import` turns into an image.
# Runs on every build with one engine call; rebuilds only when the image is gone or its
# definition changed. Writes PWI_BASE_ID_FILE ("id ...") only on change.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

# The build edge and the base target's check run this same step; images on one base may too.
# One at a time: the second one finds the image the first one built.
get_filename_component(_dir "${PWI_BASE_ID_FILE}" DIRECTORY)
file(LOCK "${_dir}/base.lock" GUARD PROCESS TIMEOUT 3600)

# The image carries its definition as a label, so that every project (and build tree) that
# defines the same base reuses it instead of building it again.
_pywheelimage_engine(image inspect --format "{{.Id}} {{index .Config.Labels \"pywheelimage.definition\"}}"
  "${PWI_BASE_TAG}" CAPTURE _current RESULT _rc QUIET)
set(_current_id "")
set(_current_definition "")
if(NOT _rc EQUAL 0)
  _pywheelimage_require_engine()
elseif(_current MATCHES "^([^ ]+)( (.*))?$")
  set(_current_definition "${CMAKE_MATCH_3}")
  string(REGEX REPLACE "^sha256:" "" _current_id "${CMAKE_MATCH_1}")
endif()
if(_current_id AND _current_definition STREQUAL PWI_DEFINITION)
  _pywheelimage_write_if_changed("${PWI_BASE_ID_FILE}" "id ${_current_id}\n")
  return()
endif()
if(NOT _current_id)
  set(_why "the engine has no image ${PWI_BASE_TAG}")
else()
  set(_why "its definition changed")
endif()
_pywheelimage_say("building base image ${PWI_BASE_TAG} from Debian ${PWI_SUITE} (${_why})")

string(REPLACE ";" "," _include "${PWI_PACKAGES}")
set(_tarball "${_dir}/rootfs.tar")
file(REMOVE "${_tarball}")
find_program(_mmdebstrap mmdebstrap)
if(_mmdebstrap)
  set(_cmd "${_mmdebstrap}" --quiet --variant=${PWI_VARIANT} --format=tar)
  if(_include)
    list(APPEND _cmd "--include=${_include}")
  endif()
  list(APPEND _cmd "${PWI_SUITE}" "${_tarball}" ${PWI_MIRROR})
  execute_process(COMMAND ${_cmd} RESULT_VARIABLE _rc)
else()
  find_program(_debootstrap debootstrap)
  if(NOT _debootstrap)
    _pywheelimage_fail("building base image ${PWI_BASE_TAG} needs mmdebstrap or debootstrap "
      "(Debian: apt-get install mmdebstrap).")
  endif()
  set(_root "${_dir}/rootfs")
  file(REMOVE_RECURSE "${_root}")
  set(_cmd "${_debootstrap}" --variant=${PWI_VARIANT})
  if(_include)
    list(APPEND _cmd "--include=${_include}")
  endif()
  list(APPEND _cmd "${PWI_SUITE}" "${_root}" ${PWI_MIRROR})
  execute_process(COMMAND ${_cmd} RESULT_VARIABLE _rc)
  if(_rc EQUAL 0)
    execute_process(COMMAND tar -C "${_root}" --numeric-owner -cf "${_tarball}" .
      RESULT_VARIABLE _rc)
  endif()
  file(REMOVE_RECURSE "${_root}")
endif()
if(NOT _rc EQUAL 0)
  file(REMOVE "${_tarball}")
  _pywheelimage_fail("building the root file system of ${PWI_BASE_TAG} failed (${_rc}); "
    "its output is above. Check that Debian's archive is reachable and the packages exist in ${PWI_SUITE}.")
endif()

_pywheelimage_require_engine()
_pywheelimage_engine(import --change "ENV LANG=C.UTF-8"
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  --change "CMD [\"python3\"]" --change "LABEL pywheelimage.definition=${PWI_DEFINITION}"
  "${_tarball}" "${PWI_BASE_TAG}" CAPTURE _id RESULT _rc ERROR _err)
file(REMOVE "${_tarball}")
if(NOT _rc EQUAL 0)
  _pywheelimage_fail("importing the root file system as ${PWI_BASE_TAG} failed: ${_err}")
endif()
string(REGEX REPLACE "^sha256:" "" _id "${_id}")
if(_current_id AND NOT _current_id STREQUAL _id)
  # The image this tag named before is now dangling: remove it unless something still uses it.
  _pywheelimage_engine(image rm "${_current_id}" QUIET RESULT _ignored)
endif()
_pywheelimage_write_if_changed("${PWI_BASE_ID_FILE}" "id ${_id}\n")
