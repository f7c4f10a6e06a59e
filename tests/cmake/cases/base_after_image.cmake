pywheelimage_add_image(web BASE pywheelimage/py:bookworm REQUIREMENTS requirements.txt)
pywheelimage_add_base_image(py SUITE bookworm)
