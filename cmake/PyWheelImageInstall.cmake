# Internal use: installs the helper and the module as the CMake package PyWheelImage, so that
# find_package(PyWheelImage) gives include(PyWheelImage) and the imported pywheelimage::pywheelimage.
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)
set(_pwi_cmake_dir "${CMAKE_INSTALL_DATADIR}/PyWheelImage/cmake")
install(EXPORT PyWheelImageTargets NAMESPACE pywheelimage:: DESTINATION "${_pwi_cmake_dir}")
install(FILES cmake/PyWheelImage.cmake DESTINATION "${_pwi_cmake_dir}")
install(DIRECTORY cmake/PyWheelImage DESTINATION "${_pwi_cmake_dir}" USE_SOURCE_PERMISSIONS)
configure_package_config_file(cmake/PyWheelImageConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/PyWheelImageConfig.cmake" INSTALL_DESTINATION "${_pwi_cmake_dir}")
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/PyWheelImageConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/PyWheelImageConfig.cmake"
  "${CMAKE_CURRENT_BINARY_DIR}/PyWheelImageConfigVersion.cmake" DESTINATION "${_pwi_cmake_dir}")
