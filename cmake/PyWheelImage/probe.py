"""Describe the interpreter of a base image as ENV.json for `pywheelimage resolve`.

Runs with the base image's own python3 (read from stdin, no files needed in the image).
The reference is what pip itself uses: its supported tags (get_supported(), which is
packaging's sys_tags() plus cpXY-none-any) and packaging's default_environment().
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
                         "packaging; install pip in the base\n")
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

try:
    # pip's own list: sys_tags() plus what pip adds (cpXY-none-any), in pip's preference order.
    from pip._internal.utils.compatibility_tags import get_supported
    supported = [str(t) for t in get_supported()]
except ImportError:
    supported = [str(t) for t in tags.sys_tags()]

json.dump({
    "markers": markers.default_environment(),
    "tags": supported,
    "python": {"executable": sys.executable, "version": sys.version.split()[0],
               "pip": pip_version, "venv": has_venv},
    "path": os.environ.get("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
}, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
