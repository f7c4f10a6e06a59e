"""The smoke test of a SLIM image (pywheelimage_add_image(... SLIM)), run by the image's own
interpreter: the image has no shell and no pip, and the test adds nothing to it (this file is
mounted for the run only).

For every distribution of the environment: each requirement without a marker names an
installed distribution (markers need `packaging`, which the image need not have), and every
top-level module imports. An import that fails for want of a file SLIM left out (a shared
object, a module of the standard library) fails the test; one that fails for reasons of its own
(uWSGI's `uwsgidecorators` outside uWSGI) is reported and passes. Versions are not compared:
the lock that installed them is consistent by construction (`pywheelimage resolve`). The shared
objects were checked when the image was made (`pywheelimage slim` fails on a missing library).
"""
import importlib
import importlib.metadata as metadata
import re
import sys


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def top_level_modules(dist):
    text = dist.read_text("top_level.txt")
    if text:
        return sorted({line.strip() for line in text.splitlines() if line.strip()})
    names = set()
    for path in dist.files or []:
        parts = path.parts
        if not parts or parts[0] in ("..", "bin") or parts[0].endswith((".dist-info", ".data", ".pth")):
            continue
        if parts[0] == "__pycache__":
            continue
        if len(parts) == 1:
            if parts[0].endswith(".py"):
                names.add(parts[0][:-3])
            elif ".cpython-" in parts[0] or parts[0].endswith(".abi3.so"):
                names.add(parts[0].split(".", 1)[0])
        elif not parts[0].endswith(".libs"):
            names.add(parts[0])
    return sorted(n for n in names if n.isidentifier())


def missing_file(error):
    """Whether an import failed for want of a file: a shared object or a standard module."""
    text = str(error)
    if isinstance(error, ModuleNotFoundError) and error.name:
        return error.name.split(".")[0] in sys.stdlib_module_names
    return isinstance(error, ImportError) and (".so" in text or "shared object" in text or "symbol" in text)


def main():
    installed = {normalize(d.metadata["Name"]): d for d in metadata.distributions()}
    failures, notes = [], []
    for key, dist in sorted(installed.items()):
        for requirement in dist.requires or []:
            spec, _, marker = requirement.partition(";")
            if marker.strip():
                continue  # markers need `packaging`, which the image need not have
            name = normalize(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec).group(1))
            if name not in installed:
                failures.append(f"{key} requires {spec.strip()}, which is not installed")
        for module in top_level_modules(dist):
            try:
                importlib.import_module(module)
            except Exception as error:  # noqa: BLE001 - any failure is reported
                if missing_file(error):
                    failures.append(f"{key}: import {module}: {type(error).__name__}: {error}")
                else:
                    notes.append(f"{key}: import {module}: {type(error).__name__}: {error} (not for want of a file)")
    for note in notes:
        print(f"pywheelimage: note: {note}")
    for failure in failures:
        print(f"pywheelimage: {failure}", file=sys.stderr)
    if failures:
        return 1
    print(f"pywheelimage: smoke test passed: {len(installed)} distributions, requirements installed, "
          "every top-level module imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
