#!/usr/bin/env python3
"""Differential test of `pywheelimage resolve` against pip itself (the reference).

For each generated case (see wheelhouse.py) runs
  python3 -m pip install --dry-run --ignore-installed --no-index --find-links wheels --report ...
and the helper on the same inputs, then compares: the set of wheel files pip would install
against the helper's lock (name==version, sha256 of the file) and report (file names), and
failure against failure (exit status 4). Every few cases the lock itself is fed back to pip with
--no-deps --require-hashes, which must accept it and install exactly the locked set.

Cases with files whose sort keys tie (wheelhouse.sort_key_groups) check the order of the
choice: pip 23.2.1 evaluates a find-links directory's files by URL, descending, whatever order
the directory lists them in, and installs the last of the tied files. The helper must agree with
pip there too, and choose the same on a copy of the directory written in the reverse of its
listing order (as the wheel step's merged wheelhouse is a new directory). The summary counts the
tie groups and how many the directory listed in an order other than by name.

Environment: PWI_DIFF_SEED (default 20230815), PWI_DIFF_CASES (default 80),
PWI_DIFF_KEEP=DIR keeps every case there (mismatching cases are always kept and printed).
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wheelhouse  # noqa: E402

PIP_ENV = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1",
               PIP_CONFIG_FILE=os.devnull, PYTHONWARNINGS="ignore", PIP_NO_INPUT="1")
for key in list(PIP_ENV):
    if key.startswith("PIP_") and key not in ("PIP_DISABLE_PIP_VERSION_CHECK", "PIP_NO_CACHE_DIR",
                                               "PIP_CONFIG_FILE", "PIP_NO_INPUT"):
        del PIP_ENV[key]


def run_pip(case_dir, inputs):
    report = os.path.join(case_dir, "pip-report.json")
    cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
           "--no-index", "--find-links", "wheels", "--report", report, "--quiet"]
    for r in inputs["requirements"]:
        cmd += ["-r", r]
    for c in inputs["constraints"]:
        cmd += ["-c", c]
    if inputs["pre"]:
        cmd.append("--pre")
    proc = subprocess.run(cmd, cwd=case_dir, env=PIP_ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"ok": False, "stderr": proc.stderr.strip()}
    with open(report) as f:
        data = json.load(f)
    files = {}
    for item in data["install"]:
        url = item["download_info"]["url"]
        name = os.path.basename(urllib.parse.unquote(urllib.parse.urlparse(url).path))
        files[wheelhouse.canonicalize_name(item["metadata"]["name"])] = (
            item["metadata"]["version"], name)
    return {"ok": True, "files": files}


def run_helper(helper, case_dir, inputs, wheels="wheels"):
    cmd = [helper, "resolve", "--wheelhouse", wheels, "--env", "env.json",
           "--lock", "out/lock.txt", "--report", "out/report.json", "--depfile", "out/lock.d"]
    for r in inputs["requirements"]:
        cmd += ["-r", r]
    for c in inputs["constraints"]:
        cmd += ["-c", c]
    if inputs["pre"]:
        cmd.append("--pre")
    out_dir = os.path.join(case_dir, "out")
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    proc = subprocess.run(cmd, cwd=case_dir, capture_output=True, text=True)
    result = {"status": proc.returncode, "stderr": proc.stderr.strip(), "cmd": cmd}
    if proc.returncode != 0:
        result["outputs"] = sorted(os.listdir(out_dir))
        return result
    with open(os.path.join(out_dir, "report.json")) as f:
        result["report"] = json.load(f)
    with open(os.path.join(out_dir, "lock.txt")) as f:
        result["lock"] = f.read()
    with open(os.path.join(out_dir, "lock.d")) as f:
        result["depfile"] = f.read()
    return result


def parse_lock(text):
    """{name: (version, sha256)} from the helper's lock; continuation lines joined."""
    entries = {}
    for line in text.replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spec, *options = line.split()
        name, _, version = spec.partition("==")
        hashes = [o.split(":", 1)[1] for o in options if o.startswith("--hash=sha256:")]
        entries[wheelhouse.canonicalize_name(name)] = (version, hashes)
    return entries


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def compare(case_dir, pip, helper):
    """Returns a list of problems (empty when the helper agrees with pip)."""
    if not pip["ok"]:
        if helper["status"] == 0:
            return ["pip failed but the helper succeeded"]
        problems = []
        if helper["status"] != 4:
            problems.append(f"helper exit status {helper['status']}, expected 4 (unresolvable)")
        if helper["outputs"]:
            problems.append(f"helper wrote outputs despite failing: {helper['outputs']}")
        return problems
    if helper["status"] != 0:
        return [f"pip succeeded but the helper failed with status {helper['status']}"]
    problems = []
    lock = parse_lock(helper["lock"])
    report_files = {p["name"]: (p["version"], p["file"], p["sha256"])
                    for p in helper["report"]["packages"]}
    want = pip["files"]
    if set(lock) != set(want):
        problems.append(f"lock names {sorted(lock)} != pip's {sorted(want)}")
    for name, (version, file_name) in sorted(want.items()):
        got = report_files.get(name)
        if got is None:
            problems.append(f"{name}: missing from the report")
            continue
        if got[1] != file_name:
            problems.append(f"{name}: helper chose {got[1]}, pip chose {file_name}")
        digest = sha256(os.path.join(case_dir, "wheels", file_name))
        if name in lock and (lock[name][0] != version or lock[name][1] != [digest]):
            problems.append(f"{name}: lock entry {lock[name]} != pip's {version} {digest}")
        if got[2] != digest:
            problems.append(f"{name}: report sha256 {got[2]} != {digest}")
    if not helper["depfile"].startswith("out/lock.txt:"):
        problems.append(f"depfile does not start with the lock: {helper['depfile']!r}")
    return problems


def check_lock_installs(case_dir, helper):
    """pip must accept the lock with --require-hashes and install exactly the locked set."""
    cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
           "--no-index", "--no-deps", "--require-hashes", "--find-links", "wheels",
           "--report", "pip-lock-report.json", "--quiet", "-r", "out/lock.txt"]
    proc = subprocess.run(cmd, cwd=case_dir, env=PIP_ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        return [f"pip rejected the lock: {proc.stderr.strip()}"]
    with open(os.path.join(case_dir, "pip-lock-report.json")) as f:
        installed = {os.path.basename(urllib.parse.unquote(i["download_info"]["url"]))
                     for i in json.load(f)["install"]}
    chosen = {p["file"] for p in helper["report"]["packages"]}
    if installed != chosen:
        return [f"pip installs {sorted(installed)} from the lock, expected {sorted(chosen)}"]
    return []


def check_listing_order(helper, case_dir, inputs, helper_result):
    """On a copy of the wheels written in the reverse of their listing order, the helper must
    choose the same files. Returns the problems."""
    copy = os.path.join(case_dir, "wheels-copy")
    shutil.rmtree(copy, ignore_errors=True)
    os.makedirs(copy)
    for name in reversed(os.listdir(os.path.join(case_dir, "wheels"))):
        shutil.copyfile(os.path.join(case_dir, "wheels", name), os.path.join(copy, name))
    again = run_helper(helper, case_dir, inputs, "wheels-copy")
    if again["status"] != helper_result["status"]:
        return [f"on a copy of the wheels listed in another order the helper exits with "
                f"{again['status']}, not {helper_result['status']}"]
    if again["status"] != 0:
        return []
    chosen = sorted(p["file"] for p in helper_result["report"]["packages"])
    chosen_again = sorted(p["file"] for p in again["report"]["packages"])
    if chosen != chosen_again:
        return [f"on a copy of the wheels listed in another order the helper chose "
                f"{chosen_again}, not {chosen}"]
    return []


def describe(case_dir, inputs):
    out = [f"case directory: {case_dir}", f"inputs: {json.dumps(inputs)}"]
    for root, _, names in sorted(os.walk(case_dir)):
        for name in sorted(names):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, case_dir)
            if rel.endswith(".txt") and not rel.startswith("out"):
                with open(path) as f:
                    out.append(f"--- {rel}\n{f.read().rstrip()}")
    import zipfile
    for name in sorted(os.listdir(os.path.join(case_dir, "wheels"))):
        with zipfile.ZipFile(os.path.join(case_dir, "wheels", name)) as zf:
            meta = next(n for n in zf.namelist() if n.endswith("/METADATA"))
            text = zf.read(meta).decode().strip().replace("\n", " | ")
        out.append(f"--- wheels/{name}: {text}")
    return "\n".join(out)


def run_case(helper, root, seed, index, tags, check_lock):
    rng = random.Random(f"{seed}-{index}")
    case_dir = os.path.join(root, f"case{index:03d}")
    shutil.rmtree(case_dir, ignore_errors=True)
    inputs = wheelhouse.CaseGenerator(rng, tags).generate(case_dir)
    listed = os.listdir(os.path.join(case_dir, "wheels"))
    ties = wheelhouse.sort_key_groups(os.path.join(case_dir, "wheels"), wheelhouse.ranks_of(tags))
    unsorted_ties = sum(1 for group in ties if sorted(group, key=listed.index) != sorted(group))
    pip = run_pip(case_dir, inputs)
    helper_result = run_helper(helper, case_dir, inputs)
    problems = compare(case_dir, pip, helper_result)
    if not problems and check_lock and helper_result["status"] == 0:
        problems = check_lock_installs(case_dir, helper_result)
    if not problems and ties:
        problems = check_listing_order(helper, case_dir, inputs, helper_result)
    return index, case_dir, inputs, pip, helper_result, problems, (len(ties), unsorted_ties)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--helper", required=True, help="the pywheelimage executable")
    parser.add_argument("--cases", type=int, default=int(os.environ.get("PWI_DIFF_CASES", 80)))
    parser.add_argument("--seed", default=os.environ.get("PWI_DIFF_SEED", "20230815"))
    parser.add_argument("--keep", default=os.environ.get("PWI_DIFF_KEEP"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", type=int, help="run only this case index")
    parser.add_argument("--pip-version", help="the pip version the helper mirrors: the pip run "
                        "here must be that one, or the comparison proves nothing")
    args = parser.parse_args()
    proc = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True, env=PIP_ENV)
    running = proc.stdout.split()[1] if proc.returncode == 0 and proc.stdout.startswith("pip ") else None
    print(f"comparing against pip {running} ({sys.executable}); the helper mirrors pip {args.pip_version}")
    if args.pip_version and running != args.pip_version:
        print(f"FAILED: {sys.executable} runs pip {running}, not the pip {args.pip_version} that the "
              f"helper mirrors (and the builder runs): install it, e.g. "
              f"`{sys.executable} -m pip install pip=={args.pip_version}`")
        return 1

    root = args.keep or tempfile.mkdtemp(prefix="pwi-resolve-diff-")
    os.makedirs(root, exist_ok=True)
    tags = wheelhouse.supported_tags()
    indices = [args.only] if args.only is not None else list(range(args.cases))
    agree, failures, pip_failures = 0, [], 0
    tie_cases, tie_groups, unsorted_groups = 0, 0, 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_case, os.path.abspath(args.helper), root, args.seed, i, tags,
                               i % 8 == 0) for i in indices]
        for future in futures:
            index, case_dir, inputs, pip, helper, problems, (groups, unsorted) = future.result()
            tie_cases += 1 if groups else 0
            tie_groups += groups
            unsorted_groups += unsorted
            if problems:
                failures.append(index)
                print(f"=== MISMATCH in case {index} (seed {args.seed})")
                print("\n".join("  " + p for p in problems))
                print(f"pip: {json.dumps(pip, sort_keys=True)}")
                print(f"helper: status {helper['status']} {helper['stderr']}")
                if "lock" in helper:
                    print(helper["lock"])
                print(describe(case_dir, inputs))
                print()
            else:
                agree += 1
                pip_failures += 0 if pip["ok"] else 1
                if not args.keep:
                    shutil.rmtree(case_dir, ignore_errors=True)
    print(f"resolve diff: {agree}/{len(indices)} cases agree with pip {running} "
          f"({pip_failures} of them unresolvable), seed {args.seed}; {tie_cases} cases have "
          f"{tie_groups} groups of files with tied sort keys, {unsorted_groups} of them listed "
          f"by the directory in an order other than by name")
    if tie_groups >= 10 and unsorted_groups == 0:
        print("FAILED: the file system lists every directory by name, so the tie cases do not "
              "show that the choice is independent of the listing order: set TMPDIR to another "
              "file system (ext4, tmpfs)")
        return 1
    if failures:
        print(f"mismatching cases (rerun one with --only N --keep DIR): {failures}")
        print(f"cases kept in {root}")
        return 1
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
