# Internal use, for developing PyWheelImage (not installed with the module): the compiler
# warnings of every target of the project, in one place.
option(PYWHEELIMAGE_WARNINGS_AS_ERRORS "Treat compiler warnings as errors (-Werror)" OFF)

# pywheelimage_target_warnings(<target>...): -Wall -Wextra -Wpedantic (and -Werror with
# PYWHEELIMAGE_WARNINGS_AS_ERRORS) on the targets' own sources; a consumer's targets are untouched.
function(pywheelimage_target_warnings)
  set(_flags -Wall -Wextra -Wpedantic)
  if(PYWHEELIMAGE_WARNINGS_AS_ERRORS)
    list(APPEND _flags -Werror)
  endif()
  string(REPLACE ";" "$<SEMICOLON>" _flags "${_flags}")
  foreach(_target IN LISTS ARGN)
    if(NOT TARGET "${_target}")
      message(FATAL_ERROR "pywheelimage_target_warnings: Cannot find target \"${_target}\".")
    endif()
    target_compile_options("${_target}" PRIVATE
      "$<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:${_flags}>")
  endforeach()
endfunction()
