# Internal use: the wheelhouse and the lock of an image.
#
# 1. When the builder is unchanged, `pywheelimage resolve` first asks whether the wheelhouse
#    already satisfies the requirements (a removed requirement, an edited comment, a pin back to a
#    version built before): then the lock is rewritten if needed and no container starts.
# 2. Otherwise `pip wheel` runs in a throwaway container of the builder image with the wheelhouse
#    as --find-links, so only missing wheels are built (after a builder change, the wheels
#    compiled here are left out and built again). `pywheelimage reuse` also pins every project
#    whose wheel is there and fits the requirement files to that wheel by direct URL (a
#    constraints file), so that `--no-binary` does not rebuild it; should pip find the pins in
#    conflict with a new dependency, it runs once more without them. Its output goes to a fresh directory, merged
#    with the wheels kept from before, that replaces the wheelhouse only when everything
#    succeeded: the wheelhouse is a symbolic link switched by rename, never half-written.
# 3. `pywheelimage resolve` writes the lock (what the image installs, pinned by hash), a report
#    and a depfile naming every requirement file read; `pywheelimage fingerprint` of the locked
#    wheels and the lock is PWI_WHEELS_STAMP, which changes only when what the image installs
#    changes.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/sources.cmake")

# Internal use: `pywheelimage resolve` against <wheelhouse>, with the requirement and choice
# arguments <arg>...; sets <rc_var> to its exit status (0 resolved, 4 not satisfiable from that
# directory, anything else an error it has reported) and <message_var> to what it printed.
function(_pywheelimage_resolve wheelhouse rc_var message_var)
  execute_process(COMMAND "${PWI_HELPER}" resolve --wheelhouse "${wheelhouse}" --env "${PWI_ENV_JSON}"
    --lock "${PWI_LOCK}" --report "${PWI_REPORT}" --depfile "${PWI_DEPFILE}" ${ARGN}
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  set(${rc_var} "${_rc}" PARENT_SCOPE)
  set(${message_var} "${_err}" PARENT_SCOPE)
endfunction()

# Internal use: `pip wheel` in the throwaway container PWI_CONTAINER of <image>, which is removed
# whatever the outcome; sets <rc_var> to pip's exit status.
#   _pywheelimage_pip_wheel(<rc_var> IMAGE <image> RUN <run args>... PIP <pip command>...
#                           [OUTPUT <var>])
function(_pywheelimage_pip_wheel rc_var)
  cmake_parse_arguments(PARSE_ARGV 1 _w "" "IMAGE;OUTPUT" "RUN;PIP")
  set(_echo "")
  if(_w_OUTPUT)
    set(_echo ECHO _output)
  endif()
  _pywheelimage_remove_container("${PWI_CONTAINER}")
  _pywheelimage_engine(${_w_RUN} "${_w_IMAGE}" ${_w_PIP} ${PWI_PIP_ARGS} ${_echo} RESULT _rc)
  _pywheelimage_remove_container("${PWI_CONTAINER}")
  set(${rc_var} "${_rc}" PARENT_SCOPE)
  if(_w_OUTPUT)
    set(${_w_OUTPUT} "${_output}" PARENT_SCOPE)
  endif()
endfunction()

# Internal use: the fingerprint of what the image installs (the locked wheels of <wheelhouse>
# and the lock), then the records of a successful run: the format control <format_control> (JSON)
# and the step's inputs <input>...
function(_pywheelimage_finish wheelhouse format_control)
  _pywheelimage_locked_wheels("${PWI_REPORT}" "${wheelhouse}" _locked)
  execute_process(COMMAND "${PWI_HELPER}" fingerprint ${_locked} "${PWI_LOCK}"
    --stamp "${PWI_WHEELS_STAMP}" OUTPUT_QUIET RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    _pywheelimage_fail("fingerprinting the wheels of '${PWI_NAME}' failed (${_rc}).")
  endif()
  _pywheelimage_write_if_changed("${PWI_WORK_DIR}/format-control.json" "${format_control}\n")
  _pywheelimage_record_inputs("${PWI_WORK_DIR}/wheels.inputs" ${ARGN})
  # The lock is this step's first output (the depfile names it): touched so that make, which
  # has no restat, does not run the step again. Nothing downstream depends on its time.
  file(TOUCH_NOCREATE "${PWI_LOCK}")
  file(TOUCH "${PWI_WHEELS_DONE}")
endfunction()

# Internal use: stop after the helper failed with exit status <rc>, whose own message (file:line,
# the line, a caret; or the file it could not write) was printed above.
function(_pywheelimage_helper_failed rc)
  if(rc EQUAL 5)
    _pywheelimage_fail("the helper could not read or write a file for image '${PWI_NAME}' (see "
      "above; a full disk?). The previous wheelhouse, lock and image are unchanged.")
  endif()
  _pywheelimage_fail("reading the requirements of image '${PWI_NAME}' failed (see above); "
    "the previous wheelhouse, lock and image are unchanged.")
endfunction()

_pywheelimage_read_stamp("${PWI_BUILDER_STAMP}" _builder)
if(NOT _builder_tag)
  message(FATAL_ERROR "Internal error: no builder stamp at ${PWI_BUILDER_STAMP}")
endif()
set(_builder_input "builder image (BUILD_PACKAGES or the base)=${_builder_tag}")
list(JOIN PWI_PIP_ARGS " " _pip_args_text)
set(_pip_args_input "PIP_ARGS=${_pip_args_text}")
_pywheelimage_file_inputs(_inputs ${PWI_REQUIREMENTS} ${PWI_CONSTRAINTS})
list(APPEND _inputs "${_builder_input}" "${_pip_args_input}")
_pywheelimage_why(_why "${PWI_WORK_DIR}/wheels.inputs"
  "inputs unchanged: a local project it builds changed, the builder image was rebuilt, or a previous run did not finish" ${_inputs})

set(_old_inputs "")
if(EXISTS "${PWI_WORK_DIR}/wheels.inputs")
  file(STRINGS "${PWI_WORK_DIR}/wheels.inputs" _old_inputs)
endif()
set(_builder_changed TRUE)
if(_builder_input IN_LIST _old_inputs AND _pip_args_input IN_LIST _old_inputs)
  set(_builder_changed FALSE)
endif()

# Leftovers of an interrupted run: directories that the wheelhouse link does not name.
set(_current "")
if(IS_SYMLINK "${PWI_WHEELHOUSE}")
  file(READ_SYMLINK "${PWI_WHEELHOUSE}" _current)
endif()
file(GLOB _stale LIST_DIRECTORIES true "${PWI_WORK_DIR}/wheelhouse.*")
foreach(_dir IN LISTS _stale)
  get_filename_component(_base "${_dir}" NAME)
  if(NOT _base STREQUAL _current)
    file(REMOVE_RECURSE "${_dir}")
  endif()
endforeach()

# The requirement and constraint files as pip and the helper take them.
set(_requirement_args "")
foreach(_file IN LISTS PWI_REQUIREMENTS)
  list(APPEND _requirement_args -r "${_file}")
endforeach()
foreach(_file IN LISTS PWI_CONSTRAINTS)
  list(APPEND _requirement_args -c "${_file}")
endforeach()

# PIP_ARGS that change what pip chooses change the lock the same way.
set(_choice_args "")
if("--pre" IN_LIST PWI_PIP_ARGS)
  list(APPEND _choice_args --pre)
endif()

# What pip reads (mounted into the builder, nothing else) and whether it checks hashes.
# --no-binary / --only-binary changed since the last run: the wheels of the projects pip would
# now take otherwise (from source, or ready-made) are not kept; nor are those of a project whose
# lines' build options (--config-settings, --global-option) changed.
set(_format_args "")
foreach(_arg IN LISTS PWI_PIP_ARGS)
  list(APPEND _format_args "--pip-arg=${_arg}")
endforeach()
set(_format_record "${PWI_WORK_DIR}/format-control.json")
if(_current AND EXISTS "${_format_record}")
  list(APPEND _format_args --previous-format-control "${_format_record}"
    --wheelhouse "${PWI_WORK_DIR}/${_current}")
endif()
execute_process(COMMAND "${PWI_HELPER}" inputs ${_requirement_args} ${_format_args}
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _inputs_json ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
  message(NOTICE "${_err}")
  _pywheelimage_helper_failed("${_rc}")
endif()
string(JSON _hash_checking GET "${_inputs_json}" hash_checking)
string(JSON _has_sources GET "${_inputs_json}" sources)
string(JSON _format_control GET "${_inputs_json}" format_control)
string(JSON _n_changed LENGTH "${_inputs_json}" format_changed)
set(_format_changed "")
if(_n_changed GREATER 0)
  math(EXPR _last "${_n_changed} - 1")
  foreach(_i RANGE 0 ${_last})
    string(JSON _file GET "${_inputs_json}" format_changed ${_i})
    list(APPEND _format_changed "${_file}")
  endforeach()
  list(JOIN _format_changed ", " _changed_text)
  _pywheelimage_say("--no-binary, --only-binary or build options changed for ${_changed_text}: not kept")
endif()
string(JSON _n_paths LENGTH "${_inputs_json}" paths)
set(_read_paths "")
if(_n_paths GREATER 0)
  math(EXPR _last "${_n_paths} - 1")
  foreach(_i RANGE 0 ${_last})
    string(JSON _path GET "${_inputs_json}" paths ${_i})
    list(APPEND _read_paths "${_path}")
  endforeach()
endif()
set(_provenance_name "pywheelimage-provenance.json")
set(_sources_name "pywheelimage-sources.json")
set(_pending "")
set(_pending_file "")
set(_pip_input "")


# 1. Does the wheelhouse satisfy the requirements already?
if(_current AND NOT _builder_changed AND NOT _format_changed)
  set(_old_lock "")
  if(EXISTS "${PWI_LOCK}")
    file(READ "${PWI_LOCK}" _old_lock)
  endif()
  _pywheelimage_resolve("${PWI_WORK_DIR}/${_current}" _rc _resolve_message ${_choice_args}
    ${_requirement_args})
  if(_rc EQUAL 0)
    file(READ "${PWI_LOCK}" _new_lock)
    set(_lock_state "lock unchanged")
    if(NOT _new_lock STREQUAL _old_lock)
      set(_lock_state "lock updated")
    endif()
    _pywheelimage_say("the wheelhouse of '${PWI_NAME}' has every wheel the requirements need "
      "(${_why}): ${_lock_state}, no container started")
    _pywheelimage_finish("${PWI_WORK_DIR}/${_current}" "${_format_control}" ${_inputs})
    return()
  elseif(NOT _rc EQUAL 4)
    # The helper's message as it wrote it (file:line, the line, a caret), then ours.
    message(NOTICE "${_resolve_message}")
    _pywheelimage_helper_failed("${_rc}")
  endif()
endif()

# 2. pip wheel in a throwaway builder container.
_pywheelimage_say("building wheels for '${PWI_NAME}' in ${_builder_tag} (${_why})")
_pywheelimage_require_engine()
string(RANDOM LENGTH 10 ALPHABET "abcdefghijklmnopqrstuvwxyz0123456789" _suffix)
set(_new_name "wheelhouse.${_suffix}")
set(_new "${PWI_WORK_DIR}/${_new_name}")
set(_cache "${PWI_WORK_DIR}/${_new_name}.cache")
file(MAKE_DIRECTORY "${_new}" "${_cache}")

# The wheels kept from before: all of them, except after a builder change the ones compiled here
# (platform tag linux_*), which must be built again.
set(_kept "")
if(_current)
  file(GLOB _kept "${PWI_WORK_DIR}/${_current}/*.whl")
  if(_builder_changed)
    list(FILTER _kept EXCLUDE REGEX "-linux_[^-/]+\\.whl$")
  endif()
  foreach(_file IN LISTS _format_changed)
    list(REMOVE_ITEM _kept "${PWI_WORK_DIR}/${_current}/${_file}")
  endforeach()
endif()
foreach(_wheel IN LISTS _kept)
  get_filename_component(_file "${_wheel}" NAME)
  file(CREATE_LINK "${_wheel}" "${_cache}/${_file}" COPY_ON_ERROR)
endforeach()
# What is known of how the kept wheels were verified (hash-checking mode).
set(_old_provenance "")
if(_current AND EXISTS "${PWI_WORK_DIR}/${_current}/${_provenance_name}")
  file(COPY_FILE "${PWI_WORK_DIR}/${_current}/${_provenance_name}" "${_cache}/${_provenance_name}")
  set(_old_provenance "${_cache}/${_provenance_name}")
endif()

# Which wheels were built from which sources (local projects, URLs, VCS).
if(_current AND EXISTS "${PWI_WORK_DIR}/${_current}/${_sources_name}")
  file(COPY_FILE "${PWI_WORK_DIR}/${_current}/${_sources_name}" "${_cache}/${_sources_name}")
endif()

set(_run run --rm --name "${PWI_CONTAINER}" --user "${PWI_USER}" --entrypoint=
  -e HOME=/tmp -e PIP_DISABLE_PIP_VERSION_CHECK=1 -e PIP_NO_CACHE_DIR=1 -e PYTHONDONTWRITEBYTECODE=1
  # Reproducible wheels where the build allows it: fixed zip timestamps, no debug paths.
  -e SOURCE_DATE_EPOCH=${PWI_SOURCE_DATE_EPOCH}
  -e "CFLAGS=-ffile-prefix-map=/tmp=/build -g0" -e "CXXFLAGS=-ffile-prefix-map=/tmp=/build -g0"
  # ... and compilers that map the randomly named directory pip builds in (tools/cc, tools/c++).
  -e CC=/pwi/tools/cc -e CXX=/pwi/tools/c++ -v "${PWI_TOOLS_DIR}:/pwi/tools:ro"
  -v "${_new}:/pwi/wheels" -v "${_cache}:/pwi/cache:ro")
_pywheelimage_index_access_args(_access)
_pywheelimage_requirement_env_args("${_inputs_json}" _access)
list(APPEND _run ${_access})
# The builder sees only what pip reads (the requirement files, nested ones, local --find-links
# directories), read-only, each at its own path: not the rest of the source tree.
foreach(_path IN LISTS _read_paths)
  if(EXISTS "${_path}")
    list(APPEND _run -v "${_path}:${_path}:ro")
  endif()
endforeach()
set(_pip "${PWI_PIP_PREFIX}/bin/python" -m pip wheel --wheel-dir /pwi/wheels)
if(_hash_checking)
  # pip verifies every archive it fetches against the user's hashes; a wheel built here from a
  # verified sdist has a digest of its own, which `verified` records. The kept wheels are not
  # offered to pip (one it cannot verify would stop it): pip is given only the lines that no
  # kept wheel satisfies (`pending`), flattened, and --no-deps, since in this mode the files
  # pin every dependency with its hashes (the lock's resolution checks that).
  set(_pending_file "${PWI_WORK_DIR}/${_new_name}.pending.txt")
  execute_process(COMMAND "${PWI_HELPER}" pending --wheelhouse "${_cache}" --env "${PWI_ENV_JSON}" ${_choice_args}
    ${_requirement_args} --out "${_pending_file}"
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _pending ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    file(REMOVE_RECURSE "${_new}" "${_cache}" "${_pending_file}")
    message(NOTICE "${_err}")
    _pywheelimage_helper_failed("${_rc}")
  endif()
  string(STRIP "${_pending}" _pending)
  string(REPLACE "\n" ", " _pending_text "${_pending}")
  list(APPEND _run -v "${_pending_file}:/pwi/pending.txt:ro")
  list(APPEND _pip --no-deps --require-hashes -r /pwi/pending.txt)
  foreach(_file IN LISTS PWI_CONSTRAINTS)
    list(APPEND _pip -c "${_file}")
  endforeach()
  if(NOT _pending STREQUAL "")
    _pywheelimage_say("hash-checking mode: pip fetches and verifies ${_pending_text}")
  endif()
elseif(_has_sources)
  # The sources first, each alone; then pip reads the requirement files with every source
  # replaced by its wheel (`pip-input`), so it builds none of them again.
  _pywheelimage_build_sources(_n_built HELPER "${PWI_HELPER}" ENV_JSON "${PWI_ENV_JSON}"
    CACHE "${_cache}" SCRATCH "${_new}" IMAGE "${_builder_tag}" NAME "${PWI_NAME}"
    RUN ${_run} PIP ${_pip} PIP_ARGS ${PWI_PIP_ARGS} REQUIREMENT_ARGS ${_requirement_args}
    CHOICE_ARGS ${_choice_args})
  # Enough already? (only a source changed: nothing else to build, no second container)
  file(GLOB _cached "${_cache}/*.whl")
  foreach(_wheel IN LISTS _cached)
    get_filename_component(_file "${_wheel}" NAME)
    file(CREATE_LINK "${_wheel}" "${_new}/${_file}" COPY_ON_ERROR)
  endforeach()
  if(EXISTS "${_cache}/${_sources_name}")
    file(COPY_FILE "${_cache}/${_sources_name}" "${_new}/${_sources_name}")
  endif()
  _pywheelimage_resolve("${_new}" _rc _resolve_message ${_choice_args} ${_requirement_args})
  if(_rc EQUAL 0)
    file(REMOVE_RECURSE "${_cache}")
    _pywheelimage_say("the wheelhouse of '${PWI_NAME}' has every other wheel the requirements "
      "need: no pip run")
    _pywheelimage_switch_wheelhouse("${PWI_WORK_DIR}" "${_new_name}" "${_current}")
    _pywheelimage_finish("${_new}" "${_format_control}" ${_inputs})
    return()
  elseif(NOT _rc EQUAL 4)
    file(REMOVE_RECURSE "${_new}" "${_cache}")
    message(NOTICE "${_resolve_message}")
    _pywheelimage_helper_failed("${_rc}")
  endif()
  file(REMOVE_RECURSE "${_new}")
  file(MAKE_DIRECTORY "${_new}")
  set(_pip_input "${PWI_WORK_DIR}/${_new_name}.pip-input.txt")
  execute_process(COMMAND "${PWI_HELPER}" pip-input --wheelhouse "${_cache}" --env "${PWI_ENV_JSON}"
    ${_choice_args} ${_requirement_args} --url-prefix file:///pwi/cache --out "${_pip_input}"
    RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    file(REMOVE_RECURSE "${_new}" "${_cache}" "${_pip_input}")
    message(NOTICE "${_err}")
    _pywheelimage_helper_failed("${_rc}")
  endif()
  list(APPEND _run -v "${_pip_input}:/pwi/pip-input.txt:ro")
  list(APPEND _pip --find-links /pwi/cache -r /pwi/pip-input.txt)
  foreach(_file IN LISTS PWI_CONSTRAINTS)
    list(APPEND _pip -c "${_file}")
  endforeach()
else()
  list(APPEND _pip --find-links /pwi/cache ${_requirement_args})
endif()

# The wheels kept from before that pip may reuse as they are, pinned by direct URL.
set(_reuse "")
if(_kept AND NOT _hash_checking)
  set(_reuse_file "${PWI_WORK_DIR}/${_new_name}.reuse.txt")
  execute_process(COMMAND "${PWI_HELPER}" reuse --wheelhouse "${_cache}" --env "${PWI_ENV_JSON}" ${_choice_args}
    ${_requirement_args} --url-prefix file:///pwi/cache --out "${_reuse_file}"
    RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    file(REMOVE_RECURSE "${_new}" "${_cache}" "${_reuse_file}")
    message(NOTICE "${_err}")
    _pywheelimage_helper_failed("${_rc}")
  endif()
  file(STRINGS "${_reuse_file}" _pins REGEX "^[^#]")
  if(_pins)
    list(LENGTH _pins _n_pins)
    _pywheelimage_say("reusing the wheels built before that still fit (${_n_pins}, pinned for pip by direct URL)")
    set(_reuse -v "${_reuse_file}:/pwi/reuse.txt:ro")
  endif()
endif()

if(_hash_checking AND _pending STREQUAL "")
  # Nothing to fetch (the resolution below says what is wrong, if anything).
  set(_rc 0)
elseif(_reuse)
  _pywheelimage_pip_wheel(_rc IMAGE "${_builder_tag}" RUN ${_run} ${_reuse}
    PIP ${_pip} -c /pwi/reuse.txt OUTPUT _pip_output)
  # A build that failed fails again without the pins; anything else (the pins conflict with a
  # new dependency, an old pip that refuses URL constraints) deserves a run without them.
  if(NOT _rc EQUAL 0 AND NOT _pip_output MATCHES "subprocess-exited-with-error|Failed building wheel|Failed to build")
    _pywheelimage_say("pip could not use the wheels built before as they are (see above): "
      "building again without pinning them")
    file(REMOVE_RECURSE "${_new}")
    file(MAKE_DIRECTORY "${_new}")
    _pywheelimage_pip_wheel(_rc IMAGE "${_builder_tag}" RUN ${_run} PIP ${_pip})
  endif()
else()
  _pywheelimage_pip_wheel(_rc IMAGE "${_builder_tag}" RUN ${_run} PIP ${_pip})
endif()
if(_reuse_file)
  file(REMOVE "${_reuse_file}")
endif()
if(_pip_input)
  file(REMOVE "${_pip_input}")
endif()
if(NOT _rc EQUAL 0)
  file(REMOVE_RECURSE "${_new}" "${_cache}")
  if(_pending_file)
    file(REMOVE "${_pending_file}")
  endif()
  _pywheelimage_fail("building the wheels of image '${PWI_NAME}' failed: pip's output is above. "
    "The previous wheelhouse and image are unchanged. A package that compiles code may need "
    "BUILD_PACKAGES (a compiler, headers of the libraries it links).")
endif()

# The new wheelhouse: what pip wrote, plus the wheels kept from before and those built from
# sources, with their record.
file(GLOB _cached "${_cache}/*.whl")
foreach(_wheel IN LISTS _cached)
  get_filename_component(_file "${_wheel}" NAME)
  if(NOT EXISTS "${_new}/${_file}")
    file(CREATE_LINK "${_wheel}" "${_new}/${_file}" COPY_ON_ERROR)
  endif()
endforeach()
if(EXISTS "${_cache}/${_sources_name}")
  file(COPY_FILE "${_cache}/${_sources_name}" "${_new}/${_sources_name}")
endif()

# How the wheels were verified: the kept wheels' records, and the new ones pip fetched or built
# from verified archives (hash-checking mode).
if(_hash_checking)
  set(_previous_arg "")
  if(_old_provenance)
    set(_previous_arg --previous "${_old_provenance}")
  endif()
  execute_process(COMMAND "${PWI_HELPER}" verified --wheelhouse "${_new}" --env "${PWI_ENV_JSON}"
    -r "${_pending_file}" ${_previous_arg} --record "${_new}/${_provenance_name}"
    RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  file(REMOVE "${_pending_file}")
  if(NOT _rc EQUAL 0)
    file(REMOVE_RECURSE "${_new}" "${_cache}")
    message(NOTICE "${_err}")
    _pywheelimage_fail("recording how the wheels of image '${PWI_NAME}' were verified failed (see "
      "above). The previous wheelhouse and image are unchanged.")
  endif()
endif()
file(REMOVE_RECURSE "${_cache}")

# 3. The lock, from the new wheelhouse; only then does the new wheelhouse replace the old one.
_pywheelimage_resolve("${_new}" _rc _resolve_message ${_choice_args} ${_requirement_args})
if(NOT _rc EQUAL 0)
  file(REMOVE_RECURSE "${_new}")
  message(NOTICE "${_resolve_message}")
  if(_rc EQUAL 4)
    _pywheelimage_fail("pip built the wheels of image '${PWI_NAME}', but they do not satisfy its "
      "requirements for the image's Python (see above). The previous wheelhouse and image are unchanged.")
  endif()
  _pywheelimage_helper_failed("${_rc}")
endif()
_pywheelimage_switch_wheelhouse("${PWI_WORK_DIR}" "${_new_name}" "${_current}")
_pywheelimage_finish("${_new}" "${_format_control}" ${_inputs})
