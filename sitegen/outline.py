"""The shape of the source text: its title, preamble, chapters, and the measures and paragraphs
under each chapter, with their lines. The check holds measures.yaml against this outline, so
the numbering, the chapter of each measure and the paragraphs come from the text itself.

    深圳市促进……若干措施            title (line 1)
    (征求意见稿)                     status line
    为完整、准确……制定本措施。        preamble
    一、适用机构和重点支持领域        chapter heading: numeral、title (the draft misprints 九 as "9、 ")
    本措施适用于……                   a paragraph of the chapter
    （一）加强安全应急装备推广。……   a measure: （numeral）short title。clause
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .figures import numeral_value

_HEADING = re.compile(r"(?P<numeral>(?:[一二三四五六七八九十]+|\d+)、\s*)(?P<title>\S.*)\Z")
_MEASURE = re.compile(
    r"（(?P<numeral>[一二三四五六七八九十]+)）(?P<title>[^。]+)。(?P<clause>.*)\Z"
)


@dataclass
class SourceMeasure:
    number: int
    title: str
    clause: str
    line: int  # 1-based line in the source
    chapter: int


@dataclass
class SourceChapter:
    number: int  # its place among the chapters, 1-based
    numeral: str  # as printed, e.g. "九、" or the misprint "9、 "
    title: str
    line: int
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # (line, text)
    measures: list[int] = field(default_factory=list)


@dataclass
class Outline:
    lines: list[str]
    title: str
    preamble: str
    chapters: list[SourceChapter]
    measures: dict[int, SourceMeasure]

    def chapter_titled(self, title: str) -> SourceChapter | None:
        return next((c for c in self.chapters if c.title == title), None)

    def measure_titled(self, title: str) -> SourceMeasure | None:
        return next((m for m in self.measures.values() if m.title == title), None)


def outline(text: str) -> Outline:
    lines = text.split("\n")
    content = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    title = content[0][1] if content else ""
    chapters: list[SourceChapter] = []
    measures: dict[int, SourceMeasure] = {}
    preamble = ""
    for number, line in content[1:]:
        heading = _HEADING.match(line)
        measure = _MEASURE.match(line)
        if heading:
            chapters.append(
                SourceChapter(len(chapters) + 1, heading["numeral"], heading["title"], number)
            )
        elif measure and chapters and numeral_value(measure["numeral"]):
            n = numeral_value(measure["numeral"])
            measures[n] = SourceMeasure(
                n, measure["title"], measure["clause"], number, chapters[-1].number
            )
            chapters[-1].measures.append(n)
        elif chapters:
            chapters[-1].paragraphs.append((number, line))
        elif not preamble and not (line.startswith("(") or line.startswith("（")):
            preamble = line
    return Outline(lines, title, preamble, chapters, measures)
