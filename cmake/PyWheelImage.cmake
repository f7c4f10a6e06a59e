#[=======================================================================[.rst:
PyWheelImage
------------

Turns a Python requirements set into a slim container image. The wheels are built in a throwaway
builder container (the base image plus a compiler and headers); the image starts from the same
base and receives only a virtual environment with the installed packages and the application:
no compiler, no headers, no wheel files, no pip cache, no pip.

.. code-block:: cmake

  list(APPEND CMAKE_MODULE_PATH "${pywheelimage_SOURCE_DIR}/cmake")   # or find_package(PyWheelImage)
  include(PyWheelImage)
  pywheelimage_add_base_image(python SUITE bookworm)
  pywheelimage_add_image(small
    BASE pywheelimage/python:bookworm
    REQUIREMENTS requirements.txt
    BUILD_PACKAGES build-essential python3-dev)

``cmake --build build --target image-small`` builds the wheels, then the image. The runtime
packages that the compiled wheels need (here ``libpython3.11``, which uWSGI links) are inferred.

Every step is a custom command whose script leaves its output untouched when nothing changed, so
Ninja's ``restat`` stops all work downstream: a rebuild with nothing changed asks the engine
once which images exist (its API socket, else one ``image inspect``) and runs no container. Unix Makefiles work too and may redo more.

Commands
^^^^^^^^

.. command:: pywheelimage_add_image

  .. code-block:: cmake

    pywheelimage_add_image(<name>
      BASE <image>
      REQUIREMENTS <file>...
      [CONSTRAINTS <file>...]
      [BUILD_PACKAGES <package>...]
      [RUNTIME_PACKAGES <package>...]
      [PACKAGE_MANAGER apt|apk|dnf]
      [FILES <path>... [DESTINATION <dir>]]
      [WORKDIR <dir>] [ENV <key>=<value>...] [USER <user>]
      [ENTRYPOINT <arg>...] [CMD <arg>...]
      [LABELS <key>=<value>...] [EXPOSE <port>[/tcp|/udp]...]
      [TAG <image:tag>...]
      [ENGINE docker|podman]
      [PIP_ARGS <arg>...]
      [VENV <dir>]
      [TEST_COMMAND <arg>...]
      [SLIM [KEEP <path>...]]
      [ALL])

  Adds the targets ``wheels-<name>`` (the wheelhouse and the lock: ``pip wheel`` in a throwaway
  container of the builder image, only for what the wheelhouse lacks), ``image-<name>`` (the
  image), ``wheels-<name>-prune`` (removes the wheels the lock does not name from the
  wheelhouse, which otherwise keeps them as a cache) and ``push-<name>`` (pushes the image to
  every ``TAG`` that names a registry, ``host[:port]/repo:tag``).

  The virtual environment is installed from the lock in a throwaway container of the runtime
  (``BASE`` plus the runtime packages: ``RUNTIME_PACKAGES`` and those inferred) into a directory
  of the build tree, only when the lock changes. The image is then the runtime's layers, a layer
  for the environment's skeleton, one layer per installed distribution and one for the
  application files (see *The image's layers* below): a change to the application reinstalls
  nothing and costs one layer.

  ``BASE <image>``
    The image both stages start from. It needs ``python3`` with ``pip`` and ``venv``. An image
    built by :command:`pywheelimage_add_base_image` in this project is built first.

  ``REQUIREMENTS <file>...``, ``CONSTRAINTS <file>...``
    pip requirement and constraint files (relative paths are relative to the current source
    directory), passed to ``pip wheel`` as ``-r`` and ``-c``. The builder runs pip 23.2.1, the
    pip whose resolution the helper reproduces, and sees only the files pip reads (these, the
    files they include, local ``--find-links`` directories), read-only.

    Hash-pinned files (``pip-compile --generate-hashes``, ``uv export``; any ``--hash`` or
    ``--require-hashes``) are taken as pip takes them: pip verifies every archive it fetches
    (sdist or wheel; sha256, sha384, sha512) against the files' hashes and refuses the rest. A
    ready-made wheel must match one of the hashes; a wheel built here from a verified sdist is
    recorded as such (``pywheelimage-provenance.json`` in the wheelhouse) and locked by its own
    hash. Only the lines that no verified wheel satisfies are fetched again.

    Requirements with a source of their own are built from it, each alone (``pip wheel
    --no-deps``), once, and locked by their wheel's hash: a local project (``.``, ``./lib``,
    ``name @ file:///abs/lib``; a relative path is read from the directory of the requirement
    file that names it, as pip reads it when run there), ``-e <project>`` (installed as a
    normal wheel: an image has no editable installs), a local archive (``./dist/x-1.0.tar.gz``),
    ``name @ https://...`` and a git URL (``git+https://host/repo@ref``, ``git+file:///repo``;
    the builder needs ``git`` in ``BUILD_PACKAGES``). A local project is copied into the
    builder without its build leftovers (``build/``, ``dist/``, ``*.egg-info``, ``__pycache__``,
    version-control data, tool caches, virtual environments, CMake build trees, and the
    directories of the other local projects named), so the build tree is never seen there and
    the project is never written to. Its files are inputs of the step: an edit rebuilds its
    wheel and the image and nothing else, a leftover changes nothing. A git ref is resolved to
    its commit, which the wheelhouse's record (``pywheelimage-sources.json``) keeps; a branch
    that moves later is taken up when the requirement line changes or the wheelhouse is
    rebuilt. In hash-checking mode pip refuses directories, editables and VCS URLs, and so does
    this, naming the line.

  ``BUILD_PACKAGES <package>...``
    Distribution packages installed in the builder only: compilers, ``-dev`` packages.

  ``RUNTIME_PACKAGES <package>...``
    Distribution packages installed in the image, first. Optional: the packages that provide
    the shared libraries the compiled wheels link are inferred and installed after these.

    After the wheels are locked (and again only when the lock, ``BASE`` or the builder change),
    the build reads every ELF file in the locked wheels (``DT_NEEDED``, ``DT_SONAME``,
    ``DT_RUNPATH``/``DT_RPATH``) and keeps the libraries that the environment does not provide
    by the dynamic loader's rules: a library vendored by auditwheel in ``<package>.libs/`` and
    found through ``$ORIGIN/../<package>.libs`` needs nothing. For the rest, throwaway
    containers without network ask the package manager (``PACKAGE_MANAGER``) which the base
    already has, then which installed package of the builder provides each, the builder having
    the libraries that ``BUILD_PACKAGES`` depend on (``libpq-dev`` brings ``libpq5``). Each
    inferred package is named with its reason::

      -- pywheelimage: uWSGI needs libpython3.11.so.1.0 -> libpython3.11

    A library that neither the base nor a package of the builder provides fails the build with
    its name, the wheel members that need it and the fix, unless ``RUNTIME_PACKAGES`` are given,
    which are then trusted to provide it. In every case the build fails, naming the library,
    when a shared object in the installed environment needs a library that the image lacks.

  ``PACKAGE_MANAGER <name>``
    How packages are installed in the base: a plugin file ``PyWheelImage/package_managers/<name>.cmake``.
    Default ``apt``.

  ``FILES <path>... [DESTINATION <dir>]``
    Application files and directories, copied by name into ``DESTINATION`` (default: the
    ``WORKDIR``, else ``/app``). A change to their content rebuilds the image, not the wheels.

  ``WORKDIR``, ``ENV``, ``USER``, ``ENTRYPOINT``, ``CMD``, ``LABELS``, ``EXPOSE``
    The image's configuration, as the Dockerfile instructions of the same names. ``ENTRYPOINT``
    and ``CMD`` use the exec form. ``PATH`` starts with the environment's ``bin`` directory, so
    its programs run by name.

  ``TAG <image:tag>...``
    The image's tags. Default: ``<project>-<name>:latest`` in lower case.

  ``ENGINE <name>``
    The container engine: a plugin file ``PyWheelImage/engines/<name>.cmake``. Default: the
    variable ``PYWHEELIMAGE_ENGINE``, else ``docker``. The engine's executable is the cache
    variable ``PYWHEELIMAGE_<NAME>_EXECUTABLE``.

  ``PIP_ARGS <arg>...``
    Extra arguments of ``pip wheel`` (``--only-binary=:all:``, an index URL, ...). A URL with
    credentials is refused here (see *Private indexes* below).

  ``VENV <dir>``
    Where the virtual environment lives in the image. Default ``/opt/venv``.

  ``TEST_COMMAND <arg>...``
    The smoke test registered with ctest as ``pywheelimage.<name>``: the command runs in the
    image (``--network none``). By default: ``pip check`` of the environment (with the base's pip
    when the environment has none), no compiler on ``PATH``, and every shared object inside the
    environment finding all of its libraries as the dynamic loader would (``ldd`` of every
    program and extension module, libraries vendored by auditwheel in ``<package>.libs/``
    checked through the modules that load them; without ``ldd``, the loader's own
    ``--list``), which names a library missing from the runtime. The test needs the image: build ``image-<name>`` first.

  ``SLIM``
    Make the image hold only what the environment needs at run time, taken from the full image
    (the runtime plus the environment and the FILES, built as without ``SLIM``): the
    interpreter and its standard library (without its tests, IDLE, Tk, ensurepip, lib2to3,
    curses and bytecode), every shared object the dynamic loader would map for the
    interpreter, its extension modules and the environment's ELF files (``DT_NEEDED``,
    ``RUNPATH``/``RPATH``, ``$ORIGIN``), the files libc and OpenSSL read by name (users and
    groups with the ``USER``, NSS modules, resolver files, CA certificates, time-zone data,
    ``libgcc_s``), an empty ``/tmp``, the environment and the FILES; a
    ``/var/lib/dpkg/status.d/<package>`` record for each Debian package with a kept file and
    an SPDX SBOM at ``/var/lib/pywheelimage/sbom.spdx.json`` (also ``sbom.spdx.json`` in the
    work directory), so that scanners still see the packages. No shell, pip or package
    manager. The image is one layer, made by ``pywheelimage slim`` from the full image's
    exported files and imported with its configuration; the full image stays as
    ``pywheelimage-full/<name>-<id>:latest``, the next build's layer cache. A kept ELF file
    whose library is missing fails the build with the file and the library's name. Each rule
    and why: ``docs/slim.md``. The smoke test runs the image's own interpreter (no shell).

  ``KEEP <path>...``
    With ``SLIM``: absolute paths in the image to keep as well, with the libraries they need
    (a file, a link with what it leads to, a directory with what it holds), such as
    ``/bin/sh`` and ``/usr/bin/busybox`` for a debug shell.

  ``ALL``
    Build the image with the default build target.

  The check that runs on every build (with Ninja, Unix Makefiles, and however the module is
  added: ``add_subdirectory``, FetchContent, ``find_package``, a prebuilt
  ``PYWHEELIMAGE_EXECUTABLE``) asks the engine once whether the images behind the stamps still
  exist: a stamp is trusted only while its image does. An image, builder or base removed or
  retagged behind it is rebuilt by the next build, and only what depends on it.
  The option ``PYWHEELIMAGE_ENGINE_API`` (default ``ON``) lets that check ask the engine's API
  socket directly (Docker: ``/var/run/docker.sock``, or the ``unix://`` path of ``DOCKER_HOST``)
  instead of starting its CLI; it gives up after 2 seconds or on an answer over 4 MiB. The CLI
  is used whenever ``DOCKER_HOST`` is not a unix socket, a CLI context other than ``default``
  is current, or the socket does not answer.

  *Private indexes.* Index credentials reach pip in the throwaway builder containers, and
  nothing else: never a command line, an image layer or its history, the lock, the report, a
  file of the build tree, the build log or CMake's cache. Three ways, as pip has them:

  - ``PIP_INDEX_URL``/``PIP_EXTRA_INDEX_URL`` (and the proxy variables) in the environment of
    the build, passed to the builder by name (``-e VAR``, the engine's client reads the value
    from its own environment);
  - a URL with credentials in a requirement file (``--index-url https://user:${TOKEN}@host/simple``
    or a literal password): pip reads the file itself; a file PyWheelImage writes for pip
    names each credential by reference (``${PWI_CREDENTIALS_1}``), set in the builder by
    name; every ``${NAME}`` a requirement file uses is passed to the builder by name too;
  - a netrc file, named by the cache variable ``PYWHEELIMAGE_NETRC`` (default: the ``NETRC``
    environment variable at configure time), mounted read-only as the builder's ``~/.netrc``,
    which pip (and git, for ``git+https`` requirements) read.

  Messages show such URLs as pip does, with the password masked (``user:****@``). A URL with
  credentials in ``PIP_ARGS`` or in a requirement's own link (``name @ https://...``, a VCS
  URL) is refused with the place and the alternative. The cache variable
  ``PYWHEELIMAGE_BUILDER_NETWORK`` names the network of the builder containers that reach an
  index (``host`` for an index on the host's loopback; default: the engine's default).

  *The image's layers.* The helper writes the image (``pywheelimage write-image``) and the
  engine loads it; no ``docker build`` makes it. Over the runtime's layers (BASE, with the
  runtime packages when there are any) come one layer for the environment's skeleton
  (``pyvenv.cfg``, the interpreter's links), one layer per installed distribution (its
  ``RECORD``'s files and their bytecode, in the order of the project names; beyond 40 layers
  the smallest distributions share layers) and one for the FILES. Each layer is a function of
  its files alone: sorted entries, owner 0, modes without the umask's traces and the time
  ``PYWHEELIMAGE_SOURCE_DATE_EPOCH`` (a cache variable; default ``SOURCE_DATE_EPOCH`` at
  configure time, else 0) on every file, the configuration and the history. So adding a
  requirement adds one layer and leaves the others' digests as they were, and the same inputs
  give the same image id in any build directory, on any machine. The bytecode is compiled at
  install with hash-based invalidation (``SOURCE_DATE_EPOCH`` set for pip), so it is the same
  for the same sources too. ``image.layers.json`` in the work directory lists the layers.

  The cache variable ``PYWHEELIMAGE_CA_BUNDLE`` names a CA bundle mounted into the throwaway
  builder container (never into an image) for hosts behind a TLS-inspecting proxy; it defaults to
  the host's ``PIP_CERT``, ``REQUESTS_CA_BUNDLE`` or ``SSL_CERT_FILE``, else the host's system CA
  bundle.

  The target ``image-<name>`` has the properties ``PYWHEELIMAGE_TAGS`` (the tags) and
  ``PYWHEELIMAGE_STAMP`` (a file whose line ``id ...`` names the image built last).

  *Pushing.* ``push-<name>`` builds the image, then sends it through the OCI distribution API
  (``pywheelimage push``, libcurl) to each ``TAG`` whose first part is a host (it holds a ``.``
  or a ``:``, or is ``localhost``), uploading only the blobs the registry lacks: after an app
  change, one layer. The image step writes the OCI layout it pushes (``oci/`` in the work
  directory, gzip layers kept from one build to the next) only for images with such a tag.
  Credentials come from the engines' client configuration, as ``docker login`` and
  ``podman login`` leave it (``auths``, ``credHelpers``, ``credsStore``), never from the build;
  plain HTTP only to a registry on the loopback. The manifest digest pushed is printed and kept
  in the file named by the target property ``PYWHEELIMAGE_PUSHED_DIGEST_FILE``. ``SLIM``
  images are not written by the helper yet, so ``push-<name>`` refuses them.

.. command:: pywheelimage_add_base_image

  .. code-block:: cmake

    pywheelimage_add_base_image(<name>
      SUITE <suite>
      [PACKAGES <package>...]
      [MIRROR <uri-or-sources-line>...]
      [VARIANT <variant>]
      [TAG <image:tag>]
      [ENGINE docker|podman])

  Adds the target ``base-<name>``: a Debian image built from Debian's archive with ``mmdebstrap``
  (or ``debootstrap``) and ``<engine> import``, for hosts that cannot reach a container registry.
  The image is rebuilt only when it is missing from the engine or its definition changes.

  ``SUITE``
    The Debian suite, such as ``bookworm``.

  ``PACKAGES``
    Packages to include. Default: ``python3 python3-pip python3-venv``.

  ``MIRROR``
    Passed to mmdebstrap as its mirror arguments. Default: mmdebstrap's own.

  ``VARIANT``
    The mmdebstrap/debootstrap variant. Default ``minbase``.

  ``TAG``
    Default ``pywheelimage/<name>:<suite>``. Use it as the ``BASE`` of
    :command:`pywheelimage_add_image`.

#]=======================================================================]

include_guard(GLOBAL)
cmake_minimum_required(VERSION 3.25)

include("${CMAKE_CURRENT_LIST_DIR}/PyWheelImage/Arguments.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyWheelImage/Support.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyWheelImage/Steps.cmake")

function(pywheelimage_add_base_image name)
  # Set here, not at include time: include_guard(GLOBAL) skips the file in sibling directories.
  set(_PYWHEELIMAGE_DIR "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/PyWheelImage")
  list(APPEND CMAKE_MESSAGE_CONTEXT pywheelimage_add_base_image)
  set(_cmd "pywheelimage_add_base_image(${name})")
  cmake_parse_arguments(PARSE_ARGV 1 _arg "" "SUITE;VARIANT;TAG;ENGINE" "PACKAGES;MIRROR")
  _pywheelimage_check_arguments("${_cmd}" _arg
    KEYWORDS SUITE VARIANT TAG ENGINE PACKAGES MIRROR REQUIRED SUITE)
  _pywheelimage_check_name("${_cmd}" "${name}")
  _pywheelimage_check_target_free("${_cmd}" "base-${name}")

  if(NOT DEFINED _arg_PACKAGES)
    set(_arg_PACKAGES python3 python3-pip python3-venv)
  endif()
  if(NOT _arg_VARIANT)
    set(_arg_VARIANT minbase)
  endif()
  if(NOT _arg_TAG)
    string(TOLOWER "pywheelimage/${name}:${_arg_SUITE}" _arg_TAG)
  endif()
  _pywheelimage_check_image_ref("${_cmd}" TAG "${_arg_TAG}")
  get_property(_users GLOBAL PROPERTY "_PYWHEELIMAGE_BASE_USERS_${_arg_TAG}")
  if(_users)
    message(FATAL_ERROR "${_cmd}: the image(s) ${_users} already use ${_arg_TAG} as their BASE and "
      "took it for an image from the engine. Call pywheelimage_add_base_image() before the "
      "pywheelimage_add_image() calls that use it.")
  endif()
  get_property(_defined GLOBAL PROPERTY "_PYWHEELIMAGE_BASE_${_arg_TAG}" SET)
  if(_defined)
    message(FATAL_ERROR "${_cmd}: another pywheelimage_add_base_image() already builds ${_arg_TAG}. "
      "Give this one another TAG.")
  endif()
  _pywheelimage_engine_setup("${_cmd}" "${_arg_ENGINE}" _engine _engine_exe)

  set(_dir "${CMAKE_CURRENT_BINARY_DIR}/pywheelimage/base-${name}")
  file(MAKE_DIRECTORY "${_dir}")
  string(SHA256 _definition "${_arg_SUITE}|${_arg_VARIANT}|${_arg_PACKAGES}|${_arg_MIRROR}")
  _pywheelimage_write_config("${_dir}/base.config.cmake"
    PWI_NAME "${name}" PWI_ENGINE "${_engine}" PWI_ENGINE_EXECUTABLE "${_engine_exe}"
    PWI_BASE_TAG "${_arg_TAG}" PWI_SUITE "${_arg_SUITE}" PWI_PACKAGES "${_arg_PACKAGES}"
    PWI_MIRROR "${_arg_MIRROR}" PWI_VARIANT "${_arg_VARIANT}" PWI_DEFINITION "${_definition}"
    PWI_BASE_ID_FILE "${_dir}/base.id")

  # The build edge: base.id, rewritten only when the image is (re)built. Images that use this base
  # append their trigger files to its DEPENDS (their state step, which already asks the engine
  # about their own images, asks about the base in the same call), so building an image checks
  # its base without an engine call of its own.
  # A step reruns when the module's scripts or the engine plugin change (a module upgrade).
  set(_step_scripts "${_PYWHEELIMAGE_DIR}/steps/base.cmake" "${_PYWHEELIMAGE_DIR}/steps/common.cmake"
    "${_PYWHEELIMAGE_DIR}/engines/${_engine}.cmake")
  set(_run_step "${CMAKE_COMMAND}" -D "PWI_CONFIG=${_dir}/base.config.cmake"
                -P "${_PYWHEELIMAGE_DIR}/steps/base.cmake")
  add_custom_command(
    OUTPUT "${_dir}/base.id"
    COMMAND ${_run_step}
    DEPENDS "${_dir}/base.config.cmake" ${_step_scripts}
    COMMENT "Checking base image ${_arg_TAG}"
    VERBATIM)
  # The target alone checks the engine on every build (the same step, which writes base.id
  # itself when it must rebuild).
  _pywheelimage_add_every_build_command("${_dir}/base.every-build" _checked
    OUTPUTS "${_dir}/base.checked"
    COMMAND ${_run_step}
    COMMAND "${CMAKE_COMMAND}" -E touch "${_dir}/base.checked"
    DEPENDS "${_dir}/base.config.cmake" ${_step_scripts}
    COMMENT "Checking base image ${_arg_TAG}")
  add_custom_target(base-${name} DEPENDS "${_checked}")
  set_property(GLOBAL PROPERTY "_PYWHEELIMAGE_BASE_${_arg_TAG}"
    "base-${name};${_dir}/base.id;${CMAKE_CURRENT_BINARY_DIR}")
endfunction()

function(pywheelimage_add_image name)
  # Set here, not at include time: include_guard(GLOBAL) skips the file in sibling directories.
  set(_PYWHEELIMAGE_DIR "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/PyWheelImage")
  list(APPEND CMAKE_MESSAGE_CONTEXT pywheelimage_add_image)
  set(_cmd "pywheelimage_add_image(${name})")
  set(_options ALL SLIM)
  set(_single BASE PACKAGE_MANAGER DESTINATION WORKDIR USER ENGINE VENV)
  set(_multi REQUIREMENTS CONSTRAINTS BUILD_PACKAGES RUNTIME_PACKAGES FILES ENV ENTRYPOINT CMD
             LABELS EXPOSE TAG PIP_ARGS TEST_COMMAND KEEP)
  cmake_parse_arguments(PARSE_ARGV 1 _arg "${_options}" "${_single}" "${_multi}")
  _pywheelimage_check_arguments("${_cmd}" _arg KEYWORDS ${_options} ${_single} ${_multi}
    REQUIRED BASE REQUIREMENTS
    # These may legitimately be given with no value, e.g. from an empty variable.
    MAY_BE_EMPTY CONSTRAINTS BUILD_PACKAGES RUNTIME_PACKAGES ENV LABELS EXPOSE PIP_ARGS CMD ENTRYPOINT)
  _pywheelimage_check_name("${_cmd}" "${name}")
  _pywheelimage_check_target_free("${_cmd}" "wheels-${name}")
  _pywheelimage_check_target_free("${_cmd}" "image-${name}")

  _pywheelimage_check_image_ref("${_cmd}" BASE "${_arg_BASE}")
  _pywheelimage_existing_files("${_cmd}" REQUIREMENTS _requirements ${_arg_REQUIREMENTS})
  _pywheelimage_existing_files("${_cmd}" CONSTRAINTS _constraints ${_arg_CONSTRAINTS})
  _pywheelimage_existing_files("${_cmd}" FILES _files ${_arg_FILES})
  if(DEFINED _arg_DESTINATION AND NOT _arg_FILES)
    message(FATAL_ERROR "${_cmd}: DESTINATION is given without FILES. "
      "List the application files after FILES, or remove DESTINATION.")
  endif()
  foreach(_kw IN ITEMS DESTINATION WORKDIR VENV)
    if(DEFINED _arg_${_kw} AND NOT _arg_${_kw} MATCHES "^/")
      message(FATAL_ERROR "${_cmd}: ${_kw} \"${_arg_${_kw}}\" is not an absolute path in the image. "
        "Write it as an absolute path, such as /app.")
    endif()
  endforeach()
  _pywheelimage_check_pairs("${_cmd}" ENV _arg_ENV)
  _pywheelimage_check_pairs("${_cmd}" LABELS _arg_LABELS)
  foreach(_pip_arg IN LISTS _arg_PIP_ARGS)
    if(_pip_arg MATCHES "[A-Za-z][A-Za-z0-9+.-]*://[^/?#@ ]+@")
      message(FATAL_ERROR "${_cmd}: PIP_ARGS has a URL with credentials, which would be on the "
        "builder's command line and in the build tree. Give the index URL with its credentials "
        "in the environment of the build (PIP_INDEX_URL, PIP_EXTRA_INDEX_URL) or in a "
        "requirement file, or name them in a netrc file (PYWHEELIMAGE_NETRC).")
    endif()
  endforeach()
  if(DEFINED _arg_KEEP AND NOT _arg_SLIM)
    message(FATAL_ERROR "${_cmd}: KEEP is given without SLIM. KEEP names what a SLIM image keeps "
      "besides what it needs; add SLIM, or remove KEEP.")
  endif()
  foreach(_path IN LISTS _arg_KEEP)
    if(NOT _path MATCHES "^/")
      message(FATAL_ERROR "${_cmd}: KEEP \"${_path}\" is not an absolute path in the image. "
        "Write it as an absolute path, such as /bin/sh.")
    endif()
  endforeach()
  foreach(_port IN LISTS _arg_EXPOSE)
    if(NOT _port MATCHES "^[0-9]+(/(tcp|udp))?$")
      message(FATAL_ERROR "${_cmd}: EXPOSE \"${_port}\" is not a port. Write a number, "
        "optionally with /tcp or /udp, such as 8080 or 53/udp.")
    endif()
  endforeach()
  if(NOT _arg_TAG)
    string(TOLOWER "${PROJECT_NAME}-${name}:latest" _arg_TAG)
    string(REGEX REPLACE "[^a-z0-9_.:/-]" "-" _arg_TAG "${_arg_TAG}")
  endif()
  foreach(_tag IN LISTS _arg_TAG)
    _pywheelimage_check_image_ref("${_cmd}" TAG "${_tag}")
  endforeach()
  if(NOT _arg_PACKAGE_MANAGER)
    set(_arg_PACKAGE_MANAGER apt)
  endif()
  _pywheelimage_load_plugin("${_cmd}" PACKAGE_MANAGER package_managers "${_arg_PACKAGE_MANAGER}")
  _pywheelimage_engine_setup("${_cmd}" "${_arg_ENGINE}" _engine _engine_exe)
  if(NOT _arg_VENV)
    set(_arg_VENV /opt/venv)
  endif()
  if(NOT DEFINED _arg_DESTINATION)
    if(DEFINED _arg_WORKDIR)
      set(_arg_DESTINATION "${_arg_WORKDIR}")
    else()
      set(_arg_DESTINATION /app)
    endif()
  endif()
  _pywheelimage_find_helper("${_cmd}" _helper _helper_target)

  # The image's settings: its private state, read by each step's function (PyWheelImage/Steps.cmake).
  set(_dir "${CMAKE_CURRENT_BINARY_DIR}/pywheelimage/${name}")
  file(MAKE_DIRECTORY "${_dir}")
  string(SHA256 _owner "${_dir}")
  string(SUBSTRING "${_owner}" 0 12 _owner)
  string(TOLOWER "${name}" _lname)
  string(REGEX REPLACE "[^a-z0-9_.-]" "-" _lname "${_lname}")
  _pywheelimage_image_set(${name} DIR "${_dir}")
  _pywheelimage_image_paths(${name} BASE_ID)

  # The base: built in this project (its target writes the id file), or taken from the engine
  # (the state step writes the id file).
  # A base built in another directory cannot take this image's trigger (custom commands are per
  # directory): then the base's target orders the build and this image checks it like any other.
  get_property(_base_entry GLOBAL PROPERTY "_PYWHEELIMAGE_BASE_${_arg_BASE}")
  if(NOT _base_entry)
    set_property(GLOBAL APPEND PROPERTY "_PYWHEELIMAGE_BASE_USERS_${_arg_BASE}" "${name}")
  endif()
  set(_base_target "")
  set(_base_external TRUE)
  set(_base_id "${_BASE_ID}")
  if(_base_entry)
    list(GET _base_entry 2 _base_binary_dir)
    if(_base_binary_dir STREQUAL CMAKE_CURRENT_BINARY_DIR)
      list(GET _base_entry 1 _base_id)
      set(_base_external FALSE)
    else()
      list(GET _base_entry 0 _base_target)
    endif()
  endif()
  _pywheelimage_host_user(_user)
  set(_all FALSE)
  if(_arg_ALL)
    set(_all TRUE)
  endif()
  set(_slim FALSE)
  set(_slim_keep "")
  if(_arg_SLIM)
    set(_slim TRUE)
    # What SLIM keeps besides the environment: the application files, the KEEP paths.
    if(_files)
      list(APPEND _slim_keep "${_arg_DESTINATION}")
    endif()
    list(APPEND _slim_keep ${_arg_KEEP})
  endif()
  foreach(_setting IN ITEMS
      "OWNER;${_owner}" "LNAME;${_lname}" "ENGINE;${_engine}" "ENGINE_EXE;${_engine_exe}"
      "HELPER;${_helper}" "HELPER_TARGET;${_helper_target}" "BASE;${_arg_BASE}"
      "BASE_EXTERNAL;${_base_external}" "BASE_TARGET;${_base_target}" "BASE_ID_FILE;${_base_id}"
      "USER;${_user}" "PACKAGE_MANAGER;${_arg_PACKAGE_MANAGER}" "VENV;${_arg_VENV}" "ALL;${_all}"
      "SLIM;${_slim}")
    list(POP_FRONT _setting _key)
    _pywheelimage_image_set(${name} ${_key} "${_setting}")
  endforeach()
  # Lists, passed whole (an item may hold an escaped ';').
  _pywheelimage_image_set(${name} TAGS "${_arg_TAG}")
  _pywheelimage_image_set(${name} BUILD_PACKAGES "${_arg_BUILD_PACKAGES}")
  _pywheelimage_image_set(${name} RUNTIME_PACKAGES "${_arg_RUNTIME_PACKAGES}")
  _pywheelimage_image_set(${name} REQUIREMENTS "${_requirements}")
  _pywheelimage_image_set(${name} CONSTRAINTS "${_constraints}")
  _pywheelimage_image_set(${name} PIP_ARGS "${_arg_PIP_ARGS}")
  _pywheelimage_image_set(${name} FILES "${_files}")
  _pywheelimage_image_set(${name} TEST_COMMAND "${_arg_TEST_COMMAND}")
  _pywheelimage_image_set(${name} SLIM_KEEP "${_slim_keep}")
  # The tags that name a registry (the first part a host: a '.', a ':' or localhost), as the
  # engines tell a registry from a repository; push-<name> pushes to them.
  set(_registry_tags "")
  foreach(_tag IN LISTS _arg_TAG)
    # Two tests: if() evaluates a parenthesized MATCHES before the one that sets CMAKE_MATCH_1.
    if(_tag MATCHES "^([^/]+)/")
      set(_host "${CMAKE_MATCH_1}")
      if(_host MATCHES "[.:]" OR _host STREQUAL "localhost")
        list(APPEND _registry_tags "${_tag}")
      endif()
    endif()
  endforeach()
  _pywheelimage_image_set(${name} REGISTRY_TAGS "${_registry_tags}")

  # The image's definition: its Dockerfile templates, completed by the libraries step.
  set(_destination "")
  if(_files)
    set(_destination "${_arg_DESTINATION}")
  endif()
  _pywheelimage_image_instructions(_instructions)
  _pywheelimage_configure_image("${_dir}" "${name}" "${_arg_BASE}" "${_arg_VENV}"
    "${_instructions}" "${_destination}")
  _pywheelimage_image_set(${name} DESTINATION "${_destination}")
  # The configuration the helper writes into the image (steps/image.cmake): the tags go to the
  # full image when SLIM makes the tagged one from it.
  set(_spec_tags "${_arg_TAG}")
  if(_slim)
    set(_spec_tags "pywheelimage-full/${_lname}-${_owner}:latest")
  endif()
  _pywheelimage_image_spec(_spec "${_arg_VENV}" "${_spec_tags}")
  _pywheelimage_image_paths(${name} IMAGE_SPEC_IN)
  file(CONFIGURE OUTPUT "${_IMAGE_SPEC_IN}" CONTENT "${_spec}\n" @ONLY)

  # The steps, in build order.
  _pywheelimage_add_state_step(${name})
  _pywheelimage_add_probe_step(${name})
  _pywheelimage_add_builder_step(${name})
  _pywheelimage_add_wheels_step(${name})
  _pywheelimage_add_libraries_step(${name})
  _pywheelimage_add_app_step(${name})
  _pywheelimage_add_image_step(${name})
  _pywheelimage_add_targets(${name})
  _pywheelimage_add_push_target(${name})
  _pywheelimage_add_smoke_test(${name})
endfunction()
