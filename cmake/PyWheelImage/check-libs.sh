#!/bin/sh
# Fails when a shared object or program inside the environment (argument 1) needs a shared
# library that this image does not have: the class of mistake where a wheel built against a -dev
# package works in the builder and fails at the user's first import. Runs in the throwaway
# install container (the runtime image with the environment) and in the smoke test.
set -u
root="$1"
if ! command -v ldd >/dev/null 2>&1; then
  echo "pywheelimage: the image has no ldd, so the shared-library check cannot run; use a base with" >&2
  echo "the C library's tools (Debian: libc-bin), or give the image a TEST_COMMAND of its own." >&2
  exit 1
fi
missing=$(find "$root" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \) 2>/dev/null |
  while read -r f; do
    # ldd says "not a dynamic executable" for scripts; only "not found" lines matter.
    ldd "$f" 2>/dev/null | grep 'not found' | sed "s|^[[:space:]]*|$f: |"
  done)
if [ -n "$missing" ]; then
  echo "pywheelimage: shared libraries missing from the runtime image:" >&2
  echo "$missing" >&2
  libs=$(echo "$missing" | sed -n 's|.*: \([^ ]*\) => not found.*|\1|p' | sort -u | tr '\n' ' ')
  echo "pywheelimage: add the packages that provide ${libs}to RUNTIME_PACKAGES (Debian: apt-file search <library>)." >&2
  exit 1
fi
