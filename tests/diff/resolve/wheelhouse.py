"""Random wheelhouses and requirement files for the resolve differential test and the benchmark.

A case is a directory:
  wheels/         minimal valid wheels (WHEEL, METADATA, RECORD in one .dist-info)
  env.json        the running interpreter as pip sees it: default_environment() and pip's own
                  get_supported() tags (pip adds e.g. cp311-none-any to packaging's sys_tags)
  req*.txt        requirement files (maybe nesting -r / -c, maybe with --pre)
  cons*.txt       constraint files
The generator aims at the corners of pip's resolver: pre-releases, extras, markers (on
requirements, dependencies and constraints), Requires-Python, platform tags and build tags,
dependency cycles, conflicts that need backtracking, and unsatisfiable requests. In about half
of the cases some releases also have several files whose sort keys tie (tag sets best at the
same tag, build tags 1 and 01, the project's name spelled differently in the file name), where
pip's choice depends on the order in which it evaluates the files; the wheels are written in a
random order, so that the directory lists them in an order other than by name.
"""
import io
import json
import os
import sys
import zipfile

from pip._internal.utils.compatibility_tags import get_supported
from pip._vendor.packaging.markers import default_environment
from pip._vendor.packaging.utils import canonicalize_name
from pip._vendor.packaging.version import Version

PY_FULL = ".".join(str(c) for c in sys.version_info[:3])
PY_MINOR = f"{sys.version_info[0]}.{sys.version_info[1]}"
PY_NEXT = f"{sys.version_info[0]}.{sys.version_info[1] + 1}"

VERSION_POOL = ["0.9", "1.0", "1.0.post1", "1.1", "1.2", "2.0a1", "2.0b2", "2.0rc1", "2.0",
                "2.1", "2.2.dev3", "3.0", "3.1", "3.2rc1", "4.0"]
EXTRA_POOL = ["fast", "cli", "test", "ssl", "docs"]
UNSUPPORTED_TAGS = ["cp39-cp39-win_amd64", "py2-none-any", "cp311-cp311-macosx_11_0_arm64",
                    "cp27-cp27mu-manylinux1_x86_64", "pp310-pypy310_pp73-manylinux_2_17_x86_64",
                    "cp311-cp311-musllinux_1_1_aarch64"]
REQUIRES_PYTHON_POOL = [""] * 28 + [f">={PY_MINOR}", ">=3.7", f"~={PY_MINOR}", f"=={PY_MINOR}.*",
                                     f">={PY_NEXT}", "<3", f"!={PY_MINOR}.*", f">{PY_FULL}"]
# Markers over the target's variables: some true, some false on every machine we run on.
MARKER_POOL = [f'python_version >= "{PY_MINOR}"', 'python_version < "3"',
               'sys_platform == "win32"', 'sys_platform != "win32"', 'os_name == "posix"',
               f'python_full_version == "{PY_FULL}"', 'platform_machine == "ppc64le"',
               'implementation_name == "cpython" or sys_platform == "win32"']


# Tag sets whose best supported tag is py3-none-any, and build tags that parse alike: files of
# one version that differ only in these have equal sort keys.
TIED_TAG_TEXTS = ["py3-none-any", "py2.py3-none-any", "py3.py2-none-any"]
TIED_BUILDS = [[None], ["1", "01"], ["2b", "02b", "002b"]]


def supported_tags():
    return [str(t) for t in get_supported()]


def ranks_of(tags):
    """Tag text -> its index in pip's supported tags (the first occurrence)."""
    ranks = {}
    for i, t in enumerate(tags):
        ranks.setdefault(t, i)
    return ranks


def environment():
    return {"markers": default_environment(), "tags": supported_tags()}


def best_rank(tag_text, ranks):
    """pip's Wheel.support_index_min for a 'py-abi-plat' string with compressed sets."""
    py, abi, plat = tag_text.split("-")
    found = [ranks[f"{x}-{y}-{z}"] for x in py.split(".") for y in abi.split(".")
             for z in plat.split(".") if f"{x}-{y}-{z}" in ranks]
    return min(found) if found else None


def spell(rng, name):
    """The same project written the ways people write it."""
    forms = [name, name.upper(), name.replace("-", "_"), name.replace("-", "."),
             name.title().replace("-", "_")]
    return rng.choice(forms)


def metadata_text(name, version, requires, requires_python, extras):
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    if requires_python:
        lines.append(f"Requires-Python: {requires_python}")
    lines += [f"Provides-Extra: {e}" for e in extras]
    lines += [f"Requires-Dist: {r}" for r in requires]
    return "\n".join(lines) + "\n\n"


def write_wheel(path, dist_name, version, metadata, tag_text, build=None):
    """A minimal wheel that pip accepts: one .dist-info with WHEEL, METADATA and RECORD."""
    info = f"{dist_name.replace('-', '_')}-{version}.dist-info"
    wheel = "Wheel-Version: 1.0\nGenerator: pwi-test\nRoot-Is-Purelib: true\n"
    for tag in expand_tags(tag_text):
        wheel += f"Tag: {tag}\n"
    if build:
        wheel += f"Build: {build}\n"
    members = {f"{info}/METADATA": metadata, f"{info}/WHEEL": wheel}
    record = "".join(f"{m},,\n" for m in members) + f"{info}/RECORD,,\n"
    members[f"{info}/RECORD"] = record
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, text in members.items():
            zi = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, text)
    with open(path, "wb") as f:
        f.write(buffer.getvalue())


def expand_tags(tag_text):
    py, abi, plat = tag_text.split("-")
    return [f"{x}-{y}-{z}" for x in py.split(".") for y in abi.split(".") for z in plat.split(".")]


class Project:
    def __init__(self, name):
        self.name = name  # canonical
        # version text -> list of (tag_text, build, file-name spelling or None for any)
        self.releases = {}


def file_name_forms(name):
    """The distinct ways the generator spells a project in a wheel's file name."""
    base = name.replace("-", "_").replace(".", "_")
    return sorted({base, base.upper(), base.title()})


def sort_key_groups(wheel_dir, ranks):
    """File names of the wheels of `wheel_dir` grouped by pip's candidate sort key (project,
    version, best tag rank, build tag), for the groups with more than one supported file."""
    groups = {}
    for name in os.listdir(wheel_dir):
        parts = name[:-4].split("-")
        build = None
        if len(parts) == 6:
            digits = len(parts[2]) - len(parts[2].lstrip("0123456789"))
            build = (int(parts[2][:digits]), parts[2][digits:])
        rank = best_rank("-".join(parts[-3:]), ranks)
        if rank is not None:
            key = (canonicalize_name(parts[0]), Version(parts[1]), rank, build)
            groups.setdefault(key, []).append(name)
    return [names for names in groups.values() if len(names) > 1]


def random_specifier(rng, versions, allow_empty=True, lenient=False):
    """A specifier over a project's versions, so that it cuts the candidate list somewhere."""
    if allow_empty and rng.random() < 0.35:
        return ""
    if not versions or rng.random() < 0.05:
        versions = VERSION_POOL
    ordered = sorted(versions, key=Version)
    if lenient and len(ordered) > 1 and rng.random() < 0.8:  # usually satisfiable, may force
        v = rng.choice(ordered[: (len(ordered) + 1) // 2])    # backtracking from the newest
        return rng.choice([f">={v}", f"<{ordered[-1]}", f"!={ordered[-1]}", f">={v},<{ordered[-1]}"])
    if rng.random() < 0.25 and len(ordered) > 1:  # a range, usually not empty
        lo, hi = sorted(rng.sample(range(len(ordered)), 2))
        upper = rng.choice(["<", "<=", "!="])
        return f">={ordered[lo]},{upper}{ordered[hi]}"
    v = rng.choice(ordered)
    op = rng.choice([">=", ">=", ">=", ">=", "<", "<=", "==", "==", "!=", "~=", ">", "==*"])
    if op == "==*":
        return "==" + Version(v).base_version.split(".")[0] + ".*"
    if op == "~=" and len(Version(v).release) < 2:
        return f">={v}"
    if op in ("<", "<=") and v == ordered[0] and len(ordered) > 1:
        v = ordered[1]
    if op == ">" and v == ordered[-1] and len(ordered) > 1:
        v = ordered[-2]
    return op + v


def random_marker(rng, extra=None):
    parts = []
    if extra is not None:
        parts.append(f'extra == "{extra}"')
    if rng.random() < (0.25 if extra is None else 0.15):
        parts.append(rng.choice(MARKER_POOL))
    if not parts:
        return ""
    if len(parts) == 2 and " or " in parts[1]:
        parts[1] = f"({parts[1]})"
    return " and ".join(parts)


def requirement_text(rng, name, versions, extras=(), marker="", free=0.35, lenient=False):
    text = spell(rng, name)
    if extras:
        text += "[" + ",".join(extras) + "]"
    spec = "" if rng.random() < free else random_specifier(rng, versions, False, lenient)
    if spec:
        text += rng.choice(["", " "]) + spec
    if marker:
        text += " ; " + marker
    return text


class CaseGenerator:
    """One random case: `generate(dir)` writes it and returns the command-line inputs."""

    def __init__(self, rng, tags, size="small"):
        self.rng = rng
        self.ties = rng.random() < 0.5
        self.tags = tags
        self.ranks = ranks_of(tags)
        self.size = size

    def supported_tag_text(self):
        rng = self.rng
        choice = rng.random()
        if choice < 0.35:
            return "py3-none-any"
        if choice < 0.45:
            return "py2.py3-none-any"
        if choice < 0.51:
            return rng.choice(UNSUPPORTED_TAGS)
        tag = rng.choice(self.tags[: len(self.tags) // 2] if rng.random() < 0.7 else self.tags)
        return tag

    def make_projects(self, count, versions_per_project):
        rng = self.rng
        letters = "abcdefghijklmnopqrstuvwxyz"
        projects = []
        for i in range(count):
            name = f"p{letters[i % 26]}" + (str(i // 26) if i >= 26 else "")
            name = rng.choice([name, f"{name}-lib", f"py-{name}"])
            project = Project(canonicalize_name(name))
            versions = sorted(rng.sample(VERSION_POOL, rng.randint(1, versions_per_project)),
                              key=Version)
            for v in versions:
                files = []
                seen_keys = set()
                for _ in range(rng.choice([1, 1, 1, 2, 3])):
                    tag = self.supported_tag_text()
                    build = rng.choice([None, None, None, "1", "2", "10b"])
                    key = (best_rank(tag, self.ranks), None if build is None else
                           (int(build.rstrip("b")), build.lstrip("0123456789")))
                    # No ties among these: tied_files adds them on purpose in some cases.
                    if key in seen_keys or (tag, build) in [(f[0], f[1]) for f in files]:
                        continue
                    seen_keys.add(key)
                    files.append((tag, build, None))
                if self.ties and rng.random() < 0.5:
                    files += self.tied_files(project.name)
                project.releases[v] = files
            projects.append(project)
        return projects

    def tied_files(self, name):
        """2 to 4 files of one release with equal sort keys, differently named."""
        rng = self.rng
        builds = rng.choice(TIED_BUILDS)
        tags = TIED_TAG_TEXTS if rng.random() < 0.7 else [rng.choice(self.tags[:3])]
        files = []
        for _ in range(rng.randint(2, 4)):
            entry = (rng.choice(tags), rng.choice(builds), rng.choice(file_name_forms(name)))
            if entry not in files:
                files.append(entry)
        return files

    def write_projects(self, projects, wheel_dir):
        rng = self.rng
        os.makedirs(wheel_dir, exist_ok=True)
        by_name = {p.name: p for p in projects}
        writes = {}  # file name -> (dist name, version, metadata, tag, build)
        for project in projects:
            for v, files in project.releases.items():
                extras = rng.sample(EXTRA_POOL, rng.choice([0, 0, 1, 2]))
                requires = []
                others = [p for p in projects if p.name != project.name or rng.random() < 0.05]
                for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
                    if not others:
                        break
                    dep = rng.choice(others)
                    dep_extras = []
                    if rng.random() < 0.15:
                        dep_extras = [rng.choice(EXTRA_POOL)]
                    requires.append(requirement_text(
                        rng, dep.name, list(dep.releases), dep_extras, random_marker(rng), 0.5, True))
                for extra in extras:
                    if others and rng.random() < 0.8:
                        dep = rng.choice(others)
                        requires.append(requirement_text(
                            rng, dep.name, list(dep.releases), (), random_marker(rng, extra), 0.5, True))
                rp = rng.choice(REQUIRES_PYTHON_POOL)
                meta_name = spell(rng, project.name)
                meta_version = v
                if rng.random() < 0.02:
                    meta_version = "9.9"  # inconsistent with the file name: pip discards it
                metadata = metadata_text(meta_name, meta_version, requires, rp, extras)
                for tag, build, form in files:
                    if form is None:
                        form = spell(rng, project.name).replace("-", "_").replace(".", "_")
                    parts = [form, v] + ([build] if build else []) + [tag]
                    writes.setdefault("-".join(parts) + ".whl",
                                      (project.name, v, metadata, tag, build))
        del by_name
        # In random order: the directory's listing order is then unrelated to the names (a
        # file system that lists in creation order, such as tmpfs or btrfs, included).
        names = sorted(writes)
        rng.shuffle(names)
        for file_name in names:
            write_wheel(os.path.join(wheel_dir, file_name), *writes[file_name])

    def requirement_lines(self, projects, count):
        rng = self.rng
        lines = []
        for _ in range(count):
            if rng.random() < 0.03:
                lines.append(requirement_text(rng, "missing-project", ["1.0"]))
                continue
            project = rng.choice(projects)
            extras = rng.sample(EXTRA_POOL, 1) if rng.random() < 0.3 else []
            lines.append(requirement_text(rng, project.name, list(project.releases), extras,
                                          random_marker(rng) if rng.random() < 0.3 else "",
                                          0.5, rng.random() < 0.5))
        return lines

    def constraint_lines(self, projects, count):
        rng = self.rng
        lines = []
        for _ in range(count):
            project = rng.choice(projects)
            spec = random_specifier(rng, list(project.releases), allow_empty=False)
            marker = f" ; {rng.choice(MARKER_POOL)}" if rng.random() < 0.15 else ""
            lines.append(spell(rng, project.name) + spec + marker)
        return lines

    def generate(self, case_dir):
        """Writes a case; returns {"requirements": [...], "constraints": [...], "pre": bool}."""
        rng = self.rng
        os.makedirs(case_dir, exist_ok=True)
        wheel_dir = os.path.join(case_dir, "wheels")
        projects = self.make_projects(rng.randint(2, 8), 4)
        self.write_projects(projects, wheel_dir)
        with open(os.path.join(case_dir, "env.json"), "w") as f:
            json.dump({"markers": default_environment(), "tags": self.tags}, f, indent=1)

        req_lines = self.requirement_lines(projects, rng.randint(1, 4))
        if rng.random() < 0.1:
            req_lines.insert(0, "--pre")
        requirements = ["req.txt"]
        constraints = []
        if rng.random() < 0.25:  # nested requirement file, in a subdirectory with a space
            nested = self.requirement_lines(projects, rng.randint(1, 2))
            write_lines(os.path.join(case_dir, "sub dir", "more.txt"), nested)
            req_lines.append("-r 'sub dir/more.txt'" if rng.random() < 0.5 else
                             "-r sub\\ dir/more.txt")
        if rng.random() < 0.35:
            cons = self.constraint_lines(projects, rng.randint(1, 3))
            if rng.random() < 0.5:
                write_lines(os.path.join(case_dir, "cons.txt"), cons)
                constraints.append("cons.txt")
            else:
                write_lines(os.path.join(case_dir, "nested-cons.txt"), cons)
                req_lines.append("-c nested-cons.txt")
        write_lines(os.path.join(case_dir, "req.txt"), req_lines)
        if rng.random() < 0.15:
            write_lines(os.path.join(case_dir, "req2.txt"), self.requirement_lines(projects, 1))
            requirements.append("req2.txt")
        return {"requirements": requirements, "constraints": constraints,
                "pre": rng.random() < 0.08}


def write_lines(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("".join(line + "\n" for line in lines))
