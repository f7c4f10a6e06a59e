# Package-manager plugin: apk (Alpine). See package_managers/apt.cmake for the contract.

function(_pywheelimage_pm_apk_install out_var)
  list(JOIN ARGN " " _packages)
  set(${out_var} "apk add --no-cache ${_packages}" PARENT_SCOPE)
endfunction()

# musl's loader has no cache: it searches the directories of /etc/ld-musl-<arch>.path, else
# /lib, /usr/local/lib and /usr/lib.
function(_pywheelimage_pm_apk_present out_var)
  set(${out_var} [==[# pywheelimage: sonames present
# ldconfig and the package tools live in sbin, which an imported image's PATH may lack.
PATH="$PATH:/usr/sbin:/sbin"
dirs=$(cat /etc/ld-musl-*.path 2>/dev/null | tr ':' ' ')
[ -n "$dirs" ] || dirs="/lib /usr/local/lib /usr/lib"
for soname in "$@"; do
  for dir in $dirs; do
    if [ -e "$dir/$soname" ]; then
      echo "$soname"
      break
    fi
  done
done
]==] PARENT_SCOPE)
endfunction()

# `apk info --who-owns` answers "<path> is owned by <package>-<version>-r<n>"; the name is what
# is left without the version.
function(_pywheelimage_pm_apk_providers out_var)
  set(${out_var} [==[# pywheelimage: soname providers
# ldconfig and the package tools live in sbin, which an imported image's PATH may lack.
PATH="$PATH:/usr/sbin:/sbin"
dirs=$(cat /etc/ld-musl-*.path 2>/dev/null | tr ':' ' ')
[ -n "$dirs" ] || dirs="/lib /usr/local/lib /usr/lib"
for soname in "$@"; do
  for dir in $dirs; do
    file="$dir/$soname"
    [ -e "$file" ] || continue
    package=""
    for path in "$file" "$(readlink -f "$file" 2>/dev/null)"; do
      [ -n "$path" ] || continue
      package=$(apk info --who-owns "$path" 2>/dev/null |
        sed -n 's/.* is owned by //p' | sed -n '1s/-[0-9][^-]*-r[0-9]*$//p')
      [ -z "$package" ] || break
    done
    if [ -n "$package" ]; then
      echo "$soname $package"
      break
    fi
  done
done
exit 0
]==] PARENT_SCOPE)
endfunction()

# Advice for a message about <topic>: python (packages that give Python 3 with pip and venv), pip,
# venv, library (how to find the package of a shared library); "" for other topics.
function(_pywheelimage_pm_apk_hint out_var topic)
  set(_hint "")
  if(topic STREQUAL "python")
    set(_hint "Alpine: python3 py3-pip")
  elseif(topic STREQUAL "pip")
    set(_hint "Alpine: add py3-pip to the base")
  elseif(topic STREQUAL "venv")
    set(_hint "Alpine: python3 has venv: reinstall python3 in the base")
  elseif(topic STREQUAL "library")
    set(_hint "Alpine: `apk search so:<library>` names it")
  endif()
  set(${out_var} "${_hint}" PARENT_SCOPE)
endfunction()
