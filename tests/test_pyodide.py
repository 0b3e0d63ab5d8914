"""The same cases give identical answers in Pyodide (the npm runtime, under Node, loading our
wheel through the site-local lock with its sha256) as in CPython."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from calculator.web import page_estimate
from conftest import BAD_INPUTS, CASES, ROOT

pytestmark = pytest.mark.pyodide


@pytest.fixture(scope="module")
def runtime(built_site):
    # build.py put the runtime, the wheel and the lock in docs/assets/pyodide/ and copied them
    # into the site; run the copies the site serves.
    return built_site / "assets" / "pyodide"


def test_pyodide_gives_identical_results(runtime):
    assert shutil.which("node"), "Node.js is part of the setup (README)"
    asked = [
        {"award": c["award"], "inputs": c["inputs"], "lang": lang}
        for c in CASES + BAD_INPUTS
        for lang in ("zh", "en")
    ]
    run = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "pyodide_cases.mjs"), str(runtime)],
        input=json.dumps(asked),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    answer = json.loads(run.stdout)
    assert answer["python"].startswith("3."), answer["python"]
    expected = [page_estimate(a["award"], json.dumps(a["inputs"]), a["lang"]) for a in asked]
    assert len(answer["results"]) == len(expected) == 2 * (len(CASES) + len(BAD_INPUTS))
    for a, got, want in zip(asked, answer["results"], expected):
        assert got == want, a


def test_the_lock_pins_our_wheel_by_sha256(runtime):
    import hashlib

    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    (package,) = lock["packages"].values()
    wheel = runtime / package["file_name"]
    assert wheel.name.endswith("-py3-none-any.whl")
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == package["sha256"]
    assert package["imports"] == ["calculator"]
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {f"calculator/{p.name}" for p in (ROOT / "calculator").glob("*.py")}
    assert modules | {"calculator/data/measures.json"} <= names


# That Pyodide refuses a wheel whose sha256 does not match the lock is tested in the browser
# (tests/test_browser.py): under Node, Pyodide reads packages from disk without the check.
