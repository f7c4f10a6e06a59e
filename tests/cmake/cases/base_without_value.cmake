pywheelimage_add_image(web BASE REQUIREMENTS requirements.txt)
