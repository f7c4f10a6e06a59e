#!/bin/sh
# Fails when a program or Python extension module inside the environment (argument 1) needs a
# shared library that this image does not have: the class of mistake where a wheel built
# against a -dev package works in the builder and fails at the user's first import. Runs in the
# throwaway install container (the runtime image with the environment) and in the smoke test.
#
# It follows the dynamic loader instead of looking at every file alone. The loader starts from
# a program or from a module that Python dlopen()s, and resolves the whole tree below it with
# each object's own RPATH/RUNPATH ($ORIGIN included), and a library already loaded by its soname
# satisfies every later need of that soname. So the objects checked are the starting points:
# executables and *.so files outside the directories where auditwheel vendors libraries
# (<package>.libs/ and <package>/.libs/). Those vendored libraries are checked as part of the
# modules that load them (numpy's libopenblas finds its libgfortran because the extension module
# that needs both names their directory in its RUNPATH), not alone, where they would seem to
# lack their siblings.
#
# What lists an object's libraries: ldd where the image has it (glibc: "=> not found" on
# stdout; musl: "Error loading shared library ..." on stderr, both read), else the dynamic
# loader itself with --list (glibc's ld-linux and musl's ld-musl both have it), which is what
# ldd runs.
set -u
root="$1"

lister=""
if command -v ldd >/dev/null 2>&1; then
  lister="ldd"
else
  for loader in /lib64/ld-linux-*.so.* /lib/ld-linux*.so.* /lib/*/ld-linux*.so.* \
                /usr/lib/*/ld-linux*.so.* /lib/ld-musl-*.so.1 /usr/lib/ld-musl-*.so.1; do
    if [ -f "$loader" ]; then
      lister="$loader --list"
      break
    fi
  done
fi
if [ -z "$lister" ]; then
  echo "pywheelimage: the image has neither ldd nor a dynamic loader that lists libraries" >&2
  echo "(ld-linux*.so or ld-musl*.so with --list), so the shared-library check cannot run; give" >&2
  echo "the image a TEST_COMMAND of its own." >&2
  exit 1
fi

missing=$(find "$root" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \) \
    ! -path '*.libs/*' 2>/dev/null | sort |
  while read -r f; do
    # "not a dynamic executable" (scripts, static programs) is not a finding; only libraries
    # that are not found are.
    $lister "$f" 2>&1 | grep -e '=> not found' -e 'Error loading shared library' |
      sed "s|^[[:space:]]*|$f: |"
  done)
if [ -n "$missing" ]; then
  echo "pywheelimage: shared libraries missing from the runtime image:" >&2
  echo "$missing" >&2
  libs=$(echo "$missing" | sed -n -e 's|.*: \([^ ]*\) => not found.*|\1|p' \
      -e 's|.*Error loading shared library \([^:]*\):.*|\1|p' | sort -u | tr '\n' ' ')
  echo "pywheelimage: add the packages that provide ${libs}to RUNTIME_PACKAGES." >&2
  exit 1
fi
