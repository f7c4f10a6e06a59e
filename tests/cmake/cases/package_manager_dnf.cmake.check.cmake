file(READ "${BUILD_DIR}/pywheelimage/web/builder.Dockerfile" _builder)
if(NOT _builder MATCHES "RUN dnf install -y -q --setopt=install_weak_deps=False --setopt=tsflags=nodocs gcc python3-devel && dnf clean all")
  message(FATAL_ERROR "dnf command missing:\n${_builder}")
endif()
