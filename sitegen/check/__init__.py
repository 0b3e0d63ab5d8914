"""`python build.py check`: every problem in measures.yaml, each with its line, all at once.

Three layers: the file must be YAML (sitegen/yamlsource.py, with bounds on what a hostile file
can make it do), must fit the JSON Schema (schema/ and the rule kinds of calculator/kinds, read
by `schema`), and must agree with the source text (the steps below): the outline of chapters,
measures and paragraphs, verbatim Chinese, ids, figures against their phrases, every number of
a clause accounted for, and the free texts and translations against the figures of their clause.

Each concern is a module of plain functions of a `Context` (context.py): the loaded file, the
source's outline, what the schema refused, the problems so far. A step is one function of the
context, listed in STEPS; a new concern adds its module and one entry there. A check of a value
the schema refused is skipped, so one mistake gives one message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..outline import outline
from ..problems import Problem, SourceError
from ..yamlsource import Loaded, load
from . import finder, structure, texts, verbatim, versions
from .context import MAX_PROBLEMS, Context
from .files import DEFAULT_SOURCE, source_text
from .schema import ROOT, SCHEMA_PATH, schema_problems

__all__ = [
    "DEFAULT_SOURCE",
    "MAX_PROBLEMS",
    "ROOT",
    "SCHEMA_PATH",
    "STEPS",
    "Context",
    "Result",
    "check_file",
    "schema_problems",
]

# The checks against the source, in order; each reads the context and adds its problems. What one
# step finds for a later one (the chapters matched, the texts that are not the source's) is kept
# in `Context.found`.
STEPS: tuple[Callable[[Context], None], ...] = (
    verbatim.document,
    verbatim.domains,
    structure.chapters,
    finder.finder,
    texts.file_texts,
    versions.versions,
)


@dataclass
class Result:
    loaded: Loaded | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path, source_path: Path | None = None, root: Path = ROOT) -> Result:
    """Check a measures.yaml; `root` is the repository its source files are named in."""
    try:
        return _check(path, source_path, root)
    except RecursionError:
        return Result(None, [Problem(1, "file", "is nested too deeply to check")])
    except Exception as error:  # noqa: BLE001 - the last guard: a message, never a traceback
        return Result(
            None,
            [
                Problem(
                    1,
                    "check",
                    f"internal error ({type(error).__name__}: {str(error)[:120]}); the check "
                    "could not finish: please report this with the file",
                )
            ],
        )


def _check(path: Path, source_path: Path | None, root: Path = ROOT) -> Result:
    try:
        loaded = load(path)
    except SourceError as error:
        return Result(None, error.problems)
    if not isinstance(loaded.data, dict):
        return Result(
            loaded,
            [Problem(1, "file", "must be a mapping with document, domains, inputs and chapters")],
        )
    problems, refused = schema_problems(loaded)
    text, source_problems = source_text(loaded, refused, source_path, root)
    problems += source_problems
    if text is not None:
        ctx = Context(loaded, outline(text), refused, root)
        for step in STEPS:
            ctx.guarded(step, ctx)
        problems += ctx.problems
    return Result(loaded, _at_most(sorted(set(problems))))


def _at_most(problems: list[Problem]) -> list[Problem]:
    """The first MAX_PROBLEMS problems (the checks stop collecting soon after)."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return problems[:MAX_PROBLEMS] + [
        Problem(
            problems[MAX_PROBLEMS].line,
            "file",
            f"more problems than the {MAX_PROBLEMS} shown: fix these first, then check again",
        )
    ]
