pywheelimage_add_image(web BASE a/b:c REQUIREMENTS requirements.txt KEEP /bin/sh)
