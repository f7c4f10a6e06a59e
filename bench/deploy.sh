#!/usr/bin/env bash
# What a deployment costs (a script, not a test): the bytes `push-<name>` uploads to a registry
# for each change, beside the article's recipe (a two-stage Dockerfile, `docker build`, `docker
# push`), for the article's uWSGI service and a numpy-based service.
#
#   bench/deploy.sh [WORKDIR]      (default /tmp/pwi-bench-deploy; results in WORKDIR/deploy.md)
#
# A registry (Debian's docker-registry) runs on 127.0.0.1 for the run. The bytes a push adds are
# measured the same way for both: the growth of the registry's blob storage. For PyWheelImage
# also what `pywheelimage push` reports. Changes, in order:
#   cold   first push
#   (a)    nothing changed
#   (b)    an app file changed
#   (c)    one small pure-Python requirement added (six)
#   (d)    one compiled requirement added (psutil, built from its sdist)
# and the time of the image step after (b) against the recipe's `docker build` after (b).
# Needs the docker engine; builds with the helper of this checkout (add_subdirectory).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/pwi-bench-deploy}
rm -rf "$work/registry" "$work/src"
mkdir -p "$work/registry/storage" "$work/src"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/registry/config.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/registry/storage
http:
  addr: 127.0.0.1:$port
  secret: pwi-bench
EOF
docker-registry serve "$work/registry/config.yml" >"$work/registry/log" 2>&1 &
registry_pid=$!
trap 'kill $registry_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -s -o /dev/null --noproxy '*' "http://127.0.0.1:$port/v2/" && break
  sleep 0.1
done
registry=127.0.0.1:$port
stored() { du -sb "$work/registry/storage" | cut -f1; }

# The services: requirements and app, each in its own directory.
src=$work/src
mkdir -p "$src/article" "$src/numeric"
cp "$here/examples/article/app.py" "$src/article/app.py"
echo "uWSGI==2.0.21" >"$src/article/requirements.txt"
cat >"$src/numeric/app.py" <<'PY'
import numpy as np
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return str(float(np.mean(np.arange(10)))) + "\n"
PY
printf 'numpy==1.26.4\nflask==3.0.3\n' >"$src/numeric/requirements.txt"

cat >"$src/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.25)
project(pwi_bench_deploy NONE)
add_subdirectory("$here" pywheelimage EXCLUDE_FROM_ALL)
list(APPEND CMAKE_MODULE_PATH "$here/cmake")
include(PyWheelImage)
pywheelimage_add_base_image(python SUITE bookworm TAG pywheelimage/python:bookworm)
foreach(service IN ITEMS article numeric)
  pywheelimage_add_image(\${service} BASE pywheelimage/python:bookworm
    REQUIREMENTS \${service}/requirements.txt BUILD_PACKAGES build-essential python3-dev
    FILES \${service}/app.py WORKDIR /app
    TAG $registry/bench/\${service}:pwi)
endforeach()
EOF
cmake -G Ninja -S "$src" -B "$work/build" >/dev/null

# The recipe: the article's Example 4 for these requirements (wheels built in a first stage,
# installed from there in the second, the app copied last).
recipe_dockerfile() {
  cat <<'EOF'
FROM pywheelimage/python:bookworm AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends build-essential python3-dev libpython3.11 >/dev/null && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /
RUN pip wheel --no-cache-dir --wheel-dir=/root/wheels -r /requirements.txt
FROM pywheelimage/python:bookworm
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpython3.11 >/dev/null && rm -rf /var/lib/apt/lists/*
COPY --from=build /root/wheels /root/wheels
COPY requirements.txt /
RUN python3 -m venv /venv && /venv/bin/pip install --no-cache-dir --no-index --find-links=/root/wheels -r /requirements.txt
COPY app.py /app/
EOF
}

# step SERVICE LABEL: push both ways, print a table row.
step() {
  local service=$1 label=$2 before after pwi_bytes recipe_bytes out t0 t1 t2 t3
  before=$(stored)
  t0=$(date +%s.%N)
  cmake --build "$work/build" --target "image-$service" >"$work/$service-$label.image.log"
  t1=$(date +%s.%N)
  out=$(cmake --build "$work/build" --target "push-$service" | grep -o 'pushed .*' || true)
  after=$(stored)
  pwi_bytes=$((after - before))
  recipe_dockerfile >"$src/$service/Dockerfile"
  before=$(stored)
  t2=$(date +%s.%N)
  if ! DOCKER_BUILDKIT=0 docker build -t "$registry/bench/$service:recipe" "$src/$service" \
      >"$work/$service-$label.recipe.log" 2>&1; then
    echo "bench/deploy.sh: the recipe's docker build failed; its log: $work/$service-$label.recipe.log" >&2
    tail -20 "$work/$service-$label.recipe.log" >&2
    exit 1
  fi
  t3=$(date +%s.%N)
  docker push -q "$registry/bench/$service:recipe" >/dev/null
  after=$(stored)
  recipe_bytes=$((after - before))
  printf '| %s | %s | %d | %s | %d | %.2f | %.2f |\n' "$service" "$label" "$pwi_bytes" \
    "$(sed -E 's/.*\((.*)\)/\1/' <<<"$out")" "$recipe_bytes" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
    "$(awk -v a="$t2" -v b="$t3" 'BEGIN { print b - a }')"
}

{
  echo "| service | change | PyWheelImage: bytes stored | pywheelimage push says | recipe: bytes stored | image build (s) | recipe build (s) |"
  echo "|---|---|---:|---|---:|---:|---:|"
  for service in article numeric; do
    step "$service" cold
    step "$service" "(a) nothing changed"
    echo "# changed" >>"$src/$service/app.py"
    step "$service" "(b) app file changed"
    echo "six==1.16.0" >>"$src/$service/requirements.txt"
    step "$service" "(c) six added"
    printf -- '--no-binary psutil\npsutil==5.9.8\n' >>"$src/$service/requirements.txt"
    step "$service" "(d) psutil (compiled) added"
  done
} | tee "$work/deploy.md"
for service in article numeric; do
  docker image rm "$registry/bench/$service:pwi" "$registry/bench/$service:recipe" >/dev/null 2>&1 || true
done
