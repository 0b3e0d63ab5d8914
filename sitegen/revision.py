"""The data revision a build is made from: the last commit of measures.yaml, its date, and
whether the working tree's file differs from it. build.py writes it beside the JSON export
(calculator/data/revision.json, not committed: a commit cannot name itself), so every estimate,
in the browser and on the command line, can say which data it came from.

Read from the build's one reading of git (sitegen/gitlog.py); without git or history the
revision is unknown, never a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from . import gitlog

ROOT = Path(__file__).resolve().parent.parent
FILE = "measures.yaml"
TARGET = ROOT / "calculator" / "data" / "revision.json"


def current(log: gitlog.History | None = None) -> dict[str, Any] | None:
    """{commit, date (YYYY-MM-DD), modified} of measures.yaml, or None where git cannot say:
    from the build's one reading of the history (sitegen/gitlog.py), or a reading of its own."""
    log = gitlog.read(ROOT) if log is None else log
    found = log.of(FILE)
    if not found:
        return None
    return {"commit": found[0].commit, "date": found[0].committed, "modified": log.modified}


def write(revision: dict[str, Any] | None, target: Path = TARGET) -> bool:
    """Write the revision file if it changed; True if it did."""
    text = json.dumps(revision, ensure_ascii=False, indent=1) + "\n"
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written whole then renamed: test processes may write the same file at once.
    part = target.with_name(f".{target.name}.{os.getpid()}")
    part.write_text(text, encoding="utf-8")
    os.replace(part, target)
    return True
