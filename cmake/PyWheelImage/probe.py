"""Describe the interpreter of a base image as ENV.json for `pywheelimage resolve`.

Runs with the base image's own python3 (read from stdin, no files needed in the image).
What packaging's sys_tags() and default_environment() return is the reference; pip vendors
packaging, so a base with pip needs nothing else.
"""
import json
import os
import sys

try:
    from packaging import markers, tags
except ImportError:
    try:
        from pip._vendor.packaging import markers, tags
    except ImportError:
        sys.stderr.write("pywheelimage probe: the base image's python3 has neither pip nor "
                         "packaging; install pip in the base (Debian: python3-pip)\n")
        sys.exit(3)

try:
    import pip
    pip_version = pip.__version__
except ImportError:
    pip_version = None

try:
    import venv  # noqa: F401
    import ensurepip  # noqa: F401
    has_venv = True
except ImportError:
    import importlib.util
    has_venv = importlib.util.find_spec("venv") is not None

json.dump({
    "markers": markers.default_environment(),
    "tags": [str(t) for t in tags.sys_tags()],
    "python": {"executable": sys.executable, "version": sys.version.split()[0],
               "pip": pip_version, "venv": has_venv},
    "path": os.environ.get("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
}, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
