# Internal use: the smoke test of an image, registered with ctest. Runs TEST_COMMAND in the image,
# or by default: `pip check` of the environment (with the base's pip when the environment has
# none), no compiler on PATH, and every shared object in the environment finding its libraries.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

_pywheelimage_require_engine()
file(READ "${PWI_ENV_JSON}" _env)
string(JSON _python GET "${_env}" python executable)
_pywheelimage_remove_container("${PWI_CONTAINER}")
set(_run run --rm --name "${PWI_CONTAINER}" --network none --entrypoint=
  -e "PWI_BASE_PYTHON=${_python}" -v "${PWI_CHECK_SCRIPT}:/tmp/pwi-check-libs.sh:ro")
if(PWI_TEST_COMMAND)
  _pywheelimage_engine(${_run} "${PWI_TAG}" ${PWI_TEST_COMMAND} RESULT _rc)
elseif(PWI_SLIM)
  # No shell and no pip: the image's own interpreter checks the environment (the shared
  # objects were checked when `pywheelimage slim` made the image).
  _pywheelimage_engine(${_run} -v "${PWI_SLIM_CHECK_SCRIPT}:/tmp/pwi-slim-check.py:ro" "${PWI_TAG}"
    "${PWI_VENV}/bin/python" /tmp/pwi-slim-check.py RESULT _rc)
else()
  set(_script [=[
set -u
venv="$1"
if [ -x "$venv/bin/pip" ]; then pip="$venv/bin/pip"; else pip="$PWI_BASE_PYTHON -m pip --python $venv/bin/python"; fi
$pip check --disable-pip-version-check || { echo "pywheelimage: pip check failed in the image" >&2; exit 1; }
for cc in gcc cc c++ g++ clang; do
  if command -v "$cc" >/dev/null 2>&1; then echo "pywheelimage: a compiler ($cc) is in the image" >&2; exit 1; fi
done
sh /tmp/pwi-check-libs.sh "$venv" || exit 1
echo "pywheelimage: smoke test passed: pip check clean, no compiler, all shared libraries found"
]=])
  _pywheelimage_engine(${_run} "${PWI_TAG}" sh -c "${_script}" pwi "${PWI_VENV}" RESULT _rc)
endif()
_pywheelimage_remove_container("${PWI_CONTAINER}")
if(NOT _rc EQUAL 0)
  _pywheelimage_fail("the smoke test of image '${PWI_NAME}' (${PWI_TAG}) failed; its output is above.")
endif()
