"""measures.yaml in git: at a revision, where a branch left main, and its history as a changelog.

Everything here reads git and nothing else; without git, or in a shallow clone, the callers say
that the history is not available rather than guess. Each revision is read with the same bounded
loader as the check (a pull request's file is not trusted).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calculator.policy import Text

from .changes import Change, compare
from .problems import SourceError
from .yamlsource import loads

ROOT = Path(__file__).resolve().parent.parent
FILE = "measures.yaml"
CACHE = ROOT / ".cache" / "changelog-v2.json"  # v2: with each text change's language and brief


class NoHistory(RuntimeError):
    """git cannot answer here (not a checkout, a shallow clone, an unknown revision)."""


def _git(*args: str) -> str:
    try:
        run = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
        )  # the checkout build.py runs in (a test runs a copy of the project in a scratch repo)
    except OSError as error:
        raise NoHistory(f"git cannot run here ({error})") from None
    if run.returncode != 0:
        raise NoHistory(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "git failed")
    return run.stdout


def data_at(revision: str, file: str = FILE) -> Any:
    """measures.yaml as it was at a revision (None if it cannot be read as YAML there)."""
    text = _git("show", f"{revision}:{file}")
    try:
        return loads(text).data
    except SourceError:
        return None


def branch_point() -> str:
    """Where this branch left main: the merge base with main (or origin/main in CI)."""
    for main in ("main", "origin/main"):
        try:
            return _git("merge-base", "HEAD", main).strip()
        except NoHistory:
            continue
    raise NoHistory("no branch 'main' or 'origin/main' to compare with: name a revision")


@dataclass(frozen=True)
class Entry:
    """One commit of measures.yaml and what it changed for readers."""

    commit: str
    date: str
    changes: tuple[Change, ...]


def _shallow() -> bool:
    return _git("rev-parse", "--is-shallow-repository").strip() == "true"


def _to_json(change: Change) -> dict[str, Any]:
    brief = change.brief
    return {
        "kind": change.kind,
        "zh": change.said.zh,
        "en": change.said.en,
        "where": change.where,
        "lang": change.lang,
        "brief": [brief.zh, brief.en] if brief else None,
    }


def _from_json(item: dict[str, Any]) -> Change:
    brief = item.get("brief")
    return Change(
        item["kind"],
        Text(item["zh"], item["en"]),
        lang=item.get("lang"),
        where=item.get("where", ""),
        brief=Text(*brief) if brief else None,
    )


FIRST = Change("first", Text("数据首次发布。", "The data was first published."))


def _changes_of(commit: str, parents: list[str]) -> list[Change]:
    after = data_at(commit)
    if after is None:
        return []
    try:
        before = data_at(parents[0]) if parents else None
    except NoHistory:  # the parent has no measures.yaml: this commit created it
        before = None
    return [FIRST] if before is None else compare(before, after)


def changelog(public: set[str]) -> list[Entry]:
    """Every change of measures.yaml that reached this branch, newest first, with the changes of
    the kinds in `public`: a merge is one change (its branch's commits are not listed again), so
    only the first-parent line is read. Each commit is compared with its parent once and
    remembered in .cache/ (by commit id)."""
    if _shallow():
        raise NoHistory("this checkout is shallow: its history of measures.yaml is cut short")
    lines = _git(
        "log", "--first-parent", "--format=%H %P %ad", "--date=short", "--", FILE
    ).splitlines()
    try:
        cache = json.loads(CACHE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    entries, fresh = [], False
    for line in lines:
        commit, *rest = line.split()
        date, parents = rest[-1], rest[:-1]
        if commit not in cache:
            cache[commit] = [_to_json(c) for c in _changes_of(commit, parents)]
            fresh = True
        changes = tuple(_from_json(c) for c in cache[commit] if c["kind"] in public)
        if changes:
            entries.append(Entry(commit, date, changes))
    if fresh:  # written whole, then renamed: two builds at once never read half a file
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        partial = CACHE.with_name(f"{CACHE.name}.{os.getpid()}")
        partial.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")
        partial.replace(CACHE)
    return entries
