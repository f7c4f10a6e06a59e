# The runtime libraries inferred (steps/libraries.cmake), with a stand-in engine (fake_engine.py)
# whose wheels hold the ELF fixtures of the unit tests: the library queries run in the base and
# the builder only for what the environment does not provide, the runtime's Dockerfile installs
# RUNTIME_PACKAGES and what was inferred, the build says why, and a library nobody provides
# fails with its name, who needs it and the fix.
# cmake -D WORK=<dir> -D MODULE_DIR=<dir> -D HELPER=<pywheelimage> -D FAKE=<fake_engine.py>
#       -D FIXTURES=<dir of the ELF fixtures> -P run_inferred_libraries.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/src")
file(WRITE "${WORK}/src/web.txt" "six==1.16.0\nuWSGI==2.0.23\n")
file(WRITE "${WORK}/src/bad.txt" "nobody==1.0\n")
file(WRITE "${WORK}/src/CMakeLists.txt" "cmake_minimum_required(VERSION 3.25)
project(inferred NONE)
list(APPEND CMAKE_MODULE_PATH \"${MODULE_DIR}\")
include(PyWheelImage)
pywheelimage_add_image(web BASE example/python:3.11 REQUIREMENTS web.txt
  BUILD_PACKAGES python3-dev libpq-dev TAG example/web:1)
pywheelimage_add_image(explicit BASE example/python:3.11 REQUIREMENTS web.txt
  BUILD_PACKAGES python3-dev libpq-dev RUNTIME_PACKAGES zlib1g libpython3.11 TAG example/explicit:1)
pywheelimage_add_image(bad BASE example/python:3.11 REQUIREMENTS bad.txt TAG example/bad:1)
")
set(ENV{FAKE_ENGINE_LOG} "${WORK}/calls.jsonl")
set(ENV{FAKE_ENGINE_STATE} "${WORK}/state.json")
# uWSGI: a program needing libpython, an extension module with an auditwheel-style vendored
# library (found through its RUNPATH) that needs libpq, and libc. nobody: a need nobody meets.
set(ENV{FAKE_ENGINE_ELF_WHEELS}
  "uWSGI==2.0.23:uWSGI-2.0.23.data/scripts/uwsgi=${FIXTURES}/program,demo/_ext.so=${FIXTURES}/ext.so,demo.libs/libvendored-1a2b3c4d.so.1=${FIXTURES}/libvendored.so nobody==1.0:nobody/_c.so=${FIXTURES}/nobody.so")
file(WRITE "${WORK}/state.json" "{\"example/python:3.11\": \"sha256:base\"}")
execute_process(COMMAND "${CMAKE_COMMAND}" -G Ninja -S "${WORK}/src" -B "${WORK}/build"
  "-DPYWHEELIMAGE_DOCKER_EXECUTABLE=${FAKE}" "-DPYWHEELIMAGE_EXECUTABLE=${HELPER}"
  -DPYWHEELIMAGE_ENGINE_API=OFF RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "configure failed")
endif()

function(expect text regex what)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${what}: nothing matches\n  ${regex}\nin:\n${text}")
  endif()
endfunction()
function(build target out_var)
  file(WRITE "${WORK}/calls.jsonl" "")
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK}/build" --target ${target}
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  file(READ "${WORK}/calls.jsonl" _calls)
  set(${out_var} "${_rc}" PARENT_SCOPE)
  set(${out_var}_output "${_out}${_err}" PARENT_SCOPE)
  set(${out_var}_calls "${_calls}" PARENT_SCOPE)
endfunction()

# 1. Inferred: the base has libc, the builder's packages provide libpq and libpython.
build(image-web _web)
if(NOT _web EQUAL 0)
  message(FATAL_ERROR "building image-web failed:\n${_web_output}")
endif()
expect("${_web_calls}" "\"run\", \"--rm\", \"--name\", \"pwi-[0-9a-f]+-libraries\", \"--network\", \"none\", [^\n]*\"example/python:3.11\", \"sh\", \"-c\", \"# pywheelimage: sonames present[^\n]*\", \"sh\", \"libc.so.6\", \"libpq.so.5\", \"libpython3.11.so.1.0\"\\]"
  "the present query in the base, for every soname the environment lacks")
expect("${_web_calls}" "\"run\", \"--rm\", \"--name\", \"pwi-[0-9a-f]+-libraries\", \"--network\", \"none\", [^\n]*\"pywheelimage-builder/web-[0-9a-f]+:[0-9a-f]+\", \"sh\", \"-c\", \"# pywheelimage: soname providers[^\n]*\", \"sh\", \"libpq.so.5\", \"libpython3.11.so.1.0\"\\]"
  "the providers query in the builder, for what the base lacks")
if(_web_calls MATCHES "vendored-1a2b3c4d")
  message(FATAL_ERROR "the library vendored on the RUNPATH was queried:\n${_web_calls}")
endif()
expect("${_web_output}" "pywheelimage: uWSGI needs libpython3.11.so.1.0 -> libpython3.11" "the reason, said")
expect("${_web_output}" "pywheelimage: uWSGI needs libpq.so.5 -> libpq5" "the reason, said")
file(READ "${WORK}/build/pywheelimage/web/runtime.Dockerfile" _runtime)
file(READ "${WORK}/build/pywheelimage/web/image.Dockerfile" _image)
set(_run "\nRUN apt-get update -qq [^\n]*--no-install-recommends libpq5 libpython3.11 && apt-get clean[^\n]*\n")
expect("${_runtime}" "${_run}" "runtime.Dockerfile installs the inferred packages")
expect("${_image}" "${_run}" "image.Dockerfile starts with the same layers")
expect("${_web_calls}" "\"build\", [^\n]*\"--iidfile\", \"[^\"]*/runtime.iid\"" "the runtime is built")
file(READ "${WORK}/build/pywheelimage/web/needed-libraries.json" _needed)
expect("${_needed}" "\"soname\": \"libpython3.11.so.1.0\"" "needed-libraries.json")

# 2. Nothing changed: no query, one engine call.
build(image-web _noop)
string(REGEX MATCHALL "[^\n]+" _noop_lines "${_noop_calls}")
list(LENGTH _noop_lines _n)
if(NOT _n EQUAL 1 OR NOT _noop_calls MATCHES "\"image\", \"inspect\"")
  message(FATAL_ERROR "a no-op rebuild made ${_n} engine calls, not one image inspect:\n${_noop_calls}")
endif()

# 3. The libraries step again (its step configuration rewritten): the cache answers, nothing runs.
file(TOUCH "${WORK}/build/pywheelimage/web/libraries.config.cmake")
build(image-web _cached)
if(NOT _cached EQUAL 0 OR _cached_calls MATCHES "\"sh\", \"-c\"")
  message(FATAL_ERROR "the library queries ran again for the same sonames:\n${_cached_calls}${_cached_output}")
endif()
expect("${_cached_output}" "pywheelimage: uWSGI needs libpython3.11.so.1.0 -> libpython3.11" "the reason, said from the cache")

# 4. RUNTIME_PACKAGES still count, first and once.
build(image-explicit _explicit)
if(NOT _explicit EQUAL 0)
  message(FATAL_ERROR "building image-explicit failed:\n${_explicit_output}")
endif()
expect("${_explicit_output}" "uWSGI needs libpython3.11.so.1.0 -> libpython3.11 \\(in RUNTIME_PACKAGES\\)" "an explicit package, said")
file(READ "${WORK}/build/pywheelimage/explicit/runtime.Dockerfile" _runtime)
expect("${_runtime}" "--no-install-recommends zlib1g libpython3.11 libpq5 && " "explicit packages, then the inferred ones")

# 5. A library that nobody provides fails the build with its name, who needs it and the fix.
build(image-bad _bad)
if(_bad EQUAL 0)
  message(FATAL_ERROR "image-bad built although nothing provides libnobody.so.3:\n${_bad_output}")
endif()
string(REGEX REPLACE "[\n ]+" " " _flat "${_bad_output}")
expect("${_flat}" "image 'bad' needs shared libraries that neither example/python:3.11 nor a package installed in its builder provides: libnobody.so.3, needed by nobody-1.0-py3-none-any.whl: nobody/_c.so Add the packages that provide them to RUNTIME_PACKAGES"
  "the failure")
if(_bad_calls MATCHES "install-env.sh")
  message(FATAL_ERROR "the environment was installed after the failure:\n${_bad_calls}")
endif()
message(STATUS "ok")
