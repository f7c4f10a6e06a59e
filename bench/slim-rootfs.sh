#!/usr/bin/env bash
# Measures `pywheelimage slim` on real Debian roots (a script, not a test; no container engine).
#
#   bench/slim-rootfs.sh [WORKDIR]
#
# WORKDIR (default /tmp/pwi-bench-slim) receives two bookworm roots made with mmdebstrap (about
# half a minute each; reused when present):
#   python  python3.11 and python3-venv: the runtime of a bare venv
#   uwsgi   the same with Debian's uwsgi-core, its python3 plugin, python3-flask and tzdata, a
#           stand-in for the article's uWSGI + Flask service (its venv's packages are the
#           system's: include-system-site-packages = true)
# To each it adds /opt/venv (bin/python -> /usr/bin/python3.11, pyvenv.cfg) and a user app, runs
# `pywheelimage slim` and prints its summary line, the output tar's size and the bytes per rule.
# The binary is $PYWHEELIMAGE, else build/src/pywheelimage next to this script.
set -euo pipefail

dir=${1:-/tmp/pwi-bench-slim}
here=$(cd "$(dirname "$0")" && pwd)
bin=${PYWHEELIMAGE:-$here/../build/src/pywheelimage}
if [[ ! -x $bin ]]; then
  echo "slim-rootfs.sh: no executable '$bin' (build it, or set PYWHEELIMAGE)" >&2
  exit 2
fi
mkdir -p "$dir"

# root NAME SYSTEM_SITE PACKAGES...: $dir/NAME.tar, the root with the venv added.
root() {
  local name=$1 system_site=$2
  shift 2
  local packages
  packages=$(IFS=,; echo "$*")
  if [[ ! -s $dir/$name-debian.tar ]]; then
    mmdebstrap --quiet --variant=apt --include="$packages" bookworm "$dir/$name-debian.tar"
  fi
  local venv="$dir/$name-venv"
  rm -rf "$venv"
  mkdir -p "$venv/opt/venv/bin" "$venv/opt/venv/lib/python3.11/site-packages"
  ln -s /usr/bin/python3.11 "$venv/opt/venv/bin/python"
  ln -s python "$venv/opt/venv/bin/python3"
  ln -s lib "$venv/opt/venv/lib64"
  printf 'home = /usr/bin\ninclude-system-site-packages = %s\nversion = 3.11.2\n' \
    "$system_site" >"$venv/opt/venv/pyvenv.cfg"
  printf 'def application(env, start):\n    start("200 OK", [])\n    return [b"hi"]\n' \
    >"$venv/opt/venv/app.py"
  cp "$dir/$name-debian.tar" "$dir/$name.tar"
  tar --owner=0 --group=0 -C "$venv" -rf "$dir/$name.tar" ./opt
}

# measure NAME ARGS...: runs slim on $dir/NAME.tar.
measure() {
  local name=$1
  shift
  echo "== $name"
  "$bin" slim --input "$dir/$name.tar" --output "$dir/$name-slim.tar" \
    --report "$dir/$name-slim.json" --user root "$@"
  echo "output tar: $(stat -c %s "$dir/$name-slim.tar") bytes"
  python3 - "$dir/$name-slim.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for rule, totals in sorted(report["rules"].items(), key=lambda item: -item[1]["bytes"]):
    print(f"  {rule:22} {totals['bytes'] / 1e6:6.1f} MB {totals['files']:6} files")
PY
}

root python false python3.11 python3-venv
root uwsgi true python3.11 python3-venv uwsgi-core uwsgi-plugin-python3 python3-flask tzdata
measure python
measure uwsgi --keep /usr/bin/uwsgi-core --keep /usr/lib/uwsgi/plugins/python311_plugin.so
