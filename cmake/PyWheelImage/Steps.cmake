# Internal use: the configure-time half of each build step of an image, one function per step
# (as ExternalProject has _ep_add_<step>_command): each writes its step's configuration file
# (steps/<step>.config.cmake, read by steps/<step>.cmake at build time) and adds the custom
# command that runs it, declaring what it reads and what it writes.
#
# What pywheelimage_add_image() decided is the image's private state, in global properties
# (_pywheelimage_image_set/_get); the files of its work directory are named in one place,
# _pywheelimage_image_paths().

# Internal use: stores <value>... as the setting <key> of image <name>.
function(_pywheelimage_image_set name key)
  set_property(GLOBAL PROPERTY "_PYWHEELIMAGE_IMAGE_${name}_${key}" "${ARGN}")
endfunction()

# Internal use: sets _<key> in the caller's scope to each setting <key> of image <name>.
function(_pywheelimage_image_get name)
  foreach(_key IN LISTS ARGN)
    get_property(_set GLOBAL PROPERTY "_PYWHEELIMAGE_IMAGE_${name}_${_key}" SET)
    if(NOT _set)
      message(FATAL_ERROR "Internal error: image '${name}' has no setting ${_key}")
    endif()
    get_property(_value GLOBAL PROPERTY "_PYWHEELIMAGE_IMAGE_${name}_${_key}")
    set(_${_key} "${_value}" PARENT_SCOPE)
  endforeach()
endfunction()

# Internal use: the work directory's files, the only place that names them. Sets _<key> in the
# caller's scope to the path of each <key> of image <name> (under its setting DIR).
function(_pywheelimage_image_paths name)
  get_property(_dir GLOBAL PROPERTY "_PYWHEELIMAGE_IMAGE_${name}_DIR")
  set(_layout
    # Step configurations (written at configure time) and every-build markers.
    STATE_CONFIG state.config.cmake  PROBE_CONFIG probe.config.cmake
    BUILDER_CONFIG builder.config.cmake  WHEELS_CONFIG wheels.config.cmake
    LIBRARIES_CONFIG libraries.config.cmake  IMAGE_CONFIG image.config.cmake
    PUSH_CONFIG push.config.cmake
    SMOKE_CONFIG smoke.config.cmake  STATE_EVERY_BUILD state.every-build
    APP_EVERY_BUILD app.every-build
    # The state step's outputs: touched only when an image behind a stamp is gone.
    BASE_ID base.id  BASE_TRIGGER base.trigger  BUILDER_TRIGGER builder.trigger
    IMAGE_TRIGGER image.trigger
    # The probe: the base's Python.
    ENV_JSON env.json  PROBE_DONE probe.done
    # The builder.
    BUILDER_DOCKERFILE builder.Dockerfile  BUILDER_STAMP builder.stamp  BUILDER_DONE builder.done
    # The wheels and the lock.
    WHEELHOUSE wheelhouse  LOCK requirements.lock  REPORT requirements.report.json
    DEPFILE requirements.d  WHEELS_STAMP wheels.stamp  WHEELS_DONE wheels.done
    # The runtime libraries and the Dockerfiles they complete.
    NEEDED needed-libraries.json  LIBRARIES_CACHE libraries.cache  LIBRARIES_DONE libraries.done
    RUNTIME_DOCKERFILE_IN runtime.Dockerfile.in  IMAGE_DOCKERFILE_IN image.Dockerfile.in
    RUNTIME_DOCKERFILE runtime.Dockerfile  IMAGE_DOCKERFILE image.Dockerfile
    # The application files and the image (its configuration for the helper, the runtime's
    # archive it starts from, the layers it wrote).
    APP_STAMP app.stamp  IMAGE_SPEC_IN image.spec.json.in  RUNTIME_ARCHIVE runtime.tar
    IMAGE_LAYERS image.layers.json  IMAGE_STAMP image.stamp
    # What push-<name> sends (written by the image step when a TAG names a registry) and the
    # manifest digest it pushed.
    OCI_LAYOUT oci  PUSHED_DIGEST pushed.digest)
  foreach(_key IN LISTS ARGN)
    list(FIND _layout "${_key}" _i)
    if(_i LESS 0)
      message(FATAL_ERROR "Internal error: no file ${_key} in the work directory of an image")
    endif()
    math(EXPR _i "${_i} + 1")
    list(GET _layout ${_i} _file)
    set(_${_key} "${_dir}/${_file}" PARENT_SCOPE)
  endforeach()
endfunction()

# Internal use: the arguments of _pywheelimage_write_config that every step of image <name> gets.
function(_pywheelimage_common_config name out_var)
  _pywheelimage_image_get(${name} ENGINE ENGINE_EXE BASE DIR HELPER BASE_ID_FILE PACKAGE_MANAGER)
  set(${out_var} PWI_NAME "${name}" PWI_ENGINE "${_ENGINE}" PWI_ENGINE_EXECUTABLE "${_ENGINE_EXE}"
    PWI_PACKAGE_MANAGER "${_PACKAGE_MANAGER}"
    PWI_BASE "${_BASE}" PWI_WORK_DIR "${_DIR}" PWI_BASE_ID_FILE "${_BASE_ID_FILE}"
    PWI_HELPER "${_HELPER}" PWI_ENGINE_API "${PYWHEELIMAGE_ENGINE_API}" PARENT_SCOPE)
endfunction()

# Internal use: the command line that runs step <step> of image <name> with its configuration,
# and the files every step depends on besides its own (the shared step code, the engine plugin).
function(_pywheelimage_step_command name step out_command out_shared)
  _pywheelimage_image_get(${name} ENGINE)
  string(TOUPPER "${step}" _upper)
  _pywheelimage_image_paths(${name} ${_upper}_CONFIG)
  set(_steps "${_PYWHEELIMAGE_DIR}/steps")
  set(${out_command} "${CMAKE_COMMAND}" -D "PWI_CONFIG=${_${_upper}_CONFIG}"
    -P "${_steps}/${step}.cmake" PARENT_SCOPE)
  set(${out_shared} "${_steps}/${step}.cmake" "${_${_upper}_CONFIG}" "${_steps}/common.cmake"
    "${_PYWHEELIMAGE_DIR}/engines/${_ENGINE}.cmake" PARENT_SCOPE)
endfunction()

# Internal use: 1. the state step. On every build, one engine question; touches a trigger only
# when an image behind a stamp is gone. Sets the image's setting STATE_CHECKED (what the targets
# depend on).
function(_pywheelimage_add_state_step name)
  _pywheelimage_image_get(${name} BASE_EXTERNAL TAGS HELPER_TARGET ENGINE BASE_ID_FILE)
  _pywheelimage_image_paths(${name} STATE_CONFIG STATE_EVERY_BUILD BASE_TRIGGER BUILDER_TRIGGER
    IMAGE_TRIGGER BUILDER_STAMP IMAGE_STAMP)
  _pywheelimage_common_config(${name} _common)
  _pywheelimage_write_config("${_STATE_CONFIG}" ${_common}
    PWI_BASE_EXTERNAL "${_BASE_EXTERNAL}" PWI_BASE_TRIGGER "${_BASE_TRIGGER}" PWI_TAGS "${_TAGS}"
    PWI_BUILDER_STAMP "${_BUILDER_STAMP}" PWI_BUILDER_TRIGGER "${_BUILDER_TRIGGER}"
    PWI_IMAGE_STAMP "${_IMAGE_STAMP}" PWI_IMAGE_TRIGGER "${_IMAGE_TRIGGER}")
  set(_outputs "${_BUILDER_TRIGGER}" "${_IMAGE_TRIGGER}")
  if(_BASE_EXTERNAL)
    list(APPEND _outputs "${_BASE_ID_FILE}")
  else()
    list(APPEND _outputs "${_BASE_TRIGGER}")
  endif()
  _pywheelimage_step_command(${name} state _command _shared)
  _pywheelimage_add_every_build_command("${_STATE_EVERY_BUILD}" _checked OUTPUTS ${_outputs}
    COMMAND ${_command}
    DEPENDS ${_shared} ${_HELPER_TARGET}
    COMMENT "Checking the images of '${name}' in ${_ENGINE}")
  _pywheelimage_image_set(${name} STATE_CHECKED "${_checked}")
endfunction()

# Internal use: 2. the probe of the base's Python (env.json), once per base image id.
function(_pywheelimage_add_probe_step name)
  _pywheelimage_image_get(${name} OWNER BASE_ID_FILE)
  _pywheelimage_image_paths(${name} PROBE_CONFIG ENV_JSON PROBE_DONE)
  _pywheelimage_common_config(${name} _common)
  _pywheelimage_write_config("${_PROBE_CONFIG}" ${_common}
    PWI_CONTAINER "pwi-${_OWNER}-probe" PWI_PROBE_SCRIPT "${_PYWHEELIMAGE_DIR}/probe.py"
    PWI_ENV_JSON "${_ENV_JSON}" PWI_PROBE_DONE "${_PROBE_DONE}")
  _pywheelimage_step_command(${name} probe _command _shared)
  add_custom_command(OUTPUT "${_PROBE_DONE}" "${_ENV_JSON}"
    COMMAND ${_command}
    DEPENDS "${_BASE_ID_FILE}" ${_shared} "${_PYWHEELIMAGE_DIR}/probe.py"
    VERBATIM)
endfunction()

# Internal use: 3. the builder image (builder.Dockerfile: BASE plus BUILD_PACKAGES and the pip
# the helper mirrors).
function(_pywheelimage_add_builder_step name)
  _pywheelimage_image_get(${name} DIR OWNER LNAME USER BASE_ID_FILE BASE PACKAGE_MANAGER
    BUILD_PACKAGES)
  _pywheelimage_image_paths(${name} BUILDER_CONFIG BUILDER_DOCKERFILE BUILDER_TRIGGER
    BUILDER_STAMP BUILDER_DONE ENV_JSON)
  _pywheelimage_configure_builder("${_DIR}" "${name}" "${_BASE}" "${_OWNER}"
    "${_PACKAGE_MANAGER}" "${_BUILD_PACKAGES}")
  _pywheelimage_common_config(${name} _common)
  _pywheelimage_write_config("${_BUILDER_CONFIG}" ${_common}
    PWI_BUILDER_DOCKERFILE "${_BUILDER_DOCKERFILE}" PWI_PIP_VERSION "${_PYWHEELIMAGE_PIP_VERSION}"
    PWI_USER "${_USER}" PWI_CA_BUNDLE "${PYWHEELIMAGE_CA_BUNDLE}" PWI_CONTAINER "pwi-${_OWNER}-pip"
    PWI_NETRC "${PYWHEELIMAGE_NETRC}" PWI_BUILDER_NETWORK "${PYWHEELIMAGE_BUILDER_NETWORK}"
    PWI_BUILDER_REPOSITORY "pywheelimage-builder/${_LNAME}-${_OWNER}"
    PWI_BUILDER_STAMP "${_BUILDER_STAMP}" PWI_BUILDER_DONE "${_BUILDER_DONE}")
  _pywheelimage_step_command(${name} builder _command _shared)
  add_custom_command(OUTPUT "${_BUILDER_DONE}" "${_BUILDER_STAMP}"
    COMMAND ${_command}
    DEPENDS "${_BASE_ID_FILE}" "${_BUILDER_TRIGGER}" "${_BUILDER_DOCKERFILE}" ${_shared}
            "${_ENV_JSON}"
    VERBATIM)
endfunction()

# Internal use: 4. the wheels, the lock and the fingerprint of what the image installs. The
# helper's depfile names every requirement file read, nested ones included.
function(_pywheelimage_add_wheels_step name)
  _pywheelimage_image_get(${name} OWNER USER REQUIREMENTS CONSTRAINTS PIP_ARGS HELPER_TARGET)
  _pywheelimage_image_paths(${name} WHEELS_CONFIG BUILDER_STAMP WHEELHOUSE LOCK WHEELS_STAMP
    REPORT DEPFILE ENV_JSON WHEELS_DONE)
  _pywheelimage_common_config(${name} _common)
  _pywheelimage_write_config("${_WHEELS_CONFIG}" ${_common}
    PWI_REQUIREMENTS "${_REQUIREMENTS}" PWI_CONSTRAINTS "${_CONSTRAINTS}"
    PWI_PIP_ARGS "${_PIP_ARGS}" PWI_USER "${_USER}"
    PWI_CA_BUNDLE "${PYWHEELIMAGE_CA_BUNDLE}" PWI_SOURCE_DATE_EPOCH "315532800"
    PWI_NETRC "${PYWHEELIMAGE_NETRC}" PWI_BUILDER_NETWORK "${PYWHEELIMAGE_BUILDER_NETWORK}"
    PWI_PIP_PREFIX "${_PYWHEELIMAGE_PIP_PREFIX}"
    PWI_TOOLS_DIR "${_PYWHEELIMAGE_DIR}/tools"
    PWI_CONTAINER "pwi-${_OWNER}-wheels"
    PWI_BUILDER_STAMP "${_BUILDER_STAMP}" PWI_WHEELHOUSE "${_WHEELHOUSE}"
    PWI_LOCK "${_LOCK}" PWI_WHEELS_STAMP "${_WHEELS_STAMP}"
    PWI_REPORT "${_REPORT}" PWI_DEPFILE "${_DEPFILE}"
    PWI_ENV_JSON "${_ENV_JSON}" PWI_WHEELS_DONE "${_WHEELS_DONE}")
  _pywheelimage_step_command(${name} wheels _command _shared)
  add_custom_command(OUTPUT "${_LOCK}" "${_WHEELS_DONE}" "${_WHEELS_STAMP}" "${_REPORT}"
    COMMAND ${_command}
    DEPENDS "${_BUILDER_STAMP}" "${_ENV_JSON}" ${_REQUIREMENTS} ${_CONSTRAINTS} ${_HELPER_TARGET}
            ${_shared} "${_PYWHEELIMAGE_DIR}/steps/sources.cmake"
            "${_PYWHEELIMAGE_DIR}/tools/cc" "${_PYWHEELIMAGE_DIR}/tools/c++"
    DEPFILE "${_DEPFILE}"
    VERBATIM)
endfunction()

# Internal use: 5. the runtime packages (RUNTIME_PACKAGES and those the environment's ELF files
# need) and the runtime's Dockerfiles, after the lock. Rewritten only when they change.
function(_pywheelimage_add_libraries_step name)
  _pywheelimage_image_get(${name} OWNER USER PACKAGE_MANAGER RUNTIME_PACKAGES VENV BASE_ID_FILE
    HELPER_TARGET)
  _pywheelimage_image_paths(${name} LIBRARIES_CONFIG REPORT WHEELHOUSE BUILDER_STAMP NEEDED
    LIBRARIES_CACHE IMAGE_DOCKERFILE RUNTIME_DOCKERFILE IMAGE_DOCKERFILE_IN RUNTIME_DOCKERFILE_IN
    LIBRARIES_DONE WHEELS_STAMP)
  _pywheelimage_common_config(${name} _common)
  _pywheelimage_write_config("${_LIBRARIES_CONFIG}" ${_common}
    PWI_PACKAGE_MANAGER "${_PACKAGE_MANAGER}" PWI_RUNTIME_PACKAGES "${_RUNTIME_PACKAGES}"
    PWI_VENV "${_VENV}" PWI_USER "${_USER}" PWI_CONTAINER "pwi-${_OWNER}-libraries"
    PWI_REPORT "${_REPORT}" PWI_WHEELHOUSE "${_WHEELHOUSE}"
    PWI_BUILDER_STAMP "${_BUILDER_STAMP}" PWI_NEEDED "${_NEEDED}"
    PWI_CACHE "${_LIBRARIES_CACHE}"
    PWI_IMAGE_DOCKERFILE "${_IMAGE_DOCKERFILE}" PWI_RUNTIME_DOCKERFILE "${_RUNTIME_DOCKERFILE}"
    PWI_LIBRARIES_DONE "${_LIBRARIES_DONE}")
  _pywheelimage_step_command(${name} libraries _command _shared)
  add_custom_command(OUTPUT "${_LIBRARIES_DONE}" "${_RUNTIME_DOCKERFILE}" "${_IMAGE_DOCKERFILE}"
                            "${_NEEDED}"
    COMMAND ${_command}
    DEPENDS "${_WHEELS_STAMP}" "${_REPORT}" "${_BUILDER_STAMP}" "${_BASE_ID_FILE}"
            "${_RUNTIME_DOCKERFILE_IN}" "${_IMAGE_DOCKERFILE_IN}" ${_shared} ${_HELPER_TARGET}
            "${_PYWHEELIMAGE_DIR}/package_managers/${_PACKAGE_MANAGER}.cmake"
    VERBATIM)
endfunction()

# Internal use: 6. the application files' fingerprint: content, not mtimes, decides. Sets the
# image's setting APP_CHECKED (an every-build output the image target depends on, or "").
function(_pywheelimage_add_app_step name)
  _pywheelimage_image_get(${name} FILES HELPER HELPER_TARGET)
  _pywheelimage_image_paths(${name} APP_STAMP APP_EVERY_BUILD)
  set(_checked "")
  if(_FILES)
    set(_depends "")
    set(_has_directory FALSE)
    foreach(_file IN LISTS _FILES)
      if(IS_DIRECTORY "${_file}")
        set(_has_directory TRUE)
      else()
        list(APPEND _depends "${_file}")
      endif()
    endforeach()
    set(_command COMMAND "${_HELPER}" fingerprint ${_FILES} --stamp "${_APP_STAMP}")
    if(_has_directory)
      # A directory's content is not known to the build system: fingerprint it every time (the
      # helper's cache makes that cheap and leaves the stamp untouched when nothing changed).
      _pywheelimage_add_every_build_command("${_APP_EVERY_BUILD}" _checked OUTPUTS "${_APP_STAMP}"
        ${_command} DEPENDS ${_depends} ${_HELPER_TARGET}
        COMMENT "Fingerprinting the files of '${name}'")
    else()
      add_custom_command(OUTPUT "${_APP_STAMP}" ${_command}
        DEPENDS ${_depends} ${_HELPER_TARGET}
        VERBATIM)
    endif()
  endif()
  _pywheelimage_image_set(${name} APP_CHECKED "${_checked}")
endfunction()

# Internal use: 7. the image: the environment installed from the lock, then the image itself.
function(_pywheelimage_add_image_step name)
  _pywheelimage_image_get(${name} OWNER LNAME USER TAGS FILES VENV BASE_ID_FILE SLIM SLIM_KEEP
    HELPER_TARGET)
  _pywheelimage_image_paths(${name} IMAGE_CONFIG IMAGE_DOCKERFILE RUNTIME_DOCKERFILE ENV_JSON
    WHEELHOUSE LOCK REPORT WHEELS_STAMP APP_STAMP IMAGE_STAMP IMAGE_TRIGGER IMAGE_SPEC_IN
    RUNTIME_ARCHIVE IMAGE_LAYERS OCI_LAYOUT)
  _pywheelimage_image_get(${name} DESTINATION REGISTRY_TAGS)
  set(_oci "")
  if(_REGISTRY_TAGS AND NOT _SLIM)
    set(_oci "${_OCI_LAYOUT}")
  endif()
  _pywheelimage_common_config(${name} _common)
  _pywheelimage_write_config("${_IMAGE_CONFIG}" ${_common}
    PWI_TAGS "${_TAGS}" PWI_FILES "${_FILES}"
    PWI_IMAGE_DOCKERFILE "${_IMAGE_DOCKERFILE}" PWI_RUNTIME_DOCKERFILE "${_RUNTIME_DOCKERFILE}"
    PWI_VENV "${_VENV}" PWI_USER "${_USER}"
    PWI_CONTAINER "pwi-${_OWNER}-install" PWI_ENV_JSON "${_ENV_JSON}"
    PWI_CHECK_SCRIPT "${_PYWHEELIMAGE_DIR}/check-libs.sh"
    PWI_INSTALL_SCRIPT "${_PYWHEELIMAGE_DIR}/install-env.sh"
    PWI_WHEELHOUSE "${_WHEELHOUSE}" PWI_LOCK "${_LOCK}" PWI_REPORT "${_REPORT}"
    PWI_WHEELS_STAMP "${_WHEELS_STAMP}" PWI_APP_STAMP "${_APP_STAMP}"
    PWI_IMAGE_STAMP "${_IMAGE_STAMP}" PWI_IMAGE_SPEC_IN "${_IMAGE_SPEC_IN}"
    PWI_RUNTIME_ARCHIVE "${_RUNTIME_ARCHIVE}" PWI_IMAGE_LAYERS "${_IMAGE_LAYERS}"
    PWI_OCI_LAYOUT "${_oci}"
    PWI_DESTINATION "${_DESTINATION}" PWI_SOURCE_DATE_EPOCH "${PYWHEELIMAGE_SOURCE_DATE_EPOCH}"
    PWI_SLIM "${_SLIM}" PWI_SLIM_KEEP "${_SLIM_KEEP}" PWI_SLIM_CONTAINER "pwi-${_OWNER}-slim"
    PWI_FULL_TAG "pywheelimage-full/${_LNAME}-${_OWNER}:latest")
  set(_app "")
  if(_FILES)
    set(_app "${_APP_STAMP}")
  endif()
  _pywheelimage_step_command(${name} image _command _shared)
  add_custom_command(OUTPUT "${_IMAGE_STAMP}"
    COMMAND ${_command}
    DEPENDS "${_WHEELS_STAMP}" ${_app} "${_IMAGE_TRIGGER}" "${_ENV_JSON}" "${_BASE_ID_FILE}"
            "${_RUNTIME_DOCKERFILE}" "${_IMAGE_DOCKERFILE}" "${_IMAGE_SPEC_IN}" ${_shared}
            "${_PYWHEELIMAGE_DIR}/check-libs.sh" "${_PYWHEELIMAGE_DIR}/install-env.sh"
            "${_PYWHEELIMAGE_DIR}/steps/slim.cmake" ${_HELPER_TARGET}
    VERBATIM)
endfunction()

# Internal use: the targets wheels-<name>, wheels-<name>-prune and image-<name>, and their
# order after the base. They name the every-build commands' own outputs: CMake attaches a custom
# command to the targets that list its outputs, not its byproducts.
function(_pywheelimage_add_targets name)
  _pywheelimage_image_get(${name} STATE_CHECKED APP_CHECKED ALL BASE_EXTERNAL BASE_TARGET
    BASE_ID_FILE TAGS)
  _pywheelimage_image_paths(${name} WHEELS_DONE IMAGE_STAMP BASE_TRIGGER WHEELS_CONFIG)
  add_custom_target(wheels-${name} DEPENDS "${_WHEELS_DONE}" "${_STATE_CHECKED}")
  # The wheelhouse keeps wheels that no longer belong (going back costs nothing); this removes
  # them.
  add_custom_target(wheels-${name}-prune
    COMMAND "${CMAKE_COMMAND}" -D "PWI_CONFIG=${_WHEELS_CONFIG}"
            -P "${_PYWHEELIMAGE_DIR}/steps/prune.cmake"
    COMMENT "Pruning the wheelhouse of '${name}' to its locked wheels"
    VERBATIM)
  add_dependencies(wheels-${name}-prune wheels-${name})
  set(_all "")
  if(_ALL)
    set(_all ALL)
  endif()
  add_custom_target(image-${name} ${_all} DEPENDS "${_IMAGE_STAMP}" "${_STATE_CHECKED}"
    ${_APP_CHECKED})
  add_dependencies(image-${name} wheels-${name})
  if(NOT _BASE_EXTERNAL)
    add_custom_command(OUTPUT "${_BASE_ID_FILE}" APPEND DEPENDS "${_BASE_TRIGGER}")
  elseif(_BASE_TARGET)
    add_dependencies(wheels-${name} ${_BASE_TARGET})
  endif()
  set_target_properties(image-${name} PROPERTIES
    PYWHEELIMAGE_TAGS "${_TAGS}" PYWHEELIMAGE_STAMP "${_IMAGE_STAMP}")
endfunction()

# Internal use: the target push-<name>: the image's OCI layout to every TAG that names a
# registry (`pywheelimage push`: only the blobs the registry lacks), after image-<name>.
function(_pywheelimage_add_push_target name)
  _pywheelimage_image_get(${name} REGISTRY_TAGS TAGS SLIM HELPER_TARGET)
  _pywheelimage_image_paths(${name} PUSH_CONFIG OCI_LAYOUT PUSHED_DIGEST)
  _pywheelimage_common_config(${name} _common)
  _pywheelimage_write_config("${_PUSH_CONFIG}" ${_common}
    PWI_REGISTRY_TAGS "${_REGISTRY_TAGS}" PWI_TAGS "${_TAGS}" PWI_SLIM "${_SLIM}"
    PWI_OCI_LAYOUT "${_OCI_LAYOUT}" PWI_PUSHED_DIGEST "${_PUSHED_DIGEST}")
  add_custom_target(push-${name}
    COMMAND "${CMAKE_COMMAND}" -D "PWI_CONFIG=${_PUSH_CONFIG}"
            -P "${_PYWHEELIMAGE_DIR}/steps/push.cmake"
    COMMENT "Pushing image '${name}'"
    VERBATIM)
  add_dependencies(push-${name} image-${name})
  set_target_properties(push-${name} PROPERTIES PYWHEELIMAGE_PUSHED_DIGEST_FILE "${_PUSHED_DIGEST}")
endfunction()

# Internal use: 8. the smoke test (ctest), on the first tag.
function(_pywheelimage_add_smoke_test name)
  _pywheelimage_image_get(${name} OWNER TAGS VENV TEST_COMMAND SLIM)
  _pywheelimage_image_paths(${name} SMOKE_CONFIG ENV_JSON)
  list(GET _TAGS 0 _first_tag)
  _pywheelimage_common_config(${name} _common)
  _pywheelimage_write_config("${_SMOKE_CONFIG}" ${_common}
    PWI_TAG "${_first_tag}" PWI_VENV "${_VENV}" PWI_TEST_COMMAND "${_TEST_COMMAND}"
    PWI_ENV_JSON "${_ENV_JSON}" PWI_CONTAINER "pwi-${_OWNER}-smoke"
    PWI_CHECK_SCRIPT "${_PYWHEELIMAGE_DIR}/check-libs.sh" PWI_SLIM "${_SLIM}"
    PWI_SLIM_CHECK_SCRIPT "${_PYWHEELIMAGE_DIR}/slim-check.py")
  _pywheelimage_step_command(${name} smoke _command _shared)
  add_test(NAME pywheelimage.${name} COMMAND ${_command})
  set_tests_properties(pywheelimage.${name} PROPERTIES LABELS pywheelimage)
endfunction()
