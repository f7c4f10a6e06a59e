#!/usr/bin/env bash
# Image sizes for three services (a script, not a test): the article's uWSGI service, a Flask +
# psycopg2 service (compiled against libpq) and a numpy + pandas image (ready-made wheels).
#
#   bench/size.sh [WORKDIR]        (default /tmp/pwi-bench-size; results in WORKDIR/sizes.md)
#
# For each service it prints, in MB as `docker images` counts them (total size):
#   base       the base all images start from (pywheelimage/python:bookworm, built here)
#   recipe     the article's own recipe (Example 4 with libpython added so that it runs; only
#              for the article's service: examples/article's image-article-small-fixed)
#   full       PyWheelImage without SLIM
#   slim       PyWheelImage with SLIM
#   limit      the physical limit: the bytes of the regular files the running service opens or
#              executes, traced with strace over its start, a request (or its command) and the
#              import of every installed top-level module, in a container of the full image
#              with strace added (the only image here that gets a package from the network)
#   slim/limit the target is at most 1.3
# and checks that each SLIM image answers or runs like its full sibling.
# Needs the docker engine; builds with the helper of this checkout (add_subdirectory).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/pwi-bench-size}
engine=${PYWHEELIMAGE_ENGINE:-docker}
mkdir -p "$work/src"
src=$work/src

# --- The services -------------------------------------------------------------------------
mkdir -p "$src/article" "$src/flaskpg" "$src/numeric"
cp "$here/examples/article/app.py" "$src/article/app.py"
echo "uWSGI==2.0.21" >"$src/article/requirements.txt"
cat >"$src/flaskpg/app.py" <<'PY'
import psycopg2
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return f"psycopg2 {psycopg2.__version__}\n"


if __name__ == "__main__":
    from werkzeug.serving import run_simple
    run_simple("0.0.0.0", 8080, app)
PY
printf 'flask==3.0.3\npsycopg2==2.9.9\n' >"$src/flaskpg/requirements.txt"
printf 'numpy==1.26.4\npandas==2.2.2\n' >"$src/numeric/requirements.txt"
cat >"$src/numeric/job.py" <<'PY'
import numpy as np
import pandas as pd

frame = pd.DataFrame({"x": np.arange(1000)})
print("sum", int(frame["x"].sum()))
PY

cat >"$src/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.25)
project(pwi_bench_size NONE)
add_subdirectory("$here" pywheelimage EXCLUDE_FROM_ALL)
list(APPEND CMAKE_MODULE_PATH "$here/cmake")
include(PyWheelImage)
pywheelimage_add_base_image(python SUITE bookworm TAG pywheelimage/python:bookworm)
foreach(variant IN ITEMS full slim)
  set(slim "")
  if(variant STREQUAL "slim")
    set(slim SLIM)
  endif()
  pywheelimage_add_image(article-\${variant} BASE pywheelimage/python:bookworm
    REQUIREMENTS article/requirements.txt BUILD_PACKAGES build-essential python3-dev
    FILES article/app.py WORKDIR /app EXPOSE 8080
    CMD uwsgi --http-socket 0.0.0.0:8080 --wsgi-file /app/app.py --master --processes 2
    TAG pwi-bench/article:\${variant} \${slim})
  pywheelimage_add_image(flaskpg-\${variant} BASE pywheelimage/python:bookworm
    REQUIREMENTS flaskpg/requirements.txt BUILD_PACKAGES build-essential python3-dev libpq-dev
    FILES flaskpg/app.py WORKDIR /app EXPOSE 8080 CMD python /app/app.py
    TAG pwi-bench/flaskpg:\${variant} \${slim})
  pywheelimage_add_image(numeric-\${variant} BASE pywheelimage/python:bookworm
    REQUIREMENTS numeric/requirements.txt
    FILES numeric/job.py WORKDIR /app CMD python /app/job.py
    TAG pwi-bench/numeric:\${variant} \${slim})
endforeach()
EOF

echo "== building the images in $work/build"
cmake -G Ninja -S "$src" -B "$work/build" >/dev/null
cmake --build "$work/build" --target image-article-full image-article-slim image-flaskpg-full \
  image-flaskpg-slim image-numeric-full image-numeric-slim
echo "== building the article's recipe (examples/article) in $work/article"
cmake -G Ninja -S "$here/examples/article" -B "$work/article" >/dev/null
cmake --build "$work/article" --target image-article-small-fixed

size() { "$engine" image inspect --format '{{.Size}}' "$1" 2>/dev/null || echo ""; }
mb() { [[ -n $1 ]] && awk -v b="$1" 'BEGIN { printf "%.2f", b / 1e6 }' || echo "-"; }

# probe SERVICE IMAGE: what the service prints or answers, run with no network.
probe() {
  local service=$1 image=$2
  case $service in
    numeric) "$engine" run --rm --network none "$image" ;;
    *) "$engine" run --rm --network none --entrypoint= "$image" python -c '
import subprocess, sys, time, urllib.request
import json
cmd = json.loads(sys.argv[1])
server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(100):
    try:
        print(urllib.request.urlopen("http://127.0.0.1:8080/", timeout=2).read().decode().strip())
        break
    except OSError:
        time.sleep(0.1)
server.terminate()
' "$("$engine" image inspect --format '{{json .Config.Cmd}}' "$image")" ;;
  esac
}

# limit SERVICE IMAGE: bytes of the files the service opens, traced in the full image + strace.
limit() {
  local service=$1 image=$2 traced="pwi-bench/traced-$1:latest"
  printf 'FROM %s\nUSER root\nRUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends strace >/dev/null && rm -rf /var/lib/apt/lists/*\n' \
    "$image" | DOCKER_BUILDKIT=0 "$engine" build -q -t "$traced" - >/dev/null
  local cmd
  cmd=$("$engine" image inspect --format '{{json .Config.Cmd}}' "$image")
  "$engine" run --rm --network none --cap-add SYS_PTRACE --security-opt seccomp=unconfined \
    --entrypoint= -e PWI_SERVICE="$service" -e PWI_CMD="$cmd" "$traced" python3 -c '
import json, os, re, subprocess, sys, time, urllib.request
cmd = json.loads(os.environ["PWI_CMD"])
trace = ["strace", "-f", "-qq", "-e", "trace=open,openat,execve", "-o"]
if os.environ["PWI_SERVICE"] == "numeric":
    subprocess.run(trace + ["/tmp/t.service"] + cmd, check=True, stdout=subprocess.DEVNULL)
else:
    server = subprocess.Popen(trace + ["/tmp/t.service"] + cmd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen("http://127.0.0.1:8080/", timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    # uWSGI takes SIGTERM as "reload": stop the tracer, bounded, then kill it (the trace file
    # already holds what the service opened; the container ends with this script).
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
# Every installed top-level module, imported by the environment'"'"'s interpreter.
venv = os.environ["VIRTUAL_ENV"]
site = [os.path.join(root, d) for root, dirs, _ in os.walk(venv + "/lib") for d in dirs
        if d == "site-packages"][0]
modules = set()
for info in os.listdir(site):
    top = os.path.join(site, info, "top_level.txt")
    if info.endswith(".dist-info") and os.path.exists(top):
        modules.update(line.strip() for line in open(top) if line.strip())
program = "".join(f"try:\n import {m}\nexcept Exception: pass\n" for m in sorted(modules)
                  if m.isidentifier() and not m.startswith("_"))
subprocess.run(trace + ["/tmp/t.imports", venv + "/bin/python", "-c", program],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
files = set()
pattern = re.compile(r"(?:open|openat|execve)\((?:AT_FDCWD, )?\"([^\"]+)\".*\) = (\d+)")
for log in ("/tmp/t.service", "/tmp/t.imports"):
    for line in open(log):
        match = pattern.search(line)
        if match:
            path = os.path.realpath(match.group(1))
            if not path.startswith(("/proc", "/sys", "/dev", "/tmp")) and os.path.isfile(path):
                files.add(path)
print(sum(os.path.getsize(f) for f in files), len(files))
'
  "$engine" image rm -f "$traced" >/dev/null
}

base=$(size pywheelimage/python:bookworm)
{
  echo "| service | base | article recipe | full | SLIM | physical limit (files) | SLIM / limit | SLIM answers as full |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  for service in article flaskpg numeric; do
    recipe=""
    [[ $service == article ]] && recipe=$(size blog-python:article-small-fixed)
    full=$(size "pwi-bench/$service:full")
    slim=$(size "pwi-bench/$service:slim")
    read -r limit_bytes limit_files < <(limit "$service" "pwi-bench/$service:full")
    answer_full=$(probe "$service" "pwi-bench/$service:full")
    answer_slim=$(probe "$service" "pwi-bench/$service:slim")
    same="no ($answer_full / $answer_slim)"
    [[ -n $answer_full && $answer_full == "$answer_slim" ]] && same="yes: $answer_slim"
    ratio=$(awk -v s="$slim" -v l="$limit_bytes" 'BEGIN { printf "%.2f", s / l }')
    echo "| $service | $(mb "$base") | $(mb "$recipe") | $(mb "$full") | $(mb "$slim") | $(mb "$limit_bytes") ($limit_files) | $ratio | $same |"
  done
} | tee "$work/sizes.md"
