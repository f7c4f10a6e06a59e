# Internal use: the runtime packages, inferred from what the environment's ELF files need, and
# the runtime's Dockerfiles (runtime.Dockerfile, image.Dockerfile) written from them.
#
# 1. `pywheelimage needed-libraries` lists the sonames that the ELF files of the locked wheels
#    need and that the environment does not provide by the loader's rules (PWI_NEEDED).
# 2. Only when there are some: the package-manager plugin's queries, each in a throwaway
#    container without network: `present` in BASE (which of them the base's loader finds), then
#    `providers` in the builder for the rest (which installed package provides each: the
#    builder has the libraries its BUILD_PACKAGES depend on). Their answers are kept in
#    PWI_CACHE, keyed by the sonames, the base, the builder and the plugin, so that a lock
#    change that needs the same libraries asks nothing.
# 3. The packages are RUNTIME_PACKAGES, then the inferred ones not among them (sorted); the
#    plugin's install command for them is the runtime's RUN line, substituted into the
#    templates that the configure step wrote.
#
# A soname that neither the base nor a package of the builder provides fails the build, naming
# it and who needs it, unless RUNTIME_PACKAGES are given (then they are trusted to provide it,
# and the environment's check after the install has the last word). Every output is written
# only when its content changes.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/../package_managers/${PWI_PACKAGE_MANAGER}.cmake")

execute_process(COMMAND "${PWI_HELPER}" needed-libraries --report "${PWI_REPORT}"
  --wheelhouse "${PWI_WHEELHOUSE}" --prefix "${PWI_VENV}" --output "${PWI_NEEDED}"
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  _pywheelimage_fail("could not read the shared libraries that the wheels of image '${PWI_NAME}' "
    "need (`pywheelimage needed-libraries` failed with status ${_rc}; its message is above).")
endif()
file(READ "${PWI_NEEDED}" _json)
string(JSON _n LENGTH "${_json}" unsatisfied)

# soname -> the projects that need it ("uWSGI, psycopg2"), the members, elsewhere in the env.
set(_sonames "")
if(_n GREATER 0)
  math(EXPR _last "${_n} - 1")
  foreach(_i RANGE 0 ${_last})
    string(JSON _soname GET "${_json}" unsatisfied ${_i} soname)
    string(JSON _m LENGTH "${_json}" unsatisfied ${_i} needed_by)
    math(EXPR _mlast "${_m} - 1")
    foreach(_j RANGE 0 ${_mlast})
      string(JSON _project GET "${_json}" unsatisfied ${_i} needed_by ${_j} project)
      string(JSON _member GET "${_json}" unsatisfied ${_i} needed_by ${_j} member)
      string(JSON _wheel GET "${_json}" unsatisfied ${_i} needed_by ${_j} wheel)
      list(APPEND _projects_${_soname} "${_project}")
      list(APPEND _members_${_soname} "${_wheel}: ${_member}")
    endforeach()
    string(JSON _k LENGTH "${_json}" unsatisfied ${_i} in_environment)
    if(_k GREATER 0)
      math(EXPR _klast "${_k} - 1")
      foreach(_j RANGE 0 ${_klast})
        string(JSON _path GET "${_json}" unsatisfied ${_i} in_environment ${_j})
        list(APPEND _elsewhere_${_soname} "${_path}")
      endforeach()
    endif()
    list(APPEND _sonames "${_soname}")
  endforeach()
  list(REMOVE_DUPLICATES _sonames)
  list(SORT _sonames)
endif()

# Internal use: runs the package-manager plugin's <query> script (present, providers) in a
# throwaway container of <image> without network, with the sonames as its arguments; sets
# <out_var> to its output lines. <what> names the image in the error.
function(_pywheelimage_library_query out_var query image what)
  cmake_language(CALL _pywheelimage_pm_${PWI_PACKAGE_MANAGER}_${query} _script)
  _pywheelimage_remove_container("${PWI_CONTAINER}")
  _pywheelimage_engine(run --rm --name "${PWI_CONTAINER}" --network none --user "${PWI_USER}"
    --entrypoint= "${image}" sh -c "${_script}" sh ${ARGN} CAPTURE _out RESULT _rc)
  _pywheelimage_remove_container("${PWI_CONTAINER}")
  if(NOT _rc EQUAL 0)
    list(JOIN ARGN " " _sonames)
    _pywheelimage_fail("the ${query} query of the ${PWI_PACKAGE_MANAGER} plugin for ${_sonames} "
      "failed in ${what} (${_rc}); the engine's output is above.")
  endif()
  string(REGEX MATCHALL "[^\n]+" _lines "${_out}")
  set(${out_var} "${_lines}" PARENT_SCOPE)
endfunction()

# The queries, unless the cache answers for exactly these sonames, base, builder and plugin.
set(_present "")
set(_providers "")
if(_sonames)
  _pywheelimage_read_stamp("${PWI_BASE_ID_FILE}" _base)
  _pywheelimage_read_stamp("${PWI_BUILDER_STAMP}" _builder)
  file(SHA256 "${CMAKE_CURRENT_LIST_DIR}/../package_managers/${PWI_PACKAGE_MANAGER}.cmake" _plugin)
  string(SHA256 _key "${_sonames}|${_base_id}|${_builder_id}|${_plugin}")
  set(_cached FALSE)
  if(EXISTS "${PWI_CACHE}")
    file(STRINGS "${PWI_CACHE}" _lines)
    if(_lines AND "key ${_key}" IN_LIST _lines)
      set(_cached TRUE)
      foreach(_line IN LISTS _lines)
        if(_line MATCHES "^present (.+)$")
          list(APPEND _present "${CMAKE_MATCH_1}")
        elseif(_line MATCHES "^provider ([^ ]+) ([^ ]+)$")
          list(APPEND _providers "${CMAKE_MATCH_1} ${CMAKE_MATCH_2}")
        endif()
      endforeach()
    endif()
  endif()
  if(NOT _cached)
    _pywheelimage_require_engine()
    list(JOIN _sonames " " _text)
    _pywheelimage_say("asking ${PWI_BASE} and the builder of '${PWI_NAME}' which of the "
      "libraries the environment needs they have: ${_text}")
    _pywheelimage_library_query(_present present "${PWI_BASE}" "${PWI_BASE}" ${_sonames})
    set(_missing "")
    foreach(_soname IN LISTS _sonames)
      if(NOT _soname IN_LIST _present)
        list(APPEND _missing "${_soname}")
      endif()
    endforeach()
    if(_missing)
      if(NOT _builder_tag)
        message(FATAL_ERROR "Internal error: no builder stamp at ${PWI_BUILDER_STAMP}")
      endif()
      _pywheelimage_library_query(_answers providers "${_builder_tag}" "the builder of '${PWI_NAME}'" ${_missing})
      foreach(_answer IN LISTS _answers)
        if(_answer MATCHES "^([^ ]+) ([^ ]+)$" AND CMAKE_MATCH_1 IN_LIST _missing)
          list(APPEND _providers "${CMAKE_MATCH_1} ${CMAKE_MATCH_2}")
        endif()
      endforeach()
    endif()
    set(_cache "key ${_key}\n")
    foreach(_soname IN LISTS _present)
      string(APPEND _cache "present ${_soname}\n")
    endforeach()
    foreach(_pair IN LISTS _providers)
      string(APPEND _cache "provider ${_pair}\n")
    endforeach()
    _pywheelimage_write_if_changed("${PWI_CACHE}" "${_cache}")
  endif()
endif()

# What each soname comes from, said once per package; what nobody provides.
foreach(_pair IN LISTS _providers)
  string(REPLACE " " ";" _pair "${_pair}")
  list(GET _pair 0 _soname)
  list(GET _pair 1 _package)
  set(_provider_${_soname} "${_package}")
endforeach()
set(_inferred "")
set(_unprovided "")
foreach(_soname IN LISTS _sonames)
  if(_soname IN_LIST _present)
    continue()
  endif()
  set(_who "${_projects_${_soname}}")
  list(REMOVE_DUPLICATES _who)
  list(JOIN _who ", " _who)
  if(DEFINED _provider_${_soname})
    set(_package "${_provider_${_soname}}")
    set(_note "")
    if(_package IN_LIST PWI_RUNTIME_PACKAGES)
      set(_note " (in RUNTIME_PACKAGES)")
    else()
      list(APPEND _inferred "${_package}")
    endif()
    _pywheelimage_say("${_who} needs ${_soname} -> ${_package}${_note}")
  else()
    list(APPEND _unprovided "${_soname}")
  endif()
endforeach()
if(_unprovided)
  set(_details "")
  foreach(_soname IN LISTS _unprovided)
    list(JOIN _members_${_soname} ", " _by)
    string(APPEND _details "\n  ${_soname}, needed by ${_by}")
    if(_elsewhere_${_soname})
      list(JOIN _elsewhere_${_soname} ", " _where)
      string(APPEND _details " (the environment has ${_where}, but not on the loader's path of "
        "the files that need it)")
    endif()
  endforeach()
  if(PWI_RUNTIME_PACKAGES)
    list(JOIN PWI_RUNTIME_PACKAGES " " _explicit)
    _pywheelimage_say("neither ${PWI_BASE} nor a package of the builder provides these; "
      "RUNTIME_PACKAGES (${_explicit}) must, as the check after the install will tell:${_details}")
  else()
    _pywheelimage_pm_hint(_library_hint library)
    _pywheelimage_fail("image '${PWI_NAME}' needs shared libraries that neither ${PWI_BASE} nor "
      "a package installed in its builder provides:${_details}\nAdd the packages that provide "
      "them to RUNTIME_PACKAGES${_library_hint}, or their -dev packages to "
      "BUILD_PACKAGES so that the builder has them and the build can tell.")
  endif()
endif()
list(REMOVE_DUPLICATES _inferred)
list(SORT _inferred)

# The runtime's Dockerfiles.
set(_packages ${PWI_RUNTIME_PACKAGES} ${_inferred})
set(_run "")
if(_packages)
  cmake_language(CALL _pywheelimage_pm_${PWI_PACKAGE_MANAGER}_install _install ${_packages})
  set(_run "RUN ${_install}")
endif()
foreach(_dockerfile IN ITEMS "${PWI_RUNTIME_DOCKERFILE}" "${PWI_IMAGE_DOCKERFILE}")
  file(READ "${_dockerfile}.in" _text)
  string(REPLACE "%%PWI_RUNTIME_RUN%%" "${_run}" _text "${_text}")
  _pywheelimage_write_if_changed("${_dockerfile}" "${_text}")
endforeach()
file(TOUCH "${PWI_LIBRARIES_DONE}")
