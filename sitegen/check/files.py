"""The files the check reads: measures.yaml (a bounded read, then bounded YAML: sitegen/textfile.py
and sitegen/yamlsource.py) and the texts it names (`document.source.file`, a version's
`text.file`): only regular UTF-8 text files inside the repository, and only where the schema
accepted the name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..places import where_of
from ..problems import Problem
from ..textfile import FileRefused, read_text
from ..yamlsource import Loaded
from .context import DataPath

DEFAULT_SOURCE = "sources/policy-draft.zh.txt"
_SOURCE_FILE = ("document", "source", "file")


class NotInRepository(Exception):
    """A named text that cannot be read: the message says why (after its name)."""


def inside(root: Path, name: str) -> Path:
    """The file `name` names under the repository `root`, resolved; refused if it cannot be
    resolved or leads outside the repository."""
    root = root.resolve()
    try:
        target = (root / name).resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        raise NotInRepository(f"'{name}' cannot be resolved to a file") from None
    if not target.is_relative_to(root):
        raise NotInRepository(f"'{name}' leads outside the repository; name a file under sources/")
    return target


def _source_problem(loaded: Loaded, message: str) -> Problem:
    return Problem(loaded.line_of(_SOURCE_FILE), where_of(loaded.data, _SOURCE_FILE), message)


def source_text(
    loaded: Loaded, refused: set[DataPath], source_path: Path | None, root: Path
) -> tuple[str | None, list[Problem]]:
    """The source text named by document.source.file (or given as `source_path`), with the
    problem that says why it cannot be read."""
    if source_path is None:
        if any(_SOURCE_FILE[: len(r)] == r for r in refused):
            return None, []  # the schema's message says why; nothing is read
        document = loaded.data.get("document")
        given = document.get("source") if isinstance(document, dict) else None
        source = given.get("file", DEFAULT_SOURCE) if isinstance(given, dict) else DEFAULT_SOURCE
        try:
            source_path = inside(root, str(source))
        except NotInRepository as refused_name:
            return None, [_source_problem(loaded, str(refused_name))]
        shown = str(source)
    else:
        shown = str(source_path)
    try:
        return read_text(source_path), []
    except FileRefused as refused_file:
        return None, [_source_problem(loaded, f"the source text {shown} {refused_file.message}")]


def held_text(root: Path, name: Any) -> str:
    """A later version's text, read as the first one is (NotInRepository says why not)."""
    target = inside(root, str(name))
    try:
        return read_text(target)
    except FileRefused as refused:
        raise NotInRepository(f"the text {name} {refused.message}") from None
