# Two directories that include the module each (include_guard skips the second include).
foreach(_d a b)
  file(MAKE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/${_d}")
  file(WRITE "${CMAKE_CURRENT_SOURCE_DIR}/${_d}/CMakeLists.txt"
    "include(PyWheelImage)\npywheelimage_add_image(web-${_d} BASE a/b:c REQUIREMENTS ../requirements.txt)\n")
  add_subdirectory(${_d})
endforeach()
