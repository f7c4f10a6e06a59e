# Values with ';' stay whole: an ENV value, a CMD argument.
pywheelimage_add_image(web BASE a/b:c REQUIREMENTS requirements.txt
  ENV "SEARCH=a;b" CMD python3 -c "print('a;b')")
