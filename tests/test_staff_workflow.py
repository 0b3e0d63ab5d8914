"""A newcomer follows CONTRIBUTING.md: changes a cap, sees the check fail on the phrase, fixes it,
and sees the new figure in the calculator (command line and browser)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from siteserver import serve
from browserkit import result_of

OLD, NEW = "最高1000万元。推动工业园区", "最高800万元。推动工业园区"
EN = (
    "total investment, up to 10\n            million yuan. Promote",
    "total investment, up to 8\n            million yuan. Promote",
)
SUMMARY_ZH = ("30%资助，最高1000万元。工业园区", "30%资助，最高800万元。工业园区")
SUMMARY_EN = (
    "investment, up to 10 million yuan. Benchmark",
    "investment, up to 8 million yuan. Benchmark",
)


def run(cwd, *args):
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A fresh clone, as a newcomer has it; the npm packages and compression cache are shared."""
    path = tmp_path_factory.mktemp("newcomer") / "repo"
    subprocess.run(["git", "clone", "--quiet", "--local", str(ROOT), str(path)], check=True)
    for shared in ("node_modules", ".cache"):
        if (ROOT / shared).exists():
            (path / shared).symlink_to(ROOT / shared)
    return path


def test_change_a_cap_as_contributing_describes(clone, browser):
    source = clone / "sources" / "policy-draft.zh.txt"
    measures = clone / "measures.yaml"
    # 1. The (imagined) final text lowers measure 4's cap; the newcomer updates source and clause,
    #    its translation and the summary.
    source.write_text(source.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    text = measures.read_text(encoding="utf-8").replace(OLD, NEW)
    for old, new in (EN, SUMMARY_ZH, SUMMARY_EN):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    # 2. ...and the figure, but forgets the phrase.
    text = text.replace(
        "cap: {amount: 10000000, phrase: 给予资助，最高1000万元}",
        "cap: {amount: 8000000, phrase: 给予资助，最高1000万元}",
    )
    measures.write_text(text, encoding="utf-8")
    check = run(clone, "build.py", "check")
    assert check.returncode == 1
    assert (
        "measure 4 › award 4.1 › rule.cap.phrase: phrase '给予资助，最高1000万元' is not in the clause"
        in check.stderr
    )
    # 3. The message names the line; the newcomer fixes the phrase there.
    measures.write_text(
        text.replace("phrase: 给予资助，最高1000万元}", "phrase: 给予资助，最高800万元}"),
        encoding="utf-8",
    )
    assert run(clone, "build.py", "check").returncode == 0
    # 4. Build, and the calculator says the new figure, on the command line and in the browser.
    build = run(clone, "build.py")
    assert build.returncode == 0, build.stderr[-2000:]
    cli = run(clone, "-m", "calculator", "estimate", "4.1", "investment=50000000", "--json")
    assert json.loads(cli.stdout)["amount"] == "8000000.00"
    with serve(clone / "site") as origin:
        page = browser.new_page()
        page.goto(f"{origin}/calculator/#award=4.1&investment=50000000")
        assert result_of(page)["amount"] == "8000000.00"
        page.goto(f"{origin}/measures/04/")
        assert "800万元" in page.locator("table").first.inner_text()
        page.close()
