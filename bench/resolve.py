#!/usr/bin/env python3
"""Benchmark: `pywheelimage resolve` against `pip install --dry-run --no-index` on the same
generated wheelhouses of about 100 and 1,000 wheels (tests/diff/resolve/wheelhouse.py), each
requirement set chosen so that it resolves. Prints the times and the speed-up ratios.

Usage: bench/resolve.py --helper build/src/pywheelimage [--sizes 100,1000] [--runs 5]
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "diff", "resolve"))
import wheelhouse  # noqa: E402
from resolve_diff import PIP_ENV  # noqa: E402


def build_case(root, wheel_count, seed):
    """A layered graph: each project depends on a few of the next layer, all resolvable."""
    rng = random.Random(seed)
    wheel_dir = os.path.join(root, "wheels")
    os.makedirs(wheel_dir)
    versions = ["1.0", "1.1", "2.0", "2.1", "3.0"]
    projects = [f"proj-{i:04d}" for i in range(wheel_count // (len(versions) * 2))]
    for i, name in enumerate(projects):
        for v in versions:
            deps = []
            for _ in range(rng.randint(0, 3)):
                j = rng.randint(i + 1, i + 30)
                if j < len(projects):
                    deps.append(f"{projects[j]}>={rng.choice(versions[:3])}")
            meta = wheelhouse.metadata_text(name, v, deps, ">=3.7", [])
            base = f"{name.replace('-', '_')}-{v}"
            wheelhouse.write_wheel(os.path.join(wheel_dir, base + "-py3-none-any.whl"), name, v,
                                   meta, "py3-none-any")
            wheelhouse.write_wheel(os.path.join(wheel_dir, base + "-cp39-cp39-win_amd64.whl"),
                                   name, v, meta, "cp39-cp39-win_amd64")
    wheelhouse.write_lines(os.path.join(root, "req.txt"),
                           [p for p in projects[: max(3, len(projects) // 10)]])
    with open(os.path.join(root, "env.json"), "w") as f:
        import json
        json.dump(wheelhouse.environment(), f)
    return len(os.listdir(wheel_dir))


def timed(cmd, cwd, env=None, runs=1):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--helper", required=True)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    helper = os.path.abspath(args.helper)
    for size in [int(s) for s in args.sizes.split(",")]:
        root = tempfile.mkdtemp(prefix=f"pwi-bench-{size}-")
        try:
            count = build_case(root, size, seed=size)
            ours = timed([helper, "resolve", "--wheelhouse", "wheels", "--env", "env.json",
                          "-r", "req.txt", "--lock", "lock.txt", "--report", "report.json"],
                         root, runs=args.runs)
            pip = timed([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
                         "--no-index", "--find-links", "wheels", "--quiet", "-r", "req.txt"],
                        root, env=PIP_ENV, runs=max(1, args.runs // 2))
            with open(os.path.join(root, "lock.txt")) as f:
                locked = sum(1 for line in f if "==" in line)
            print(f"{count:5d} wheels, {locked:3d} packages locked: pywheelimage {ours * 1000:8.1f} ms"
                  f"   pip --dry-run {pip * 1000:8.1f} ms   ratio {pip / ours:6.1f}x")
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
