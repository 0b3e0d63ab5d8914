"""The outline against the source: each chapter of the file is a chapter of the source (by its
title, else its number), once, in order, with the heading the source prints; each measure is a
measure of the source, under its chapter and in order; nothing of the source is missing. Each
measure found is then held against its source text (verbatim, clauses)."""

from __future__ import annotations

from typing import Any, Callable

from ..figures import chinese_numeral
from ..outline import SourceChapter, SourceMeasure
from . import verbatim
from .accounting import in_order
from .clauses import clause_figures
from .context import Context, DataPath
from .finder import measure_tags


def chapters(ctx: Context) -> None:
    chapters = ctx.data["chapters"]
    if not isinstance(chapters, list):
        return
    found: dict[int, DataPath] = {}  # source chapter → path
    order: list[tuple[int, int]] = []  # (index in the file, source chapter)
    for c, chapter in enumerate(chapters):
        path = ("chapters", c)
        if not isinstance(chapter, dict):
            continue
        source = _identify_chapter(ctx, path)
        if source is None:
            continue
        if source.number in found:
            ctx.add(
                path + ("number",),
                f"chapter {source.number} ({source.title}) appears twice "
                f"(first on line {ctx.line_of(found[source.number])})",
            )
            continue
        found[source.number] = path
        ctx.found.chapter_source[c] = source
        order.append((c, source.number))
        ctx.guarded(_chapter_heading, ctx, path, source)
    kept = in_order([n for _, n in order])
    for k, (c, n) in enumerate(order):
        if k not in kept:
            ctx.add(
                ("chapters", c, "number"),
                f"chapter {n} is out of order: the source puts the chapters in order 1 to "
                f"{len(ctx.source.chapters)}",
            )
    for source in ctx.source.chapters:
        if source.number not in found:
            ctx.add(
                ("chapters",),
                f"chapter {source.number} ({chinese_numeral(source.number)}、{source.title}) of "
                "the source is missing",
            )
    _measures(ctx, found)
    for number, path in found.items():
        source = ctx.source.chapters[number - 1]
        ctx.guarded(verbatim.chapter_paragraphs, ctx, path, source)
        ctx.guarded(_chapter_holds_measures, ctx, path, source)


def _identify_chapter(ctx: Context, path: DataPath) -> SourceChapter | None:
    count = len(ctx.source.chapters)
    return _identify(
        ctx,
        path,
        "chapter",
        ctx.source.chapter_titled,
        lambda n: ctx.source.chapters[n - 1] if 1 <= n <= count else None,
        count,
        lambda n: f"({chinese_numeral(n)})",
        "chapter number is",
    )


def _identify_measure(ctx: Context, path: DataPath) -> SourceMeasure | None:
    return _identify(
        ctx,
        path,
        "measure",
        ctx.source.measure_titled,
        ctx.source.measures.get,
        len(ctx.source.measures),
        lambda n: f"（{chinese_numeral(n)}）",
        "number is",
    )


def _identify(
    ctx: Context,
    path: DataPath,
    what: str,
    titled: Callable[[str], Any],
    numbered: Callable[[int], Any],
    count: int,
    numeral: Callable[[int], str],
    number_is: str,
) -> Any:
    """The chapter or measure of the source this part of the file transcribes: by its title,
    else by its number; a number that disagrees with the title is one problem, here."""
    title = ctx.value(path + ("title", "zh"))
    number = ctx.value(path + ("number",), int)
    source = titled(title) if title is not None else None
    if source is None and number is not None:
        source = numbered(number)
    if source is None:
        if number is not None:
            ctx.add(
                path + ("number",),
                f"there is no {what} {number}: the source has {what}s 1 to {count}, "
                "and none is titled like this one",
            )
        return None
    if number is not None and number != source.number:
        ctx.add(
            path + ("number",),
            f"{number_is} {number}, but '{source.title}' is {what} {source.number} "
            f"{numeral(source.number)} of the source",
        )
    return source


def _chapter_heading(ctx: Context, path: DataPath, source: SourceChapter) -> None:
    title = ctx.value(path + ("title", "zh"))
    if title is not None and title != source.title:
        ctx.differs(
            path + ("title", "zh"),
            f"is not the title of chapter {source.number} in the source ("
            + verbatim.difference(title, source.title, source.line, len(source.numeral)),
        )
    expected = f"{chinese_numeral(source.number)}、"
    given = ctx.value(path + ("numeral_in_source",))
    if source.numeral != expected and given != source.numeral:
        ctx.add(
            path + ("numeral_in_source",) if given is not None else path + ("number",),
            f"the source prints this chapter's numeral as '{source.numeral}', not "
            f"'{expected}': set numeral_in_source to '{source.numeral}' and add a note",
        )
    elif source.numeral == expected and given is not None:
        ctx.add(
            path + ("numeral_in_source",),
            f"the source prints '{expected}' here: remove numeral_in_source",
        )
    if given is not None and "note" not in ctx.at(path):
        ctx.add(
            path + ("numeral_in_source",),
            "a misprinted numeral needs a note saying so, for readers",
        )


def _chapter_holds_measures(ctx: Context, path: DataPath, source: SourceChapter) -> None:
    measures = ctx.at(path).get("measures")
    if measures and not source.measures:
        ctx.add(
            path + ("measures",),
            f"the source puts no measures under chapter {source.number} ({source.title})",
        )


# -- measures: each is a measure of the source, in its chapter and in order ------------------


def _measures(ctx: Context, chapters: dict[int, DataPath]) -> None:
    """Each measure is identified, under its chapter, and in order within it (the order of the
    chapters is their own check)."""
    for number, cpath in sorted(chapters.items(), key=lambda item: item[1]):
        measures = ctx.at(cpath).get("measures")
        if isinstance(measures, list):
            _chapter_measures(ctx, number, cpath, measures)
    measure_of = ctx.found.measure_of
    for number, source in sorted(ctx.source.measures.items()):
        if number in measure_of or source.chapter not in chapters:
            continue
        _missing_measure(ctx, source, chapters[source.chapter])


def _chapter_measures(ctx: Context, number: int, cpath: DataPath, measures: list[Any]) -> None:
    measure_of = ctx.found.measure_of
    order: list[tuple[DataPath, int]] = []
    for m, measure in enumerate(measures):
        mpath = cpath + ("measures", m)
        if not isinstance(measure, dict):
            continue
        source = _identify_measure(ctx, mpath)
        if source is None:
            continue
        if source.number in measure_of:
            ctx.add(
                mpath + ("number",),
                f"measure {source.number} appears twice (first on line "
                f"{ctx.line_of(measure_of[source.number])})",
            )
            continue
        measure_of[source.number] = mpath
        if source.chapter != number:
            home = ctx.source.chapters[source.chapter - 1]
            ctx.add(
                mpath + ("number",),
                f"measure {source.number} stands under chapter {number} here, but the "
                f"source puts it under chapter {home.number} "
                f"({chinese_numeral(home.number)}、{home.title})",
            )
        else:
            order.append((mpath, source.number))
        ctx.guarded(_measure, ctx, mpath, source)
    kept = in_order([n for _, n in order])
    for k, (mpath, n) in enumerate(order):
        if k not in kept:
            ctx.add(
                mpath + ("number",),
                f"measure {n} is out of order: the source puts it after measure {n - 1}",
            )


def _missing_measure(ctx: Context, source: SourceMeasure, cpath: DataPath) -> None:
    measure_of = ctx.found.measure_of
    same_chapter = [n for n in measure_of if ctx.source.measures[n].chapter == source.chapter]
    after = [n for n in same_chapter if n > source.number]
    before = [n for n in same_chapter if n < source.number]
    what = f"measure {source.number} （{chinese_numeral(source.number)}）{source.title} is missing"
    if after:
        ctx.add(measure_of[min(after)] + ("number",), f"{what}: the source has it before this one")
    elif before:
        ctx.add(measure_of[max(before)] + ("number",), f"{what}: the source has it after this one")
    else:
        held = ctx.source.chapters[source.chapter - 1].measures
        if source.number == held[0]:  # one message for a chapter that holds none
            ctx.add(
                cpath + ("number",),
                f"this chapter holds none of its measures: the source puts measures "
                f"{held[0]} to {held[-1]} under it",
            )


def _measure(ctx: Context, path: DataPath, source: SourceMeasure) -> None:
    verbatim.measure_text(ctx, path, source)
    measure_tags(ctx, path, ctx.at(path))
    # Phrases, figures and the texts about them are held against the source's clause: one
    # changed character of the clause is one problem, not one for every phrase near it.
    clause_figures(ctx, path, source.clause, source.number, ctx.found.award_ids)
