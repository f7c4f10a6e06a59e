# A full disk in the middle of a build: the build directory of a sample project lives on a small
# tmpfs, and builds run with it full.
# - A requirement is added (the lock must change) and the tmpfs is full: the build fails, says
#   so, and leaves every output of the image byte-identical (no empty or truncated stamp, lock,
#   env.json). Once space is freed the build brings the lock up to date; the next is a no-op.
# - Then a requirement change (the helper alone rewrites the lock), and a base image change
#   (every step runs again), each with 0, 1, 2, ... pages left free, so that the disk fills at a
#   later point of the build each time, until a build succeeds: a failed build says so and leaves
#   each output either as before or as the build after space is freed writes it.
# The container engine is the stand-in fake_engine.py, whose log and state are outside the tmpfs.
# Needs root (mount); exits with SKIP_CODE, saying why, when it cannot mount.
# cmake -D WORK=<dir> -D MODULE_DIR=<dir> -D HELPER=<pywheelimage> -D FAKE=<fake_engine.py>
#       -D SKIP_CODE=<n> -P run_full_disk.cmake
cmake_minimum_required(VERSION 3.25)
set(_mnt "${WORK}/mnt")
set(_build "${_mnt}/build")
set(_out "${_build}/pywheelimage/web")

# Internal use: unmounts the tmpfs if it is mounted (also what an interrupted run left).
function(_full_disk_unmount)
  execute_process(COMMAND mountpoint -q "${_mnt}" RESULT_VARIABLE _rc)
  if(_rc EQUAL 0)
    execute_process(COMMAND umount "${_mnt}" RESULT_VARIABLE _rc ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(WARNING "umount ${_mnt} failed (${_err}): unmounting lazily")
      execute_process(COMMAND umount -l "${_mnt}")
    endif()
  endif()
endfunction()

# Internal use: the test failed; the tmpfs goes first. Reads ARGV<i>, so that a ';' survives.
function(_full_disk_fail)
  _full_disk_unmount()
  set(_msg "")
  math(EXPR _last "${ARGC} - 1")
  foreach(_i RANGE 0 ${_last})
    string(APPEND _msg "${ARGV${_i}}")
  endforeach()
  message(FATAL_ERROR "${_msg}")
endfunction()

# Internal use: the test cannot run here. CMake before 3.29 cannot choose its exit status; the
# test's SKIP_REGULAR_EXPRESSION matches this line then.
function(_full_disk_skip why)
  _full_disk_unmount()
  message(STATUS "full_disk: skipped: ${why}")
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.29)
    cmake_language(EXIT ${SKIP_CODE})
  endif()
  message(FATAL_ERROR "skipped: ${why}")
endfunction()

_full_disk_unmount()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/src" "${_mnt}")

execute_process(COMMAND id -u OUTPUT_VARIABLE _uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT _uid STREQUAL "0")
  _full_disk_skip("mounting a tmpfs needs root (uid ${_uid})")
endif()
execute_process(COMMAND mount -t tmpfs -o size=8m,mode=0755 pywheelimage-full-disk "${_mnt}"
  RESULT_VARIABLE _rc ERROR_VARIABLE _err ERROR_STRIP_TRAILING_WHITESPACE)
if(NOT _rc EQUAL 0)
  _full_disk_skip("mount -t tmpfs failed (${_rc}): ${_err}")
endif()

# The sample project: the one of run_fake_engine.cmake.
file(WRITE "${WORK}/src/requirements.txt" "six==1.16.0\n")
file(WRITE "${WORK}/src/CMakeLists.txt" "cmake_minimum_required(VERSION 3.25)
project(full_disk NONE)
list(APPEND CMAKE_MODULE_PATH \"${MODULE_DIR}\")
include(PyWheelImage)
pywheelimage_add_image(web BASE example/python:3.11 REQUIREMENTS requirements.txt
  BUILD_PACKAGES gcc ENGINE docker TAG example/web:1)
")
set(ENV{FAKE_ENGINE_LOG} "${WORK}/calls.jsonl")
set(ENV{FAKE_ENGINE_STATE} "${WORK}/state.json")
# pip's run writes a second wheel, so that a requirement added later is in the wheelhouse
# already: then the helper alone rewrites the lock, with no container started.
set(ENV{FAKE_ENGINE_EXTRA_WHEELS} "idna==3.6")
file(WRITE "${WORK}/state.json" "{\"example/python:3.11\": \"sha256:base\"}")

# Internal use: builds image-web; sets <rc_var> and <output_var>.
function(_full_disk_build rc_var output_var)
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${_build}" --target image-web
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _output ERROR_VARIABLE _output)
  set(${rc_var} "${_rc}" PARENT_SCOPE)
  set(${output_var} "${_output}" PARENT_SCOPE)
endfunction()

# Internal use: a further build only looks: one engine call (image inspect). <what> names the
# build before it.
function(_full_disk_expect_noop what)
  file(WRITE "${WORK}/calls.jsonl" "")
  _full_disk_build(_rc _output)
  if(NOT _rc EQUAL 0)
    _full_disk_fail("a further build after ${what} failed:\n${_output}")
  endif()
  file(READ "${WORK}/calls.jsonl" _noop)
  string(REGEX MATCHALL "[^\n]+" _calls "${_noop}")
  list(LENGTH _calls _n)
  if(NOT _n EQUAL 1 OR NOT _noop MATCHES "\"image\", \"inspect\"")
    _full_disk_fail("a further build after ${what} made ${_n} engine calls, not one image inspect:\n${_noop}")
  endif()
endfunction()

# Internal use: every file under the image's directory as "<path> <sha256>" (a symbolic link as
# "<path> -> <target>"), sorted.
function(_full_disk_snapshot out_var)
  file(GLOB_RECURSE _files LIST_DIRECTORIES false RELATIVE "${_out}" "${_out}/*")
  list(SORT _files)
  set(_lines "")
  foreach(_file IN LISTS _files)
    if(IS_SYMLINK "${_out}/${_file}")
      file(READ_SYMLINK "${_out}/${_file}" _target)
      list(APPEND _lines "${_file} -> ${_target}")
    else()
      file(SHA256 "${_out}/${_file}" _hash)
      list(APPEND _lines "${_file} ${_hash}")
    endif()
  endforeach()
  set(${out_var} "${_lines}" PARENT_SCOPE)
endfunction()

# Internal use: fills the tmpfs but for <pages> free 4 KiB pages: 64 KiB blocks, then 512-byte
# ones for what is left of the last page. Uses dd, not file(WRITE), whose error on a full disk
# would end this script with the tmpfs mounted.
function(_full_disk_fill pages)
  execute_process(COMMAND dd if=/dev/zero "of=${_mnt}/reserve" bs=4096 count=${pages} OUTPUT_QUIET ERROR_QUIET)
  execute_process(COMMAND dd if=/dev/zero "of=${_mnt}/filler" bs=64k OUTPUT_QUIET ERROR_QUIET)
  execute_process(COMMAND dd if=/dev/zero "of=${_mnt}/filler-tail" bs=512 OUTPUT_QUIET ERROR_QUIET)
  execute_process(COMMAND dd if=/dev/zero "of=${_mnt}/probe" bs=4096 count=1 OUTPUT_QUIET ERROR_QUIET)
  file(SIZE "${_mnt}/probe" _size)
  file(SIZE "${_mnt}/reserve" _reserved)
  file(REMOVE "${_mnt}/probe" "${_mnt}/reserve")
  math(EXPR _wanted "${pages} * 4096")
  if(NOT _size EQUAL 0 OR NOT _reserved EQUAL _wanted)
    _full_disk_fail("the tmpfs was not filled: ${_size} bytes of a 4096-byte probe were written, "
      "${_reserved} of ${_wanted} bytes reserved")
  endif()
endfunction()

# Internal use: frees the space that _full_disk_fill took.
function(_full_disk_free)
  file(REMOVE "${_mnt}/filler" "${_mnt}/filler-tail")
endfunction()

# 1. A first build on the empty tmpfs.
execute_process(COMMAND "${CMAKE_COMMAND}" -G Ninja -S "${WORK}/src" -B "${_build}"
  "-DPYWHEELIMAGE_DOCKER_EXECUTABLE=${FAKE}" "-DPYWHEELIMAGE_EXECUTABLE=${HELPER}"
  -DPYWHEELIMAGE_ENGINE_API=OFF
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _output ERROR_VARIABLE _output)
if(NOT _rc EQUAL 0)
  _full_disk_fail("configure failed:\n${_output}")
endif()
_full_disk_build(_rc _output)
if(NOT _rc EQUAL 0)
  _full_disk_fail("the first build failed:\n${_output}")
endif()
_full_disk_snapshot(_before)
foreach(_expected IN ITEMS builder.stamp env.json image.stamp image.inputs requirements.d
    requirements.lock requirements.report.json venv.inputs wheels.inputs wheels.stamp)
  if(NOT "${_before}" MATCHES "(^|;)${_expected} [0-9a-f]+(;|$)")
    _full_disk_fail("the first build wrote no ${_expected}; its outputs:\n${_before}")
  endif()
endforeach()

# 2. A requirement that changes the lock, and a full disk.
file(APPEND "${WORK}/src/requirements.txt" "idna==3.6\n")
_full_disk_fill(0)
_full_disk_build(_rc _output)
_full_disk_snapshot(_after_failure)
if(_rc EQUAL 0)
  _full_disk_fail("the build on a full disk succeeded:\n${_output}")
endif()
if(NOT _output MATCHES "[Nn]o space left on device|is the disk full\\?")
  _full_disk_fail("the build on a full disk does not say so:\n${_output}")
endif()
if(NOT _after_failure STREQUAL _before)
  string(REPLACE ";" "\n  " _b "${_before}")
  string(REPLACE ";" "\n  " _a "${_after_failure}")
  _full_disk_fail("the build on a full disk changed the outputs of the image\nbefore:\n  ${_b}\n"
    "after:\n  ${_a}\nthe build's output:\n${_output}")
endif()
string(REGEX MATCH "[^\n]*([Nn]o space left on device|is the disk full\\?)[^\n]*" _line "${_output}")
message(STATUS "full disk: the build failed and left every output as it was:\n  ${_line}")

# 3. Space again: the build brings the lock up to date, and the next one only looks.
_full_disk_free()
_full_disk_build(_rc _output)
if(NOT _rc EQUAL 0)
  _full_disk_fail("the build after space was freed failed:\n${_output}")
endif()
file(READ "${_out}/requirements.lock" _lock)
if(NOT _lock MATCHES "(^|\n)idna==3\\.6")
  _full_disk_fail("after space was freed, the lock lacks idna==3.6:\n${_lock}")
endif()
_full_disk_expect_noop("the build after space was freed")

# Internal use: a change (<change>: "requirements" adds or removes idna, so that the helper
# rewrites the lock; "base" gives the base image a new id, so that every step runs again), then a
# build with 0, 1, 2, ... pages free, so that the disk fills at a later point each time, until one
# succeeds. A failed build must say that the disk is full and leave every output either as before
# or as the build after space was freed writes it; that build must succeed, and the next one only
# look.
function(_full_disk_sweep change)
  set(_free 0)
  while(TRUE)
    _full_disk_snapshot(_before)
    set(_what "after a ${change} change with ${_free} free page(s)")
    if(change STREQUAL "base")
      file(WRITE "${WORK}/state.json" "{\"example/python:3.11\": \"sha256:base${_free}\"}")
    else()
      file(READ "${WORK}/src/requirements.txt" _requirements)
      if(_requirements MATCHES "idna")
        file(WRITE "${WORK}/src/requirements.txt" "six==1.16.0\n")
      else()
        file(WRITE "${WORK}/src/requirements.txt" "six==1.16.0\nidna==3.6\n")
      endif()
    endif()
    _full_disk_fill(${_free})
    _full_disk_build(_rc _failure_output)
    _full_disk_snapshot(_during)
    _full_disk_free()
    if(_rc EQUAL 0)
      message(STATUS "full disk: a build ${_what} succeeds")
      _full_disk_expect_noop("the build ${_what}")
      return()
    endif()
    if(NOT _failure_output MATCHES "[Nn]o space left on device|is the disk full\\?")
      _full_disk_fail("the build ${_what} failed without saying the disk is full:\n${_failure_output}")
    endif()
    _full_disk_build(_rc _output)
    if(NOT _rc EQUAL 0)
      _full_disk_fail("${_what}, the build after space was freed failed:\n${_output}\n"
        "the failed build's output:\n${_failure_output}")
    endif()
    _full_disk_snapshot(_after)
    # Scratch files of an interrupted step, which its next run removes (the --iidfile of a failed
    # engine build, what an install or pip run was given).
    set(_scratch "^((builder|image|runtime)\\.iid |builder-context/|pip\\.tmp/|install\\.[a-z0-9]+/|context/venv\\.|wheelhouse\\.[a-z0-9]+(\\.cache/|\\.reuse\\.txt |\\.pending\\.txt ))")
    set(_bad "")
    foreach(_entry IN LISTS _during)
      if(NOT _entry IN_LIST _before AND NOT _entry IN_LIST _after AND NOT _entry MATCHES "${_scratch}")
        string(APPEND _bad "\n  ${_entry}")
      endif()
    endforeach()
    if(_bad)
      string(REPLACE ";" "\n  " _b "${_before}")
      string(REPLACE ";" "\n  " _a "${_after}")
      _full_disk_fail("the failed build ${_what} left outputs that are neither as before nor as the "
        "next build writes them:${_bad}\nbefore:\n  ${_b}\nafter the next build:\n  ${_a}\n"
        "the failed build's output:\n${_failure_output}")
    endif()
    string(REGEX MATCH "[^\n]*([Nn]o space left on device|is the disk full\\?)[^\n]*" _line "${_failure_output}")
    message(STATUS "full disk: the build ${_what} failed, each output as before or as the next build writes it:\n  ${_line}")
    _full_disk_expect_noop("${_what}, the build after space was freed")
    math(EXPR _free "${_free} + 1")
    if(_free GREATER 64)
      _full_disk_fail("every build after a ${change} change with up to 64 free pages failed")
    endif()
  endwhile()
endfunction()

# 4. The disk fills at later and later points of a build.
_full_disk_sweep(requirements)
_full_disk_sweep(base)

_full_disk_unmount()
message(STATUS "ok")
