# The generated Dockerfiles: build packages only in the builder; runtime packages and the
# environment in the environment image; the application and its configuration in the image,
# FROM the environment image; exec-form JSON with quoting.
file(READ "${BUILD_DIR}/pywheelimage/web/builder.Dockerfile" _builder)
file(READ "${BUILD_DIR}/pywheelimage/web/env.Dockerfile" _env)
file(READ "${BUILD_DIR}/pywheelimage/web/image.Dockerfile" _image)
foreach(_want IN ITEMS "FROM pywheelimage/python:bookworm" "build-essential python3-dev")
  if(NOT _builder MATCHES "${_want}")
    message(FATAL_ERROR "builder.Dockerfile lacks '${_want}':\n${_builder}")
  endif()
endforeach()
if("${_env}${_image}" MATCHES "build-essential|python3-dev")
  message(FATAL_ERROR "env.Dockerfile or image.Dockerfile installs build packages:\n${_env}\n${_image}")
endif()
foreach(_want IN ITEMS "FROM pywheelimage/python:bookworm AS runtime"
    "apt-get install -y -qq --no-install-recommends libpython3.11"
    "COPY --from=install /opt/venv /opt/venv" "--require-hashes" "rm -rf /var/lib/apt/lists"
    "ENV VIRTUAL_ENV=/opt/venv")
  if(NOT _env MATCHES "${_want}")
    message(FATAL_ERROR "env.Dockerfile lacks '${_want}':\n${_env}")
  endif()
endforeach()
foreach(_want IN ITEMS "^#[^\n]*\n(#[^\n]*\n)*FROM %%PWI_ENV_IMAGE%%\n" "COPY app/ /srv/" "WORKDIR /srv"
    "ENV GREETING=\"hello world\"" "LABEL org.example.team=\"core\"" "EXPOSE 8080" "EXPOSE 53/udp"
    "USER nobody" "ENTRYPOINT \\[\"python3\"\\]" "CMD \\[\"app.py\", \"--flag=a b\"\\]")
  if(NOT _image MATCHES "${_want}")
    message(FATAL_ERROR "image.Dockerfile lacks '${_want}':\n${_image}")
  endif()
endforeach()
