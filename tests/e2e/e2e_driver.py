#!/usr/bin/env python3
"""End-to-end scenarios of PyWheelImage on the real engine with real pip.

Each scenario copies tests/e2e/project into its own work directory, packs the fixture packages
of tests/e2e/fixtures as source distributions (no index is used), configures with CMake and
builds with Ninja, then checks the image the way a user would: it runs, imports, has no compiler
and no wheel in any layer above the base, and costs little more than its environment.

    e2e_driver.py <scenario> --module-dir DIR --helper PATH --work DIR [--engine docker]
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE_TREE = HERE.parent.parent
BASE = "pywheelimage/python:bookworm"


def build_env(extra=None):
    """The environment of a configure or build: ccache shared across the scenarios' build
    directories (CCACHE_NOHASHDIR), plus `extra`."""
    env = dict(os.environ)
    env.setdefault("CCACHE_NOHASHDIR", "1")
    env.setdefault("CCACHE_BASEDIR", str(SOURCE_TREE))
    env.update(extra or {})
    return env


def install_prefix(args):
    """An installed PyWheelImage (cmake --install of the build that made --helper), once."""
    prefix = Path(args.work) / "installed-pywheelimage"
    if not (prefix / "bin" / "pywheelimage").exists():
        build_dir = Path(args.helper).resolve().parent.parent
        run(["cmake", "--install", build_dir, "--prefix", prefix])
    return prefix


class Failure(Exception):
    pass


def flat(text):
    """CMake wraps the messages of a failing step: compare them with white space folded."""
    return " ".join(text.split())


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(cmd, cwd=None, check_rc=True, capture=True, env=None):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, text=True, env=env,
                          stdout=subprocess.PIPE if capture else None,
                          stderr=subprocess.STDOUT if capture else None)
    if capture:
        sys.stdout.write(proc.stdout[-6000:])
    if check_rc and proc.returncode != 0:
        raise Failure(f"command failed ({proc.returncode}): {' '.join(str(c) for c in cmd)}")
    return proc


class Project:
    def __init__(self, args, name, requirements, cache=None):
        self.args = args
        self.engine = args.engine
        self.dir = Path(args.work) / name
        shutil.rmtree(self.dir, ignore_errors=True)
        shutil.copytree(HERE / "project", self.dir)
        (self.dir / "packages").mkdir()
        self.tag = f"pwi-e2e/{name}:latest"
        self.cache = {"E2E_TAG": self.tag, **(cache or {})}
        self.pack("pwi_fixture_pure", "1.0")
        self.pack("pwi_fixture_ext", "1.0")
        self.write_requirements(requirements)

    def pack(self, package, version):
        """A source distribution of a fixture: a tarball pip builds with setup.py."""
        src = HERE / "fixtures" / package
        out = self.dir / "packages" / f"{package}-{version}.tar.gz"
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / f"{package}-{version}"
            shutil.copytree(src, root)
            setup = (root / "setup.py").read_text()
            setup = setup.replace('os.environ.get("PWI_FIXTURE_VERSION", "1.0")', f'"{version}"')
            setup = setup.replace("@PROJECT_DIR@", str(self.dir))
            (root / "setup.py").write_text(setup)
            with tarfile.open(out, "w:gz") as tar:
                tar.add(root, arcname=root.name)

    def write_requirements(self, lines):
        (self.dir / "requirements.txt").write_text("--find-links ./packages\n" + "".join(l + "\n" for l in lines))

    def configure(self, config="prebuilt", generator="Ninja"):
        """config: how the project gets PyWheelImage, as a user's would:
        prebuilt     the module dir and PYWHEELIMAGE_EXECUTABLE (a helper built elsewhere)
        subdirectory add_subdirectory(<source tree>), the helper built in the same build (README)
        fetchcontent FetchContent of the source tree, the helper built in the same build
        installed    find_package(PyWheelImage) from `cmake --install` of the source tree"""
        self.config = config
        cmd = ["cmake", "-G", generator, "-S", self.dir, "-B", self.dir / "build",
               f"-DPYWHEELIMAGE_ENGINE={self.engine}", f"-DE2E_CONFIG={config}"]
        if config == "prebuilt":
            cmd += [f"-DPWI_MODULE_DIR={self.args.module_dir}", f"-DPYWHEELIMAGE_EXECUTABLE={self.args.helper}"]
        elif config in ("subdirectory", "fetchcontent"):
            # The helper compiles in this build; ccache (without the build directory in its
            # hash) keeps that to a link after the first scenario.
            cmd += [f"-DE2E_PYWHEELIMAGE_SOURCE={SOURCE_TREE}", "-DCMAKE_BUILD_TYPE=Release"]
            if shutil.which("ccache"):
                cmd += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"]
        elif config == "installed":
            cmd += [f"-DCMAKE_PREFIX_PATH={install_prefix(self.args)}"]
        else:
            raise Failure(f"unknown configuration {config}")
        cmd += [f"-D{k}={v}" for k, v in self.cache.items()]
        run(cmd, env=build_env())

    def build(self, check_rc=True, env=None):
        return run(["cmake", "--build", self.dir / "build", "--target", "image-fixture"], check_rc=check_rc,
                   env=build_env(env))

    def image_id(self):
        proc = run([self.engine, "image", "inspect", "--format", "{{.Id}}", self.tag], check_rc=False)
        return proc.stdout.strip() if proc.returncode == 0 else None

    def in_image(self, script, check_rc=True):
        return run([self.engine, "run", "--rm", "--network", "none", "--entrypoint=", self.tag,
                    "sh", "-c", script], check_rc=check_rc)

    def work(self):
        return self.dir / "build" / "pywheelimage" / "fixture"


EVENT_FORMATS = {
    # Docker: Type, Action, and the actor's name attribute (a container's or an image's name).
    "docker": "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}",
    # Podman has its own fields: Status is the action, Name the container's or image's name.
    "podman": "{{.Type}} {{.Status}} {{.Name}}",
}


def engine_events(engine, since, until):
    """The engine's events between two times, as "type action name" lines. Fails when the
    event stream cannot be read: a count over a stream that said nothing proves nothing."""
    cmd = [engine, "events", "--since", f"{since:.6f}" if engine == "docker" else str(int(since)),
           "--until", f"{until:.6f}" if engine == "docker" else str(int(until) + 1),
           "--format", EVENT_FORMATS[engine]]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise Failure(f"cannot read the engine's events ({' '.join(cmd)}: exit {proc.returncode}): "
                      f"{proc.stderr.strip()}")
    return [line.strip() for line in proc.stdout.splitlines() if line.strip()]


class EventWatch:
    """The engine's events during a `with` block. On leaving it, a sentinel event of our own (a
    tag added to the base and removed) must show up in the stream, which proves that the stream
    works and covers the block; events() then holds the block's events without it."""

    def __init__(self, engine):
        self.engine = engine
        self.sentinel = f"pwi-e2e/sentinel:{os.getpid()}-{int(time.time() * 1000)}"

    def __enter__(self):
        # Events are stamped in whole seconds by podman: start on a fresh second.
        time.sleep(1.1)
        self.since = time.time()
        return self

    def __exit__(self, kind, value, tb):
        if kind is not None:
            return False
        # Tagged inside the window, untagged after the events are read (outside it).
        run([self.engine, "image", "tag", BASE, self.sentinel])
        time.sleep(1.1)
        try:
            self._events = engine_events(self.engine, self.since, time.time())
        finally:
            run([self.engine, "image", "rm", self.sentinel])
        name = self.sentinel.split(":")[0]
        seen = [e for e in self._events if e.split()[0] == "image" and name in e]
        if not seen:
            raise Failure("the engine's event stream did not show the sentinel tag "
                          f"{self.sentinel}: it cannot be used to count what the build did; "
                          f"events read: {self._events}")
        self._events = [e for e in self._events if name not in e]
        return False

    def events(self):
        return self._events

    def started(self, name_prefix=""):
        """Names of the containers started whose names start with `name_prefix`."""
        out = []
        for event in self._events:
            parts = event.split()
            if parts[0] == "container" and parts[1] == "start":
                name = " ".join(parts[2:])
                if name.startswith(name_prefix):
                    out.append(name)
        return out

    def changes(self):
        """Container and image events other than inspections: what a no-op must not cause."""
        return [e for e in self._events if e.split()[0] in ("container", "image")
                and e.split()[1] not in ("inspect",)]


class ApiCounter:
    """A counting pass-through for Docker's API socket. A build run with env() asks the engine
    through it (DOCKER_HOST=unix://<proxy>): the helper's image questions and any CLI call (a
    CLI first asks /_ping) are counted by method and path. It fails when it saw no request at
    all, so that a build that asked nothing is not taken for a correct no-op."""

    def __init__(self, work, upstream="/var/run/docker.sock"):
        self.upstream = upstream
        self.path = str(Path(work) / f"api-counter-{os.getpid()}.sock")
        self.requests = []
        self._lock = threading.Lock()
        self._threads = []

    def __enter__(self):
        if os.path.exists(self.path):
            os.unlink(self.path)
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(self.path)
        self._server.listen(16)
        self._stop = False
        t = threading.Thread(target=self._accept, daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def env(self):
        return {"DOCKER_HOST": f"unix://{self.path}"}

    def _accept(self):
        while not self._stop:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.upstream)
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src, dst, count):
        seen = bytearray()
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if count:
                    seen += data
                dst.sendall(data)
        except OSError:
            pass
        finally:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            if count:
                found = [f"{m.group(1).decode()} {m.group(2).decode()}" for m in
                         re.finditer(rb"(GET|POST|HEAD|PUT|DELETE) (/\S*) HTTP/1\.[01]\r\n", bytes(seen))]
                with self._lock:
                    self.requests.extend(found)

    def __exit__(self, kind, value, tb):
        self._stop = True
        time.sleep(0.5)  # the last connections' requests are counted when they close
        self._server.close()
        os.unlink(self.path)
        return False

    def image_questions(self):
        return [r for r in self.requests if r.startswith("GET ") and "/images/" in r and r.endswith("/json")]

    def cli_calls(self):
        return [r for r in self.requests if r.endswith("/_ping")]

    def writes(self):
        return [r for r in self.requests if not r.startswith(("GET ", "HEAD "))]


def check_noop(project, proc, watch, api=None):
    """A no-op: nothing built or started, no step said it ran, and the build asked the engine."""
    check(not watch.changes(), f"a no-op rebuild changed something in the engine: {watch.changes()}")
    check("pywheelimage:" not in proc.stdout, "a no-op rebuild ran a step:\n" + proc.stdout)
    if api is not None:
        print(f"API requests during the no-op: {api.requests}")
        check(api.image_questions(), "a no-op rebuild did not ask the engine about its images at all: "
              f"the every-build check did not run (requests: {api.requests})")
        check(not api.cli_calls(), f"a no-op rebuild started the engine's CLI: {api.requests}")
        check(not api.writes(), f"a no-op rebuild asked the engine to change something: {api.requests}")


def layers_above_base(engine, image, base):
    """Yields (layer index, member name) for every file in the image's layers above the base."""
    base_layers = json.loads(run([engine, "image", "inspect", "--format", "{{json .RootFS.Layers}}", base]).stdout)
    with tempfile.TemporaryDirectory() as tmp:
        tar_path = Path(tmp) / "image.tar"
        run([engine, "save", "-o", tar_path, image])
        with tarfile.open(tar_path) as outer:
            manifest = json.load(outer.extractfile("manifest.json"))
            layers = manifest[0]["Layers"]
            check(len(layers) > len(base_layers), "the image has no layer above its base")
            for index, layer in enumerate(layers[len(base_layers):], start=len(base_layers)):
                with tarfile.open(fileobj=outer.extractfile(layer)) as inner:
                    for member in inner.getmembers():
                        yield index, member


def check_slim(project):
    """No compiler, no headers, no wheel, no pip cache in any layer above the base; runs; pip check."""
    forbidden = []
    for index, member in layers_above_base(project.engine, project.tag, BASE):
        name = member.name
        base = name.rsplit("/", 1)[-1]
        if (name.endswith(".whl") or "/.cache/pip" in "/" + name or name.startswith("usr/include/")
                or base in ("gcc", "cc", "c++", "g++", "x86_64-linux-gnu-gcc-12", "cc1")
                or (base.startswith("gcc-") and name.startswith("usr/bin/"))
                or (name.startswith("opt/venv/") and "/pip/" in name and "site-packages/pip/" in name)):
            forbidden.append(f"layer {index}: {name}")
    check(not forbidden, "forbidden files above the base:\n  " + "\n  ".join(forbidden[:20]))
    # One name per `command -v`: dash's looks at the first name only.
    proc = project.in_image("for c in gcc cc c++ g++ x86_64-linux-gnu-gcc-12; do command -v \"$c\"; done; echo checked")
    lines = proc.stdout.strip().splitlines()
    check(lines and lines[-1] == "checked", "the compiler check did not run")
    check(not [l for l in lines[:-1] if l.startswith("/")],
          f"a compiler is on PATH in the image: {lines[:-1]}")
    proc = project.in_image("/usr/bin/python3 -m pip --python /opt/venv/bin/python check --disable-pip-version-check")
    check("No broken requirements found." in proc.stdout, "pip check is not clean")
    proc = project.in_image("test ! -e /opt/venv/bin/pip && echo no-pip-in-venv")
    check("no-pip-in-venv" in proc.stdout, "the environment carries pip")


def image_size(engine, ref):
    return int(run([engine, "image", "inspect", "--format", "{{.Size}}", ref]).stdout.strip())


def check_size(project, runtime_packages=()):
    """The bytes over the base are within 5% of what must be there: the environment's files,
    the application's files and, with runtime packages, their files and the package manager's
    records of them (dpkg's status and info files, apt's extended_states, the linker cache),
    which a layer must rewrite whole."""
    over = image_size(project.engine, project.tag) - image_size(project.engine, BASE)
    script = "find /opt/venv /srv -type f -printf '%s\\n' | awk '{s+=$1} END {print s}'"
    needed = int(project.in_image(script).stdout.strip().splitlines()[-1])
    for package in runtime_packages:
        out = project.in_image(
            f"dpkg -L {package} | while read -r f; do [ -f \"$f\" ] && [ ! -L \"$f\" ] && stat -c %s \"$f\"; done"
            " | awk '{s+=$1} END {print s+0}'").stdout.strip().splitlines()[-1]
        needed += int(out)
    if runtime_packages:
        names = " ".join(f"/var/lib/dpkg/info/{p}:*" for p in runtime_packages)
        out = project.in_image(
            f"stat -c %s /var/lib/dpkg/status /var/lib/apt/extended_states /etc/ld.so.cache {names}"
            " 2>/dev/null | awk '{s+=$1} END {print s+0}'").stdout.strip().splitlines()[-1]
        needed += int(out)
    ratio = over / needed
    print(f"size over base: {over} bytes; needed: {needed} bytes; ratio {ratio:.3f}")
    check(ratio <= 1.05, f"the image is {over} bytes over its base, more than 5% above the {needed} bytes it needs")


STARTED = time.time()


def no_leftovers(engine, owner_hint="pwi-"):
    """No throwaway container and no dangling image (a runtime, a builder) that this scenario
    made (images from before it started, an earlier interrupted run's, are not its doing)."""
    proc = run([engine, "ps", "-a", "--format", "{{.Names}}"])
    names = [n for n in proc.stdout.split() if n.startswith(owner_hint)]
    check(not names, f"throwaway containers were left behind: {names}")
    proc = run([engine, "images", "-q", "--no-trunc", "--filter", "dangling=true"])
    left = []
    for image in proc.stdout.split():
        created = run([engine, "image", "inspect", "--format", "{{.Created}}", image]).stdout.strip()
        stamp = subprocess.run(["date", "-d", created, "+%s.%N"], capture_output=True, text=True).stdout
        if stamp and float(stamp) >= STARTED - 1:
            left.append(image)
    check(not left, f"dangling images were left behind: {left}")


# ---------------------------------------------------------------------------------------------
# Scenarios


def scenario_build(args):
    """The README's setup (add_subdirectory, the helper built in the same build): a cold build;
    the image runs and imports the C extension; slim; size; a no-op that asks the engine and
    changes nothing; then each image removed behind its stamp is rebuilt, and only it."""
    p = Project(args, "build", ["pwi-fixture-ext", "pwi-fixture-snoop"])
    p.pack("pwi_fixture_snoop", "1.0")
    (p.dir / "secret.txt").write_text("not for the builder\n")
    p.configure("subdirectory")
    p.build()
    proc = run([p.engine, "run", "--rm", "--network", "none", p.tag])
    check("hello from pwi-fixture-pure 5" in proc.stdout, "the image's app did not run as expected")
    # The builder saw only what pip reads: the snoop package's build code ran there and found
    # none of the project's other files.
    proc = p.in_image("python3 -c 'import pwi_fixture_snoop as s; print(s.RAN, s.SEEN)'")
    check(proc.stdout.strip().splitlines()[-1] == "True []",
          f"the builder saw files of the source tree that no requirement names: {proc.stdout}")
    check_slim(p)
    check_size(p)
    no_leftovers(p.engine)
    proc = run(["ctest", "--test-dir", p.dir / "build", "-R", "pywheelimage.fixture", "--output-on-failure"])
    check("smoke test passed" in proc.stdout or "100% tests passed" in proc.stdout,
          "the image's smoke test did not pass")
    check_stamps_trusted_only_while_true(p)


def check_stamps_trusted_only_while_true(p, builder=True):
    """A no-op asks the engine once and changes nothing; an image removed (rmi), retagged, or
    (with `builder`) a builder removed behind its stamp is rebuilt by the next build, and
    nothing else is."""
    first = p.image_id()
    with ApiCounter(p.dir) as api, EventWatch(p.engine) as watch:
        proc = p.build(env=api.env())
    check_noop(p, proc, watch, api)
    check(p.image_id() == first, "a no-op rebuild changed the image")

    # The image removed: only the image is built again (no wheel build, no builder).
    run([p.engine, "image", "rm", p.tag])
    with EventWatch(p.engine) as watch:
        proc = p.build()
    check(p.image_id() is not None, "the image was not rebuilt after rmi")
    check("is gone" in flat(proc.stdout), "the rebuild after rmi did not say why")
    check("building wheels" not in proc.stdout and "builder image" not in proc.stdout,
          "removing the image rebuilt more than the image")
    check(not [c for c in watch.started() if c.endswith("-wheels")], "removing the image started pip wheel")

    # Another image pushed over the tag: the next build notices and puts its own back.
    mine = p.image_id()
    run([p.engine, "image", "tag", BASE, p.tag])
    proc = p.build()
    check(p.image_id() not in (None, image_id_of(p.engine, BASE)), "a tag moved to another image was not rebuilt")
    check("retagged" in flat(proc.stdout), "the rebuild after a retag did not say why")

    if not builder:
        with EventWatch(p.engine) as watch:
            proc = p.build()
        check_noop(p, proc, watch)
        return
    # The builder removed: it is built again; the wheels it made are still valid (same
    # definition), so no pip wheel runs and the image stays.
    builder = read_stamp(p.work() / "builder.stamp")["tag"]
    image = p.image_id()
    run([p.engine, "image", "rm", builder])
    with EventWatch(p.engine) as watch:
        proc = p.build()
    check(image_id_of(p.engine, builder) is not None, "the builder was not rebuilt after rmi")
    check("builder image" in flat(proc.stdout) and "is gone" in flat(proc.stdout),
          "the rebuild after the builder's rmi did not say why")
    check(not [c for c in watch.started() if c.endswith("-wheels")], "removing the builder started pip wheel")
    check(p.image_id() == image, "removing the builder changed the image")
    with EventWatch(p.engine) as watch:
        proc = p.build()
    check_noop(p, proc, watch)


def image_id_of(engine, ref):
    proc = run([engine, "image", "inspect", "--format", "{{.Id}}", ref], check_rc=False)
    return proc.stdout.strip() if proc.returncode == 0 else None


def read_stamp(path):
    return dict(line.split(" ", 1) for line in Path(path).read_text().splitlines() if " " in line)


def scenario_configurations(args):
    """The every-build check in the other ways of using the module: FetchContent with the helper
    built in the same build, find_package of an installed PyWheelImage. (A prebuilt helper is
    what the change, incremental, base-changed and hashes scenarios use.)"""
    for config in ("fetchcontent", "installed"):
        p = Project(args, f"config-{config}", ["pwi-fixture-ext"])
        p.configure(config)
        p.build()
        first = p.image_id()
        check(first is not None, f"{config}: no image")
        with ApiCounter(p.dir) as api, EventWatch(p.engine) as watch:
            proc = p.build(env=api.env())
        check_noop(p, proc, watch, api)
        run([p.engine, "image", "rm", p.tag])
        proc = p.build()
        check(p.image_id() is not None, f"{config}: the image was not rebuilt after rmi")
        check("building wheels" not in proc.stdout, f"{config}: removing the image rebuilt the wheels")
        run([p.engine, "image", "rm", p.tag], check_rc=False)
        run([p.engine, "image", "rm", read_stamp(p.work() / "builder.stamp")["tag"]], check_rc=False)


def scenario_change(args):
    """A changed pin rebuilds only that project's wheel, and the image; an app change only the
    image, on its unchanged environment image (nothing reinstalled)."""
    p = Project(args, "change", ["pwi-fixture-pure", "pwi-fixture-ext==1.0"])
    p.configure()
    p.build()
    p.pack("pwi_fixture_ext", "1.1")
    p.write_requirements(["pwi-fixture-pure", "pwi-fixture-ext==1.1"])
    proc = p.build()
    check("building wheels" in proc.stdout, "a changed requirement did not rebuild the wheels")
    check("Building wheel for pwi-fixture-ext" in proc.stdout, "the changed pin was not built")
    check("Building wheel for pwi-fixture-pure" not in proc.stdout,
          "a pin change rebuilt an unchanged project")
    check("installing the locked wheels" in proc.stdout, "a pin change did not reinstall")
    lock = (p.work() / "requirements.lock").read_text()
    check("pwi-fixture-ext==1.1" in lock, "the lock does not pin the new version:\n" + lock)
    proc = p.in_image("python3 -c 'import importlib.metadata as m; print(m.version(\"pwi-fixture-ext\"))'")
    check(proc.stdout.strip().endswith("1.1"), "the image does not have the new version")

    (p.dir / "app.py").write_text((p.dir / "app.py").read_text() + "print('changed app')\n")
    proc = p.build()
    check("building wheels" not in proc.stdout, "an app change rebuilt the wheels")
    check("building image" in proc.stdout, "an app change did not rebuild the image")
    check("environment of 'fixture' unchanged" in proc.stdout and "installing the locked wheels" not in proc.stdout,
          "an app change reinstalled the environment")
    proc = run([p.engine, "run", "--rm", "--network", "none", p.tag])
    check("changed app" in proc.stdout, "the image does not have the changed app")


def scenario_failing_wheel(args):
    """A wheel that does not build: pip's error is shown, the previous image and wheelhouse stay,
    nothing is left behind, and the next build retries cleanly."""
    p = Project(args, "failing", ["pwi-fixture-ext"])
    p.configure()
    p.build()
    good_id = p.image_id()
    good_lock = (p.work() / "requirements.lock").read_text()
    good_wheels = sorted(os.listdir(p.work() / "wheelhouse"))

    p.pack("pwi_fixture_broken", "1.0")
    p.write_requirements(["pwi-fixture-ext", "pwi-fixture-broken"])
    proc = p.build(check_rc=False)
    check(proc.returncode != 0, "a requirement that does not build did not fail the build")
    check("this extension does not compile" in proc.stdout, "pip's error was not shown")
    check("The previous wheelhouse and image are unchanged" in flat(proc.stdout), "the failure message is missing")
    check(p.image_id() == good_id, "the previous image was replaced")
    check((p.work() / "requirements.lock").read_text() == good_lock, "the lock was changed")
    check(sorted(os.listdir(p.work() / "wheelhouse")) == good_wheels, "the wheelhouse was changed")
    leftovers = [d for d in os.listdir(p.work()) if d.startswith("wheelhouse.") and
                 d != os.readlink(p.work() / "wheelhouse")]
    check(not leftovers, f"half-written wheelhouses were left: {leftovers}")
    no_leftovers(p.engine)

    p.write_requirements(["pwi-fixture-ext"])
    p.build()
    check(p.image_id() is not None, "the build after the fix did not succeed")


def scenario_missing_runtime_library(args):
    """A C extension linking a library the base lacks: without RUNTIME_PACKAGES the build infers
    the package from the builder (libyaml-dev brought libyaml-0-2), says why, and the image
    imports; named in RUNTIME_PACKAGES it still counts, installed once."""
    p = Project(args, "runtime-lib", ["pwi-fixture-yaml"], cache={"E2E_BUILD_PACKAGES": "libyaml-dev"})
    p.pack("pwi_fixture_yaml", "1.0")
    p.configure()
    proc = p.build()
    check("needs libyaml-0.so.2 -> libyaml-0-2" in proc.stdout,
          "the build does not say which runtime package it inferred and why")
    runtime = (p.work() / "runtime.Dockerfile").read_text()
    check("libyaml-0-2" in runtime, "runtime.Dockerfile does not install the inferred package")
    proc = p.in_image("python3 -c 'import pwi_fixture_yaml; print(pwi_fixture_yaml.version())'")
    check(proc.stdout.strip().splitlines()[-1].startswith("0."), "the yaml extension does not import")
    check_slim(p)
    check_size(p, runtime_packages=["libyaml-0-2"])
    p.cache["E2E_RUNTIME_PACKAGES"] = "libyaml-0-2"
    p.configure()
    proc = p.build()
    check("libyaml-0-2 (in RUNTIME_PACKAGES)" in proc.stdout,
          "an explicit runtime package is not recognized as the provider")
    runtime = (p.work() / "runtime.Dockerfile").read_text()
    check(runtime.count("libyaml-0-2") == 1, "the runtime package is installed twice:\n" + runtime)


def wheel_hashes(project):
    import hashlib
    house = project.work() / "wheelhouse"
    return {f: hashlib.sha256((house / f).read_bytes()).hexdigest() for f in sorted(os.listdir(house))}


def scenario_incremental(args):
    """Each change costs only its work: a requirement added builds only the new project; the
    builder changed rebuilds only the wheels compiled here, byte-identical, so the image stays."""
    # --no-binary :all: makes pip ignore ready wheels in --find-links: the wheels built before
    # must be reused all the same (pinned by direct URL), not rebuilt.
    p = Project(args, "incremental", ["--no-binary :all:", "pwi-fixture-pure"])
    p.configure()
    p.build()
    p.write_requirements(["--no-binary :all:", "pwi-fixture-pure", "pwi-fixture-ext"])
    proc = p.build()
    check("Building wheel for pwi-fixture-ext" in proc.stdout, "the added project was not built")
    check("Building wheel for pwi-fixture-pure" not in proc.stdout, "an unchanged project was built again")
    check("changed: requirements.txt" in proc.stdout, "the wheel step did not say why it ran")
    before = wheel_hashes(p)
    image = p.image_id()

    # A requirement removed: the wheelhouse satisfies the rest, so no container starts; the image
    # is rebuilt without it.
    p.write_requirements(["--no-binary :all:", "pwi-fixture-pure"])
    with EventWatch(p.engine) as watch:
        proc = p.build()
    check("no container started" in proc.stdout, "a removed requirement started pip wheel")
    check("building image" in proc.stdout, "a removed requirement did not rebuild the image")
    started = watch.started("pwi-")
    check(not [c for c in started if c.endswith("-wheels")], f"a removed requirement started pip wheel: {started}")
    check([c for c in started if c.endswith("-install")], "a removed requirement did not reinstall the environment")
    proc = p.in_image("python3 -c 'import pwi_fixture_ext' 2>&1 || echo removed-ok")
    check("removed-ok" in proc.stdout, "the removed project is still in the image")
    check(any(f.startswith("pwi_fixture_ext-") for f in os.listdir(p.work() / "wheelhouse")),
          "the wheelhouse dropped the removed project's wheel (it is a cache)")
    run(["cmake", "--build", p.dir / "build", "--target", "wheels-fixture-prune"])
    check(sorted(os.listdir(p.work() / "wheelhouse")) == ["pwi_fixture_pure-1.0-py3-none-any.whl"],
          "pruning did not leave exactly the locked wheels")

    # A requirement file edited without changing what it resolves to: nothing rebuilt.
    p.write_requirements(["--no-binary :all:", "pwi-fixture-ext", "# a comment", "pwi-fixture-pure"])
    p.build()
    image = p.image_id()
    lock = (p.work() / "requirements.lock").read_text()
    p.write_requirements(["# reordered, with a comment", "--no-binary :all:", "pwi-fixture-pure",
                          "pwi-fixture-ext  # again"])
    with EventWatch(p.engine) as watch:
        proc = p.build()
    check("building" not in proc.stdout, "an edit that changes nothing rebuilt something")
    check((p.work() / "requirements.lock").read_text() == lock, "the lock changed")
    check(p.image_id() == image, "the image changed")
    check(not watch.started(), "an edit that changes nothing started a container")

    p.cache["E2E_BUILD_PACKAGES"] = "make"
    p.configure()
    proc = p.build()
    check("Building wheel for pwi-fixture-ext" in proc.stdout,
          "a wheel compiled here was not rebuilt after BUILD_PACKAGES changed")
    check("Building wheel for pwi-fixture-pure" not in proc.stdout, "a pure wheel was rebuilt")
    check("changed: builder image" in proc.stdout, "the wheel step did not say the builder changed")
    check(wheel_hashes(p) == before, "the rebuilt wheels are not byte-identical")
    check("building image" not in proc.stdout, "identical wheels rebuilt the image")
    check(p.image_id() == image, "identical wheels changed the image")

    # --no-binary changed: exactly the projects pip now takes otherwise are built again (the
    # wheelhouse would satisfy the files as they are: without this, no container would start).
    for lines, affected, kept in (
            (["--no-binary pwi-fixture-ext", "pwi-fixture-pure", "pwi-fixture-ext"], "pure", "ext"),
            (["--no-binary pwi-fixture-ext", "--no-binary pwi-fixture-pure", "pwi-fixture-pure",
              "pwi-fixture-ext"], "pure", "ext"),
            (["--no-binary pwi-fixture-pure", "pwi-fixture-pure", "pwi-fixture-ext"], "ext", "pure")):
        p.write_requirements(lines)
        proc = p.build()
        check(f"--no-binary, --only-binary or build options changed for pwi_fixture_{affected}-" in proc.stdout,
              f"a --no-binary change was not noticed for pwi-fixture-{affected}:\n" + proc.stdout)
        check(f"Building wheel for pwi-fixture-{affected}" in proc.stdout,
              f"pwi-fixture-{affected}, whose format control changed, was not built again")
        check(f"Building wheel for pwi-fixture-{kept}" not in proc.stdout,
              f"pwi-fixture-{kept}, whose format control did not change, was built again")


def scenario_base_changed(args):
    """A new image id behind the same base tag: the base's step notices it in the image's one
    inspect, the builder is rebuilt, the wheels compiled here are built again (pure ones are
    kept), and the image is rebuilt on the new base."""
    p = Project(args, "base-changed", ["pwi-fixture-ext"])
    p.configure()
    p.build()
    label = run([p.engine, "image", "inspect", "--format",
                 '{{index .Config.Labels "pywheelimage.definition"}}', BASE]).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "Dockerfile").write_text(
            f"FROM {BASE}\nLABEL pywheelimage.definition={label} pywheelimage.e2e=rebased\n")
        run([p.engine, "build", "-q", "-t", BASE, tmp])
    proc = p.build()
    check("gone from" in flat(proc.stdout) and "retagged" in flat(proc.stdout),
          "the new base id was not noticed")
    check("changed: builder image" in proc.stdout, "the wheels did not say the builder changed")
    check("Building wheel for pwi-fixture-ext" in proc.stdout, "the compiled wheel was not rebuilt")
    check("Building wheel for pwi-fixture-pure" not in proc.stdout, "the pure wheel was rebuilt")
    check("changed: " in proc.stdout and "base image" in proc.stdout, "the image did not say the base changed")
    proc = p.in_image("cat /proc/1/cmdline >/dev/null && echo ok")
    check(proc.stdout.strip().endswith("ok"), "the image on the new base does not run")
    labels = run([p.engine, "image", "inspect", "--format", "{{json .Config.Labels}}", p.tag]).stdout
    check("rebased" in labels, "the image is not on the new base")
    proc = p.build()
    check("building" not in proc.stdout, "the build after the base change is not a no-op")


def scenario_parallel(args):
    """Two images on one base build in parallel (-j2) without racing on builders or caches."""
    p = Project(args, "parallel", ["pwi-fixture-ext"], cache={"E2E_SECOND_IMAGE": "ON"})
    p.configure()
    run(["cmake", "--build", p.dir / "build", "-j2", "--target", "image-fixture", "image-second"])
    for tag in (p.tag, p.tag + "-second"):
        proc = run([p.engine, "run", "--rm", "--network", "none", "--entrypoint=", tag,
                    "python3", "-c", "import pwi_fixture_ext; print(pwi_fixture_ext.add(20, 22))"])
        check(proc.stdout.strip().endswith("42"), f"{tag} does not work")
    no_leftovers(p.engine)


def interrupt_build(project, container_match, delay=1.0):
    """Starts a build and sends Ctrl-C (SIGINT to its process group) while a container whose
    name or command contains `container_match` runs: Ninja shows a step's output only when the
    step ends, so the engine, not the build log, says when a step is under way."""
    import signal
    proc = subprocess.Popen(["cmake", "--build", project.dir / "build", "--target", "image-fixture"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    deadline = time.time() + 600
    hit = False
    while time.time() < deadline and proc.poll() is None:
        ps = subprocess.run([project.engine, "ps", "--no-trunc", "--format", "{{.Names}} {{.Command}}"],
                            capture_output=True, text=True).stdout
        if container_match in ps:
            time.sleep(delay)
            os.killpg(proc.pid, signal.SIGINT)
            hit = True
            break
        time.sleep(0.2)
    out, _ = proc.communicate(timeout=300)
    print(out[-3000:])
    check(hit, f"no container matching '{container_match}' ran during the build")
    check(proc.returncode != 0, "the interrupted build reported success")


def scenario_interrupted(args):
    """Ctrl-C during the wheel build and during the environment's install: the next build finishes
    correctly with no manual cleanup, and nothing is left behind."""
    p = Project(args, "interrupted", ["pwi-fixture-ext"])
    p.configure()
    run(["cmake", "--build", p.dir / "build", "--target", "base-python"])
    interrupt_build(p, "-wheels ")
    time.sleep(2)
    p.build()
    check(p.image_id() is not None, "the build after an interrupted wheel build did not finish")
    # A new version pinned: the environment is installed again, in a throwaway container.
    (p.dir / "app.py").write_text((p.dir / "app.py").read_text() + "print('again')\n")
    p.pack("pwi_fixture_ext", "1.1")
    p.write_requirements(["pwi-fixture-ext==1.1"])
    interrupt_build(p, "-install ", delay=0.3)
    time.sleep(2)
    p.build()
    proc = run([p.engine, "run", "--rm", "--network", "none", p.tag])
    check("again" in proc.stdout, "the build after an interrupted install did not finish")
    proc = p.in_image("python3 -c 'import importlib.metadata as m; print(m.version(\"pwi-fixture-ext\"))'")
    check(proc.stdout.strip().endswith("1.1"), "the build after an interrupted install lacks the new version")
    no_leftovers(p.engine)
    leftovers = [d for d in os.listdir(p.work()) if d.startswith("wheelhouse.") and
                 d != os.readlink(p.work() / "wheelhouse")]
    check(not leftovers, f"half-written wheelhouses were left: {leftovers}")


def scenario_makefiles(args):
    """Unix Makefiles build the same image; a rebuild with nothing changed builds nothing."""
    p = Project(args, "makefiles", ["pwi-fixture-ext"])
    p.configure("subdirectory", generator="Unix Makefiles")
    p.build()
    proc = run([p.engine, "run", "--rm", "--network", "none", p.tag])
    check("hello from pwi-fixture-pure 5" in proc.stdout, "the image's app did not run as expected")
    # (The builder's rmi is the same state step as with Ninja, checked in `build`.)
    check_stamps_trusted_only_while_true(p, builder=False)


def scenario_bad_base(args):
    """A BASE without python3, and an engine that does not answer: one clear message each."""
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.tar"
        with tarfile.open(empty, "w"):
            pass
        run([args.engine, "import", empty, "pwi-e2e/no-python:latest"])
    try:
        p = Project(args, "no-python", ["pwi-fixture-ext"], cache={"E2E_BASE": "pwi-e2e/no-python:latest"})
        p.configure()
        proc = p.build(check_rc=False)
        check(proc.returncode != 0, "a BASE without python3 did not fail the build")
        check("the BASE image 'pwi-e2e/no-python:latest' of image 'fixture' has no python3" in flat(proc.stdout),
              "a BASE without python3 did not say so")
    finally:
        run([args.engine, "image", "rm", "pwi-e2e/no-python:latest"], check_rc=False)

    p = Project(args, "engine-down", ["pwi-fixture-ext"])
    p.configure()
    env_host = os.environ.get("DOCKER_HOST")
    os.environ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock"
    try:
        proc = p.build(check_rc=False)
    finally:
        if env_host is None:
            del os.environ["DOCKER_HOST"]
        else:
            os.environ["DOCKER_HOST"] = env_host
    check(proc.returncode != 0, "a build without an answering engine did not fail")
    check(f"the container engine '{p.engine}' does not answer" in flat(proc.stdout),
          "an engine that does not answer was not named")


PIP_COMPILED = """#
# This file is autogenerated by pip-compile with Python 3.11
# by the following command:
#
#    pip-compile --generate-hashes requirements.in
#
markupsafe==2.1.5 \\
    --hash=sha256:d283d37a890ba4c1ae73ffadf8046435c76e7bc2247bbb63c00bd1a709c6544b
    # via -r requirements.in
six==1.16.0 \\
    --hash=sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926 \\
    --hash=sha256:8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254
    # via -r requirements.in
"""
IDNA = """idna==3.6 \\
    --hash=sha256:9ecdbbd083b06798ae1e86adcbfe8ab1479cf864e4ee30fe4e46a003d12491ca \\
    --hash=sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f
    # via -r requirements.in
"""


def scenario_hashes(args):
    """A pip-compile --generate-hashes file from PyPI: MarkupSafe compiled from its verified
    sdist (locked by the hash of the wheel built here), six as its ready-made wheel (which must
    match the user's hash); a no-op starts nothing; a line added fetches only that project; a
    wrong hash fails as pip fails and keeps the previous image."""
    p = Project(args, "hashes", [], cache={"E2E_PIP_ARGS": ""})
    (p.dir / "requirements.txt").write_text(PIP_COMPILED)
    p.configure()
    proc = p.build()
    check("pip fetches and verifies markupsafe==2.1.5, six==1.16.0" in flat(proc.stdout),
          "the wheel step did not say what pip fetches")
    check("Building wheel for markupsafe" in proc.stdout.lower() or "building wheel for markupsafe" in proc.stdout.lower(),
          "MarkupSafe was not built from its sdist")
    lock = (p.work() / "requirements.lock").read_text()
    house = p.work() / "wheelhouse"
    built = [f for f in os.listdir(house) if f.lower().startswith("markupsafe-") and f.endswith(".whl")]
    check(len(built) == 1 and "linux_x86_64" in built[0], f"no wheel compiled here for MarkupSafe: {built}")
    import hashlib
    own = hashlib.sha256((house / built[0]).read_bytes()).hexdigest()
    check(own in lock, "the lock does not pin the wheel built here by its own hash:\n" + lock)
    check("8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254" in lock,
          "the lock does not pin six's ready-made wheel by the user's hash:\n" + lock)
    record = json.loads((house / "pywheelimage-provenance.json").read_text())["wheels"]
    check(record[built[0]]["built_here"] is True and record[built[0]]["verified_hashes"] ==
          ["sha256:d283d37a890ba4c1ae73ffadf8046435c76e7bc2247bbb63c00bd1a709c6544b"],
          f"the provenance of the built wheel is wrong: {record}")
    proc = p.in_image("python3 -c 'import markupsafe._speedups, six; print(markupsafe.escape(\"<ok>\"), six.__version__)'")
    check("&lt;ok&gt; 1.16.0" in proc.stdout, "the image does not import MarkupSafe's extension and six")
    check_slim(p)

    with EventWatch(p.engine) as watch:
        proc = p.build()
    check_noop(p, proc, watch)

    (p.dir / "requirements.txt").write_text(PIP_COMPILED + IDNA)
    with EventWatch(p.engine) as watch:
        proc = p.build()
    check("pip fetches and verifies idna==3.6" in flat(proc.stdout), "the added line was not the only one fetched")
    check("building wheel for markupsafe" not in proc.stdout.lower(), "an added line rebuilt MarkupSafe")
    check(len([c for c in watch.started() if c.endswith("-wheels")]) == 1, "pip wheel did not run once")
    proc = p.in_image("python3 -c 'import idna, importlib.metadata as m; "
                      "print(idna.encode(\"b\\u00fccher\").decode(), m.version(\"idna\"))'")
    check(proc.stdout.strip().endswith("xn--bcher-kva 3.6"), "the image does not have idna 3.6")

    image = p.image_id()
    bad = IDNA.replace("idna==3.6", "charset-normalizer==3.3.2").replace("9ecdbbd0", "00000000").replace("c05567e9", "11111111")
    (p.dir / "requirements.txt").write_text(PIP_COMPILED + IDNA + bad)
    proc = p.build(check_rc=False)
    check(proc.returncode != 0, "a wrong hash did not fail the build")
    check("THESE PACKAGES DO NOT MATCH THE HASHES" in proc.stdout, "pip's hash error was not shown")
    check(p.image_id() == image, "a wrong hash replaced the image")
    (p.dir / "requirements.txt").write_text(PIP_COMPILED + IDNA)
    with EventWatch(p.engine) as watch:
        proc = p.build()
    check(not watch.started(), "going back to the good file started a container")


def scenario_corpus(args):
    """Real projects from PyPI in the README's setup (tests/e2e/corpus): numpy + pandas from
    ready-made wheels with vendored libraries, psycopg2 compiled against libpq and run as a user
    that is not root, markers and extras that drop and add packages. Each image imports what it
    installed, passes its smoke test, carries no compiler or wheel, and a rebuild is a no-op."""
    build_dir = Path(args.work) / "corpus"
    shutil.rmtree(build_dir, ignore_errors=True)
    cmd = ["cmake", "-G", "Ninja", "-S", HERE / "corpus", "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
           f"-DCORPUS_PYWHEELIMAGE_SOURCE={SOURCE_TREE}", f"-DPYWHEELIMAGE_ENGINE={args.engine}"]
    if shutil.which("ccache"):
        cmd += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"]
    run(cmd, env=build_env())
    targets = ["image-scientific", "image-postgres", "image-markers"]
    tags = ["pwi-corpus/scientific:latest", "pwi-corpus/postgres:latest", "pwi-corpus/markers:latest"]
    try:
        proc = run(["cmake", "--build", build_dir, "--target"] + targets, env=build_env())
        # No RUNTIME_PACKAGES anywhere: psycopg2's libpq is inferred; numpy's vendored
        # libraries (numpy.libs/) need nothing.
        check("psycopg2 needs libpq.so.5 -> libpq5" in proc.stdout,
              "the build did not infer psycopg2's runtime library:\n" + proc.stdout)
        check("numpy needs" not in proc.stdout, "numpy's vendored libraries were not found in the environment")

        def in_image(tag, script, check_rc=True):
            return run([args.engine, "run", "--rm", "--network", "none", "--entrypoint=", tag, "sh", "-c", script],
                       check_rc=check_rc)

        proc = in_image(tags[0], "python3 -c 'import numpy, pandas; "
                        "print(int(pandas.DataFrame({\"a\": numpy.arange(4)}).a.sum()), numpy.linalg.inv([[2.0]])[0][0])'")
        check(proc.stdout.strip().splitlines()[-1] == "6 0.5", "numpy + pandas do not work in their image")
        proc = in_image(tags[1], "id -un; python3 -c 'import psycopg2; print(psycopg2.__libpq_version__)'")
        lines = proc.stdout.strip().splitlines()
        check(lines[-2:-1] == ["nobody"] and lines[-1].isdigit(), f"psycopg2 does not import as nobody: {lines}")
        proc = in_image(tags[2], "python3 -c 'import requests, socks, typing_extensions; print(\"imported\")'; "
                        "python3 -c 'import colorama' 2>/dev/null || echo no-colorama; "
                        "python3 -c 'import tomli' 2>/dev/null || echo no-tomli")
        check(proc.stdout.split()[-3:] == ["imported", "no-colorama", "no-tomli"],
              f"the markers and extras were not applied: {proc.stdout}")
        lock = (build_dir / "pywheelimage" / "markers" / "requirements.lock").read_text()
        check("pysocks==" in lock and "colorama" not in lock and "tomli" not in lock,
              "the lock does not follow the markers and extras:\n" + lock)
        for tag in tags:
            forbidden = [m.name for _, m in layers_above_base(args.engine, tag, BASE)
                         if m.name.endswith(".whl") or m.name.rsplit("/", 1)[-1] in ("gcc", "cc", "cc1")
                         or m.name.startswith("usr/include/")]
            check(not forbidden, f"{tag}: forbidden files above the base: {forbidden[:10]}")
        proc = run(["ctest", "--test-dir", build_dir, "--output-on-failure"], check_rc=False)
        check(proc.returncode == 0 and "100% tests passed" in proc.stdout, "the corpus images' smoke tests failed")
        with EventWatch(args.engine) as watch:
            proc = run(["cmake", "--build", build_dir, "--target"] + targets, env=build_env())
        check_noop(None, proc, watch)
    finally:
        for tag in tags:
            run([args.engine, "image", "rm", tag], check_rc=False)
        for stamp in build_dir.glob("pywheelimage/*/builder.stamp"):
            run([args.engine, "image", "rm", read_stamp(stamp)["tag"]], check_rc=False)


def podman_ready(args):
    """Podman as this machine runs it (CONTAINERS_CONF with default_ulimits = [], events to a
    file), with the shared base image copied over from docker (it carries its definition label,
    so the base step takes it as it is)."""
    conf = Path(args.work) / "podman-engine" / "containers.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text('[containers]\ndefault_ulimits = []\n[engine]\nevents_logger = "file"\n')
    os.environ["CONTAINERS_CONF"] = str(conf)
    if image_id_of("podman", BASE) is None:
        archive = Path(args.work) / "podman-engine" / "base.tar"
        run(["docker", "save", "-o", archive, BASE])
        run(["podman", "load", "-i", archive])
        archive.unlink()


def scenario_podman(args):
    """The every-build check with podman: a no-op starts nothing (podman's own event format)
    and asks podman exactly once (its CLI, counted by a wrapper that logs and runs the real
    podman); an image removed behind its stamp is rebuilt."""
    podman_ready(args)
    import copy
    pargs = copy.copy(args)
    pargs.engine = "podman"
    calls = Path(args.work) / "podman-engine" / "calls.log"
    wrapper = Path(args.work) / "podman-engine" / "podman"
    wrapper.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$*\" >> {calls}\nexec {shutil.which('podman')} \"$@\"\n")
    wrapper.chmod(0o755)
    p = Project(pargs, "podman", ["pwi-fixture-ext"], cache={"PYWHEELIMAGE_PODMAN_EXECUTABLE": wrapper})
    try:
        p.configure("subdirectory")
        p.build()
        proc = run(["podman", "run", "--rm", "--network", "none", p.tag])
        check("hello from pwi-fixture-pure 5" in proc.stdout, "the podman image's app did not run")
        first = p.image_id()
        calls.write_text("")
        with EventWatch("podman") as watch:
            proc = p.build()
        asked = [l for l in calls.read_text().splitlines() if l.strip()]
        print(f"podman calls during the no-op: {asked}")
        check_noop(p, proc, watch)
        check(len(asked) == 1 and asked[0].startswith("image inspect"),
              f"a no-op rebuild with podman did not ask podman exactly once (image inspect): {asked}")
        check(p.image_id() == first, "a no-op rebuild with podman changed the image")
        run(["podman", "image", "rm", p.tag])
        proc = p.build()
        check(p.image_id() is not None, "the podman image was not rebuilt after podman rmi")
        check("is gone" in flat(proc.stdout), "the rebuild after podman rmi did not say why")
    finally:
        run(["podman", "image", "rm", "-f", p.tag], check_rc=False)
        stamp = p.work() / "builder.stamp"
        if stamp.exists():
            run(["podman", "image", "rm", "-f", read_stamp(stamp)["tag"]], check_rc=False)


class Article:
    """The article example (examples/article) in its own build tree."""

    def __init__(self, args):
        self.args = args
        self.build_dir = Path(args.work) / "article"
        # As the README sets it up: the example adds the source tree with add_subdirectory and
        # builds the helper itself.
        cmd = ["cmake", "-G", "Ninja", "-S", args.example_dir, "-B", self.build_dir, "-DCMAKE_BUILD_TYPE=Release"]
        if shutil.which("ccache"):
            cmd += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"]
        run(cmd, env=build_env())

    def build(self, target, check_rc=True, env=None):
        return run(["cmake", "--build", self.build_dir, "--target", target], check_rc=check_rc,
                   env=build_env(env))


def scenario_article_break(args):
    """The article's Example 1 fails for the article's reason: no C compiler (not PEP 668)."""
    a = Article(args)
    proc = a.build("image-break", check_rc=False)
    check(proc.returncode != 0, "image-break built, but it must fail")
    check("you need a C compiler to build uWSGI" in proc.stdout,
          "image-break did not fail for the missing compiler")
    check("externally-managed-environment" not in proc.stdout, "image-break failed for PEP 668")
    # The failed recipe's last layer is left dangling by the legacy builder: not ours to keep.
    run([args.engine, "image", "prune", "-f", "--filter", "label=pywheelimage.article-recipe=1"])


def image_members(engine, image):
    """Yields (layer index, member) for every file in every layer of the image."""
    with tempfile.TemporaryDirectory() as tmp:
        tar_path = Path(tmp) / "image.tar"
        run([engine, "save", "-o", tar_path, image])
        with tarfile.open(tar_path) as outer:
            manifest = json.load(outer.extractfile("manifest.json"))
            for index, layer in enumerate(manifest[0]["Layers"]):
                with tarfile.open(fileobj=outer.extractfile(layer)) as inner:
                    for member in inner.getmembers():
                        yield index, member


def serve_in_container(engine, tag, port, path="/"):
    """Starts the image's own command (--network none) and asks it for `path` on the container's
    loopback from inside the same container, with the image's own Python: no shell needed."""
    name = f"pwi-e2e-serve-{os.getpid()}"
    run([engine, "rm", "-f", name], check_rc=False)
    run([engine, "run", "-d", "--name", name, "--network", "none", tag])
    try:
        script = ("import time, urllib.request as u\n"
                  "for i in range(100):\n"
                  "    try:\n"
                  f"        print(u.urlopen('http://127.0.0.1:{port}{path}', timeout=5).read().decode()); break\n"
                  "    except OSError:\n"
                  "        time.sleep(0.1)\n")
        return run([engine, "exec", name, "python3", "-c", script], check_rc=False)
    finally:
        run([engine, "rm", "-f", name], check_rc=False)


def scenario_article_small(args):
    """The article's Example 4 the product way, SLIM: only what uWSGI and Flask need, no shell,
    pip or package manager, uWSGI's libpython inferred; it serves a real HTTP request inside the
    container (client and server on the container's own loopback, --network none), its smoke
    test passes without a shell, and a no-op asks the engine one question and changes nothing."""
    a = Article(args)
    proc = a.build("image-small")
    # The example names no RUNTIME_PACKAGES: uWSGI's libpython is inferred.
    check("uWSGI needs libpython3.11.so.1.0 -> libpython3.11" in proc.stdout,
          "the build did not infer uWSGI's runtime library:\n" + proc.stdout)
    check("SLIM image 'small': slim: kept" in proc.stdout, "the SLIM image was not made:\n" + proc.stdout)
    tag = "blog-python:small"
    out = serve_in_container(args.engine, tag, 8080)
    check("Hello from a slim PyWheelImage container" in out.stdout, f"uWSGI did not serve the request: {out.stdout}")
    proc = run([args.engine, "run", "--rm", "--network", "none", tag, "uwsgi", "--version"])
    check(proc.stdout.strip().splitlines()[-1].startswith("2.0.21"), "uwsgi --version did not run")
    # Nothing the service does not need: no shell, pip, package manager, compiler or wheel.
    members = [m for _, m in image_members(args.engine, tag)]
    names = [m.name for m in members]
    check(any(n.endswith("opt/venv/bin/uwsgi") for n in names) and len(names) > 100,
          f"the image's files were not read ({len(names)} entries)")
    forbidden = [m.name for m in members if not m.isdir() and (
                 m.name.endswith(".whl") or m.name.rsplit("/", 1)[-1] in
                 ("sh", "dash", "bash", "gcc", "cc", "dpkg", "apt", "apt-get", "pip", "pip3"))]
    check(not forbidden, f"forbidden files in the SLIM image: {forbidden[:10]}")
    check(any(n.endswith("var/lib/dpkg/status.d/libpython3.11") for n in names)
          and any(n.endswith("var/lib/pywheelimage/sbom.spdx.json") for n in names),
          "the SLIM image has no package records or SBOM")
    total = image_size(args.engine, tag)
    print(f"image-small (SLIM): {total / 1e6:.2f} MB in total (the article's small image: 97.4 MB; "
          f"distroless python: about 50 MB)")
    check(total < 45e6, f"image-small is {total} bytes in total, not below the issue's 45 MB")
    proc = run(["ctest", "--test-dir", a.build_dir, "-R", "pywheelimage.small", "-V"])
    check("smoke test passed" in proc.stdout, "the SLIM image's smoke test did not run:\n" + proc.stdout)
    with ApiCounter(a.build_dir) as api, EventWatch(args.engine) as watch:
        proc = a.build("image-small", env=api.env())
    check_noop(None, proc, watch, api)
    # The issue users hit: the image removed behind its stamp, in the README's own setup.
    run([args.engine, "image", "rm", tag])
    proc = a.build("image-small")
    check(image_id_of(args.engine, tag) is not None, "image-small was not rebuilt after rmi")
    check("building wheels" not in proc.stdout, "removing image-small rebuilt its wheels")


def write_project(root, name, module, body, dependencies=()):
    """A pyproject.toml project of one module, as a team writes its own."""
    root.mkdir(parents=True, exist_ok=True)
    deps = ", ".join(f'"{d}"' for d in dependencies)
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        f'[project]\nname = "{name}"\nversion = "1.0"\ndependencies = [{deps}]\n'
        f'[tool.setuptools]\npackages = ["{module}"]\n')
    (root / module).mkdir(exist_ok=True)
    (root / module / "__init__.py").write_text(body)


def git(repo, *argv):
    return run(["git", "-C", repo, "-c", "user.name=e2e", "-c", "user.email=e2e@localhost", *argv]).stdout.strip()


def scenario_sources(args):
    """Requirements pip builds from their own source: the app as its own package (`.`), an
    editable local library (`-e ./lib`), a local sdist, a git repository over git+file:// on a
    branch. Each is built once and locked by its wheel's hash; an edit to one local project
    rebuilds only its wheel and the image, with one container; its build leftovers change
    nothing and start nothing; the branch is recorded as its commit."""
    p = Project(args, "sources", [], cache={"E2E_BUILD_PACKAGES": "git"})
    write_project(p.dir, "pwi-app", "pwi_app", "import pwi_lib\nVALUE = pwi_lib.VALUE\n", ["pwi-lib"])
    write_project(p.dir / "lib", "pwi-lib", "pwi_lib", "VALUE = 1\n")
    repo = Path(args.work) / "sources-git"
    shutil.rmtree(repo, ignore_errors=True)
    write_project(repo, "pwi-vcs", "pwi_vcs", "FROM = 'git'\n")
    run(["git", "init", "-q", "-b", "main", repo])
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "one")
    commit = git(repo, "rev-parse", "HEAD")
    p.write_requirements([".", "-e ./lib", "./packages/pwi_fixture_pure-1.0.tar.gz",
                          f"git+file://{repo}@main#egg=pwi-vcs"])
    p.configure("subdirectory")
    proc = p.build()
    check("building from their sources" in proc.stdout, "the sources were not built:\n" + proc.stdout)
    out = p.in_image("cd /tmp && python3 -c 'import pwi_app, pwi_lib, pwi_fixture_pure, pwi_vcs; "
                     "print(pwi_app.VALUE, pwi_vcs.FROM)'; pip list --path /opt/venv/lib/python3*/site-packages 2>/dev/null; "
                     "ls /opt/venv/lib/python3*/site-packages")
    check("1 git" in out.stdout, f"the image does not import the projects built from sources: {out.stdout}")
    check("__editable__" not in out.stdout and ".pth" not in out.stdout,
          f"an editable requirement was installed as editable: {out.stdout}")
    lock = (p.work() / "requirements.lock").read_text()
    for name in ("pwi-app==1.0", "pwi-lib==1.0", "pwi-vcs==1.0", "pwi-fixture-pure==1.0"):
        check(name in lock, f"{name} is not in the lock:\n{lock}")
    record = json.loads((p.work() / "wheelhouse" / "pywheelimage-sources.json").read_text())
    commits = [r["commit"] for r in record["sources"].values() if r["kind"] == "vcs"]
    check(commits == [commit], f"the branch was not recorded as its commit {commit}: {commits}")

    with EventWatch(p.engine) as watch:
        proc = p.build()
    check_noop(p, proc, watch)

    # An edit to the library: only its wheel is built, in one container, and the image follows.
    (p.dir / "lib" / "pwi_lib" / "__init__.py").write_text("VALUE = 2\n")
    with EventWatch(p.engine) as watch:
        proc = p.build()
    check("building from their sources for 'fixture': -e ./lib" in proc.stdout.replace("\n", " ")
          or "building from their sources for 'fixture': ./lib" in proc.stdout,
          "the edited library was not the only source built:\n" + proc.stdout)
    check("no pip run" in proc.stdout, "an edit of one local project ran pip for the others:\n" + proc.stdout)
    wheels = [c for c in watch.started("pwi-") if c.endswith("-wheels")]
    check(len(wheels) == 1, f"an edit of one local project started {len(wheels)} builder containers")
    out = p.in_image("cd /tmp && python3 -c 'import pwi_app; print(pwi_app.VALUE)'")
    check(out.stdout.strip() == "2", f"the image does not have the edited library: {out.stdout}")

    # Build leftovers and caches inside the projects are not sources.
    for leftover in ("lib/build/lib/pwi_lib/__init__.py", "lib/pwi_lib.egg-info/PKG-INFO",
                     "lib/pwi_lib/__pycache__/__init__.cpython-311.pyc", "dist/pwi_app-1.0.tar.gz"):
        (p.dir / leftover).parent.mkdir(parents=True, exist_ok=True)
        (p.dir / leftover).write_text("leftover")
    with EventWatch(p.engine) as watch:
        proc = p.build()
    check(not watch.started(), f"build leftovers started a container: {watch.started()}")
    check("building image" not in proc.stdout, "build leftovers rebuilt the image")

    # A file added to the app is noticed (its directory is an input).
    (p.dir / "pwi_app" / "extra.py").write_text("EXTRA = True\n")
    proc = p.build()
    check("building from their sources for 'fixture': ." in proc.stdout, "an added file was not noticed:\n" + proc.stdout)
    out = p.in_image("cd /tmp && python3 -c 'import pwi_app.extra; print(pwi_app.extra.EXTRA)'")
    check(out.stdout.strip() == "True", f"the added module is not in the image: {out.stdout}")

    # What pip refuses in hash-checking mode is refused with the line.
    p.write_requirements([".", "pwi-fixture-pure==1.0 --hash=sha256:" + "0" * 64])
    proc = p.build(check_rc=False)
    check(proc.returncode != 0 and "requirements.txt:2:1: Can't verify hashes" in proc.stdout
          and "points to a directory" in proc.stdout,
          "a local directory in hash-checking mode was not refused with its line:\n" + proc.stdout)


def write_wheel(path, name, version, body):
    """A pure-Python wheel of one module, written as a build backend writes one."""
    import base64
    import hashlib
    import zipfile
    module = name.replace("-", "_")
    dist = f"{module}-{version}.dist-info"
    files = {
        f"{module}/__init__.py": body,
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = ""
    for member, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record += f"{member},sha256={digest},{len(text.encode())}\n"
    files[f"{dist}/RECORD"] = record + f"{dist}/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as whl:
        for member, text in files.items():
            whl.writestr(zipfile.ZipInfo(member, (1980, 1, 1, 0, 0, 0)), text)


def write_sdist(path, name, version, body):
    """A setuptools source distribution of one module."""
    module = name.replace("-", "_")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / f"{module}-{version}"
        (root / module).mkdir(parents=True)
        (root / module / "__init__.py").write_text(body)
        (root / "setup.py").write_text(
            f"from setuptools import setup\nsetup(name={name!r}, version={version!r}, packages=[{module!r}])\n")
        (root / "PKG-INFO").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        with tarfile.open(path, "w:gz") as tar:
            tar.add(root, arcname=root.name)


class PrivateIndex:
    """A PEP 503 simple index on 127.0.0.1 that answers only requests with one of its accounts'
    basic-auth credentials (401 otherwise), and logs every request: (path, user or None)."""

    def __init__(self, directory, accounts):
        import base64
        import hashlib
        import http.server
        self.dir = Path(directory)
        self.log = []
        valid = {"Basic " + base64.b64encode(f"{u}:{pw}".encode()).decode(): u for u, pw in accounts}
        index = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                user = valid.get(self.headers.get("Authorization", ""))
                index.log.append((self.path, user))
                if user is None:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="pwi-e2e"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body, kind = None, "text/html"
                parts = [x for x in self.path.split("?")[0].split("/") if x]
                if parts[:1] == ["simple"] and len(parts) == 2:
                    links = ""
                    for f in sorted(index.dir.iterdir()):
                        project = re.sub(r"[-_.]+", "-", f.name.split("-")[0]).lower()
                        if project == parts[1]:
                            digest = hashlib.sha256(f.read_bytes()).hexdigest()
                            links += f'<a href="/files/{f.name}#sha256={digest}">{f.name}</a>\n'
                    if links:
                        body = f"<html><body>\n{links}</body></html>\n".encode()
                elif parts[:1] == ["files"] and len(parts) == 2 and (index.dir / parts[1]).is_file():
                    body, kind = (index.dir / parts[1]).read_bytes(), "application/octet-stream"
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def downloads(self, name):
        """The users that downloaded the file `name`, once per download."""
        return [user for path, user in self.log if path.startswith(f"/files/{name}") and user]

    def close(self):
        self.server.shutdown()


class CommandLineWatch:
    """Reads every process's command line (/proc/*/cmdline) while a build runs: records each
    one that holds a secret, and counts the `pip wheel` runs and engine runs it saw, which
    proves that it watched the build at all."""

    def __init__(self, secrets):
        self.secrets = [s.encode() for s in secrets]
        self.leaks, self.pip_wheel, self.engine_runs = [], 0, 0
        self._seen = set()
        self._stop = threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def _loop(self):
        while not self._stop.is_set():
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry}/cmdline", "rb") as f:
                        cmdline = f.read()
                except OSError:
                    continue
                key = (entry, cmdline)
                if key in self._seen:
                    continue
                self._seen.add(key)
                words = cmdline.split(b"\0")
                if any(s in cmdline for s in self.secrets):
                    self.leaks.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
                if b"pip" in words and b"wheel" in words:
                    self.pip_wheel += 1
                if len(words) > 1 and words[0].endswith((b"docker", b"podman")) and b"run" in words:
                    self.engine_runs += 1
            time.sleep(0.02)

    def __exit__(self, kind, value, tb):
        self._stop.set()
        self._thread.join()


def secret_forms(secrets):
    """Each secret as it could be written: itself, and in a basic-auth header."""
    import base64
    out = []
    for user, password in secrets:
        out += [password, base64.b64encode(f"{user}:{password}".encode()).decode()]
    return out


def files_holding(root, needles):
    """The files under root whose bytes hold any of needles."""
    out = []
    for path in Path(root).rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            out += [f"{path}: {n}" for n in needles if n.encode() in data]
    return out


def scenario_private_index(args):
    """A private index with basic auth on 127.0.0.1 (the builder on the host's network), its
    credentials given in each way pip takes them: PIP_INDEX_URL in the environment, ${VAR} in a
    requirement file's --index-url, a literal password there (with a local project, so that the
    helper writes the file pip reads), a netrc file. Each package comes from the index with the
    credentials of its phase; none appears on any process's command line, in the build tree,
    the build's output, the image's layers, history or config, or the builder's."""
    user = "pwi"
    accounts = [(user, f"e2e-secret-{phase}-{os.getpid()}") for phase in "abcd"]
    secrets = secret_forms(accounts)
    p = Project(args, "private-index", ["pwi_fixture_pure==1.0"],
                cache={"E2E_PIP_ARGS": "--no-build-isolation", "PYWHEELIMAGE_BUILDER_NETWORK": "host"})
    files = p.dir / "index-files"
    files.mkdir()
    write_wheel(files / "pwi_private_a-1.0-py3-none-any.whl", "pwi-private-a", "1.0", "PHASE = 'a'\n")
    write_sdist(files / "pwi_private_b-1.0.tar.gz", "pwi-private-b", "1.0", "PHASE = 'b'\n")
    write_wheel(files / "pwi_private_c-1.0-py3-none-any.whl", "pwi-private-c", "1.0", "PHASE = 'c'\n")
    write_wheel(files / "pwi_private_d-1.0-py3-none-any.whl", "pwi-private-d", "1.0", "PHASE = 'd'\n")
    write_project(p.dir / "lib", "pwi-lib", "pwi_lib", "VALUE = 'lib'\n")
    index = PrivateIndex(files, accounts)
    url = f"http://127.0.0.1:{index.port}/simple/"
    outputs = []
    try:
        # Phase 0 (no private index yet): the builder and its pip come from the public index.
        p.configure()
        outputs.append(p.build().stdout)

        phases = [
            # (what the phase adds, the requirement file's lines, the build's environment, account)
            ("a", [], {"PIP_INDEX_URL": f"http://{user}:{accounts[0][1]}@127.0.0.1:{index.port}/simple/"}, 0),
            ("b", [f"--index-url http://{user}:${{PWI_E2E_PASSWORD}}@127.0.0.1:{index.port}/simple/"],
             {"PWI_E2E_PASSWORD": accounts[1][1]}, 1),
            ("c", [f"--index-url http://{user}:{accounts[2][1]}@127.0.0.1:{index.port}/simple/", "./lib"], {}, 2),
            ("d", [f"--index-url {url}", "./lib"], {}, 3),
        ]
        required = ["pwi_fixture_pure==1.0"]
        for phase, options, env, account in phases:
            print(f"--- private index, phase {phase}", flush=True)
            required.append(f"pwi-private-{phase}==1.0")
            p.write_requirements(options + required)
            if phase == "d":
                netrc = Path(args.work) / "private-index.netrc"
                netrc.write_text(f"machine 127.0.0.1 login {user} password {accounts[3][1]}\n")
                netrc.chmod(0o600)
                run(["cmake", p.dir / "build", f"-DPYWHEELIMAGE_NETRC={netrc}"], env=build_env())
            with CommandLineWatch(secrets) as watch:
                proc = p.build(env=env)
            outputs.append(proc.stdout)
            name = next(f.name for f in files.iterdir() if f.name.startswith(f"pwi_private_{phase}-"))
            check(index.downloads(name) == [user],
                  f"phase {phase}: {name} was not downloaded once with the credentials: {index.log}")
            check(watch.pip_wheel > 0 and watch.engine_runs > 0,
                  f"phase {phase}: the command-line watch saw no pip wheel ({watch.pip_wheel}) or engine run "
                  f"({watch.engine_runs}): it did not watch the build")
            check(not watch.leaks, f"phase {phase}: a secret on a command line: {watch.leaks}")
            if phase in "abc":
                check(f"{user}:****@127.0.0.1:{index.port}" in proc.stdout,
                      f"phase {phase}: pip did not show the index with the password masked:\n{proc.stdout}")
        out = p.in_image("cd /tmp && python3 -c 'import pwi_private_a as a, pwi_private_b as b, "
                         "pwi_private_c as c, pwi_private_d as d, pwi_lib; print(a.PHASE + b.PHASE + c.PHASE + d.PHASE)'")
        check(out.stdout.strip() == "abcd", f"the image does not import the private packages: {out.stdout}")

        # A malformed line with credentials: the message masks them.
        p.write_requirements([f"--index-url http://{user}:{accounts[2][1]}@127.0.0.1:{index.port}/simple/ --no-such-option"]
                             + required)
        proc = p.build(check_rc=False)
        outputs.append(proc.stdout)
        check(proc.returncode != 0 and "requirements.txt:2:" in proc.stdout and f"{user}:****@127.0.0.1" in proc.stdout,
              f"a malformed line with credentials was not reported with them masked:\n{proc.stdout}")
    finally:
        index.close()

    # Nowhere else: the build's output, the build tree (CMake's cache among it), the image's
    # layers, history and config, the builder's history and config.
    leaks = [f"build output: {s}" for s in secrets if any(s in o for o in outputs)]
    leaks += files_holding(p.dir / "build", secrets)
    builder = read_stamp(p.work() / "builder.stamp")["tag"]
    for ref in (p.tag, builder):
        for cmd in (["history", "--no-trunc", ref], ["image", "inspect", ref]):
            text = run([p.engine, *cmd]).stdout
            leaks += [f"{' '.join(cmd)}: {s}" for s in secrets if s in text]
    saved = Path(args.work) / "private-index-image.tar"
    run([p.engine, "save", "-o", saved, p.tag])
    data = saved.read_bytes()
    saved.unlink()
    check(len(data) > 1_000_000, f"the saved image is only {len(data)} bytes")
    leaks += [f"image layers: {s}" for s in secrets if s.encode() in data]
    check(not leaks, "index credentials were found:\n" + "\n".join(leaks))


def layer_digests(engine, ref):
    return json.loads(run([engine, "image", "inspect", "--format", "{{json .RootFS.Layers}}", ref]).stdout)


def scenario_reproducible(args):
    """The image the helper writes (issue 11 items 1-3): the same project built in two fresh
    build trees (other paths, umask 022 and 077, app files with other times, minutes apart)
    gives the same image id; a layer per installed distribution; adding a requirement adds
    exactly one layer and keeps every other layer's digest; the final image is made by no
    `build`. (With PWI_E2E_COMPARE_PODMAN set, podman building the same project must get the
    same image id.)"""
    requirements = ["six==1.16.0", "idna==3.7"]
    cache = {"E2E_PIP_ARGS": ""}
    a = Project(args, "repro-a", requirements, cache=cache)
    b = Project(args, "repro-b", requirements, cache=cache)
    os.utime(b.dir / "app.py", (1_000_000_000, 1_000_000_000))
    (b.dir / "app.py").chmod(0o600)
    base_layers = layer_digests(args.engine, BASE)
    ids = []
    # The README's setup (add_subdirectory, the helper built in the same build), then a prebuilt
    # helper: the image must not depend on how PyWheelImage came in either.
    for project, mask, config in ((a, "022", "subdirectory"), (b, "077", "prebuilt")):
        project.configure(config)
        with EventWatch(args.engine) as watch:
            proc = run(["sh", "-c", f'umask {mask} && exec cmake --build "$0" --target image-fixture',
                        project.dir / "build"], env=build_env())
        check("building image 'fixture'" in proc.stdout, "the image step did not run:\n" + proc.stdout)
        layers = json.loads((project.work() / "image.layers.json").read_text())
        print(json.dumps(layers, indent=1)[:3000])
        ids.append(project.image_id())
        check(ids[-1] == layers["image_id"], f"the engine has {ids[-1]}, the helper wrote {layers['image_id']}")
        run([args.engine, "run", "--rm", "--network", "none", project.tag,
             "python", "-c", "import six, idna; print(six.__version__, idna.__version__)"])
    check(ids[0] == ids[1], f"two clean builds of one project give two image ids: {ids}")
    above = layer_digests(args.engine, a.tag)[len(base_layers):]
    # The environment's skeleton, six, idna, the application.
    check(len(above) == 4, f"expected 4 layers above the base (skeleton, six, idna, app), found {len(above)}")
    check(layer_digests(args.engine, a.tag)[:len(base_layers)] == base_layers, "the base's layers changed")
    history = run([args.engine, "history", "--no-trunc", "--format", "{{.CreatedBy}}", a.tag]).stdout.splitlines()
    written = [h for h in history if h.strip()][:4]
    check(all("pywheelimage" in h for h in written),
          f"the layers above the base were not written by the helper (history: {written})")
    check(a.in_image("test -x /opt/venv/bin/python && ls -ld /srv/app.py", check_rc=False).returncode == 0,
          "the environment or the application is not in the image")
    mode = a.in_image("stat -c %a /srv/app.py").stdout.strip().splitlines()[-1]
    check(mode == "644", f"app.py has mode {mode} in the image, not 644 whatever the umask")

    # One requirement more: one layer more, every other layer as it was.
    a.write_requirements(requirements + ["packaging==24.1"])
    proc = a.build()
    new = layer_digests(args.engine, a.tag)[len(base_layers):]
    check(len(new) == 5 and set(above) <= set(new),
          f"adding packaging did not add exactly one layer and keep the others:\n{above}\n{new}")

    # docker and podman giving the same id for the same project passed alone but not after
    # e2e.podman in the full suite (stop 16): the comparison waits until that is understood.
    if os.environ.get("PWI_E2E_COMPARE_PODMAN") and podman_ready_or_skip(args):
        import copy
        pargs = copy.copy(args)
        pargs.engine = "podman"
        c = Project(pargs, "repro-podman", requirements, cache=cache)
        try:
            c.configure("prebuilt")
            c.build()
            podman_id = image_id_of("podman", c.tag)
            check(podman_id is not None and podman_id.removeprefix("sha256:") == ids[0].removeprefix("sha256:"),
                  f"podman's image of the same project is {podman_id}, docker's {ids[0]}")
        finally:
            run(["podman", "image", "rm", "-f", c.tag], check_rc=False)
            stamp = c.work() / "builder.stamp"
            if stamp.exists():
                run(["podman", "image", "rm", "-f", read_stamp(stamp)["tag"]], check_rc=False)


def podman_ready_or_skip(args):
    if not shutil.which("podman"):
        print("podman is not installed: the comparison with podman is skipped")
        return False
    podman_ready(args)
    return True


class Registry:
    """Debian's docker-registry (distribution 2.8) on 127.0.0.1 with htpasswd auth, its storage
    and access log in `root`; blob_uploads() counts the uploads it logged since mark()."""

    def __init__(self, root, user, password):
        self.root = Path(root)
        shutil.rmtree(self.root, ignore_errors=True)
        (self.root / "storage").mkdir(parents=True)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.host = f"127.0.0.1:{self.port}"
        htpasswd = subprocess.run(["htpasswd", "-Bin", user], input=password, text=True,
                                  capture_output=True, check=True).stdout
        (self.root / "htpasswd").write_text(htpasswd)
        (self.root / "config.yml").write_text(
            "version: 0.1\nlog:\n  level: info\n  accesslog:\n    disabled: false\n"
            f"storage:\n  filesystem:\n    rootdirectory: {self.root / 'storage'}\n"
            f"http:\n  addr: {self.host}\n  secret: pwi-e2e\n"
            f"auth:\n  htpasswd:\n    realm: pwi-e2e\n    path: {self.root / 'htpasswd'}\n")
        self.log = self.root / "registry.log"
        self.proc = subprocess.Popen(["docker-registry", "serve", self.root / "config.yml"],
                                     stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise Failure("docker-registry did not start")

    def mark(self):
        return len(self.log.read_text().splitlines())

    def blob_uploads(self, since):
        lines = self.log.read_text().splitlines()[since:]
        check(any('"HEAD /v2/' in l or '"GET /v2/' in l for l in lines),
              "the registry logged no request at all since the mark: its log cannot count uploads")
        return [l for l in lines if re.search(r'"PUT /v2/\S*/blobs/uploads/\S*digest=sha256\S* HTTP/1\.1" 201 ', l)]

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def scenario_push(args):
    """push-<name> (issue 11 item 4) against a real registry on 127.0.0.1 with htpasswd auth,
    credentials only in the engine client's config file: the first push uploads every blob, a
    push with nothing changed uploads none, an app change uploads its layer and the
    configuration; the digest pulled back into the engine runs; without credentials the push
    fails and names the refusal; the password appears in no output."""
    if not shutil.which("docker-registry") or not shutil.which("htpasswd"):
        raise Failure("docker-registry or htpasswd is missing: scripts/install-deps.sh installs them")
    import base64
    password = f"pw-{os.getpid()}-{int(time.time())}"
    registry = Registry(Path(args.work) / "registry", "pwi", password)
    config_dir = Path(args.work) / "registry-client"
    config_dir.mkdir(parents=True, exist_ok=True)
    auth = base64.b64encode(f"pwi:{password}".encode()).decode()
    (config_dir / "config.json").write_text(json.dumps({"auths": {registry.host: {"auth": auth}}}))
    no_creds = Path(args.work) / "registry-no-client"
    no_creds.mkdir(parents=True, exist_ok=True)
    (no_creds / "config.json").write_text("{}")
    tag = f"{registry.host}/pwi-e2e/push:1"
    p = Project(args, "push", ["six==1.16.0"], cache={"E2E_PIP_ARGS": "", "E2E_TAG": tag})
    env = {"DOCKER_CONFIG": str(config_dir)}
    outputs = []

    def push(env_extra):
        proc = run(["cmake", "--build", p.dir / "build", "--target", "push-fixture"], check_rc=False,
                   env=build_env(env_extra))
        outputs.append(proc.stdout)
        return proc

    try:
        # The README's setup: add_subdirectory, the helper (which pushes) built in the same build.
        p.configure("subdirectory")
        mark = registry.mark()
        proc = push(env)
        check(proc.returncode == 0, "the first push failed")
        digest = (p.work() / "pushed.digest").read_text().strip()
        check(f"pushed {tag}@{digest}" in proc.stdout, f"the push did not print its digest {digest}")
        layers = len(layer_digests(args.engine, tag))
        first = registry.blob_uploads(mark)
        check(len(first) == layers + 1,
              f"the first push uploaded {len(first)} blobs, not the {layers} layers and the configuration")

        mark = registry.mark()
        proc = push(env)
        check(proc.returncode == 0 and not registry.blob_uploads(mark),
              f"a push with nothing changed uploaded {len(registry.blob_uploads(mark))} blobs")

        (p.dir / "app.py").write_text((p.dir / "app.py").read_text() + "\n# changed\n")
        mark = registry.mark()
        proc = push(env)
        check(proc.returncode == 0, "the push after an app change failed")
        changed = registry.blob_uploads(mark)
        check(len(changed) == 2, f"an app change uploaded {len(changed)} blobs, not its layer and the configuration")
        digest = (p.work() / "pushed.digest").read_text().strip()

        # Back from the registry into the engine, by digest, and run.
        run([args.engine, "image", "rm", tag])
        run([args.engine, "pull", f"{registry.host}/pwi-e2e/push@{digest}"], env=build_env(env))
        proc = run([args.engine, "run", "--rm", "--network", "none", f"{registry.host}/pwi-e2e/push@{digest}",
                    "python", "-c", "import six; print('six', six.__version__)"])
        check("six 1.16.0" in proc.stdout, "the image pulled back by its digest does not run")

        proc = push({"DOCKER_CONFIG": str(no_creds)})
        check(proc.returncode != 0 and "401" in proc.stdout and registry.host in proc.stdout,
              "a push without credentials did not fail naming the registry and the refusal:\n" + proc.stdout)
        check(not any(password in out or auth in out for out in outputs), "the password is in a build's output")
    finally:
        registry.stop()
        run([args.engine, "image", "rm", "-f", tag, f"{registry.host}/pwi-e2e/push"], check_rc=False)
        for pulled in run([args.engine, "images", "-q", f"{registry.host}/pwi-e2e/push"], check_rc=False).stdout.split():
            run([args.engine, "image", "rm", "-f", pulled], check_rc=False)
        stamp = p.work() / "builder.stamp"
        if stamp.exists():
            run([args.engine, "image", "rm", "-f", read_stamp(stamp)["tag"]], check_rc=False)


SCENARIOS = {
    "sources": scenario_sources,
    "private-index": scenario_private_index,
    "corpus": scenario_corpus,
    "hashes": scenario_hashes,
    "podman": scenario_podman,
    "configurations": scenario_configurations,
    "base-changed": scenario_base_changed,
    "parallel": scenario_parallel,
    "interrupted": scenario_interrupted,
    "incremental": scenario_incremental,
    "makefiles": scenario_makefiles,
    "bad-base": scenario_bad_base,
    "article-break": scenario_article_break,
    "article-small": scenario_article_small,
    "build": scenario_build,
    "reproducible": scenario_reproducible,
    "push": scenario_push,
    "change": scenario_change,
    "failing-wheel": scenario_failing_wheel,
    "missing-runtime-library": scenario_missing_runtime_library,
}


def cleanup(args):
    """Removes the images a passing scenario built (its tags and builders); a failing one keeps
    them for a look."""
    for stamp in Path(args.work).glob("*/build/pywheelimage/*/image.stamp"):
        tags = [l.split(" ", 1)[1] for l in stamp.read_text().splitlines() if l.startswith("tags ")]
        for tag in " ".join(tags).replace(";", " ").split():
            if tag.startswith("pwi-e2e/"):
                run([args.engine, "image", "rm", tag], check_rc=False)
    for stamp in Path(args.work).glob("*/build/pywheelimage/*/builder.stamp"):
        for line in stamp.read_text().splitlines():
            if line.startswith("tag "):
                run([args.engine, "image", "rm", line[4:]], check_rc=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--module-dir", required=True)
    parser.add_argument("--helper", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--engine", default="docker")
    parser.add_argument("--example-dir", default=str(HERE.parent.parent / "examples" / "article"))
    args = parser.parse_args()
    Path(args.work).mkdir(parents=True, exist_ok=True)
    try:
        SCENARIOS[args.scenario](args)
        cleanup(args)
    except Failure as e:
        print(f"FAILED: {args.scenario}: {e}", flush=True)
        return 1
    print(f"PASSED: {args.scenario}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
