# A fourth package-manager plugin, for cmake.plugin_added_as_one_file only (the contract is at
# the top of package_managers/apt.cmake).

function(_pywheelimage_pm_example_install out_var)
  list(JOIN ARGN " " _packages)
  set(${out_var} "example-pm install ${_packages}" PARENT_SCOPE)
endfunction()

function(_pywheelimage_pm_example_present out_var)
  set(${out_var} "for soname in \"$@\"; do [ -e \"/lib/$soname\" ] && echo \"$soname\"; done; exit 0" PARENT_SCOPE)
endfunction()

function(_pywheelimage_pm_example_providers out_var)
  set(${out_var} "for soname in \"$@\"; do echo \"$soname example-$soname\"; done" PARENT_SCOPE)
endfunction()

function(_pywheelimage_pm_example_hint out_var topic)
  set(${out_var} "Example: ask about ${topic}" PARENT_SCOPE)
endfunction()
