"""The same questions give identical answers in Pyodide (the site's runtime under Node: its
reduced, compiled standard library, our wheel through the site-local lock with its sha256, and
the memory snapshot a repeat visit boots from) as in CPython."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pytest

from calculator import web
from conftest import BAD_INPUTS, CASES, ROOT

pytestmark = pytest.mark.pyodide

FINDER_ANSWERS = [
    {},
    {"organisation": "enterprise", "legal_person": "yes", "domains": ["energy_saving"]},
    {"organisation": "public_institution", "activities": "retrofit,demonstration"},
    {"organisation": "nobody"},
]
SHEETS = [
    [
        {"award": "4.1", "project": "A", "inputs": {"investment": "5000万"}},
        {"award": "5.2", "inputs": {"cop": "5.2", "investment": "10000000"}},
        {"award": "3.1", "inputs": {}},
        {"award": "19.1", "project": '逗号, 引号"', "inputs": {}},
    ],
    "not a list",
]


@pytest.fixture(scope="module")
def runtime(built_site):
    # build.py put the runtime, the wheel and the lock in docs/assets/pyodide/, copied them into
    # the site and made the snapshot there; run the files the site serves.
    return built_site / "assets" / "pyodide"


def questions() -> list[dict]:
    asked = []
    for lang in ("zh", "en"):
        for c in CASES + BAD_INPUTS:
            fields = json.dumps(c["inputs"])
            asked.append({"fn": "page_estimate", "args": [c["award"], fields, lang]})
            asked.append({"fn": "page_read", "args": [c["award"], fields, lang]})
        for answers in FINDER_ANSWERS:
            asked.append({"fn": "page_find", "args": [json.dumps(answers), lang]})
        for sheet in SHEETS:
            asked.append({"fn": "page_sheet", "args": [json.dumps(sheet), lang, "2026-11-24"]})
    return asked


def run_in_pyodide(runtime, asked, *flags) -> dict:
    assert shutil.which("node"), "Node.js is part of the setup (README)"
    run = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "pyodide_cases.mjs"), str(runtime), *flags],
        input=json.dumps(asked),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


@pytest.mark.parametrize("boot", ["wheel", "snapshot"])
def test_pyodide_gives_identical_results(runtime, boot):
    asked = questions()
    answer = run_in_pyodide(runtime, asked, *(["--snapshot"] if boot == "snapshot" else []))
    assert answer["python"].startswith("3.14"), answer["python"]
    expected = [getattr(web, a["fn"])(*a["args"]) for a in asked]
    assert len(answer["results"]) == len(expected)
    for a, got, want in zip(asked, answer["results"], expected):
        assert got == want, a
    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    (package,) = lock["packages"].values()
    # The worker refuses a snapshot made for another wheel by this mark (calculator-worker.js).
    assert answer["wheel_sha256"] == (package["sha256"] if boot == "snapshot" else "")


def test_the_lock_pins_our_wheel_by_sha256(runtime):
    import hashlib

    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    (package,) = lock["packages"].values()
    wheel = runtime / package["file_name"]
    assert wheel.name.endswith("-py3-none-any.whl")
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == package["sha256"]
    assert package["imports"] == ["calculator"]
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = sorted(p.name for p in (ROOT / "calculator").glob("*.py"))
    assert {f"calculator/{name}" for name in sources} | {"calculator/data/measures.json"} <= names
    # ... and their bytecode for the runtime's Python, so the browser compiles none of it.
    assert {f"calculator/__pycache__/{name[:-3]}.cpython-314.pyc" for name in sources} <= names


def test_the_standard_library_is_compiled_and_reduced(runtime):
    served = zipfile.ZipFile(runtime / "python_stdlib.zip").namelist()
    shipped = zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").namelist()
    assert not [n for n in served if n.endswith(".py")], "sources left in the served stdlib"
    assert {"json/__init__.pyc", "decimal.pyc", "csv.pyc", "_pyodide/__init__.pyc"} <= set(served)
    assert len(served) < len(shipped) / 2


# That Pyodide refuses a wheel whose sha256 does not match the lock is tested in the browser
# (tests/test_browser.py): under Node, Pyodide reads packages from disk without the check.
