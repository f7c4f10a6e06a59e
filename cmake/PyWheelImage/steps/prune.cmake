# Internal use: prunes the wheelhouse of an image to the wheels its lock names. The wheelhouse is
# a cache that keeps wheels that no longer belong (a removed requirement, an old pin) so that
# going back costs nothing; the lock decides what is installed, this step reclaims the space.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

if(NOT IS_SYMLINK "${PWI_WHEELHOUSE}" OR NOT EXISTS "${PWI_REPORT}")
  _pywheelimage_say("image '${PWI_NAME}' has no wheelhouse yet: nothing to prune")
  return()
endif()
file(READ_SYMLINK "${PWI_WHEELHOUSE}" _current)
_pywheelimage_locked_wheels("${PWI_REPORT}" "${PWI_WORK_DIR}/${_current}" _locked)
file(GLOB _all "${PWI_WORK_DIR}/${_current}/*.whl")
list(LENGTH _all _n_all)
list(LENGTH _locked _n_locked)
if(_n_all EQUAL _n_locked)
  _pywheelimage_say("the wheelhouse of '${PWI_NAME}' holds only its ${_n_locked} locked wheels")
  return()
endif()
string(RANDOM LENGTH 10 ALPHABET "abcdefghijklmnopqrstuvwxyz0123456789" _suffix)
set(_new_name "wheelhouse.${_suffix}")
file(MAKE_DIRECTORY "${PWI_WORK_DIR}/${_new_name}")
foreach(_wheel IN LISTS _locked)
  get_filename_component(_file "${_wheel}" NAME)
  file(CREATE_LINK "${_wheel}" "${PWI_WORK_DIR}/${_new_name}/${_file}" COPY_ON_ERROR)
endforeach()
# How the kept wheels were verified (hash-checking mode) stays with them.
if(EXISTS "${PWI_WORK_DIR}/${_current}/pywheelimage-provenance.json")
  file(COPY_FILE "${PWI_WORK_DIR}/${_current}/pywheelimage-provenance.json"
    "${PWI_WORK_DIR}/${_new_name}/pywheelimage-provenance.json")
endif()
# ... and so does the record of the wheels built from sources.
if(EXISTS "${PWI_WORK_DIR}/${_current}/pywheelimage-sources.json")
  file(COPY_FILE "${PWI_WORK_DIR}/${_current}/pywheelimage-sources.json"
    "${PWI_WORK_DIR}/${_new_name}/pywheelimage-sources.json")
endif()
_pywheelimage_switch_wheelhouse("${PWI_WORK_DIR}" "${_new_name}" "${_current}")
math(EXPR _removed "${_n_all} - ${_n_locked}")
_pywheelimage_say("pruned ${_removed} wheels from the wheelhouse of '${PWI_NAME}'; ${_n_locked} locked wheels kept")
