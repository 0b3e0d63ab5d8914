"""A problem in measures.yaml, reported as `FILE:LINE: where: what is wrong`."""

from __future__ import annotations

from calculator.terminal import visible_line

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    where: str
    message: str

    def format(self, filename: str) -> str:
        # One line, every control character shown: data quoted in a message can never start a
        # line of its own (a CI log reads `::command::` lines) nor drive a terminal.
        return visible_line(f"{filename}:{self.line}: {self.where}: {self.message}")


class SourceError(Exception):
    """The file could not be loaded at all; carries the problems that say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
