#!/usr/bin/env bash
# unit.image.write_image_reproducible: `pywheelimage write-image` on the same inputs made in two
# directories, under umask 022 and 077, with other file times, writes the same bytes; with
# skopeo (and umoci) installed, they read the OCI layout and both views of the archive.
# Usage: write_image_reproducible.sh HELPER WORKDIR. No container engine is used.
set -euo pipefail
helper="$1"
work="$2"
rm -rf "$work"
mkdir -p "$work"

# The inputs: a docker-archive base (legacy layout), a venv with two distributions, an app.
make_inputs() {
  python3 - "$1" <<'PY'
import hashlib, io, json, os, sys, tarfile
root = sys.argv[1]
def tar_bytes(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1700000000
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()
layer = tar_bytes([("etc/os-release", b"ID=debian\n")])
diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["python3"]},
                     "rootfs": {"type": "layers", "diff_ids": [diff_id]},
                     "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "ADD rootfs"}]}).encode()
config_name = hashlib.sha256(config).hexdigest() + ".json"
manifest = json.dumps([{"Config": config_name, "RepoTags": ["runtime:1"],
                        "Layers": ["0" * 64 + "/layer.tar"]}]).encode()
with open(os.path.join(root, "base.tar"), "wb") as f:
    f.write(tar_bytes([("0" * 64 + "/layer.tar", layer), (config_name, config),
                       ("manifest.json", manifest)]))
venv = os.path.join(root, "venv")
sp = os.path.join(venv, "lib", "python3.11", "site-packages")
def write(path, text, mode=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode & ~umask)  # 0700 under umask 077
umask = os.umask(0)
os.umask(umask)
write(os.path.join(venv, "pyvenv.cfg"), "home = /usr/bin\n")
os.makedirs(os.path.join(venv, "bin"))
os.symlink("/usr/bin/python3", os.path.join(venv, "bin", "python"))
os.symlink("python", os.path.join(venv, "bin", "python3"))
write(os.path.join(venv, "bin", "tool"), "#!/opt/venv/bin/python\n", 0o755)
for name, version, files in (("one", "1.0", ["one/__init__.py"]),
                             ("Two.Pkg", "2.0", ["two_pkg/__init__.py", "two_pkg/data.txt"])):
    dist_info = f"{name}-{version}.dist-info"
    for rel in files:
        write(os.path.join(sp, rel), f"# {rel}\n")
    write(os.path.join(sp, dist_info, "METADATA"), f"Name: {name}\nVersion: {version}\n")
    record = files + [f"{dist_info}/METADATA", f"{dist_info}/RECORD"]
    if name == "one":
        record.append("../../../bin/tool")
    write(os.path.join(sp, dist_info, "RECORD"), "".join(f"{r},,\n" for r in record))
write(os.path.join(sp, "one", "__pycache__", "__init__.cpython-311.pyc"), "pyc")
write(os.path.join(root, "app", "main.py"), "print('hello')\n")
# Names that need pax headers: a long path, a non-ASCII name.
write(os.path.join(root, "app", "x" * 120, "y" * 90 + ".txt"), "long\n")
write(os.path.join(root, "app", "donn\u00e9es.txt"), "utf-8\n")
write(os.path.join(root, "spec.json"), json.dumps(
    {"env": ["PATH=/opt/venv/bin:/usr/bin:/bin"], "cmd": ["python", "/srv/main.py"],
     "tags": ["example/web:1"]}))
PY
}

mkdir -p "$work/a" "$work/b"
(umask 022 && make_inputs "$work/a")
(umask 077 && make_inputs "$work/b")
find "$work/b" -exec touch -h -d '2001-02-03 04:05:06' {} +

run() {
  (cd "$work/$1" && umask "$2" && "$helper" write-image --base base.tar --venv "$work/$1/venv:/opt/venv" \
     --app app:/srv --config spec.json --output image.tar --report layers.json \
     --oci-layout layout --source-date-epoch 1700000000)
}
run a 022
run b 077
cmp "$work/a/image.tar" "$work/b/image.tar"
cmp "$work/a/layers.json" "$work/b/layers.json"
diff -r "$work/a/layout" "$work/b/layout"
echo "write-image: identical outputs under umask 022 and 077"

# Unchanged inputs: nothing rewritten.
before=$(stat -c '%i %Y.%y' "$work/a/image.tar" "$work/a/layers.json" "$work/a/layout/index.json")
run a 022 >/dev/null
after=$(stat -c '%i %Y.%y' "$work/a/image.tar" "$work/a/layers.json" "$work/a/layout/index.json")
[ "$before" = "$after" ] || { echo "write-image rewrote unchanged outputs" >&2; exit 1; }

# A real venv (python3 -m venv --without-pip) with a wheel installed by pip (--python, pip 22.3
# and later): pip's own RECORD, with its ../../../bin script and the bytecode it compiled.
if python3 -m venv --without-pip "$work/real/venv" 2>/dev/null &&
   python3 - "$work/real" <<'PY' &&
import base64, hashlib, sys, zipfile
files = {
    "tiny/__init__.py": "def main():\n    print('tiny')\n",
    "tiny/sub/mod.py": "X = 1\n",
    "tiny-0.3.dist-info/METADATA": "Metadata-Version: 2.1\nName: Tiny\nVersion: 0.3\n",
    "tiny-0.3.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    "tiny-0.3.dist-info/entry_points.txt": "[console_scripts]\ntiny = tiny:main\n",
}
def digest(text):
    raw = hashlib.sha256(text.encode()).digest()
    return "sha256=" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
record = "".join(f"{n},{digest(d)},{len(d.encode())}\n" for n, d in files.items())
with zipfile.ZipFile(f"{sys.argv[1]}/tiny-0.3-py3-none-any.whl", "w") as z:
    for name, text in files.items():
        z.writestr(name, text)
    z.writestr("tiny-0.3.dist-info/RECORD", record + "tiny-0.3.dist-info/RECORD,,\n")
PY
   python3 -m pip --python "$work/real/venv/bin/python" install -q --no-index --no-deps \
     "$work/real/tiny-0.3-py3-none-any.whl" 2>/dev/null; then
  "$helper" write-image --base "$work/a/base.tar" --venv "$work/real/venv:/opt/venv" \
    --config "$work/a/spec.json" --output "$work/real/image.tar" --report "$work/real/layers.json"
  python3 - "$work/real" <<'PY'
import json, sys, tarfile
real = sys.argv[1]
report = json.load(open(f"{real}/layers.json"))
kinds = [layer["kind"] for layer in report["layers"]]
assert kinds == ["environment", "distribution"], kinds
tiny = report["layers"][1]
assert tiny["distributions"][0]["name"] == "Tiny" and tiny["files"] == 12, tiny
with tarfile.open(f"{real}/image.tar") as archive:
    def names(diff_id):
        blob = archive.extractfile("blobs/sha256/" + diff_id[7:])
        with tarfile.open(fileobj=blob) as layer:
            return set(layer.getnames())
    env = names(report["layers"][0]["diff_id"])
    dist = names(tiny["diff_id"])
sp = "opt/venv/lib/python3.11/site-packages/"
assert "opt/venv/pyvenv.cfg" in env and "opt/venv/bin/python" in env, env
assert "opt/venv/bin/tiny" in dist and "opt/venv/bin/tiny" not in env
assert sp + "tiny/sub/__pycache__/mod.cpython-311.pyc" in dist
assert sp + "tiny-0.3.dist-info/REQUESTED" in dist
assert not any(n.startswith(sp + "tiny") for n in env), env
print("write-image: a venv pip installed into: skeleton and one distribution layer")
PY
else
  echo "no python3 -m venv or pip --python here: the real venv is not tried"
fi

if command -v skopeo >/dev/null; then
  skopeo inspect "oci:$work/a/layout" >"$work/inspect-oci.json"
  skopeo inspect "docker-archive:$work/a/image.tar" >"$work/inspect-docker.json"
  skopeo inspect "oci-archive:$work/a/image.tar" >"$work/inspect-oci-archive.json"
  # A full copy checks every blob against its digest.
  skopeo --insecure-policy copy -q "oci:$work/a/layout" "dir:$work/copy-oci"
  skopeo --insecure-policy copy -q "docker-archive:$work/a/image.tar" "dir:$work/copy-docker"
  python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
oci = json.load(open(f"{work}/inspect-oci.json"))
docker = json.load(open(f"{work}/inspect-docker.json"))
report = json.load(open(f"{work}/a/layers.json"))
assert len(oci["Layers"]) == 5, oci["Layers"]
assert docker["Layers"] == [l["diff_id"] for l in report["layers"]][-4:] or len(docker["Layers"]) == 5, docker
assert oci["Digest"] == report["manifest_digest"], (oci["Digest"], report["manifest_digest"])
assert [l["oci_digest"] for l in report["layers"]] == oci["Layers"][1:], oci["Layers"]
print("skopeo: the OCI layout and the archive read back")
PY
else
  echo "skopeo is not installed: the OCI layout is not read back"
fi
if command -v umoci >/dev/null; then
  umoci stat --image "$work/a/layout:1" >/dev/null
  echo "umoci: stat of the layout's image 1"
fi
