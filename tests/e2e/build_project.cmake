# Configures and builds one target of a sample project: cmake -D SOURCE= -D BINARY= -D TARGET=
# [-D ARGS=<cache args>] -P build_project.cmake
execute_process(COMMAND "${CMAKE_COMMAND}" -G Ninja -S "${SOURCE}" -B "${BINARY}" ${ARGS}
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "configuring ${SOURCE} failed")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BINARY}" --target "${TARGET}" RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "building ${TARGET} of ${SOURCE} failed")
endif()
