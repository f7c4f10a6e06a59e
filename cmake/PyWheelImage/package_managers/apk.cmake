# Package-manager plugin: apk (Alpine). See package_managers/apt.cmake for the interface.

function(_pywheelimage_pm_apk_install out_var)
  list(JOIN ARGN " " _packages)
  set(${out_var} "apk add --no-cache ${_packages}" PARENT_SCOPE)
endfunction()
