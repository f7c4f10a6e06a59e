# Package-manager plugin: dnf (Fedora, RHEL, Rocky, Alma). See package_managers/apt.cmake for the
# contract.

function(_pywheelimage_pm_dnf_install out_var)
  list(JOIN ARGN " " _packages)
  set(${out_var}
    "dnf install -y -q --setopt=install_weak_deps=False --setopt=tsflags=nodocs ${_packages} && dnf clean all && rm -rf /var/cache/dnf /var/log/dnf*"
    PARENT_SCOPE)
endfunction()

# glibc's loader: ld.so.cache (`ldconfig -p`), then the default directories.
function(_pywheelimage_pm_dnf_present out_var)
  set(${out_var} [==[# pywheelimage: sonames present
# ldconfig and the package tools live in sbin, which an imported image's PATH may lack.
PATH="$PATH:/usr/sbin:/sbin"
for soname in "$@"; do
  if ldconfig -p 2>/dev/null | awk -v s="$soname" '$1 == s { f = 1 } END { exit !f }'; then
    echo "$soname"
    continue
  fi
  for file in /lib64/"$soname" /usr/lib64/"$soname" /lib/"$soname" /usr/lib/"$soname"; do
    if [ -e "$file" ]; then
      echo "$soname"
      break
    fi
  done
done
]==] PARENT_SCOPE)
endfunction()

# `rpm -qf` of the file the loader would take, as found and with its links resolved.
function(_pywheelimage_pm_dnf_providers out_var)
  set(${out_var} [==[# pywheelimage: soname providers
# ldconfig and the package tools live in sbin, which an imported image's PATH may lack.
PATH="$PATH:/usr/sbin:/sbin"
for soname in "$@"; do
  files=$(ldconfig -p 2>/dev/null | awk -v s="$soname" '$1 == s { print $NF }')
  package=""
  for file in $files /lib64/"$soname" /usr/lib64/"$soname" /lib/"$soname" /usr/lib/"$soname"; do
    [ -e "$file" ] || continue
    for path in "$file" "$(readlink -f "$file" 2>/dev/null)"; do
      [ -n "$path" ] || continue
      # Not owned: rpm says so on stdout, with a non-zero status.
      if package=$(rpm -qf --queryformat '%{NAME}\n' "$path" 2>/dev/null); then
        package=$(echo "$package" | sed -n 1p)
        break
      fi
      package=""
    done
    [ -z "$package" ] || break
  done
  if [ -n "$package" ]; then
    echo "$soname $package"
  fi
done
exit 0
]==] PARENT_SCOPE)
endfunction()

# Advice for a message about <topic>: python (packages that give Python 3 with pip and venv), pip,
# venv, library (how to find the package of a shared library); "" for other topics.
function(_pywheelimage_pm_dnf_hint out_var topic)
  set(_hint "")
  if(topic STREQUAL "python")
    set(_hint "Fedora: python3 python3-pip")
  elseif(topic STREQUAL "pip")
    set(_hint "Fedora: add python3-pip to the base")
  elseif(topic STREQUAL "venv")
    set(_hint "Fedora: add python3-libs to the base")
  elseif(topic STREQUAL "library")
    set(_hint "Fedora: `dnf provides '*/<library>'` names it")
  endif()
  set(${out_var} "${_hint}" PARENT_SCOPE)
endfunction()
