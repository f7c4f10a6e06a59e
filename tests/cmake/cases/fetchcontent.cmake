# PyWheelImage brought in with FetchContent by a project(x NONE): the module uses the helper
# target of the same build.
include(FetchContent)
get_filename_component(_pwi_root "${CMAKE_MODULE_PATH}" DIRECTORY)
FetchContent_Declare(pywheelimage SOURCE_DIR "${_pwi_root}")
FetchContent_MakeAvailable(pywheelimage)
pywheelimage_add_image(web BASE example/python:3.11 REQUIREMENTS requirements.txt)
