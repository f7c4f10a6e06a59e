#!/usr/bin/env python3
"""A stand-in container engine for checking the commands PyWheelImage generates (never a
substitute for the end-to-end tests, which use the real engine). It logs every call as a JSON
line to $FAKE_ENGINE_LOG and keeps the images it "has" in $FAKE_ENGINE_STATE."""
import hashlib
import json
import os
import sys

args = sys.argv[1:]
state_path = os.environ["FAKE_ENGINE_STATE"]
state = json.load(open(state_path)) if os.path.exists(state_path) else {}
with open(os.environ["FAKE_ENGINE_LOG"], "a") as log:
    # The environment variables the engine plugins set (FAKE_ENGINE_WATCH), as the client sees them.
    watched = {name: os.environ.get(name) for name in os.environ.get("FAKE_ENGINE_WATCH", "").split()}
    log.write(json.dumps({"args": args, **watched}) + "\n")


def save():
    json.dump(state, open(state_path, "w"))


def image_id(seed):
    return "sha256:" + hashlib.sha256(seed.encode()).hexdigest()


if args[:1] == ["version"]:
    sys.exit(0)
if args[:2] == ["image", "inspect"]:
    refs = [a for a in args[2:] if not a.startswith("--") and "{{" not in a]
    missing = [r for r in refs if r not in state]
    for r in refs:
        if r in state:
            print(state[r])
    if missing:
        print(f"Error: No such image: {missing[0]}", file=sys.stderr)
        sys.exit(1)
    sys.exit(0)
if args[:1] == ["build"]:
    tags = [args[i + 1] for i, a in enumerate(args) if a == "-t"]
    new_id = image_id(" ".join(args[:-1]) + open(os.path.join(args[-1], "Dockerfile")).read())
    if "--iidfile" in args:
        open(args[args.index("--iidfile") + 1], "w").write(new_id)
        # Written again, checked: as docker and podman do, a build fails when its --iidfile cannot
        # be written (a full disk).
        try:
            with open(args[args.index("--iidfile") + 1], "w") as iid:
                iid.write(new_id)
        except OSError as error:
            print(f"Error: failed to write image ID to file: {error}", file=sys.stderr)
            sys.exit(1)
    for tag in tags:
        state[tag] = new_id
    save()
    sys.exit(0)
if args[:1] == ["save"]:  # save -o FILE ID: a docker-archive with one layer
    import io
    import tarfile
    out, ref = args[args.index("-o") + 1], args[-1]
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        data = b"fake base\n"
        info = tarfile.TarInfo("etc/fake-base")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    layer = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "config": {"Env": ["PATH=/usr/bin:/bin"], "Cmd": ["python3"]},
                         "rootfs": {"type": "layers", "diff_ids": [diff_id]},
                         "history": [{"created_by": "fake " + ref}]}).encode()
    config_hex = hashlib.sha256(config).hexdigest()
    manifest = json.dumps([{"Config": f"{config_hex}.json", "RepoTags": None,
                            "Layers": [f"{diff_id[7:]}/layer.tar"]}]).encode()
    with tarfile.open(out, "w") as tar:
        for name, data in ((f"{diff_id[7:]}/layer.tar", layer), (f"{config_hex}.json", config),
                           ("manifest.json", manifest)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    sys.exit(0)
if args[:1] == ["load"]:  # load -i FILE: the tags of its manifest name its config's digest
    import tarfile
    with tarfile.open(args[args.index("-i") + 1]) as tar:
        for entry in json.load(tar.extractfile("manifest.json")):
            config = tar.extractfile(entry["Config"]).read()
            for tag in entry.get("RepoTags") or []:
                state[tag] = "sha256:" + hashlib.sha256(config).hexdigest()
    save()
    sys.exit(0)
if args[:1] == ["run"]:
    if "/mnt/pywheelimage/install-env.sh" in args:  # the install: a venv with six in it
        for i, a in enumerate(args):
            if a == "-v" and not a.endswith(":ro") and args[i + 1].split(":")[1] == args[-2]:
                venv = args[i + 1].split(":")[0]
                site = os.path.join(venv, "lib", "python3.11", "site-packages")
                os.makedirs(os.path.join(site, "six-1.16.0.dist-info"), exist_ok=True)
                os.makedirs(os.path.join(venv, "bin"), exist_ok=True)
                if not os.path.lexists(os.path.join(venv, "bin", "python")):
                    os.symlink("/usr/bin/python3", os.path.join(venv, "bin", "python"))
                open(os.path.join(venv, "pyvenv.cfg"), "w").write("home = /usr/bin\n")
                open(os.path.join(site, "six.py"), "w").write("")
                open(os.path.join(site, "six-1.16.0.dist-info", "METADATA"), "w").write(
                    "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n")
                open(os.path.join(site, "six-1.16.0.dist-info", "RECORD"), "w").write(
                    "six.py,,\nsix-1.16.0.dist-info/METADATA,,\nsix-1.16.0.dist-info/RECORD,,\n")
        sys.exit(0)
    if "-" in args and "python3" in args:  # the probe
        print(json.dumps({"markers": {"python_version": "3.11", "python_full_version": "3.11.2",
                                      "os_name": "posix", "sys_platform": "linux",
                                      "platform_system": "Linux", "platform_machine": "x86_64",
                                      "platform_release": "6.1", "platform_version": "#1",
                                      "platform_python_implementation": "CPython",
                                      "implementation_name": "cpython", "implementation_version": "3.11.2"},
                          "tags": ["cp311-cp311-manylinux_2_36_x86_64", "py3-none-any"],
                          "python": {"executable": "/usr/bin/python3", "pip": "23.0.1", "venv": True,
                                     "version": "3.11.2"},
                          "path": "/usr/bin:/bin"}))
        sys.exit(0)
    # The package-manager plugins' library queries (sh -c <script> sh <soname>...): the base has
    # the C library, the builder's packages provide a few more; libnobody.so.3 nobody provides.
    if "-c" in args and args[args.index("-c") - 1] == "sh":
        script = args[args.index("-c") + 1]
        sonames = args[args.index("-c") + 3:]
        if "# pywheelimage: sonames present" in script:
            for soname in sonames:
                if soname in ("libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "libgcc_s.so.1"):
                    print(soname)
        elif "# pywheelimage: soname providers" in script:
            providers = {"libpython3.11.so.1.0": "libpython3.11", "libpq.so.5": "libpq5",
                         "libz.so.1": "zlib1g", "libc.so.6": "libc6"}
            for soname in sonames:
                if soname in providers:
                    print(soname, providers[soname])
        sys.exit(0)
    if "download" in args:  # the builder's pip: a file of the name pip download writes
        for i, a in enumerate(args):
            if a == "-v" and args[i + 1].endswith(":/pwi/out"):
                version = args[-1].split("==")[1]
                open(os.path.join(args[i + 1].rsplit(":", 1)[0], f"pip-{version}-py3-none-any.whl"), "w").close()
        sys.exit(0)
    for i, a in enumerate(args):
        if a == "-v" and args[i + 1].endswith(":/pwi/wheels"):
            host = args[i + 1].rsplit(":", 1)[0]
            import zipfile
            with zipfile.ZipFile(os.path.join(host, "six-1.16.0-py2.py3-none-any.whl"), "w") as whl:
                whl.writestr("six.py", "")
                whl.writestr("six-1.16.0.dist-info/METADATA",
                             "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n")
                whl.writestr("six-1.16.0.dist-info/WHEEL",
                             "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py2-none-any\nTag: py3-none-any\n")
                whl.writestr("six-1.16.0.dist-info/RECORD", "")
            # Wheels with ELF members when asked:
            # $FAKE_ENGINE_ELF_WHEELS="name==version:member=file,member=file ...".
            for spec in os.environ.get("FAKE_ENGINE_ELF_WHEELS", "").split():
                project, members = spec.split(":", 1)
                name, version = project.split("==")
                info = f"{name}-{version}.dist-info"
                with zipfile.ZipFile(os.path.join(host, f"{name}-{version}-py3-none-any.whl"), "w") as whl:
                    for member in members.split(","):
                        inside, outside = member.split("=", 1)
                        whl.writestr(inside, open(outside, "rb").read())
                    whl.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
                    whl.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: py3-none-any\n")
                    whl.writestr(f"{info}/RECORD", "")
            # More pure-Python wheels when asked: $FAKE_ENGINE_EXTRA_WHEELS="name==version ...".
            for spec in os.environ.get("FAKE_ENGINE_EXTRA_WHEELS", "").split():
                name, version = spec.split("==")
                info = f"{name}-{version}.dist-info"
                with zipfile.ZipFile(os.path.join(host, f"{name}-{version}-py3-none-any.whl"), "w") as whl:
                    whl.writestr(f"{name}.py", "")
                    whl.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
                    whl.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
                    whl.writestr(f"{info}/RECORD", "")
    sys.exit(0)
sys.exit(0)  # rm -f, image rm, image prune, import: nothing to fake
