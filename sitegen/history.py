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

from . import gitlog
from .changes import Change, compare
from .problems import SourceError
from .yamlsource import loads

ROOT = Path(__file__).resolve().parent.parent
FILE = "measures.yaml"
CACHE = ROOT / ".cache" / "changelog-v2.json"  # v2: with each text change's language and brief


class NoHistory(RuntimeError):
    """git cannot answer here (not a checkout, a shallow clone, an unknown revision)."""


def _git_bytes(*args: str) -> bytes:
    try:
        run = subprocess.run(["git", *args], cwd=ROOT, capture_output=True)
        # the checkout build.py runs in (a test runs a copy of the project in a scratch repo)
    except OSError as error:
        raise NoHistory(f"git cannot run here ({error})") from None
    if run.returncode != 0:
        said = run.stderr.decode("utf-8", "replace").strip()
        raise NoHistory(said.splitlines()[-1] if said else "git failed")
    return run.stdout


def _git(*args: str) -> str:
    return _git_bytes(*args).decode("utf-8", "replace")


class Unreadable(ValueError):
    """measures.yaml at a revision is there but cannot be read or compared; says why."""


# What a file that is YAML but not the shape of measures.yaml makes the comparison raise.
SHAPE_ERRORS = (TypeError, AttributeError, KeyError, IndexError, ValueError, ArithmeticError)


def revision(name: str) -> str:
    """The commit a revision names, verified (never read as an option of git)."""
    if not name or name.startswith("-") or any(c in name for c in "\0\n\r"):
        raise NoHistory(f"{name!r} is not a revision")
    return _git(
        "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"
    ).strip()


def data_at(revision: str, file: str = FILE) -> Any:
    """measures.yaml as it was at a revision; Unreadable (with the reason) if it is not UTF-8
    text or not YAML there, NoHistory if git has no such file at that revision."""
    raw = _git_bytes("show", "--end-of-options", f"{revision}:{file}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(f"is not UTF-8 text (byte {error.start + 1})") from None
    try:
        return loads(text).data
    except SourceError as error:
        first = error.problems[0] if error.problems else None
        raise Unreadable(
            f"is not YAML as the check reads it (line {first.line}: {first.message})"
            if first
            else "is not YAML as the check reads it"
        ) from None


def check_shape(data: Any) -> None:
    """Unreadable if the data, YAML as it is, is not the shape the comparison reads (a
    work-in-progress `chapters: 5`)."""
    if not isinstance(data, dict):
        raise Unreadable(f"is not the shape of measures.yaml (a {type(data).__name__}, not fields)")
    try:
        compare(data, data)
    except SHAPE_ERRORS as error:
        raise Unreadable(f"is not the shape of measures.yaml ({_said(error)})") from None


def compared(before: Any, after: Any) -> list[Change]:
    """compare() of two files each of the right shape, or Unreadable."""
    try:
        return compare(before, after)
    except SHAPE_ERRORS as error:
        raise Unreadable(f"cannot be compared ({_said(error)})") from None


def _said(error: Exception) -> str:
    return f"{type(error).__name__}: {str(error)[:120]}"


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
    time: str = ""  # when it reached the branch: the committer's date, ISO 8601 (the feeds)


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


def unreadable(reason: str) -> Change:
    """The changelog's note for a commit whose measures.yaml could not be read: left out, and
    said so (a later commit is compared with the last one that could be read)."""
    return Change(
        "unreadable",
        Text(
            f"这一版 measures.yaml 无法读取（{reason}），未列入；下一版与之前可读的一版比较。",
            f"This commit's measures.yaml could not be read ({reason}); it is left out, and the "
            "next commit is compared with the last one that could be read.",
        ),
    )


def _read(commit: str) -> Any:
    """The data at a commit; None where the file is missing; Unreadable where it is bad."""
    try:
        return data_at(commit)
    except NoHistory:
        return None


def _good(commit: str | None) -> Any:
    """The data at a commit if it is there and can be read and compared; else None."""
    try:
        data = _read(commit) if commit else None
        if data is not None:
            check_shape(data)
        return data
    except Unreadable:
        return None


def _changes_of(commit: str, parents: list[str], last_good: str | None) -> list[Change]:
    """What a commit changed for readers. A commit whose own file is bad is a note; one whose
    parent's file is bad is compared with the last commit of the file that was good."""
    try:
        after = _read(commit)
        if after is None:
            return []
        check_shape(after)
    except Unreadable as error:
        return [unreadable(str(error))]
    try:
        before = _read(parents[0]) if parents else None
        if before is not None:
            check_shape(before)
    except Unreadable:
        before = _good(last_good)
    return [FIRST] if before is None else compared(before, after)


def changelog(public: set[str], log: gitlog.History | None = None) -> list[Entry]:
    """Every change of measures.yaml that reached this branch, newest first, with the changes of
    the kinds in `public`: a merge is one change (its branch's commits are not listed again), so
    only the first-parent line is read (the build's one reading of it, sitegen/gitlog.py, or a
    reading of its own). Each commit is compared with its parent once and remembered in .cache/
    (by commit id)."""
    log = gitlog.read(ROOT) if log is None else log
    if log.error:
        raise NoHistory(log.error)
    if log.shallow:
        raise NoHistory("this checkout is shallow: its history of measures.yaml is cut short")
    commits = log.of(FILE)
    try:
        cache = json.loads(CACHE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    if not isinstance(cache, dict):
        cache = {}
    entries, fresh, last_good = [], False, None
    for found in reversed(commits):  # oldest first: a bad commit's successor needs the last good
        commit, date, parents = found.commit, found.date, list(found.parents)
        time = found.time
        if commit not in cache:
            cache[commit] = [_to_json(c) for c in _changes_of(commit, parents, last_good)]
            fresh = True
        if not any(c["kind"] == "unreadable" for c in cache[commit]):
            last_good = commit
        shown = public | {"unreadable"}
        changes = tuple(_from_json(c) for c in cache[commit] if c["kind"] in shown)
        if changes:
            entries.append(Entry(commit, date, changes, time))
    if fresh:  # written whole, then renamed: two builds at once never read half a file
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        partial = CACHE.with_name(f"{CACHE.name}.{os.getpid()}")
        partial.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")
        partial.replace(CACHE)
    return entries[::-1]
