#!/usr/bin/env bash
# ctest registry.push: `pywheelimage push` against Debian's docker-registry (distribution 2.8)
# on 127.0.0.1, first without auth, then with htpasswd (Basic) auth. The uploads are counted
# from the registry's own access log; skopeo reads the result back. No container engine, no
# traffic but to 127.0.0.1. Exit 77 (skipped) when a tool is missing.
#
# push_test.sh HELPER WORK_DIR PYTHON
set -euo pipefail
helper=$1
work=$2
python=$3
here=$(cd "$(dirname "$0")" && pwd)

for tool in docker-registry skopeo htpasswd curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "registry.push: $tool is not installed (scripts/install-deps.sh): skipped" >&2
    exit 77
  fi
done

rm -rf "$work"
mkdir -p "$work/home" "$work/empty-config"
registry_pid=""
stop_registry() {
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
    registry_pid=""
  fi
}
trap stop_registry EXIT

fail() {
  echo "registry.push: FAILED: $*" >&2
  if [ -n "${log:-}" ] && [ -f "$log" ]; then
    echo "--- the registry's log (last 30 lines):" >&2
    tail -n 30 "$log" >&2
  fi
  exit 1
}

free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_registry NAME [htpasswd-file]: a registry of its own storage and log on a free port.
start_registry() {
  local name=$1 htpasswd_file=${2:-}
  local dir="$work/$name"
  mkdir -p "$dir/storage"
  port=$(free_port)
  log="$dir/registry.log"
  {
    echo "version: 0.1"
    echo "log:"
    echo "  level: info"
    echo "  accesslog:"
    echo "    disabled: false"
    echo "storage:"
    echo "  filesystem:"
    echo "    rootdirectory: $dir/storage"
    echo "  delete:"
    echo "    enabled: true"
    echo "http:"
    echo "  addr: 127.0.0.1:$port"
    echo "  secret: pwi-registry-test"
    if [ -n "$htpasswd_file" ]; then
      echo "auth:"
      echo "  htpasswd:"
      echo "    realm: pwi-test"
      echo "    path: $htpasswd_file"
    fi
  } >"$dir/config.yml"
  docker-registry serve "$dir/config.yml" >"$log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 100); do
    if curl -s -o /dev/null --noproxy '*' "http://127.0.0.1:$port/v2/"; then
      return 0
    fi
    kill -0 "$registry_pid" 2>/dev/null || fail "docker-registry $name exited"
    sleep 0.1
  done
  fail "docker-registry $name does not answer on 127.0.0.1:$port"
}

# mark VAR: waits until a marker request shows in the access log, so that every request before
# it is there too; sets VAR to the log's line count at that point.
marks=0
m0=0 m1=0 m2=0 m3=0 m4=0
mark() {
  marks=$((marks + 1))
  curl -s -o /dev/null --noproxy '*' "http://127.0.0.1:$port/v2/?pwi-mark=$marks" || true
  for _ in $(seq 100); do
    if grep -q "pwi-mark=$marks " "$log"; then
      printf -v "$1" '%s' "$(wc -l <"$log")"
      return 0
    fi
    sleep 0.05
  done
  fail "the marker request $marks is not in the registry's access log: no access log?"
}

# uploaded FROM TO: the digests of the blob uploads between two marks, sorted.
uploaded() {
  sed -n "$(($1 + 1)),$2p" "$log" |
    sed -nE 's#.*"PUT /v2/[^ ]*/blobs/uploads/[^ ]*digest=sha256%3A([0-9a-f]{64}) HTTP/1\.1" 201 .*#sha256:\1#p' |
    sort
}

# uploads FROM TO: the blob uploads (PUT .../blobs/uploads/...digest=... answered 201) that the
# registry logged between two marks. Fails when it logged no request at all there: a count of 0
# must come from a log that saw the push.
uploads() {
  local segment
  segment=$(sed -n "$(($1 + 1)),$2p" "$log" | grep -E '"(HEAD|GET|POST|PUT) /v2/' || true)
  [ -n "$segment" ] || fail "no access log line of the push between lines $1 and $2 of $log"
  grep -cE '"PUT /v2/[^ ]*/blobs/uploads/[^ ]*digest=sha256[^ ]* HTTP/1\.1" 201 ' <<<"$segment" || true
}

# push ARGS...: the helper with only the given config files, its output in $out and $err.
out="$work/out.txt"
err="$work/err.txt"
push_status=0
push() {
  push_status=0
  env -u REGISTRY_AUTH_FILE -u XDG_RUNTIME_DIR -u http_proxy -u https_proxy -u all_proxy \
    -u HTTP_PROXY -u HTTPS_PROXY -u ALL_PROXY HOME="$work/home" \
    DOCKER_CONFIG="${docker_config:-$work/empty-config}" PATH="$work/bin:$PATH" \
    "$helper" push "$@" >"$out" 2>"$err" || push_status=$?
}

expect_push() {
  push "$@"
  [ "$push_status" = 0 ] || fail "push $* exited $push_status: $(cat "$err")"
  cat "$out"
}

manifest_digest() {
  "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"])' \
    "$1/index.json"
}

skopeo_digest() {
  skopeo inspect --tls-verify=false "$@" | "$python" -c 'import json, sys; print(json.load(sys.stdin)["Digest"])'
}

# The layouts: 2 layers, and the same plus a third.
"$python" "$here/make_layout.py" "$work/layout2" 2 >/dev/null
"$python" "$here/make_layout.py" "$work/layout3" 3 >/dev/null
digest2=$(manifest_digest "$work/layout2")
digest3=$(manifest_digest "$work/layout3")
# blob_of LAYOUT config|layer-N|bytes: the digest of the config or a layer, or the bytes of all
blob_of() {
  "$python" - "$1" "$2" <<'PY'
import json, sys
root, what = sys.argv[1], sys.argv[2]
index = json.load(open(root + "/index.json"))
manifest = json.load(open(root + "/blobs/sha256/" + index["manifests"][0]["digest"][7:]))
blobs = [manifest["config"]] + manifest["layers"]
if what == "bytes":
    print(sum(blob["size"] for blob in blobs))
else:
    print(blobs[0 if what == "config" else int(what[6:])]["digest"])
PY
}
config3=$(blob_of "$work/layout3" config)
layer3=$(blob_of "$work/layout3" layer-3)

# --- without auth ------------------------------------------------------------------------
start_registry open
ref="127.0.0.1:$port/pwi/app"

mark m0
expect_push --oci-layout "$work/layout2" --tag "$ref:v1" --digest-file "$work/digest.txt"
mark m1
grep -qxF "pushed $ref:v1@$digest2 (3 of 3 blobs uploaded, $(blob_of "$work/layout2" bytes) bytes)" "$out" ||
  fail "first push: $(cat "$out")"
n=$(uploads "$m0" "$m1")
[ "$n" = 3 ] || fail "first push: the registry logged $n blob uploads, not 3"
[ "$(cat "$work/digest.txt")" = "$digest2" ] || fail "--digest-file holds $(cat "$work/digest.txt")"
touch -d '2000-01-01' "$work/digest.txt"

expect_push --oci-layout "$work/layout2" --tag "$ref:v1" --digest-file "$work/digest.txt"
mark m2
grep -qF "(0 of 3 blobs uploaded, 0 bytes)" "$out" || fail "second push: $(cat "$out")"
n=$(uploads "$m1" "$m2")
[ "$n" = 0 ] || fail "second push: the registry logged $n blob uploads, not 0"
[ "$(stat -c %Y "$work/digest.txt")" = "$(date -d 2000-01-01 +%s)" ] ||
  fail "--digest-file was rewritten with the same digest"

expect_push --oci-layout "$work/layout3" --tag "$ref:v2"
mark m3
# The new layer and the new config (its rootfs.diff_ids name the layer): 2 of 4.
grep -qF "pushed $ref:v2@$digest3 (2 of 4 blobs uploaded," "$out" || fail "third push: $(cat "$out")"
n=$(uploads "$m2" "$m3")
[ "$n" = 2 ] || fail "third push: the registry logged $n blob uploads, not 2"
[ "$(uploaded "$m2" "$m3")" = "$(printf '%s\n' "$config3" "$layer3" | sort)" ] ||
  fail "third push: uploaded $(uploaded "$m2" "$m3"), not only the new layer and config"

# Two repositories in one run: the second mounts every blob from the first.
expect_push --oci-layout "$work/layout3" --tag "127.0.0.1:$port/pwi/one:x" \
  --tag "127.0.0.1:$port/pwi/two:x"
mark m4
grep -qF "pushed 127.0.0.1:$port/pwi/two:x@$digest3 (0 of 4 blobs uploaded, 0 bytes, 4 mounted)" \
  "$out" || fail "mount: $(cat "$out")"
n=$(uploads "$m3" "$m4")
[ "$n" = 4 ] || fail "mount: the registry logged $n blob uploads, not 4 (all to pwi/one)"
n=$(sed -n "$((m3 + 1)),${m4}p" "$log" | grep -c '"PUT /v2/pwi/two/blobs/' || true)
[ "$n" = 0 ] || fail "mount: the registry logged $n blob uploads to pwi/two, not 0"
mounts=$(sed -n "$((m3 + 1)),${m4}p" "$log" | grep -cE '"POST /v2/pwi/two/blobs/uploads/\?mount=[^ ]* HTTP/1\.1" 201 ' || true)
[ "$mounts" = 4 ] || fail "mount: the registry logged $mounts mounts, not 4"

# A 64 MiB layer is streamed: the helper's peak memory stays far below it.
"$python" "$here/make_layout.py" "$work/layout-big" 1 64 >/dev/null
peak_kib=$("$python" -c '
import resource, subprocess, sys
status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if status == 0 else "failed")
' env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY DOCKER_CONFIG="$work/empty-config" \
  "$helper" push --oci-layout "$work/layout-big" --tag "$ref:big")
[ "$peak_kib" != failed ] || fail "the push of a 64 MiB layer failed"
((peak_kib < 32 * 1024)) || fail "the push of a 64 MiB layer peaked at $peak_kib KiB of memory"
echo "registry.push: a 64 MiB layer pushed with a peak of $peak_kib KiB"

# skopeo reads back the same manifest.
[ "$(skopeo_digest "docker://$ref:v1")" = "$digest2" ] || fail "skopeo inspect $ref:v1"
[ "$(skopeo_digest "docker://$ref:v2")" = "$digest3" ] || fail "skopeo inspect $ref:v2"
HOME="$work/home" skopeo --insecure-policy copy -q --src-tls-verify=false "docker://$ref:v2" \
  "oci:$work/copy:v2"
[ "$(manifest_digest "$work/copy")" = "$digest3" ] || fail "skopeo copy gives $(manifest_digest "$work/copy")"
stop_registry

# --- with htpasswd auth ------------------------------------------------------------------
password="pwi-Secret-$RANDOM-$RANDOM"
htpasswd -Bbn pwi "$password" >"$work/htpasswd" 2>/dev/null
start_registry auth "$work/htpasswd"
ref="127.0.0.1:$port/pwi/app"

push --oci-layout "$work/layout2" --tag "$ref:v1"
[ "$push_status" = 5 ] || fail "push without credentials exited $push_status, not 5"
grep -qF "registry 127.0.0.1:$port, repository pwi/app" "$err" || fail "no registry named: $(cat "$err")"
grep -qF "HTTP 401 Unauthorized" "$err" || fail "no 401 named: $(cat "$err")"
echo "registry.push: without credentials, as expected: $(cat "$err")"

mkdir -p "$work/auth-config"
auth=$(printf '%s' "pwi:$password" | base64 -w0)
printf '{"auths": {"127.0.0.1:%s": {"auth": "%s"}}}\n' "$port" "$auth" >"$work/auth-config/config.json"
mark m0
docker_config="$work/auth-config" expect_push --oci-layout "$work/layout2" --tag "$ref:v1"
mark m1
grep -qF "pushed $ref:v1@$digest2 (3 of 3 blobs uploaded," "$out" || fail "auth push: $(cat "$out")"
n=$(uploads "$m0" "$m1")
[ "$n" = 3 ] || fail "auth push: the registry logged $n blob uploads, not 3"
grep -qF -- "$password" "$out" "$err" && fail "the password appears in the helper's output"

# A credential helper instead of an auths entry (its name in config.json, the secret from it).
mkdir -p "$work/bin" "$work/helper-config"
cat >"$work/bin/docker-credential-pwitest" <<HELPER
#!/bin/sh
read -r server
[ "\$server" = "127.0.0.1:$port" ] || { echo "credentials not found in native keychain"; exit 1; }
printf '{"Username":"pwi","Secret":"%s"}\n' "$password"
HELPER
chmod +x "$work/bin/docker-credential-pwitest"
printf '{"credHelpers": {"127.0.0.1:%s": "pwitest"}}\n' "$port" >"$work/helper-config/config.json"
docker_config="$work/helper-config" expect_push --oci-layout "$work/layout3" --tag "$ref:v2"
grep -qF "pushed $ref:v2@$digest3 (2 of 4 blobs uploaded," "$out" || fail "helper push: $(cat "$out")"
grep -qF -- "$password" "$out" "$err" && fail "the password appears in the helper's output"

# Wrong credentials: exit 5, the password never shown.
printf '{"auths": {"127.0.0.1:%s": {"auth": "%s"}}}\n' "$port" \
  "$(printf '%s' "pwi:wrong-$password" | base64 -w0)" >"$work/auth-config/config.json"
docker_config="$work/auth-config" push --oci-layout "$work/layout2" --tag "$ref:v1"
[ "$push_status" = 5 ] || fail "push with a wrong password exited $push_status, not 5"
grep -qF "were refused" "$err" || fail "wrong password: $(cat "$err")"
echo "registry.push: a wrong password, as expected: $(cat "$err")"
grep -qF -- "$password" "$out" "$err" && fail "the password appears in the helper's output"

printf '{"auths": {"127.0.0.1:%s": {"auth": "%s"}}}\n' "$port" "$auth" >"$work/auth-config/config.json"
[ "$(skopeo_digest --authfile "$work/auth-config/config.json" "docker://$ref:v2")" = "$digest3" ] ||
  fail "skopeo inspect with auth"
stop_registry
echo "registry.push: all checks passed"
