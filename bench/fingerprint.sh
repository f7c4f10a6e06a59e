#!/usr/bin/env bash
# Benchmark of `pywheelimage fingerprint` against sha256sum over the same files.
#
#   bench/fingerprint.sh [DIR] [SIZE_MB]
#
# DIR (default /tmp/pwi-bench-wheelhouse) receives a wheelhouse-like tree of SIZE_MB
# (default 1100) of incompressible files: a few large wheels, many medium ones, many small.
# The tree is reused when it already has the requested size. The binary is $PYWHEELIMAGE,
# else build/pywheelimage next to this script.
#
# Cold: page cache warmed by reading every file, then sha256sum over all files, then the
#       fingerprint without a cache (same page-cache state for both).
# Warm: the fingerprint again with the per-file digest cache from a previous run.
# Targets: cold within 1.2x of sha256sum, warm under 5% of sha256sum.
set -euo pipefail

dir=${1:-/tmp/pwi-bench-wheelhouse}
size_mb=${2:-1100}
here=$(cd "$(dirname "$0")" && pwd)
bin=${PYWHEELIMAGE:-$here/../build/pywheelimage}
runs=3

if [[ ! -x $bin ]]; then
  echo "fingerprint.sh: no executable '$bin' (build it, or set PYWHEELIMAGE)" >&2
  exit 2
fi

generate() {
  rm -rf "$dir"
  mkdir -p "$dir"
  local total=0 i=0 size
  # Sizes in KiB, cycling through a wheelhouse-like mix: 1 large, 4 medium, 20 small.
  local -a mix=(153600 20480 8192 4096 1024)
  for _ in $(seq 20); do mix+=($((20 + RANDOM % 500))); done
  while ((total < size_mb * 1024)); do
    size=${mix[$((i % ${#mix[@]}))]}
    head -c "$((size * 1024))" /dev/urandom >"$dir/pkg_$i-1.0.$i-cp311-cp311-manylinux_2_17_x86_64.whl"
    total=$((total + size))
    i=$((i + 1))
  done
  mkdir -p "$dir/sub"
  mv "$dir"/pkg_1?-* "$dir/sub/" 2>/dev/null || true
  # The cache does not trust files changed within 2 s of a run (racy mtimes): let them age.
  sleep 3
}

have_mb=$( (du -sm "$dir" 2>/dev/null || echo 0) | cut -f1)
if ((have_mb < size_mb)); then
  echo "generating $size_mb MiB in $dir ..."
  generate
fi

mapfile -d '' files < <(find "$dir" -type f -print0 | sort -z)
bytes=$(du -sb "$dir" | cut -f1)
echo "tree: $dir, ${#files[@]} files, $((bytes / 1024 / 1024)) MiB"

now_ns() { date +%s%N; }
time_ms() {  # runs "$@" with output discarded, prints milliseconds
  local start end
  start=$(now_ns)
  "$@" >/dev/null
  end=$(now_ns)
  echo $(((end - start) / 1000000))
}
best() { printf '%s\n' "$@" | sort -n | head -1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stamp=$work/stamp

cat "${files[@]}" >/dev/null  # warm the page cache
sha=() ossl=() cold=() warm=()
for _ in $(seq $runs); do
  sha+=("$(time_ms sha256sum "${files[@]}")")
  if command -v openssl >/dev/null; then  # a faster baseline: OpenSSL, as the helper uses
    ossl+=("$(time_ms openssl dgst -sha256 "${files[@]}")")
  fi
  rm -f "$stamp" "$stamp.cache"
  cold+=("$(time_ms "$bin" fingerprint "$dir" --stamp "$stamp")")
done
"$bin" fingerprint "$dir" --stamp "$stamp" >/dev/null  # cache holds trusted entries now
for _ in $(seq $runs); do
  warm+=("$(time_ms "$bin" fingerprint "$dir" --stamp "$stamp")")
done

s=$(best "${sha[@]}") c=$(best "${cold[@]}") w=$(best "${warm[@]}")
echo "sha256sum:         ${s} ms (runs: ${sha[*]})"
if ((${#ossl[@]})); then
  echo "openssl dgst:      $(best "${ossl[@]}") ms (runs: ${ossl[*]})"
fi
echo "fingerprint cold:  ${c} ms (runs: ${cold[*]})"
echo "fingerprint warm:  ${w} ms (runs: ${warm[*]})"
awk -v s="$s" -v c="$c" -v w="$w" 'BEGIN {
  printf "cold / sha256sum = %.3f (target <= 1.2)\n", c / s
  printf "warm / sha256sum = %.4f (target < 0.05)\n", w / s
}'
if ((${#ossl[@]})); then
  awk -v o="$(best "${ossl[@]}")" -v c="$c" 'BEGIN { printf "cold / openssl dgst = %.3f\n", c / o }'
fi
