#!/usr/bin/env python3
"""A build of the site, here and at a baseline revision, in one run (decisions/0018): wall and
CPU time of `python build.py`, and how many times it checks measures.yaml, renders the pages and
starts git.

    .venv/bin/python scripts/bench_build.py [--base main] [--rounds 2]

The baseline is a detached worktree of BASE in a scratch folder, sharing this checkout's .venv
and node_modules and a copy of its .cache (so neither side compresses or compiles the runtime
from nothing). The rounds alternate between the two; the first round of each warms caches.
Checks and renders are counted by wrapping `sitegen.check.check_file` and
`sitegen.render.render_site` as they are imported (a sitecustomize on PYTHONPATH), git by a
`git` first on PATH that notes each start.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SITECUSTOMIZE = """
import importlib.abc, os, sys

COUNT = os.environ["BENCH_COUNT"]
WRAP = {"sitegen.check": "check_file", "sitegen.render": "render_site"}


def note(what):
    with open(COUNT, "a") as out:
        out.write(what + "\\n")


class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in WRAP:
            return None
        sys.meta_path.remove(self)
        try:
            import importlib.util
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            original = getattr(module, WRAP[name])

            def counted(*args, **kwargs):
                note(WRAP[name])
                return original(*args, **kwargs)

            setattr(module, WRAP[name], counted)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, Finder())
"""

GIT = """#!/bin/sh
echo git >> "$BENCH_COUNT"
exec {git} "$@"
"""


def build(root: Path, tools: Path) -> dict:
    count = tools / "count.txt"
    count.write_text("")
    env = {
        **os.environ,
        "BENCH_COUNT": str(count),
        "PYTHONPATH": str(tools),
        "PATH": f"{tools}:{os.environ['PATH']}",
        "NO_MKDOCS_2_WARNING": "1",
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    run = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "build.py"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode:
        sys.exit(f"build in {root} failed:\n{run.stderr[-3000:]}")
    said = count.read_text().split()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall": wall,
        "cpu": cpu,
        "checks": said.count("check_file"),
        "renders": said.count("render_site"),
        "git": said.count("git"),
    }


def baseline(base: str, where: Path) -> Path:
    tree = where / "base"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), base],
        check=True,
    )
    for shared in (".venv", "node_modules"):
        (tree / shared).symlink_to(ROOT / shared)
    if (ROOT / ".cache").exists():
        shutil.copytree(ROOT / ".cache", tree / ".cache", symlinks=True)
    return tree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="the baseline revision (default main)")
    parser.add_argument("--rounds", type=int, default=2, help="builds of each (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as scratch:
        where = Path(scratch)
        tools = where / "tools"
        tools.mkdir()
        (tools / "sitecustomize.py").write_text(SITECUSTOMIZE)
        (tools / "git").write_text(GIT.format(git=shutil.which("git")))
        (tools / "git").chmod(0o755)
        tree = baseline(args.base, where)
        try:
            rows = []
            for round_ in range(1, args.rounds + 1):
                for name, root in ((f"{args.base} (baseline)", tree), ("this checkout", ROOT)):
                    rows.append((round_, name, build(root, tools)))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)])
    print("| round | build | wall s | CPU s | checks | renders | git processes |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for round_, name, r in rows:
        print(
            f"| {round_} | {name} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['checks']} | "
            f"{r['renders']} | {r['git']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
