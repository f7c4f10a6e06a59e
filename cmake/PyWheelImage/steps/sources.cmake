# Internal use: the requirements pip builds from a source of their own (a local project, a local
# archive, `-e`, `name @ URL`, a VCS URL), for the wheels step (wheels.cmake includes this file).
#
# Each source is built once, alone, with `pip wheel --no-deps` in a throwaway builder container,
# and the wheelhouse's record (pywheelimage-sources.json, see `pywheelimage sources --help`)
# ties the wheel to what it was built from: a local project's files without its build leftovers,
# an archive's bytes, a URL, a VCS commit. A local project is copied file by file (only the files
# its fingerprint covers) into a staging directory that the builder sees read-only, and is built
# from a copy inside the container, so the build tree and the project stay untouched. A VCS ref is
# resolved to its commit first (`git ls-remote` in the builder), and the wheel built from that
# commit; a `git+file://` repository is mounted read-only at its own path.

# Internal use: a word for sh, single-quoted.
function(_pywheelimage_sh_quote out_var text)
  string(REPLACE "'" "'\\''" _quoted "${text}")
  set(${out_var} "'${_quoted}'" PARENT_SCOPE)
endfunction()

# Internal use: builds the unbuilt sources of the requirement files into <cache> (the wheel
# directory the next pip run and the lock read) and updates its record. Sets <built_var> to the
# number of sources built. Fails the step (the previous wheelhouse unchanged) when one fails.
#   _pywheelimage_build_sources(<built_var>
#     HELPER <pywheelimage> ENV_JSON <env.json> CACHE <dir> SCRATCH <prefix> IMAGE <builder>
#     NAME <image name> RUN <engine run args>... PIP <pip wheel command>...
#     PIP_ARGS <PIP_ARGS>... REQUIREMENT_ARGS <-r/-c args>... CHOICE_ARGS <--pre>...)
function(_pywheelimage_build_sources built_var)
  cmake_parse_arguments(PARSE_ARGV 1 _s "" "HELPER;ENV_JSON;CACHE;SCRATCH;IMAGE;NAME"
    "RUN;PIP;PIP_ARGS;REQUIREMENT_ARGS;CHOICE_ARGS")
  set(_plan "${_s_SCRATCH}.sources.json")
  set(_stage "${_s_SCRATCH}.src")
  set(_out "${_s_SCRATCH}.out")
  set(_script "${_s_SCRATCH}.build-sources.sh")
  set(_helper_args --wheelhouse "${_s_CACHE}" --env "${_s_ENV_JSON}" ${_s_CHOICE_ARGS}
    ${_s_REQUIREMENT_ARGS})
  file(MAKE_DIRECTORY "${_s_SCRATCH}.lists")
  execute_process(COMMAND "${_s_HELPER}" sources ${_helper_args} --plan "${_plan}"
    --lists "${_s_SCRATCH}.lists" RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(NOTICE "${_err}")
    _pywheelimage_helper_failed("${_rc}")
  endif()
  file(READ "${_plan}" _json)
  string(JSON _n LENGTH "${_json}" sources)
  set(_pip_words "")
  foreach(_word IN LISTS _s_PIP)
    _pywheelimage_sh_quote(_q "${_word}")
    string(APPEND _pip_words " ${_q}")
  endforeach()
  # The files' global options (an index, --find-links, --no-binary, ...) and PIP_ARGS apply to
  # a source's build as to every other: the options as a requirement file of their own (an index
  # URL's credentials in it by reference, see index_credentials.hpp), never on a command line.
  set(_global_args "")
  set(_options_mount "")
  string(JSON _pip_options GET "${_json}" pip_options)
  if(NOT _pip_options STREQUAL "")
    file(WRITE "${_s_SCRATCH}.options.txt" "${_pip_options}")
    set(_options_mount -v "${_s_SCRATCH}.options.txt:/pwi/options.txt:ro")
    set(_global_args " -r /pwi/options.txt")
  endif()
  foreach(_word IN LISTS _s_PIP_ARGS)
    _pywheelimage_sh_quote(_q "${_word}")
    string(APPEND _global_args " ${_q}")
  endforeach()

  set(_body "")
  set(_mounts "")
  set(_built 0)
  set(_what "")
  if(_n GREATER 0)
    math(EXPR _last "${_n} - 1")
    foreach(_i RANGE 0 ${_last})
      string(JSON _is_built GET "${_json}" sources ${_i} built)
      if(_is_built)
        continue()
      endif()
      foreach(_key IN ITEMS id kind location text where)
        string(JSON _${_key} GET "${_json}" sources ${_i} ${_key})
      endforeach()
      string(JSON _n_options LENGTH "${_json}" sources ${_i} build_options)
      set(_options "")
      if(_n_options GREATER 0)
        math(EXPR _last_option "${_n_options} - 1")
        foreach(_j RANGE 0 ${_last_option})
          string(JSON _word GET "${_json}" sources ${_i} build_options ${_j})
          _pywheelimage_sh_quote(_q "${_word}")
          string(APPEND _options " ${_q}")
        endforeach()
      endif()
      math(EXPR _built "${_built} + 1")
      list(APPEND _what "${_text}")
      _pywheelimage_sh_quote(_qtext "${_text} (${_where})")
      set(_wheel "mkdir -p /pwi/out/${_id} && echo \"pywheelimage: building \"${_qtext}")
      set(_pip_wheel "${_pip_words} --no-deps --wheel-dir /pwi/out/${_id}${_global_args}${_options}")
      if(_kind STREQUAL "directory")
        # Only the files the fingerprint covers, copied as they are (modes kept).
        string(JSON _list GET "${_json}" sources ${_i} files)
        file(STRINGS "${_list}" _files)
        file(MAKE_DIRECTORY "${_stage}/${_id}")
        foreach(_file IN LISTS _files)
          get_filename_component(_dir "${_stage}/${_id}/${_file}" DIRECTORY)
          file(MAKE_DIRECTORY "${_dir}")
          file(COPY_FILE "${_location}/${_file}" "${_stage}/${_id}/${_file}")
        endforeach()
        string(APPEND _body "${_wheel}\nrm -rf /tmp/pwi-src/${_id} && mkdir -p /tmp/pwi-src && "
          "cp -R /pwi/src/${_id} /tmp/pwi-src/${_id}\n${_pip_wheel} /tmp/pwi-src/${_id}\n")
      elseif(_kind STREQUAL "archive")
        get_filename_component(_file "${_location}" NAME)
        file(MAKE_DIRECTORY "${_stage}/${_id}")
        file(COPY_FILE "${_location}" "${_stage}/${_id}/${_file}")
        _pywheelimage_sh_quote(_q "/pwi/src/${_id}/${_file}")
        string(APPEND _body "${_wheel}\n${_pip_wheel} ${_q}\n")
      elseif(_kind STREQUAL "url")
        _pywheelimage_sh_quote(_q "${_location}")
        string(APPEND _body "${_wheel}\n${_pip_wheel} ${_q}\n")
      else()
        foreach(_key IN ITEMS vcs repository ref fragment)
          string(JSON _${_key} GET "${_json}" sources ${_i} ${_key})
        endforeach()
        if(NOT _vcs STREQUAL "git")
          _pywheelimage_fail("${_where}: the ${_vcs} requirement ${_text} is not supported here: "
            "only git is (pip's other VCS backends need their tools in the builder and are "
            "not resolved to a commit)")
        endif()
        if(_repository MATCHES "^file://(/.*)$")
          list(APPEND _mounts -v "${CMAKE_MATCH_1}:${CMAKE_MATCH_1}:ro")
        endif()
        _pywheelimage_sh_quote(_qrepo "${_repository}")
        _pywheelimage_sh_quote(_qref "${_ref}")
        set(_fragment_text "")
        if(NOT _fragment STREQUAL "")
          set(_fragment_text "#${_fragment}")
        endif()
        _pywheelimage_sh_quote(_qfragment "${_fragment_text}")
        string(APPEND _body "${_wheel}\ncommit=$(pwi_commit ${_qrepo} ${_qref} ${_qtext})\n"
          "printf '%s\\n' \"$commit\" > /pwi/out/${_id}/commit\n"
          "${_pip_wheel} \"git+\"${_qrepo}\"@$commit\"${_qfragment}\n")
      endif()
    endforeach()
  endif()
  set(${built_var} "${_built}" PARENT_SCOPE)
  if(_built EQUAL 0)
    file(REMOVE_RECURSE "${_plan}" "${_s_SCRATCH}.lists" "${_stage}" "${_s_SCRATCH}.options.txt")
    return()
  endif()

  list(JOIN _what ", " _what_text)
  _pywheelimage_say("building from their sources for '${_s_NAME}': ${_what_text}")
  file(WRITE "${_script}" [=[
set -eu
# A git ref as the commit it names now: a tag's commit, a branch's head, or a commit itself.
pwi_commit() {
  command -v git >/dev/null 2>&1 || {
    echo "pywheelimage: $3 needs git in the builder: add git to BUILD_PACKAGES" >&2; exit 1; }
  case "$2" in
  *[!0-9a-f]*|'') ;;
  *) if [ ${#2} -eq 40 ]; then echo "$2"; return; fi ;;
  esac
  out=$(git ls-remote -- "$1") || {
    echo "pywheelimage: $3: git ls-remote $1 failed" >&2; exit 1; }
  for ref in "refs/tags/$2^{}" "refs/heads/$2" "refs/tags/$2" "${2:-HEAD}"; do
    sha=$(printf '%s\n' "$out" | awk -v r="$ref" '$2 == r { print $1; exit }')
    if [ -n "$sha" ]; then echo "$sha"; return; fi
  done
  echo "pywheelimage: $3: $1 has no branch, tag or commit '$2'" >&2
  exit 1
}
# Repositories mounted from the host belong to another user.
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0='*'
]=])
  file(APPEND "${_script}" "${_body}")
  file(MAKE_DIRECTORY "${_out}" "${_stage}")
  _pywheelimage_remove_container("${PWI_CONTAINER}")
  _pywheelimage_engine(${_s_RUN} -v "${_stage}:/pwi/src:ro" -v "${_out}:/pwi/out"
    -v "${_script}:/pwi/build-sources.sh:ro" ${_options_mount} ${_mounts} "${_s_IMAGE}"
    sh /pwi/build-sources.sh
    RESULT _rc)
  _pywheelimage_remove_container("${PWI_CONTAINER}")
  if(_rc EQUAL 0)
    execute_process(COMMAND "${_s_HELPER}" record-sources ${_helper_args} --built "${_out}"
      RESULT_VARIABLE _rc ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(NOTICE "${_err}")
    endif()
  endif()
  if(_rc EQUAL 0)
    file(GLOB _wheels "${_out}/*/*.whl")
    foreach(_wheel IN LISTS _wheels)
      get_filename_component(_file "${_wheel}" NAME)
      file(RENAME "${_wheel}" "${_s_CACHE}/${_file}")
    endforeach()
  endif()
  file(REMOVE_RECURSE "${_plan}" "${_s_SCRATCH}.lists" "${_stage}" "${_out}" "${_script}"
    "${_s_SCRATCH}.options.txt")
  if(NOT _rc EQUAL 0)
    _pywheelimage_fail("building ${_what_text} for image '${_s_NAME}' failed: the output is "
      "above. The previous wheelhouse and image are unchanged. A project that compiles code may "
      "need BUILD_PACKAGES (a compiler, headers of the libraries it links).")
  endif()
endfunction()
