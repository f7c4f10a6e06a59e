# Package-manager plugin: dnf (Fedora, RHEL, Rocky, Alma). See package_managers/apt.cmake for the
# interface.

function(_pywheelimage_pm_dnf_install out_var)
  list(JOIN ARGN " " _packages)
  set(${out_var}
    "dnf install -y -q --setopt=install_weak_deps=False --setopt=tsflags=nodocs ${_packages} && dnf clean all && rm -rf /var/cache/dnf /var/log/dnf*"
    PARENT_SCOPE)
endfunction()
