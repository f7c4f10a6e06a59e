#!/usr/bin/env bash
# Benchmark (not a test): the article's Makefile + Dockerfile.small recipe against
# `cmake --build` with PyWheelImage, on the same base, requirements and app, for a cold build,
# a no-op, an app file changed, one requirement added, and a no-op with a large app
# (1,000 files, 200 MB). Prints a table with both times and the ratio, and writes it as markdown.
#
#   bench/incremental.sh [OUT.md]     (default: bench/results/incremental.md)
#
# It builds images tagged pwi-bench/* and removes them (and the dangling images their builds
# leave) before each cold build. Needs a running Docker engine and network access to PyPI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$here/results/incremental.md}"
work="${PWI_BENCH_WORK:-/tmp/pwi-bench}"
engine=docker
base=pywheelimage/python:bookworm

"$root/scripts/install-deps.sh"
cmake -G Ninja -S "$root" -B "$work/helper" -DPYWHEELIMAGE_BUILD_TESTS=OFF >/dev/null
cmake --build "$work/helper" --target pywheelimage >/dev/null
helper="$work/helper/src/pywheelimage"

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }
ratio() { python3 -c "print(f'{$1 / $2:.3f}')"; }

prepare() {
  rm -rf "$work/make" "$work/cmake"
  mkdir -p "$work/make/app" "$work/make/ca"
  cp "$here/incremental/Makefile" "$here/incremental/Dockerfile.small" "$work/make/"
  cp "$here/incremental/requirements.txt" "$work/make/requirements.txt"
  cp "$here/incremental/app.py" "$work/make/app/app.py"
  ca="${PIP_CERT:-${REQUESTS_CA_BUNDLE:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}}"
  if [ -n "$ca" ] && [ -f "$ca" ]; then cp "$ca" "$work/make/ca/ca.pem"; fi
  mkdir -p "$work/cmake"
  cp "$here/incremental/"{CMakeLists.txt,requirements.txt,requirements-added.txt} "$work/cmake/"
  sed -i "s|\${CMAKE_CURRENT_SOURCE_DIR}/../../cmake|$root/cmake|" "$work/cmake/CMakeLists.txt"
  mkdir -p "$work/cmake/app"
  cp "$here/incremental/app.py" "$work/cmake/app/app.py"
  cmake -G Ninja -S "$work/cmake" -B "$work/cmake/build" -DPYWHEELIMAGE_EXECUTABLE="$helper" \
    -DBENCH_FILES="$work/cmake/app" >/dev/null
}

clean_images() {
  for ref in pwi-bench/make:latest pwi-bench/cmake:latest; do
    $engine image rm -f "$ref" >/dev/null 2>&1 || true
  done
  $engine images -q --filter "label=pywheelimage.stage=builder" | xargs -r $engine image rm -f >/dev/null 2>&1 || true
  # The environment images too, or the cold build would find its environment ready.
  $engine images --format '{{.Repository}}:{{.Tag}}' | grep '^pywheelimage-env/bench-' \
    | xargs -r $engine image rm >/dev/null 2>&1 || true
  # Only what the benchmark's own builds left: its stages carry the label pwi-bench=1.
  $engine image prune -f --filter label=pwi-bench=1 >/dev/null
}

make_build() { (cd "$work/make" && make -s build-small >"$work/make.log" 2>&1); }
cmake_build() { cmake --build "$work/cmake/build" --target image-bench >"$work/cmake.log" 2>&1; }

rows=()
measure() {  # measure <label>: one build each
  local label="$1" t0 t1 tm tc
  t0=$(now); make_build; t1=$(now); tm=$(elapsed "$t0" "$t1")
  t0=$(now); cmake_build; t1=$(now); tc=$(elapsed "$t0" "$t1")
  rows+=("| $label | $tm | $tc | $(ratio "$tc" "$tm") |")
  echo "$label: make ${tm}s, cmake ${tc}s" >&2
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure_noop() {  # measure_noop <label>: builds that change nothing, the median of 7 each
  local label="$1" t0 t1 ms=() cs=() tm tc
  for _ in 1 2 3 4 5 6 7; do
    t0=$(now); make_build; t1=$(now); ms+=("$(python3 -c "print($t1 - $t0)")")
    t0=$(now); cmake_build; t1=$(now); cs+=("$(python3 -c "print($t1 - $t0)")")
  done
  tm=$(python3 -c "print(f'{$(median "${ms[@]}"):.3f}')")
  tc=$(python3 -c "print(f'{$(median "${cs[@]}"):.3f}')")
  rows+=("| $label | $tm | $tc | $(ratio "$tc" "$tm") |")
  echo "$label: make ${tm}s, cmake ${tc}s (medians of 7)" >&2
}

# Make sure the base exists (built from Debian's archive, not timed).
prepare
cmake --build "$work/cmake/build" --target base-python >/dev/null

clean_images
measure "cold build"
measure_noop "no-op"
echo "# changed" >>"$work/make/app/app.py"; echo "# changed" >>"$work/cmake/app/app.py"
measure "app file changed"
cp "$here/incremental/requirements-added.txt" "$work/make/requirements.txt"
cp "$here/incremental/requirements-added.txt" "$work/cmake/requirements.txt"
measure "one requirement added"

size() { $engine image inspect --format '{{.Size}}' "$1"; }
base_size=$(size $base)
over_make=$(( $(size pwi-bench/make:latest) - base_size ))
over_cmake=$(( $(size pwi-bench/cmake:latest) - base_size ))
env_bytes=$($engine run --rm --network none --entrypoint= pwi-bench/cmake:latest sh -c \
  "find /opt/venv /app -type f -printf '%s\n' | awk '{s+=\$1} END {print s}'")
lib_bytes=$($engine run --rm --network none --entrypoint= pwi-bench/cmake:latest sh -c \
  "dpkg -L libpython3.11 | while read -r f; do [ -f \"\$f\" ] && [ ! -L \"\$f\" ] && stat -c %s \"\$f\"; done | awk '{s+=\$1} END {print s}'")

# Reproducible wheels: BUILD_PACKAGES changed (one more package) rebuilds every wheel compiled
# here; count how many come out byte-identical, and whether the image had to change.
wheel_digests() { (cd "$work/cmake/build/pywheelimage/bench/wheelhouse/" && sha256sum -- *linux_*.whl); }
before_digests=$(wheel_digests)
image_before=$($engine image inspect --format '{{.Id}}' pwi-bench/cmake:latest)
cmake -S "$work/cmake" -B "$work/cmake/build" -DBENCH_EXTRA_BUILD_PACKAGES=make >/dev/null
t0=$(now); cmake_build; t1=$(now); t_rebuild=$(elapsed "$t0" "$t1")
after_digests=$(wheel_digests)
compiled=$(printf '%s\n' "$before_digests" | wc -l)
identical=$(comm -12 <(printf '%s\n' "$before_digests" | sort) <(printf '%s\n' "$after_digests" | sort) | wc -l)
image_after=$($engine image inspect --format '{{.Id}}' pwi-bench/cmake:latest)
image_changed=no; [ "$image_before" = "$image_after" ] || image_changed=yes
echo "BUILD_PACKAGES changed: ${t_rebuild}s, $identical of $compiled compiled wheels identical, image changed: $image_changed" >&2

# A large app: 1,000 files, 200 MB. docker build sends its whole context on every build.
python3 - "$work/make/app/data" "$work/cmake/app/data" <<'PY'
import os, sys
for d in sys.argv[1:]:
    os.makedirs(d, exist_ok=True)
    for i in range(1000):
        with open(os.path.join(d, f"blob{i:04}.bin"), "wb") as f:
            f.write(os.urandom(200 * 1024))
PY
make_build; cmake_build   # not timed: the image with the large app
measure_noop "no-op, large app (1,000 files, 200 MB)"

mb() { python3 -c "print(f'{$1 / 1e6:.2f}')"; }
{
  echo "| change | Makefile + Dockerfile.small (s) | PyWheelImage (s) | ratio |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "| image (before the large app) | MB over base |"
  echo "|---|---:|"
  echo "| Makefile + Dockerfile.small (wheels kept in a layer) | $(mb "$over_make") |"
  echo "| PyWheelImage | $(mb "$over_cmake") |"
  echo "| its environment and app files + libpython3.11's files | $(mb $((env_bytes + lib_bytes))) |"
  echo
  echo "BUILD_PACKAGES changed (every wheel compiled here rebuilt, PyWheelImage only): ${t_rebuild} s;"
  echo "$identical of $compiled compiled wheels came out byte-identical; image rebuilt: $image_changed."
} | tee "$out.tmp"
mkdir -p "$(dirname "$out")"
mv "$out.tmp" "$out"
clean_images
