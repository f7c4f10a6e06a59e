# Package-manager plugin: apt (Debian, Ubuntu). Every package-manager plugin defines these
# functions (the contract; docs/architecture.md):
#
# _pywheelimage_pm_<name>_install(<out-var> <package>...)
#   Sets <out-var> to one shell command that installs the packages without recommends and
#   leaves no package lists, archives or caches in the layer it runs in. It becomes a RUN line
#   of the builder's and the runtime's Dockerfiles (the runtime's is written at build time,
#   when the inferred runtime packages are known).
#
# _pywheelimage_pm_<name>_present(<out-var>)
#   Sets <out-var> to the body of a POSIX sh script that runs in the RUNTIME base (BASE, no
#   network, as `sh -c <body> sh <soname>...`) and prints, one per line, each argument soname
#   that the dynamic loader of that image finds without help (its cache or default
#   directories). It only reads; it exits 0 whatever it finds.
#
# _pywheelimage_pm_<name>_providers(<out-var>)
#   Sets <out-var> to the body of a POSIX sh script that runs in the BUILDER (which has the
#   BUILD_PACKAGES and so the libraries they depend on, e.g. libpq5 beside libpq-dev), the same
#   way, and prints `<soname> <package>` for each argument soname it can attribute to an
#   installed package: the package to install in the runtime. Symbolic links are followed
#   (libpq.so.5 -> libpq.so.5.15). Sonames it cannot attribute are left out; it exits 0.
#
# _pywheelimage_pm_<name>_hint(<out-var> <topic>)
#   Sets <out-var> to this distribution's advice for a message about <topic>: `python` (the
#   packages that give a base Python 3 with pip and venv), `pip`, `venv`, `library` (how to find
#   the package that ships a shared library), e.g. "Debian and Ubuntu: add python3-pip to the
#   base"; "" for a topic it has nothing to say about. The core's messages name no distribution.

function(_pywheelimage_pm_apt_install out_var)
  list(JOIN ARGN " " _packages)
  set(${out_var}
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${_packages} && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/cache/ldconfig/aux-cache"
    PARENT_SCOPE)
endfunction()

# glibc's loader: ld.so.cache (`ldconfig -p`), then the default and multiarch directories.
function(_pywheelimage_pm_apt_present out_var)
  set(${out_var} [==[# pywheelimage: sonames present
# ldconfig and the package tools live in sbin, which an imported image's PATH may lack.
PATH="$PATH:/usr/sbin:/sbin"
for soname in "$@"; do
  if ldconfig -p 2>/dev/null | awk -v s="$soname" '$1 == s { f = 1 } END { exit !f }'; then
    echo "$soname"
    continue
  fi
  for file in /lib/*-linux-gnu*/"$soname" /usr/lib/*-linux-gnu*/"$soname" /lib64/"$soname" \
              /usr/lib64/"$soname" /lib/"$soname" /usr/lib/"$soname"; do
    if [ -e "$file" ]; then
      echo "$soname"
      break
    fi
  done
done
]==] PARENT_SCOPE)
endfunction()

# The files the loader would take (ld.so.cache, else the directories), each as found and with
# its links resolved, with and without /usr (usrmerge: dpkg knows a file by the path its package
# ships), asked of `dpkg -S`; the first package that owns one wins.
function(_pywheelimage_pm_apt_providers out_var)
  set(${out_var} [==[# pywheelimage: soname providers
# ldconfig and the package tools live in sbin, which an imported image's PATH may lack.
PATH="$PATH:/usr/sbin:/sbin"
owner() {
  for path in "$1" "$(readlink -f "$1" 2>/dev/null)"; do
    [ -n "$path" ] || continue
    case "$path" in
      /usr/*) alternative="${path#/usr}" ;;
      *) alternative="/usr$path" ;;
    esac
    for candidate in "$path" "$alternative"; do
      package=$(dpkg -S "$candidate" 2>/dev/null | grep -v '^diversion ' | sed -n '1s/[:,].*//p')
      if [ -n "$package" ]; then
        echo "$package"
        return 0
      fi
    done
  done
  return 1
}
for soname in "$@"; do
  files=$(ldconfig -p 2>/dev/null | awk -v s="$soname" '$1 == s { print $NF }')
  for file in $files /lib/*-linux-gnu*/"$soname" /usr/lib/*-linux-gnu*/"$soname" \
              /lib64/"$soname" /usr/lib64/"$soname" /lib/"$soname" /usr/lib/"$soname"; do
    [ -e "$file" ] || continue
    if package=$(owner "$file"); then
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
function(_pywheelimage_pm_apt_hint out_var topic)
  set(_hint "")
  if(topic STREQUAL "python")
    set(_hint "Debian and Ubuntu: python3 python3-pip python3-venv")
  elseif(topic STREQUAL "pip")
    set(_hint "Debian and Ubuntu: add python3-pip to the base")
  elseif(topic STREQUAL "venv")
    set(_hint "Debian and Ubuntu: add python3-venv to the base")
  elseif(topic STREQUAL "library")
    set(_hint "Debian and Ubuntu: `apt-file search <library>` names it")
  endif()
  set(${out_var} "${_hint}" PARENT_SCOPE)
endfunction()
