pywheelimage_add_image(web BASE "not a ref" REQUIREMENTS requirements.txt)
