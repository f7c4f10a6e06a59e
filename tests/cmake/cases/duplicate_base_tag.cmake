pywheelimage_add_base_image(py SUITE bookworm TAG example/python:1)
pywheelimage_add_base_image(py2 SUITE trixie TAG example/python:1)
