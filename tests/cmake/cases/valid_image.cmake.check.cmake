# The generated Dockerfiles: build packages only in the builder; runtime packages, the
# environment and the application in the image; exec-form JSON with quoting.
file(READ "${BUILD_DIR}/pywheelimage/web/builder.Dockerfile" _builder)
file(READ "${BUILD_DIR}/pywheelimage/web/image.Dockerfile" _image)
foreach(_want IN ITEMS "FROM pywheelimage/python:bookworm" "build-essential python3-dev")
  if(NOT _builder MATCHES "${_want}")
    message(FATAL_ERROR "builder.Dockerfile lacks '${_want}':\n${_builder}")
  endif()
endforeach()
if(_image MATCHES "build-essential|python3-dev")
  message(FATAL_ERROR "image.Dockerfile installs build packages:\n${_image}")
endif()
foreach(_want IN ITEMS "apt-get install -y -qq --no-install-recommends libpython3.11"
    "COPY --from=install /opt/venv /opt/venv" "COPY app/ /srv/" "WORKDIR /srv"
    "ENV GREETING=\"hello world\"" "LABEL org.example.team=\"core\"" "EXPOSE 8080" "EXPOSE 53/udp"
    "USER nobody" "ENTRYPOINT \\[\"python3\"\\]" "CMD \\[\"app.py\", \"--flag=a b\"\\]"
    "--require-hashes" "rm -rf /var/lib/apt/lists")
  if(NOT _image MATCHES "${_want}")
    message(FATAL_ERROR "image.Dockerfile lacks '${_want}':\n${_image}")
  endif()
endforeach()
