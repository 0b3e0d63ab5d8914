"""The frozen fixture project, tests/fixtures/draft/: measures.yaml and the draft's text as they
stood at one commit, for the tests of the code (the check, the engine, the diff, the finder, the
versions). Staff edit the live measures.yaml; these tests never move with it, so a data edit
turns red only the tests that follow the live data on purpose (their names say `live`, and
CONTRIBUTING.md lists them). See tests/fixtures/README.md.

    ROOT          the fixture project's root (its sources/ hold the draft)
    MEASURES      the path of its measures.yaml; TEXT its text
    data()        the data as the check's loader reads it (a fresh copy each call)
    policy()      the Policy built from it (as build.py builds the live one)
    check(path)   sitegen.check.check_file with the fixture's sources/
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

from calculator.policy import Policy, Text
from sitegen.check import Result, check_file
from sitegen.yamlsource import load

ROOT = Path(__file__).resolve().parent / "fixtures" / "draft"
MEASURES = ROOT / "measures.yaml"
SOURCE = ROOT / "sources" / "policy-draft.zh.txt"
TEXT = MEASURES.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _data() -> Any:
    return load(MEASURES).data


def data() -> Any:
    return copy.deepcopy(_data())


@lru_cache(maxsize=1)
def policy() -> Policy:
    return Policy.from_data(_data())


def check(path: Path) -> Result:
    """Check a file (the fixture, or an edit of it) against the fixture's own source text."""
    return check_file(path, root=ROOT)


def estimate(award_id: str, raw: dict[str, Any], lang: str = "zh") -> dict[str, Any]:
    """calculator.estimate_award, on the fixture's policy: an estimate as a dict, or InputError
    naming the first bad input."""
    from calculator.api import attempt
    from calculator.inputs import InputError

    result, errors = attempt(policy(), award_id, raw, lang)
    if result is None:
        name, message = next(iter(errors.items()))
        raise InputError(name, message)
    return result


NO_TEXT = Text("", "")
