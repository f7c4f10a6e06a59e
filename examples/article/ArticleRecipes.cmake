# The article's Makefile targets: plain `docker build` of its Dockerfiles on ARTICLE_BASE.
# The context holds only the CA bundle that the host trusts (PYWHEELIMAGE_CA_BUNDLE), so pip in
# these builds reaches PyPI behind a TLS-inspecting proxy as the product's builder does.
set(_ctx "${CMAKE_CURRENT_BINARY_DIR}/article-context")
file(MAKE_DIRECTORY "${_ctx}/ca")
if(PYWHEELIMAGE_CA_BUNDLE)
  file(COPY_FILE "${PYWHEELIMAGE_CA_BUNDLE}" "${_ctx}/ca/ca.pem" ONLY_IF_DIFFERENT)
endif()
foreach(_f IN ITEMS break big uninstall small)
  configure_file("${CMAKE_CURRENT_SOURCE_DIR}/Dockerfile.${_f}" "${_ctx}/Dockerfile.${_f}" COPYONLY)
endforeach()

function(article_recipe target tag dockerfile)
  add_custom_target(${target}
    COMMAND "${CMAKE_COMMAND}" -E env DOCKER_BUILDKIT=0
            "${PYWHEELIMAGE_DOCKER_EXECUTABLE}" build --force-rm --build-arg "BASE=${ARTICLE_BASE}"
            ${ARGN} -t "${tag}" -f "${_ctx}/${dockerfile}" "${_ctx}"
    COMMENT "docker build -t ${tag} -f ${dockerfile} (the article's recipe)"
    VERBATIM)
  add_dependencies(${target} base-python)
endfunction()

article_recipe(image-break blog-python:break Dockerfile.break)
article_recipe(image-big blog-python:big Dockerfile.big)
article_recipe(image-uninstall blog-python:big-uninstall Dockerfile.uninstall)
article_recipe(image-article-small blog-python:article-small Dockerfile.small)
article_recipe(image-article-small-fixed blog-python:article-small-fixed Dockerfile.small
  --build-arg ARTICLE_FIX=1)

# The size table: every image that exists, against the base and against "big".
add_custom_target(image-sizes
  COMMAND "${CMAKE_COMMAND}" -D "ENGINE=${PYWHEELIMAGE_DOCKER_EXECUTABLE}" -D "BASE=${ARTICLE_BASE}"
          -D "OUTPUT=${CMAKE_CURRENT_BINARY_DIR}/sizes.md"
          -P "${CMAKE_CURRENT_SOURCE_DIR}/sizes.cmake"
  COMMENT "Image sizes"
  VERBATIM)
