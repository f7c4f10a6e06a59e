# Internal use: argument checks of the public commands. Every message names the command, the
# argument and the fix; a bug in the module itself says "Internal error".

# Internal use: unknown keywords, keywords without values, missing required keywords.
#   _pywheelimage_check_arguments(<command> <prefix> KEYWORDS <kw>... REQUIRED <kw>... MAY_BE_EMPTY <kw>...)
function(_pywheelimage_check_arguments command prefix)
  cmake_parse_arguments(PARSE_ARGV 2 _c "" "" "KEYWORDS;REQUIRED;MAY_BE_EMPTY")
  if(DEFINED ${prefix}_UNPARSED_ARGUMENTS)
    list(GET ${prefix}_UNPARSED_ARGUMENTS 0 _first)
    list(JOIN _c_KEYWORDS ", " _known)
    message(FATAL_ERROR "${command}: unknown argument \"${_first}\". "
      "The keywords are: ${_known}. Check its spelling, or quote a value that has spaces.")
  endif()
  foreach(_kw IN LISTS ${prefix}_KEYWORDS_MISSING_VALUES)
    if(NOT _kw IN_LIST _c_MAY_BE_EMPTY)
      message(FATAL_ERROR "${command}: ${_kw} is given without a value. "
        "Give it a value or remove the keyword.")
    endif()
  endforeach()
  foreach(_kw IN LISTS _c_REQUIRED)
    if(NOT DEFINED ${prefix}_${_kw} OR "${${prefix}_${_kw}}" STREQUAL "")
      message(FATAL_ERROR "${command}: ${_kw} is required. See the reference at the top of PyWheelImage.cmake.")
    endif()
  endforeach()
endfunction()

function(_pywheelimage_check_name command name)
  if(NOT name MATCHES "^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    message(FATAL_ERROR "${command}: the name \"${name}\" is not valid. Use letters, digits, "
      "'_', '.' and '-', starting with a letter or digit: it becomes part of target names.")
  endif()
endfunction()

function(_pywheelimage_check_target_free command target)
  if(TARGET ${target})
    message(FATAL_ERROR "${command}: a target named \"${target}\" already exists. "
      "Give the image another name.")
  endif()
endfunction()

# Internal use: an image reference: [registry[:port]/]path[:tag][@digest], path in lower case.
function(_pywheelimage_check_image_ref command keyword ref)
  set(_component "[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*")
  set(_re "^([A-Za-z0-9.-]+(:[0-9]+)?/)?${_component}(/${_component})*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?(@sha256:[a-f0-9]+)?$")
  if(NOT ref MATCHES "${_re}" AND NOT ref MATCHES "^sha256:[a-f0-9]+$")
    message(FATAL_ERROR "${command}: ${keyword} \"${ref}\" is not a valid image reference. "
      "Write it as name:tag in lower case, such as pywheelimage/python:bookworm.")
  endif()
endfunction()

# Internal use: makes paths absolute (relative to the current source directory) and fails on
# one that does not exist.
function(_pywheelimage_existing_files command keyword out_var)
  set(_out "")
  foreach(_path IN LISTS ARGN)
    cmake_path(ABSOLUTE_PATH _path BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
      OUTPUT_VARIABLE _abs)
    string(REGEX REPLACE "(.)/$" "\\1" _abs "${_abs}")
    if(NOT EXISTS "${_abs}")
      message(FATAL_ERROR "${command}: ${keyword} names \"${_path}\", which does not exist "
        "(looked for ${_abs}). Paths are relative to ${CMAKE_CURRENT_SOURCE_DIR}.")
    endif()
    if(keyword MATCHES "REQUIREMENTS|CONSTRAINTS" AND IS_DIRECTORY "${_abs}")
      message(FATAL_ERROR "${command}: ${keyword} names \"${_path}\", which is a directory. "
        "Name a pip requirements file, such as requirements.txt.")
    endif()
    list(APPEND _out "${_abs}")
  endforeach()
  set(${out_var} "${_out}" PARENT_SCOPE)
endfunction()

# Internal use: every item of the list variable <list_var> is key=value. Takes the variable's
# name so that a ';' inside a value is not taken for a list separator.
function(_pywheelimage_check_pairs command keyword list_var)
  foreach(_pair IN LISTS ${list_var})
    if(NOT _pair MATCHES "^[A-Za-z_][A-Za-z0-9_.-]*=")
      message(FATAL_ERROR "${command}: ${keyword} \"${_pair}\" is not of the form key=value. "
        "Write it as KEY=value, such as ${keyword} APP_MODE=production.")
    endif()
  endforeach()
endfunction()

# Internal use: loads PyWheelImage/<folder>/<name>.cmake, the plugin of a keyword.
function(_pywheelimage_load_plugin command keyword folder name)
  set(_file "${_PYWHEELIMAGE_DIR}/${folder}/${name}.cmake")
  if(NOT name MATCHES "^[a-z0-9_]+$" OR NOT EXISTS "${_file}")
    file(GLOB _plugins RELATIVE "${_PYWHEELIMAGE_DIR}/${folder}" "${_PYWHEELIMAGE_DIR}/${folder}/*.cmake")
    list(TRANSFORM _plugins REPLACE "\\.cmake$" "")
    list(JOIN _plugins ", " _known)
    message(FATAL_ERROR "${command}: ${keyword} \"${name}\" is not supported. "
      "Supported: ${_known} (plugin files in ${_PYWHEELIMAGE_DIR}/${folder}).")
  endif()
  include("${_file}")
endfunction()
