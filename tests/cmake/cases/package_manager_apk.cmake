pywheelimage_add_image(web BASE python:3.11-alpine REQUIREMENTS requirements.txt
  PACKAGE_MANAGER apk BUILD_PACKAGES gcc musl-dev RUNTIME_PACKAGES libstdc++)
