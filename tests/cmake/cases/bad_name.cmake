pywheelimage_add_image("my image" BASE a/b:c REQUIREMENTS requirements.txt)
