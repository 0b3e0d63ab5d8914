"""Shared fixtures: the project root, the case tables, and a site built once per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "awards.yaml").read_text(encoding="utf-8"))
BAD_INPUTS = yaml.safe_load(
    (ROOT / "tests" / "cases" / "bad_inputs.yaml").read_text(encoding="utf-8")
)


def case_id(case: dict) -> str:
    return f"{case['award']}: {case.get('name', case.get('field'))}"


@pytest.fixture(scope="session")
def policy():
    from calculator.policy import Policy
    from sitegen.check import check_file

    result = check_file(ROOT / "measures.yaml")
    assert result.ok, [p.format("measures.yaml") for p in result.problems]
    return Policy.from_data(result.loaded.data)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build the whole site once (python build.py: check, render, wheel, mkdocs --strict)."""
    run = subprocess.run([sys.executable, "build.py"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return ROOT / "site"
