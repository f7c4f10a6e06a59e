pywheelimage_add_image(web REQUIREMENTS requirements.txt)
