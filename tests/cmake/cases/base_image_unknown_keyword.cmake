pywheelimage_add_base_image(py SUITE bookworm PACKAGE python3)
