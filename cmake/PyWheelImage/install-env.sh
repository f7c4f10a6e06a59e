#!/bin/sh
# Installs the lock into a new virtual environment: runs in a throwaway container of the runtime
# image (the base plus RUNTIME_PACKAGES), with the locked wheels, the lock and check-libs.sh
# mounted read-only at $2 and the environment's directory mounted at $1 (empty). The base's own
# pip installs into the environment (`pip --python`), so it carries no pip, no wheel and no cache.
#   sh install-env.sh <venv> <dir with wheels/, requirements.lock, check-libs.sh>
set -eu
venv="$1"
pwi="$2"
python3 -m venv --without-pip "$venv"
python3 -m pip --python "$venv/bin/python" install --no-index --no-deps --no-cache-dir \
  --disable-pip-version-check --require-hashes --find-links "$pwi/wheels" -r "$pwi/requirements.lock"
python3 -m pip --python "$venv/bin/python" check --disable-pip-version-check
sh "$pwi/check-libs.sh" "$venv"
