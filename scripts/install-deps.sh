#!/usr/bin/env bash
# Installs what PyWheelImage needs to build and test, from Debian's packages, when it is missing.
# It cannot install or start a container engine's daemon: it checks for one and says what to do.
set -euo pipefail

packages=(cmake ninja-build g++ make pkg-config libfmt-dev catch2 nlohmann-json3-dev libzip-dev
          libelf-dev libarchive-dev zlib1g-dev libssl-dev libcli11-dev libcurl4-openssl-dev
          mmdebstrap python3 ca-certificates
          # the registry test (tests/registry): a real registry, its htpasswd, a reader
          docker-registry apache2-utils skopeo curl
          # the lint (scripts/lint.sh)
          clang-format shellcheck
          # the end-to-end tests: a second engine, and one compile of the helper for all the
          # scenarios that build it in their own tree
          podman ccache)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "pywheelimage: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

engine="${PYWHEELIMAGE_TEST_ENGINE:-docker}"
if ! command -v "$engine" >/dev/null; then
  echo "pywheelimage: the container engine '$engine' is not installed: apt-get install docker.io (or podman), then start it." >&2
  exit 1
fi
if ! "$engine" version >/dev/null 2>&1; then
  echo "pywheelimage: the container engine '$engine' does not answer: start its daemon (systemctl start docker, or dockerd &) and check that '$engine version' shows a Server section." >&2
  exit 1
fi
