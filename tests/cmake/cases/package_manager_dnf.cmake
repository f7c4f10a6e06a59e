pywheelimage_add_image(web BASE fedora:40 REQUIREMENTS requirements.txt
  PACKAGE_MANAGER dnf BUILD_PACKAGES gcc python3-devel)
