#!/usr/bin/env python3
"""Differential test of pwi_pep against pip's vendored packaging (the reference).

Generates random versions, version pairs, specifier sets, markers with environments and
requirement lines (valid and invalid), computes packaging's answers, runs them through
pep_diff_driver (one JSON case per line) and compares. LegacyVersion / LegacySpecifier
results count as "invalid", as pwi_pep rejects them by design.

Environment: PWI_DIFF_SEED (default 440508), PWI_DIFF_CASES (per kind, default 3000).
"""
import argparse
import json
import os
import random
import subprocess
import sys
import warnings

warnings.simplefilter("ignore")

from pip._vendor.packaging import markers as pmarkers  # noqa: E402
from pip._vendor.packaging.requirements import Requirement  # noqa: E402
from pip._vendor.packaging.specifiers import LegacySpecifier, SpecifierSet  # noqa: E402
from pip._vendor.packaging.utils import canonicalize_name  # noqa: E402
from pip._vendor.packaging.version import Version, InvalidVersion  # noqa: E402
from pip._internal.utils.packaging import safe_extra  # noqa: E402

NOISE = list("0123456789.-_+!vVabcrdeposti *,;()<>=~@[]'\"\t\n") + ["\u00a0", "\u017f", "\u212a", "\u0130", "é"]
SPACES = ["", "", "", " ", "  ", "\t", "\u00a0", "\u2003"]


def mutate(rng, text):
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        action = rng.random()
        pos = rng.randint(0, len(chars))
        if action < 0.4:
            chars.insert(pos, rng.choice(NOISE))
        elif action < 0.7 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif chars:
            chars[min(pos, len(chars) - 1)] = rng.choice(NOISE)
    return "".join(chars)


def rcase(rng, word):
    return "".join(c.upper() if rng.random() < 0.2 else c for c in word)


def number(rng):
    return rng.choice(["0", "1", "2", "3", "10", "00", "01", "7", "20", "123"])


def sep(rng):
    return rng.choice(["", "", ".", "-", "_"])


def gen_version(rng, simple=False):
    parts = []
    if not simple and rng.random() < 0.1:
        parts.append(rng.choice(SPACES))
    if not simple and rng.random() < 0.1:
        parts.append(rng.choice("vV"))
    if rng.random() < 0.1:
        parts.append(number(rng) + "!")
    parts.append(".".join(number(rng) for _ in range(rng.choice([1, 2, 2, 3, 3, 4]))))
    if rng.random() < 0.3:
        word = rng.choice(["a", "b", "c", "rc", "alpha", "beta", "pre", "preview"])
        parts.append(sep(rng) + (word if simple else rcase(rng, word)) + sep(rng) + rng.choice(["", number(rng)]))
    if rng.random() < 0.25:
        if rng.random() < 0.3:
            parts.append("-" + number(rng))
        else:
            word = rng.choice(["post", "rev", "r"])
            parts.append(sep(rng) + (word if simple else rcase(rng, word)) + sep(rng) + rng.choice(["", number(rng)]))
    if rng.random() < 0.2:
        parts.append(sep(rng) + "dev" + sep(rng) + rng.choice(["", number(rng)]))
    if rng.random() < 0.15:
        items = [rng.choice(["ubuntu", "1", "01", "abc", "Ab", "x2", "7", "\u017f", "K"]) for _ in range(rng.randint(1, 3))]
        parts.append("+" + "".join(i + rng.choice([".", "-", "_"]) for i in items[:-1]) + items[-1])
    if not simple and rng.random() < 0.1:
        parts.append(rng.choice(SPACES))
    return "".join(parts)


def valid_versions(rng, n):
    out = []
    while len(out) < n:
        text = gen_version(rng, simple=True)
        try:
            Version(text)
        except InvalidVersion:
            continue
        out.append(text)
    return out


def neighbours(rng, base):
    """Versions around `base` so that boundaries get exercised."""
    try:
        v = Version(base)
    except InvalidVersion:
        return valid_versions(rng, 4)
    b = v.base_version
    return [b, b + "a1", b + ".dev0", b + ".post1", b + "+local.1", str(v), b + ".0", b + ".1",
            b + "rc1.post1.dev2", b.split(".")[0], b.split(".")[0] + ".99"]


# --- cases -------------------------------------------------------------------------------------

def version_case(rng):
    text = gen_version(rng)
    if rng.random() < 0.3:
        text = mutate(rng, text)
    case = {"kind": "version", "text": text}
    try:
        v = Version(text)
    except InvalidVersion:
        return case, {"ok": False}
    return case, {"ok": True, "str": str(v), "epoch": v.epoch, "release": list(v.release),
                  "pre": v.is_prerelease, "post": v.is_postrelease, "dev": v.is_devrelease,
                  "local": v.local is not None, "public": v.public, "base": v.base_version}


def compare_case(rng, pool):
    a = rng.choice(pool)
    b = rng.choice(neighbours(rng, a) + pool[:5]) if rng.random() < 0.7 else rng.choice(pool)
    va, vb = Version(a), Version(b)
    return {"kind": "compare", "a": a, "b": b}, {"cmp": (va > vb) - (va < vb), "eq": va == vb}


def gen_clause(rng):
    op = rng.choice(["==", "!=", "<=", ">=", "<", ">", "~=", "==="])
    version = gen_version(rng, simple=rng.random() < 0.7)
    if op in ("==", "!=") and rng.random() < 0.3:
        version = version.split("+")[0] + ".*"
    return rng.choice(SPACES[:5]) + op + rng.choice(["", "", " "]) + version + rng.choice(SPACES[:5])


def gen_spec(rng):
    text = ",".join(gen_clause(rng) for _ in range(rng.choice([0, 1, 1, 2, 2, 3])))
    if rng.random() < 0.15:
        text = mutate(rng, text)
    return text


def parse_spec(text):
    s = SpecifierSet(text)
    if any(isinstance(c, LegacySpecifier) for c in s):
        raise ValueError("legacy")
    return s


def specifier_case(rng, pool):
    text = gen_spec(rng)
    case = {"kind": "specifier", "spec": text, "prereleases": rng.choice([None, None, True, False])}
    try:
        s = parse_spec(text)
    except ValueError:
        case["versions"] = []
        return case, {"ok": False}
    versions = rng.sample(pool, 4)
    for c in s:
        versions += rng.sample(neighbours(rng, c.version.rstrip("*").rstrip(".")), 4)
    if rng.random() < 0.2:
        versions = [v for v in versions if Version(v).is_prerelease] or versions
    rng.shuffle(versions)
    case["versions"] = versions
    parsed = [Version(v) for v in versions]
    pre = case["prereleases"]
    expected = {"ok": True, "str": str(s), "prereleases": s.prereleases,
                "contains": [s.contains(v, prereleases=pre) for v in parsed],
                "filter": [str(v) for v in s.filter(parsed, prereleases=pre)]}
    if rng.random() < 0.3:
        other = gen_spec(rng)
        try:
            o = parse_spec(other)
        except ValueError:
            return case, expected
        case["other"] = other
        expected["and"] = str(s & o)
    return case, expected


VARIABLES = ["implementation_version", "platform_python_implementation", "implementation_name",
             "python_full_version", "platform_release", "platform_version", "platform_machine",
             "platform_system", "python_version", "sys_platform", "os_name", "os.name",
             "sys.platform", "platform.version", "platform.machine",
             "platform.python_implementation", "python_implementation", "extra"]
VALUES = ["3.8", "3.11", "3.11.2", "2.7", "3", "3.13.0a1", "5.15.0-1034-azure", "posix", "nt",
          "linux", "win32", "x86_64", "CPython", "cpython", "", " 3.8", "3.*", "1.0.post1",
          "Foo_Bar", "foo-bar", "foo.bar", "sec", "a\\tb", "lin", "===", "3.8 "]
OPS = ["==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in"]


def gen_operand(rng):
    if rng.random() < 0.55:
        return rng.choice(VARIABLES)
    q = rng.choice(["'", '"'])
    return q + rng.choice(VALUES) + q


def gen_marker(rng, depth=0):
    items = []
    for i in range(rng.choice([1, 1, 2, 3])):
        if i:
            items.append(rng.choice([" and ", " or ", " and ", "and ", " or\t", "\nand "]))
        if depth < 3 and rng.random() < 0.25:
            items.append("(" + rng.choice(SPACES[:5]) + gen_marker(rng, depth + 1) + rng.choice(SPACES[:4]) + ")")
        else:
            s1, s2 = rng.choice(["", " ", " "]), rng.choice(["", " ", " "])
            items.append(gen_operand(rng) + s1 + rng.choice(OPS) + s2 + gen_operand(rng))
    return "".join(items)


ENV_VALUES = {
    "implementation_name": ["cpython", "pypy"],
    "implementation_version": ["3.11.2", "7.3.11", "3.13.0a1"],
    "os_name": ["posix", "nt"],
    "platform_machine": ["x86_64", "aarch64", "AMD64"],
    "platform_release": ["5.15.0-1034-azure", "6.1.0", "10"],
    "platform_system": ["Linux", "Windows", "Darwin"],
    "platform_version": ["#1 SMP", "10.0.19041"],
    "python_full_version": ["3.11.2", "3.8.10", "3.13.0a1", "2.7.18", "3.12.0+"],
    "platform_python_implementation": ["CPython", "PyPy"],
    "python_version": ["3.11", "3.8", "2.7", "3.13", "3.10"],
    "sys_platform": ["linux", "win32", "darwin"],
}


def marker_case(rng):
    text = gen_marker(rng)
    if rng.random() < 0.2:
        text = mutate(rng, text)
    env = {k: rng.choice(v) for k, v in ENV_VALUES.items() if rng.random() < 0.97}
    extra = rng.choice(["", "", "sec", "Foo_Bar", "foo-bar", "foo.bar", "a b"])
    case = {"kind": "marker", "text": text, "env": env, "extra": extra}
    try:
        m = pmarkers.Marker(text)
    except pmarkers.InvalidMarker:
        return case, {"ok": False}
    expected = {"ok": True, "str": str(m)}
    full = dict(env, extra=safe_extra(extra))
    try:
        expected["result"] = pmarkers._evaluate_markers(m._markers, full)
    except pmarkers.UndefinedEnvironmentName:
        expected["result"] = "undefined-name"
    except pmarkers.UndefinedComparison:
        expected["result"] = "undefined-comparison"
    return case, expected


URLS = ["https://example.com/pkg-1.0.whl", "file:///tmp/pkg.whl", "file:/tmp/x", "file://host/x",
        "FILE:///x", "git+https://github.com/a/b.git@v1#egg=b", "pkg.whl", "http://[::1]/x",
        "http://[::1/x", "file:///x?", "https://h/p;x", "http:/nohost", "/abs/path"]


def requirement_case(rng):
    name = rng.choice(["foo", "Foo.Bar", "a", "pkg_1-x", "Z9", "x..y", "-bad", "a-"])
    parts = [rng.choice(SPACES[:4]), name]
    if rng.random() < 0.4:
        extras = [rng.choice(["sec", "Foo_Bar", "x.y", "a-b", "", "bad!"]) for _ in range(rng.randint(0, 3))]
        parts.append(rng.choice(["", " "]) + "[" + rng.choice(["", " "]).join(
            e + rng.choice([",", ", ", " ,"]) for e in extras[:-1]) + (extras[-1] if extras else "") + "]")
    if rng.random() < 0.2:
        parts.append(rng.choice([" @ ", "@", " @"]) + rng.choice(URLS))
        if rng.random() < 0.4:
            parts.append(rng.choice([" ; ", " ;", ";"]) + gen_marker(rng))
    else:
        spec = ",".join(gen_clause(rng).strip() for _ in range(rng.choice([0, 1, 2])))
        if spec and rng.random() < 0.3:
            spec = "(" + spec + ")"
        parts.append(rng.choice(["", " "]) + spec)
        if rng.random() < 0.4:
            parts.append(rng.choice([" ; ", ";", "; "]) + gen_marker(rng))
    parts.append(rng.choice(SPACES[:4]))
    text = "".join(parts)
    if rng.random() < 0.15:
        text = mutate(rng, text)
    case = {"kind": "requirement", "text": text}
    try:
        r = Requirement(text)
        if any(isinstance(c, LegacySpecifier) for c in r.specifier):
            raise ValueError("legacy")
    except ValueError:
        return case, {"ok": False}
    return case, {"ok": True, "str": str(r), "name": r.name, "key": canonicalize_name(r.name),
                  "extras": sorted({safe_extra(e) for e in r.extras}), "specifier": str(r.specifier),
                  "marker": str(r.marker) if r.marker else None, "url": r.url or ""}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--driver", required=True)
    args = parser.parse_args()
    seed = int(os.environ.get("PWI_DIFF_SEED", "440508"))
    count = int(os.environ.get("PWI_DIFF_CASES", "3000"))
    rng = random.Random(seed)
    pool = valid_versions(rng, 200)
    cases = []
    for _ in range(count):
        cases.append(version_case(rng))
        cases.append(compare_case(rng, pool))
        cases.append(specifier_case(rng, pool))
        cases.append(marker_case(rng))
        cases.append(requirement_case(rng))
    stdin = "".join(json.dumps(c) + "\n" for c, _ in cases)
    run = subprocess.run([args.driver], input=stdin, capture_output=True, text=True, encoding="utf-8")
    if run.returncode != 0:
        print(f"driver failed with status {run.returncode}: {run.stderr}", file=sys.stderr)
        return 1
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    if len(answers) != len(cases):
        print(f"driver answered {len(answers)} of {len(cases)} cases", file=sys.stderr)
        return 1
    failures = 0
    by_kind = {}
    for (case, expected), got in zip(cases, answers):
        by_kind[case["kind"]] = by_kind.get(case["kind"], 0) + 1
        if got != expected:
            failures += 1
            if failures <= 25:
                print(f"MISMATCH case: {json.dumps(case)}\n  packaging: {json.dumps(expected)}\n"
                      f"  pwi_pep:   {json.dumps(got)}")
    valid = sum(1 for _, e in cases if e.get("ok", True))
    print(f"seed {seed}: {len(cases)} cases ({valid} valid), {by_kind}, {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
