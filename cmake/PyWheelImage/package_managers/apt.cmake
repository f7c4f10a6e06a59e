# Package-manager plugin: apt (Debian, Ubuntu). Every package-manager plugin defines
# _pywheelimage_pm_<name>_install(<out-var> <package>...), which sets <out-var> to one shell
# command that installs the packages without recommends and leaves no package lists, archives or
# caches in the layer it runs in.

function(_pywheelimage_pm_apt_install out_var)
  list(JOIN ARGN " " _packages)
  set(${out_var}
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${_packages} && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/cache/ldconfig/aux-cache"
    PARENT_SCOPE)
endfunction()
