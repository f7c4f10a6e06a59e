# Internal use: describes the base image's Python as ENV.json (markers and tags for the resolver,
# pip and venv availability, PATH). Runs when the base image's id changes.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

_pywheelimage_say("probing the Python of ${PWI_BASE} for image '${PWI_NAME}'")
_pywheelimage_remove_container("${PWI_CONTAINER}")
_pywheelimage_engine(run --rm -i --name "${PWI_CONTAINER}" --network none --entrypoint=
  "${PWI_BASE}" python3 - INPUT_FILE "${PWI_PROBE_SCRIPT}" CAPTURE _json RESULT _rc ERROR _err)
_pywheelimage_remove_container("${PWI_CONTAINER}")
_pywheelimage_pm_hint(_python_hint python)
_pywheelimage_pm_hint(_pip_hint pip)
if(_rc EQUAL 127 OR _rc EQUAL 126)
  _pywheelimage_fail("the BASE image '${PWI_BASE}' of image '${PWI_NAME}' has no python3. "
    "Use a base with Python 3, pip and venv${_python_hint}, "
    "or build one with pywheelimage_add_base_image().")
elseif(_rc EQUAL 3)
  _pywheelimage_fail("the BASE image '${PWI_BASE}' of image '${PWI_NAME}' has python3 but no pip"
    "${_pip_hint}.")
elseif(NOT _rc EQUAL 0)
  _pywheelimage_require_engine()
  _pywheelimage_fail("probing the Python of '${PWI_BASE}' failed (${_rc}): ${_err}")
endif()
string(JSON _pip ERROR_VARIABLE _err GET "${_json}" python pip)
if(_err OR NOT _pip)
  _pywheelimage_fail("the BASE image '${PWI_BASE}' of image '${PWI_NAME}' has python3 but no pip"
    "${_pip_hint}.")
endif()
if(_pip VERSION_LESS 22.3)
  _pywheelimage_fail("the BASE image '${PWI_BASE}' of image '${PWI_NAME}' has pip ${_pip}; the image "
    "is installed with the base's pip (`pip --python`), which needs pip 22.3 or later. "
    "Use a newer base or upgrade pip in it.")
endif()
string(JSON _venv GET "${_json}" python venv)
if(NOT _venv)
  _pywheelimage_pm_hint(_venv_hint venv)
  _pywheelimage_fail("the BASE image '${PWI_BASE}' of image '${PWI_NAME}' has no venv module"
    "${_venv_hint}.")
endif()
_pywheelimage_write_if_changed("${PWI_ENV_JSON}" "${_json}\n")
file(TOUCH "${PWI_PROBE_DONE}")
