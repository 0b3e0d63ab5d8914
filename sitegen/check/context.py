"""What every step of the check works on: the loaded file, its data, the source's outline, what
the schema refused, the problems found so far, and what one step finds for a later one.

Steps are plain functions of a Context; none calls back into another step through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..outline import Outline, SourceChapter
from ..places import where_of
from ..problems import Problem
from ..yamlsource import Loaded

DataPath = tuple[Any, ...]  # keys and indexes from the top of the data to a value

MAX_PROBLEMS = 300  # a file with more is listed in part; fix these and check again

# What reading a value the schema refused may raise: its check is skipped, not reported.
_UNREADABLE = (KeyError, IndexError, TypeError, AttributeError, ValueError, ArithmeticError)


@dataclass
class Found:
    """What one step finds and a later one reads."""

    measure_of: dict[int, DataPath] = field(default_factory=dict)  # source number → path
    unverified: set[DataPath] = field(default_factory=set)  # zh texts that are not the source's
    award_ids: dict[str, DataPath] = field(default_factory=dict)  # award id → its first use
    chapter_source: dict[int, SourceChapter] = field(default_factory=dict)  # file index → source
    paragraph_ids: dict[str, DataPath] = field(default_factory=dict)  # paragraph id → first use


@dataclass
class Context:
    loaded: Loaded
    source: Outline  # the text the chapters transcribe
    refused: set[DataPath]  # paths of the values the schema refused
    root: Path  # the repository whose sources/ the file names
    problems: list[Problem] = field(default_factory=list)
    found: Found = field(default_factory=Found)

    def __post_init__(self) -> None:
        self.holds_refused = {r[:i] for r in self.refused for i in range(len(r))}
        # The schema already refused part of the file: check what can be read, skip the rest.
        self.tolerant = bool(self.refused)

    @property
    def data(self) -> Any:
        return self.loaded.data

    # -- saying what is wrong ------------------------------------------------------------------
    def add(self, path: DataPath, message: str) -> None:
        if len(self.problems) > MAX_PROBLEMS:  # enough to show; the rest waits for a fix
            return
        self.problems.append(Problem(self.loaded.line_of(path), where_of(self.data, path), message))

    def differs(self, path: DataPath, message: str) -> None:
        """A Chinese text is not the source's: say so, and hold nothing else against it."""
        self.found.unverified.add(path)
        self.add(path, message)

    def line_of(self, path: DataPath) -> int:
        return self.loaded.line_of(path)

    def guarded(self, check: Callable[..., None], *args: Any) -> None:
        """Run one check; where the schema refused part of the file, a value it cannot read
        ends that check quietly (the schema's message says what is wrong)."""
        try:
            check(*args)
        except _UNREADABLE:
            if not self.tolerant:
                raise

    # -- reading the data ----------------------------------------------------------------------
    def refused_at(self, path: DataPath) -> bool:
        """The value at path, or one that holds it, was refused by the schema."""
        return any(path[:i] in self.refused for i in range(len(path) + 1))

    def refused_within(self, path: DataPath) -> bool:
        """Something at, in or around path was refused by the schema."""
        return path in self.holds_refused or self.refused_at(path)

    def value(self, path: DataPath, kind: type | tuple[type, ...] = str) -> Any:
        """The value at path if the schema accepted it and it is of the kind; else None."""
        if self.refused_at(path):
            return None
        node = self.data
        for step in path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return None
        if isinstance(node, bool) and kind is not bool:
            return None
        return node if isinstance(node, kind) else None

    def at(self, path: DataPath) -> Any:
        """The value at path, read as it is (a missing key raises, for `guarded`)."""
        node = self.data
        for step in path:
            node = node[step]
        return node
