pywheelimage_add_image(web BASE pywheelimage/python:bookworm REQUIREMENTS requirements.txt
  BUILD_PACKAGES build-essential python3-dev RUNTIME_PACKAGES libpython3.11 FILES app.py
  WORKDIR /srv ENV "GREETING=hello world" LABELS org.example.team=core EXPOSE 8080 53/udp
  USER nobody ENTRYPOINT python3 CMD app.py "--flag=a b" TAG example/web:1 example/web:latest)
foreach(t wheels-web image-web)
  if(NOT TARGET ${t})
    message(FATAL_ERROR "target ${t} missing")
  endif()
endforeach()
get_target_property(tags image-web PYWHEELIMAGE_TAGS)
if(NOT tags STREQUAL "example/web:1;example/web:latest")
  message(FATAL_ERROR "PYWHEELIMAGE_TAGS is ${tags}")
endif()
