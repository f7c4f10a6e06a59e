# The generated Dockerfiles: build packages only in the builder; the image is the runtime
# (base + runtime packages, the same first layers as runtime.Dockerfile), the configuration, the
# environment, then the application; exec-form JSON with quoting. The runtime packages' RUN line
# is written at build time (steps/libraries.cmake, checked by cmake.engine_commands_*): here a
# placeholder, and the given RUNTIME_PACKAGES in the step's configuration.
file(READ "${BUILD_DIR}/pywheelimage/web/builder.Dockerfile" _builder)
file(READ "${BUILD_DIR}/pywheelimage/web/runtime.Dockerfile.in" _runtime)
file(READ "${BUILD_DIR}/pywheelimage/web/image.Dockerfile.in" _image)
file(READ "${BUILD_DIR}/pywheelimage/web/libraries.config.cmake" _libraries)
if(NOT _libraries MATCHES "set\\(PWI_RUNTIME_PACKAGES \\[==\\[libpython3.11\\]==\\]\\)"
   OR NOT _libraries MATCHES "set\\(PWI_PACKAGE_MANAGER \\[==\\[apt\\]==\\]\\)")
  message(FATAL_ERROR "libraries.config.cmake lacks the runtime packages or the package manager:\n${_libraries}")
endif()
foreach(_want IN ITEMS "FROM pywheelimage/python:bookworm" "build-essential python3-dev")
  if(NOT _builder MATCHES "${_want}")
    message(FATAL_ERROR "builder.Dockerfile lacks '${_want}':\n${_builder}")
  endif()
endforeach()
if("${_runtime}${_image}" MATCHES "build-essential|python3-dev")
  message(FATAL_ERROR "runtime.Dockerfile or image.Dockerfile installs build packages:\n${_runtime}\n${_image}")
endif()
set(_runtime_run "\nFROM pywheelimage/python:bookworm\n%%PWI_RUNTIME_RUN%%\n")
if(NOT _runtime MATCHES "${_runtime_run}" OR NOT _image MATCHES "${_runtime_run}")
  message(FATAL_ERROR "the runtime's layers differ:\n${_runtime}\n${_image}")
endif()
# In this order: what changes least first, so that the engine's layer cache keeps it.
cmake_policy(SET CMP0007 NEW)
string(REGEX REPLACE "#[^\n]*" "" _lines "${_image}")
string(REPLACE "\n" ";" _lines "${_lines}")
list(FILTER _lines EXCLUDE REGEX "^$")
set(_expected
  "FROM pywheelimage/python:bookworm"
  "%%PWI_RUNTIME_RUN%%"
  "ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:%%PWI_RUNTIME_PATH%%"
  "WORKDIR /srv" "ENV GREETING=\"hello world\"" "LABEL org.example.team=\"core\"" "EXPOSE 8080"
  "EXPOSE 53/udp" "USER nobody" "ENTRYPOINT \\[\"python3\"\\]" "CMD \\[\"app.py\", \"--flag=a b\"\\]"
  "COPY venv/ /opt/venv/" "COPY app/ /srv/")
list(LENGTH _lines _n)
list(LENGTH _expected _m)
if(NOT _n EQUAL _m)
  message(FATAL_ERROR "image.Dockerfile has ${_n} instructions, not ${_m}:\n${_image}")
endif()
foreach(_line _want IN ZIP_LISTS _lines _expected)
  if(NOT _line MATCHES "^${_want}$")
    message(FATAL_ERROR "image.Dockerfile: '${_line}' where '${_want}' belongs:\n${_image}")
  endif()
endforeach()
