pywheelimage_add_image(web BASE a/b:c REQUIREMENTS requirements.txt FILES app.py missing.py)
