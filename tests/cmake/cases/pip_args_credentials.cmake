pywheelimage_add_image(web BASE a/b:c REQUIREMENTS requirements.txt
  PIP_ARGS --extra-index-url https://me:s3cret@pypi.example/simple)
