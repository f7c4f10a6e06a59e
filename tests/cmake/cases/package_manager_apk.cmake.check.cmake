file(READ "${BUILD_DIR}/pywheelimage/web/builder.Dockerfile" _builder)
file(READ "${BUILD_DIR}/pywheelimage/web/libraries.config.cmake" _libraries)
if(NOT _builder MATCHES "RUN apk add --no-cache gcc musl-dev")
  message(FATAL_ERROR "apk command missing:\n${_builder}")
endif()
# The runtime's RUN line is written at build time by the same plugin, from these.
if(NOT _libraries MATCHES "set\\(PWI_PACKAGE_MANAGER \\[==\\[apk\\]==\\]\\)"
   OR NOT _libraries MATCHES "set\\(PWI_RUNTIME_PACKAGES \\[==\\[libstdc\\+\\+\\]==\\]\\)")
  message(FATAL_ERROR "the runtime's package manager or packages are missing:\n${_libraries}")
endif()
