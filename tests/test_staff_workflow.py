"""Staff's loop, as CONTRIBUTING.md §2 and §3 describe it: the worked example (one cap lowered)
gives the check's messages that CONTRIBUTING quotes, builds into the calculator, and turns red
only the tests CONTRIBUTING names for it, with test collection intact."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import frozen
import workedexample
from browserkit import result_of
from conftest import ROOT
from sitegen.check import check_file
from siteserver import serve

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
# A quoted message of the check: `measures.yaml:NNN: where: what` (NNN stands for the line).
QUOTED = re.compile(r"^[ ]*measures\.yaml:NNN: (?P<message>.+)$", re.M)
FAST = "not browser and not pyodide and not site and not slow"


def run(cwd, *args):
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def check_project(root: Path) -> list:
    return check_file(root / "measures.yaml", root=root).problems


def section(number: int) -> str:
    """CONTRIBUTING.md's section `## N.` up to the next one."""
    start = CONTRIBUTING.index(f"\n## {number}. ")
    end = CONTRIBUTING.find("\n## ", start + 1)
    return CONTRIBUTING[start : end if end > 0 else None]


def test_contributing_quotes_what_the_check_says(tmp_path):
    """Each message §2 quotes is what the check says when that step is left undone: the phrase
    (the number changed), the number (the phrase changed), the translation."""
    quoted = QUOTED.findall(section(2))
    assert len(quoted) == 3, quoted
    for forget, message in zip(("phrase", "number", "translation"), quoted):
        project = tmp_path / forget
        shutil.copytree(frozen.ROOT, project)
        workedexample.apply(project, forget=forget)
        problems = [p.format("measures.yaml") for p in check_project(project)]
        assert len(problems) == 1, problems
        assert problems[0].split(": ", 1)[1] == message, (forget, problems)
    project = tmp_path / "done"
    shutil.copytree(frozen.ROOT, project)
    workedexample.apply(project)
    assert check_project(project) == []


@pytest.mark.browser
def test_change_a_cap_as_contributing_describes(tmp_path, browser):
    """A newcomer's clone (with the fixture's data): the edit, the check, the build, and the new
    figure in the calculator, on the command line and in the browser."""
    clone = tmp_path / "repo"
    subprocess.run(["git", "clone", "--quiet", "--local", str(ROOT), str(clone)], check=True)
    for shared in ("node_modules", ".cache"):
        if (ROOT / shared).exists():
            (clone / shared).symlink_to(ROOT / shared)
    shutil.copy2(frozen.MEASURES, clone / "measures.yaml")
    shutil.copy2(frozen.SOURCE, clone / "sources" / frozen.SOURCE.name)
    workedexample.apply(clone, forget="phrase")
    check = run(clone, "build.py", "check")
    assert check.returncode == 1 and "rule.cap.phrase" in check.stderr, check.stderr
    shutil.copy2(frozen.MEASURES, clone / "measures.yaml")
    shutil.copy2(frozen.SOURCE, clone / "sources" / frozen.SOURCE.name)
    old, new = workedexample.apply(clone)
    assert run(clone, "build.py", "check").returncode == 0
    build = run(clone, "build.py")
    assert build.returncode == 0, build.stderr[-2000:]
    cli = run(clone, "-m", "calculator", "estimate", "4.1", "investment=50000000", "--json")
    assert json.loads(cli.stdout)["amount"] == f"{new:.2f}"
    with serve(clone / "site") as origin:
        page = browser.new_page()
        page.goto(f"{origin}/calculator/#award=4.1&investment=50000000")
        assert result_of(page)["amount"] == f"{new:.2f}"
        page.goto(f"{origin}/measures/04/")
        assert f"{new / 10000:,.0f}万元" in page.locator("table").first.inner_text()
        page.close()


def named_for_the_worked_example() -> set[str]:
    """The tests §3 says the worked example turns red: the lines of its list that name one."""
    listed = section(3).split("<!-- worked-example-reds -->")[1]
    return set(re.findall(r"`(tests/\w+\.py::\w+)`", listed))


@pytest.mark.slow
def test_the_worked_example_turns_red_only_the_tests_contributing_names(tmp_path):
    """The worked example on the live data, in a scratch clone: test collection intact, and the
    fast tier red only where CONTRIBUTING §3 says (the hand-computed cases that pin the cap)."""
    clone = tmp_path / "repo"
    subprocess.run(["git", "clone", "--quiet", "--local", str(ROOT), str(clone)], check=True)
    for shared in (".venv", "node_modules", ".cache"):  # as set up by ./dev.sh
        if (ROOT / shared).exists():
            (clone / shared).symlink_to(ROOT / shared)
    workedexample.apply(clone)
    assert run(clone, "build.py", "render").returncode == 0
    tests = run(
        clone, "-m", "pytest", "-m", FAST, "-q", "-rfE", "-p", "no:cacheprovider", "-n", "2"
    )
    assert "error" not in tests.stdout.splitlines()[-1], tests.stdout[-3000:]  # collection whole
    failed = set(re.findall(r"^FAILED (tests/\w+\.py::\w+)", tests.stdout, re.M))
    named = named_for_the_worked_example()
    assert failed, "the hand-computed cases that rest on the old cap must turn red"
    assert failed <= named, (failed, named)
