# Installs this build of PyWheelImage into a prefix and configures a consumer project declared
# project(x NONE) that uses find_package(PyWheelImage): the module must find the installed helper
# through the imported target pywheelimage::pywheelimage.
# cmake -D BUILD_DIR=<this build> -D WORK=<dir> -P run_find_package.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/src")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${WORK}/prefix"
  RESULT_VARIABLE _rc OUTPUT_QUIET)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed")
endif()
file(WRITE "${WORK}/src/requirements.txt" "six==1.16.0\n")
file(WRITE "${WORK}/src/CMakeLists.txt" "cmake_minimum_required(VERSION 3.25)
project(consumer NONE)
find_package(PyWheelImage 0.1 REQUIRED)
if(NOT TARGET pywheelimage::pywheelimage)
  message(FATAL_ERROR \"no imported target pywheelimage::pywheelimage\")
endif()
pywheelimage_add_image(web BASE example/python:3.11 REQUIREMENTS requirements.txt)
")
find_program(_true true REQUIRED)
execute_process(COMMAND "${CMAKE_COMMAND}" -G Ninja -S "${WORK}/src" -B "${WORK}/build"
  "-DCMAKE_PREFIX_PATH=${WORK}/prefix" "-DPYWHEELIMAGE_DOCKER_EXECUTABLE=${_true}"
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer failed")
endif()
file(READ "${WORK}/build/pywheelimage/web/wheels.config.cmake" _config)
if(NOT _config MATCHES "set\\(PWI_HELPER \\[==\\[${WORK}/prefix/bin/pywheelimage\\]==\\]\\)")
  message(FATAL_ERROR "the consumer does not use the installed helper:\n${_config}")
endif()
execute_process(COMMAND "${WORK}/prefix/bin/pywheelimage" --version RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "the installed helper does not run")
endif()
message(STATUS "ok")
