"""A corpus of hostile and mistaken edits of measures.yaml, generated from the real file.

Each edit must be refused with a problem on the line of the edit (at the place and with the
words expected), without a traceback, quickly, and with few messages: one change, one or two
problems. Edits that change nothing the data means (a byte-order mark, CRLF line ends, block
instead of flow style) must pass.

The edits are made to the frozen fixture (tests/fixtures/draft/, tests/frozen.py), never to the
live measures.yaml: staff's data edits cannot break the corpus, and the corpus tests the check,
not today's data. Expected lines are found in the text of the fixture itself, not through the
loader under test. Hostile files that would exhaust memory or time if unbounded run in a
subprocess with a memory limit and a timeout.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

import frozen
from conftest import ROOT
from sitegen import yamlsource

MEASURES = frozen.TEXT
LINES = MEASURES.split("\n")
# A bound on runaway work (a hostile file must not make the check hang), generous enough for a
# loaded machine: how fast the check is, is measured by scripts/bench_check.py, not here.
SECONDS = 10.0  # per in-process check; the real file takes about 0.07 s
PROBLEM = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<where>[^:\n]+): (?P<what>.+)$")


@dataclass(frozen=True)
class Mutation:
    kind: str  # the class of edit
    name: str
    text: str  # the whole edited file
    line: int | tuple[int, ...]  # a problem must be on this line (or one of these)...
    where: str  # ...at a place whose name starts with this...
    words: str | tuple[str, ...]  # ...and whose message says this (or one of these)
    most: int = 1  # and the check gives at most this many problems in all


def line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def unique(old: str) -> str:
    assert MEASURES.count(old) == 1, f"{old!r} occurs {MEASURES.count(old)} times"
    return old


def replaced(old: str, new: str) -> tuple[str, int]:
    """MEASURES with the one occurrence of old replaced by new; the line where old starts
    (leading newlines, written to make old unique, not counted)."""
    at = MEASURES.index(unique(old))
    line = line_at(MEASURES, at + len(old) - len(old.lstrip("\n")))
    return MEASURES[:at] + new + MEASURES[at + len(old) :], line


def lines_replaced(changes: dict[int, str | list[str]]) -> str:
    """MEASURES with whole lines (1-based) replaced: by a line, or by several (or none)."""
    lines: list[str] = []
    for number, line in enumerate(LINES, start=1):
        new = changes.get(number, line)
        lines.extend([new] if isinstance(new, str) else new)
    return "\n".join(lines)


def edit(kind, name, old, new, where, words, most=1, shift=0) -> Mutation:
    """One edit of a unique piece of text, expected to be reported where it starts (+ shift)."""
    text, line = replaced(old, new)
    return Mutation(kind, name, text, line + shift, where, words, most)


# -- where things are in measures.yaml, read from its text ------------------------------------


@dataclass(frozen=True)
class Place:
    measure: int | None
    award: str | None

    @property
    def where(self) -> str:
        return f"measure {self.measure}" + (f" › award {self.award}" if self.award else "")


def _places() -> list[Place]:
    found, measure, award = [], None, None
    for line in LINES:
        if re.match(r"  - number: \d+$", line):
            measure, award = None, None
        elif m := re.match(r"      - number: (\d+)$", line):
            measure, award = int(m[1]), None
        elif m := re.match(r'          - id: "(\d+\.\d+)"$', line):
            award = m[1]
        found.append(Place(measure, award))
    return found


PLACES = _places()


def place(line: int) -> Place:
    return PLACES[line - 1]


def key_line(line: int) -> int:
    """The line of the key a folded text (`en: >-` and the lines below it) belongs to: where
    a problem with the text is reported."""
    while not re.match(r"\s*(- )?[a-z_]+: ", LINES[line - 1]):
        line -= 1
    return line


def measure_line(number: int) -> int:
    return LINES.index(f"      - number: {number}") + 1


def chapter_line(number: int) -> int:
    return LINES.index(f"  - number: {number}") + 1


def zh_line(measure: int, field: str) -> int:
    """The line of `field:`'s zh text (clause, summary) in a measure."""
    return LINES.index(f"        {field}:", measure_line(measure)) + 2


def folded_lines(line: int) -> range:
    """The lines of the folded text whose key (`en: >-`) is on `line`."""
    indent = len(LINES[line - 1]) - len(LINES[line - 1].lstrip()) + 2
    end = line
    while LINES[end].startswith(" " * indent):
        end += 1
    return range(line + 1, end + 1)


def change_number(line: str, pattern: str) -> str | None:
    """The line with the first number matching pattern (group 1) made 7n + 1: a number no
    clause of this document states."""
    m = re.search(r"(?<![\d,.])" + pattern, line)
    if not m:
        return None
    return line[: m.start(1)] + str(int(m[1].replace(",", "")) * 7 + 1) + line[m.end(1) :]


# -- the corpus ----------------------------------------------------------------------------------


def syntax() -> Iterator[Mutation]:
    # An unclosed quote is reported where it opens, though YAML stops lines below.
    for n in (1, 4, 9, 13, 17, 22, 26, 31):
        line = measure_line(n) + 2  # title:, then zh:
        quoted = LINES[line - 1].replace("zh: ", 'zh: "', 1)
        yield Mutation(
            "syntax",
            f"unclosed quote, title of measure {n}",
            lines_replaced({line: quoted}),
            line,
            "YAML syntax",
            "quoted text opened here",
        )
    for old in (
        "cap: {amount: 1000000, phrase: 给予不超过100万元奖励}",
        "rate: {percent: 30, phrase: 总投资30%}",
        "years: {count: 3, phrase: 最长补贴3年}",
    ):
        yield edit(
            "syntax", f"unclosed brace: {old[:12]}", old, old[:-1], "YAML syntax", "not closed"
        )
    cap = "              cap: {amount: 10000000, phrase: 给予资助，最高1000万元}\n"
    yield from (
        edit(*row)
        for row in (
            (
                "syntax",
                "unclosed bracket",
                "      - number: 4\n",
                "      - number: 4\n        oops: [\n",
                "YAML syntax",
                "bracket opened here",
                1,
                1,
            ),
            (
                "syntax",
                "tab indentation",
                '\n        awards:\n          - id: "8.1"',
                '\n\tawards:\n          - id: "8.1"',
                "YAML syntax",
                "",
            ),
            (
                "syntax",
                "a colon in a plain value",
                "    phrase: 已登记注册，具备独立法人资格\n",
                "    phrase: 已登记注册: 具备独立法人资格\n",
                "YAML syntax",
                "",
            ),
            (
                "syntax",
                "duplicate key",
                cap,
                cap + cap,
                "measure 4 › award 4.1 › rule",
                "duplicate key 'cap'",
                1,
                1,
            ),
            (
                "syntax",
                "python tag",
                "document:\n",
                "document: !!python/object:os.system\n",
                "document",
                "tag",
            ),
            # YAML takes the mis-indented zh: as a value and stumbles on the en: below it
            (
                "syntax",
                "indentation off by one",
                "  title:\n    zh: 深圳市促进安全",
                "  title:\n   zh: 深圳市促进安全",
                "YAML syntax",
                "",
                1,
                2,
            ),
        )
    )


def _bomb() -> str:
    return "lol0: &l0 lol\n" + "".join(
        f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10)
    )


def resources() -> Iterator[Mutation]:
    """Hostile values small enough to write: refused while loading, before the work they ask."""
    bomb = _bomb().replace("lol", "x")
    rows = [
        (
            "billion laughs inside the real file",
            "inputs:\n",
            bomb + "inputs:\n",
            "YAML",
            "anchor &l0 is not allowed",
            50,
        ),
        (
            "self-referencing alias",
            "inputs:\n",
            "loop: &a [*a]\ninputs:\n",
            "YAML",
            "alias *a is not allowed",
            2,
        ),
        (
            "an anchor",
            "  sales:\n    type: money",
            "  sales: &s\n    type: money",
            "YAML",
            "anchor &s",
        ),
        (
            "a key read as true",
            "document:\n",
            "yes: 1\ndocument:\n",
            "file",
            "the key 'yes' is read as true or false",
        ),
        (
            "a key read as a date",
            "document:\n",
            "2026-01-01: x\ndocument:\n",
            "file",
            "read as a date",
        ),
        (
            "50,000 nested brackets",
            "inputs:\n",
            "deep: " + "[" * 50_000 + "]" * 50_000 + "\ninputs:\n",
            "file",
            "nested more than 30 levels",
        ),
        (
            "60,000 values",
            "inputs:\n",
            "many: [" + ", ".join(["0"] * 60_000) + "]\ninputs:\n",
            "file",
            "more than 50,000 values",
        ),
        (
            "a 250,000-character clause",
            "zh: 鼓励安保服务企业",
            "zh: " + "鼓" * 250_000 + "鼓励安保服务企业",
            "measure 2 › clause.zh",
            "too long",
        ),
        (
            "a 100,000-character phrase",
            "phrase: 最高2%}",
            "phrase: " + "最" * 100_000 + "最高2%}",
            "measure 1 › award 1.1 › rule.rate.phrase",
            "too long",
        ),
        (
            "20,000 unknown domains",
            "        domains: [safety_emergency]\n        versions:\n          issued:\n",
            "        domains: ["
            + "x, " * 20_000
            + "safety_emergency]\n        versions:\n          issued:\n",
            "measure 1 › domains",
            "unknown domain",
            301,
        ),
        (
            "a control character escaped",
            "      en: Sales\n",
            '      en: "Sales\\x01"\n',
            "inputs.sales.label.en",
            "control character U+0001",
        ),
    ]
    for name, old, new, where, words, *most in rows:
        yield edit("resources", name, old, new, where, words, *most)
    # the file's mapping is level 1 and deep: level 2, so the 30th dash is level 31
    yield edit(
        "resources",
        "block nesting 60 deep",
        "inputs:\n",
        "deep:\n" + "".join(f"{' ' * i}- \n" for i in range(1, 60)) + "inputs:\n",
        "file",
        "nested more than 30 levels",
        1,
        30,
    )
    yield edit(
        "resources",
        "compact nesting 100 deep",
        "inputs:\n",
        "deep:\n  " + "- " * 100 + "x\ninputs:\n",
        "file",
        "nested more than 30 levels",
        1,
        1,
    )
    cap = "cap: {amount: 10000000, phrase: 给予资助，最高1000万元}"
    for value, words in (
        ("1.0e+1000000000", "out of range"),
        ("9" * 5000, "too long a number"),
        ("1" * 20, "more than 15 digits"),
        ("0x989680", "plain decimal digits"),
        ("010", "plain decimal digits"),
        ("1:30:00", "plain decimal digits"),
        (".inf", "not a finite number"),
        (".nan", "not a finite number"),
        ("1.0e-30", "out of range"),
    ):
        yield edit(
            "resources",
            f"number {value[:16]}",
            cap,
            cap.replace("10000000", value),
            "measure 4 › award 4.1 › rule.cap.amount",
            words,
        )
    yield edit(
        "resources",
        "chapter number with no numeral",
        "\n  - number: 10\n",
        "\n  - number: 100\n",
        "chapter 100 › number",
        "'附则' is chapter 10",
    )
    yield edit(
        "resources",
        "measure number with no numeral",
        "      - number: 10\n",
        "      - number: 100\n",
        "measure 100 › number",
        "is measure 10 （十）",
    )
    yield edit(
        "resources",
        "measure 100, its title changed too",
        "      - number: 10\n        title:\n          zh: 推广环境治理综合服务",
        "      - number: 100\n        title:\n          zh: 推广环境治理",
        "measure 100 › number",
        "there is no measure 100",
        2,  # and measure 10 is missing: said beside measure 9
    )


def verbatim() -> Iterator[Mutation]:
    # One character in the middle of each measure's clause.
    for n in range(1, 32):
        line = zh_line(n, "clause")
        prefix, clause = LINES[line - 1].split("zh: ", 1)
        i = len(clause) // 2
        clause = clause[:i] + ("之" if clause[i] != "之" else "的") + clause[i + 1 :]
        yield Mutation(
            "verbatim",
            f"one character of clause {n}",
            lines_replaced({line: f"{prefix}zh: {clause}"}),
            line,
            f"measure {n} › clause.zh",
            "is not verbatim",
        )
    for n in (3, 11, 19, 25):
        line = measure_line(n) + 2
        yield Mutation(
            "verbatim",
            f"title of measure {n}",
            lines_replaced({line: LINES[line - 1][:-1] + "了"}),
            line,
            f"measure {n} › title.zh",
            "is not the short title",
        )
    rows = [
        (
            "title of chapter 三",
            "      zh: 拓展高效节能应用场景\n",
            "      zh: 拓展高效节能应用场所\n",
            "chapter 3 › title.zh",
            "is not the title of chapter 3",
        ),
        (
            "title of the 附则",
            "      zh: 附则\n",
            "      zh: 附录\n",
            "chapter 10 › title.zh",
            "is not the title of chapter 10",
        ),
        (
            "preamble",
            "zh: 为完整、准确、全面贯彻",
            "zh: 为完整、准确、全面落实",
            "document.preamble.zh",
            "is not the preamble",
        ),
        (
            "document title",
            "    zh: 深圳市促进安全节能环保产业集群高质量发展的若干措施\n",
            "    zh: 深圳市促进安全节能环保产业集群发展的若干措施\n",
            "document.title.zh",
            "is not the title of the source",
        ),
        (
            "domain fields",
            "zh: 高效电机与变频器、半导体照明",
            "zh: 高效电机及变频器、半导体照明",
            "domains[1].fields.zh",
            "is not verbatim",
        ),
        (
            "chapter 一 paragraph",
            "zh: 本措施适用于已登记注册，具备独立法人资格",
            "zh: 本措施适用于已登记注册，具有独立法人资格",
            "chapter 1 › paragraphs[0].zh",
            "is not verbatim",
        ),
    ]
    for name, old, new, where, words in rows:
        yield edit("verbatim", name, old, new, where, words)


def paragraphs() -> Iterator[Mutation]:
    """The 附则: its paragraphs give its one line whole, in order, each ending with its 。."""
    first = "zh: 本措施由市发展改革委负责解释。"
    rows = [
        (
            "cut short",
            first,
            "zh: 本措施由市发展改革委负责。",
            "chapter 10 › paragraphs[0].zh",
            "is not verbatim",
        ),
        (
            "its 。 dropped",
            first,
            "zh: 本措施由市发展改革委负责解释",
            "chapter 10 › paragraphs[0].zh",
            "stops inside a sentence",
        ),
        (
            "half a sentence",
            first,
            "zh: 本措施由市发展改革委",
            "chapter 10 › paragraphs[0].zh",
            "stops inside a sentence",
        ),
        (
            "replaced by another",
            "zh: 本措施与我市市级层面其他同类优惠措施不得重复享受。",
            first,
            "chapter 10 › paragraphs[1].zh",
            "repeats text",
        ),
        # (and its translation then states 5 years the Chinese no longer has: said once, here)
        (
            "cut at a comma",
            "zh: 本措施自2023年xx月xx日起施行，有效期5年。",
            "zh: 本措施自2023年xx月xx日起施行，",
            "chapter 10 › paragraphs[3].zh",
            "stops inside a sentence",
        ),
    ]
    for name, old, new, where, words in rows:
        yield edit("paragraphs", f"附则 paragraph {name}", old, new, where, words)
    start = MEASURES.index("      - id: district_measures")
    end = MEASURES.index("      - id: effective_period")
    text = MEASURES[:start] + MEASURES[end:]
    line = line_at(text, text.index("zh: 本措施自2023年"))
    yield Mutation(
        "paragraphs",
        "附则 paragraph deleted",
        text,
        line,
        "chapter 10 › paragraphs[2].zh",
        "a paragraph is missing",
    )
    listed = (
        "        not_figures:\n          - {phrase: 有效期5年, reason: the period of validity}\n"
    )
    text, line = replaced("        validity: {years: 5", listed + "        validity: {years: 5")
    yield Mutation(
        "paragraphs",
        "附则 validity also listed as not a figure",
        text,
        line + 1,
        "chapter 10 › paragraphs[3].not_figures[0].phrase",
        "cannot also be listed",
    )
    text = MEASURES[:end] + MEASURES[start:end] + MEASURES[end:]
    line = line_at(text, text.index("zh: 鼓励各区政府", end))
    yield Mutation(
        "paragraphs",
        "附则 paragraph repeated",
        text,
        line,
        "chapter 10 › paragraphs[3]",
        "repeats text",
        3,
    )


def _block(number: int) -> tuple[int, int]:
    """Where the text of one measure starts and ends."""
    start = MEASURES.index(f"      - number: {number}\n")
    ends = [MEASURES.find(s, start + 1) for s in ("      - number: ", "\n  - number: ")]
    return start, min(e + (MEASURES[e] == "\n") for e in ends if e > 0)


def structure() -> Iterator[Mutation]:
    for old, new in ((6, 7), (8, 7), (12, 13), (20, 2), (31, 30)):
        yield edit(
            "structure",
            f"measure {old} numbered {new}",
            f"      - number: {old}\n",
            f"      - number: {new}\n",
            f"measure {new} › number",
            f"is measure {old} （",
        )
    yield edit(
        "structure",
        "measure 1 numbered 0",
        "      - number: 1\n",
        "      - number: 0\n",
        "measure 0 › number",
        "out of range",
    )
    for old, new in ((3, 4), (9, 8)):
        yield edit(
            "structure",
            f"chapter {old} numbered {new}",
            f"\n  - number: {old}\n",
            f"\n  - number: {new}\n",
            f"chapter {new} › number",
            f"is chapter {old}",
        )
    for n in (7, 12, 19, 27):  # deleted: said beside the measure it preceded or followed
        start, end = _block(n)
        text = MEASURES[:start] + MEASURES[end:]
        follows = text.startswith(f"      - number: {n + 1}\n", start)
        line = line_at(text, start if follows else text.index(f"      - number: {n - 1}\n"))
        yield Mutation(
            "structure", f"measure {n} deleted", text, line, "measure", f"measure {n} （"
        )
    start, end = _block(9)
    text = MEASURES[:end] + MEASURES[start:end] + MEASURES[end:]
    yield Mutation(
        "structure",
        "measure 9 repeated",
        text,
        line_at(text, end),
        "measure 9 › number",
        "appears twice",
    )
    s8, e8 = _block(8)
    s9, e9 = _block(9)
    text = MEASURES[:s8] + MEASURES[s9:e9] + MEASURES[s8:e8] + MEASURES[e9:]
    either = (line_at(text, s8), line_at(text, s8 + e9 - s9))
    yield Mutation("structure", "measures 8 and 9 swapped", text, either, "measure", "out of order")
    three = MEASURES.index("\n  - number: 3\n")
    four = MEASURES.index("\n  - number: 4\n")
    five = MEASURES.index("\n  - number: 5\n")
    text = MEASURES[:three] + MEASURES[four:five] + MEASURES[three:four] + MEASURES[five:]
    line = line_at(text, text.index("\n  - number: 4\n")) + 1
    # (either chapter is out of order; its measures, in order within it, are not said again)
    either = (line, line_at(text, text.index("\n  - number: 3\n")) + 1)
    yield Mutation(
        "structure", "chapters 三 and 四 swapped", text, either, "chapter", "out of order"
    )
    # Chapter 三's measures moved under chapter 二, leaving 三 with none: each said once.
    three = MEASURES.index("\n  - number: 3\n")
    held = MEASURES.index("    measures:\n", three)
    four = MEASURES.index("\n  - number: 4\n")
    moved = MEASURES[held + len("    measures:\n") : four + 1]
    text = MEASURES[:held] + MEASURES[four + 1 :]
    text = text[: three + 1] + moved + text[three + 1 :]
    line = line_at(text, text.index("      - number: 4\n"))
    yield Mutation(
        "structure",
        "chapter 三's measures under 二",
        text,
        line,
        "measure 4 › number",
        "the source puts it under chapter 3",
        4,
    )
    rows = [
        (
            "award id repeated",
            '- id: "4.2"',
            '- id: "4.1"',
            "measure 4 › award 4.1 › id",
            "is used twice",
        ),
        (
            "award id out of order",
            '- id: "19.3"',
            '- id: "19.4"',
            "measure 19 › award 19.4 › id",
            "must have id 19.3",
            2,
        ),
        (
            "award id of another measure",
            '- id: "22.2"',
            '- id: "21.2"',
            "measure 22 › award 21.2 › id",
            "must have id 22.2",
        ),
    ]
    for name, old, new, where, words, *most in rows:
        yield edit("structure", name, old, new, where, words, *most)
    text, _ = replaced('    numeral_in_source: "9、 "\n', "")
    yield Mutation(
        "structure",
        "misprinted numeral not recorded",
        text,
        chapter_line(9),
        "chapter 9 › number",
        "prints this chapter's numeral as '9、 '",
    )


def figures() -> Iterator[Mutation]:
    """Every figure of the file changed: the number no longer agrees with its phrase."""
    flow = re.compile(r"(\w+): \{(?:input: \w+, )?(amount|percent|count|value|years): ([\d.]+)")
    block = re.compile(r"\s+(amount|percent): (\d+)$")
    for i, line in enumerate(LINES, start=1):
        m = flow.search(line) or block.match(line)
        if not m:
            continue
        key, value = m.group(m.lastindex - 1), m.group(m.lastindex)
        if "." in value:
            wrong = "7.5"
        elif key == "amount":
            wrong = str(int(value) * 3)
        else:  # a percentage, a count of years: still in range, but not the phrase's
            wrong = str(int(value) + 7)
        changed = line[: m.start(m.lastindex)] + wrong + line[m.end(m.lastindex) :]
        yield Mutation(
            "figures",
            f"line {i}: {key} {value} → {wrong}",
            lines_replaced({i: changed}),
            i,
            place(i).where if place(i).measure else "chapter 10",
            "but its phrase",
        )


def backing() -> Iterator[Mutation]:
    """One award's figure backed by another award's phrase, caps swapped, figures deleted."""
    caps = [
        i for i, line in enumerate(LINES, start=1) if line.startswith("              cap: {amount")
    ]
    for i, j in zip(caps, caps[1:]):
        if place(i).measure != place(j).measure or place(i).award == place(j).award:
            continue
        a, b = place(i).award, place(j).award
        # Said of the phrase, or of the whole award where it has no other words; where the two
        # awards' figures are one number, of both.
        words = ("words of award", "a phrase backs one figure only")
        yield Mutation(
            "backing",
            f"{a}'s cap with {b}'s phrase",
            lines_replaced({i: LINES[j - 1]}),
            i,
            place(i).where,
            words,
            3,
        )
        swapped = lines_replaced({i: LINES[j - 1], j: LINES[i - 1]})
        yield Mutation(
            "backing",
            f"caps of {a} and {b} swapped",
            swapped,
            (i, j),
            place(i).where[: place(i).where.index(" ›")],
            words,
            3,
        )
    yield edit(
        "backing",
        "17.1's national cap on the international phrase",
        "cap: {amount: 500000, phrase: 50万}",
        "cap: {amount: 1000000, phrase: 分别给予最高不超过100万}",
        "measure 17 › award 17.1",
        "a phrase backs one figure only",
        3,
    )
    # A threshold deleted: 1.1 would pay 2% of any sales.
    for old in (
        "              threshold:\n                input: sales\n                amount: 30000000\n                phrase: 一定期限内销售额累计超过3000万元\n",
        "              threshold: {input: cop, value: 5.0, phrase: 综合运行能效（COP）达到5.0以上}\n",
    ):
        text, line = replaced(old, "")
        m = place(line).measure
        yield Mutation(
            "backing",
            f"threshold of measure {m} deleted",
            text,
            zh_line(m, "clause"),
            f"measure {m} › clause.zh",
            "which no figure uses",
        )
    # An award deleted: its figures are left in the clause with no rule (and where a later
    # award follows, its id is one too high: a second problem).
    for award in ("1.2", "4.2", "5.2", "11.3", "19.3", "22.2", "23.2", "26.2", "31.2"):
        start = MEASURES.index(f'          - id: "{award}"')
        ends = ("          - id: ", "      - number: ", "\n  - number: ")
        end = min(
            e + (MEASURES[e] == "\n") for e in (MEASURES.find(s, start + 1) for s in ends) if e > 0
        )
        m = int(award.split(".")[0])
        yield Mutation(
            "backing",
            f"award {award} deleted",
            MEASURES[:start] + MEASURES[end:],
            zh_line(m, "clause"),
            f"measure {m} › clause.zh",
            "which no figure uses",
            2,
        )
    start = MEASURES.index("        not_figures:\n          - phrase: 5G")
    text = MEASURES[:start] + MEASURES[MEASURES.index("        awards:", start) :]
    yield Mutation(
        "backing",
        "not_figures removed",
        text,
        zh_line(6, "clause"),
        "measure 6 › clause.zh",
        "5 ('",
    )
    rows = [
        (
            "not_figures phrase that occurs many times",
            "              - phrase: 以20大先进制造业园区为先导\n",
            "              - phrase: 园区\n",
            "measure 24 › award 24.1 › not_figures[0].phrase",
            "occurs",
            2,
        ),
        (
            "a figure listed as not a figure",
            "          - phrase: 5G基站为重点\n",
            "          - phrase: 最高1000万元\n",
            "measure 6 › not_figures[0].phrase",
            "cannot also be listed",
            3,
        ),
        (
            "phrase not in the clause",
            "amount: {amount: 200000, phrase: 给予一次性20万元}",
            "amount: {amount: 200000, phrase: 给予一次性30万元}",
            "measure 11 › award 11.3",
            "is not in the clause",
        ),
        (
            "phrase cutting a number",
            "cap: {amount: 10000000, phrase: 最高1000万元奖励}",
            "cap: {amount: 0, phrase: 000万元奖励}",
            "measure 1 › award 1.2 › rule.cap.phrase",
            "cuts the number '1000万元'",
            2,
        ),
    ]
    for name, old, new, where, words, *most in rows:
        yield edit("backing", name, old, new, where, words, *most)


def kinds() -> Iterator[Mutation]:
    """A rule's kind changed with its fields left: refused, not silently ignored."""
    for i, line in enumerate(LINES, start=1):
        if line == "              kind: rate":
            base = next(j for j in range(i, i + 8) if LINES[j].startswith("              base:"))
            yield Mutation(
                "kinds",
                f"{place(i).award} rate → cap",
                lines_replaced({i: "              kind: cap"}),
                base + 1,
                place(i).where + " › rule.base",
                "a cap rule takes no base",
                2,
            )
        cap = LINES[i] if i < len(LINES) else ""
        if line == "              kind: cap" and cap.startswith("              cap: {amount"):
            if any(word in cap for word in ("最高", "不超过", "上限", "以内")):
                fixed = {
                    i: "              kind: fixed",
                    i + 1: cap.replace("cap: {", "amount: {", 1),
                }
                yield Mutation(
                    "kinds",
                    f"{place(i).award} cap → fixed",
                    lines_replaced(fixed),
                    i + 1,
                    place(i).where + " › rule.amount.phrase",
                    "it states a maximum",
                )
    rows = [
        (
            "3.1 fixed → cap",
            "              kind: fixed\n              amount: {amount: 1000000",
            "              kind: cap\n              amount: {amount: 1000000",
            "measure 3 › award 3.1 › rule.amount",
            "a cap rule takes no amount",
            2,
            1,
        ),
        (
            "case_by_case with a cap",
            "rule: {kind: case_by_case, phrase: 一事一议予以资助}",
            "rule: {kind: case_by_case, phrase: 一事一议予以资助, cap: {amount: 1, phrase: x}}",
            "measure 19 › award 19.1 › rule.cap",
            "takes no cap",
            2,
        ),
        (
            "a fixed rule's choice with a cap",
            "                    amount: {amount: 200000, phrase: 给予一次性20万元}",
            "                    cap: {amount: 200000, phrase: 给予一次性20万元}",
            "measure 11 › award 11.3 › rule.options.choices[0].cap",
            "takes amount, not cap",
            3,
        ),
    ]
    for name, old, new, where, words, *rest in rows:
        yield edit("kinds", name, old, new, where, words, *rest)


def free_texts() -> Iterator[Mutation]:
    """Numbers in summaries, conditions, notes and English texts that are not the clause's."""
    for n in range(1, 32):
        zh = zh_line(n, "summary")
        changed = change_number(LINES[zh - 1], r"(\d+)(?:万|%)")
        if changed:
            yield Mutation(
                "free text",
                f"summary.zh of measure {n}",
                lines_replaced({zh: changed}),
                zh,
                f"measure {n} › summary.zh",
                "not a figure of the clause",
            )
        for i in folded_lines(zh + 1):
            changed = change_number(LINES[i - 1], r"(\d[\d,]*)(?: million| yuan|%)")
            if changed:
                yield Mutation(
                    "free text",
                    f"summary.en of measure {n}",
                    lines_replaced({i: changed}),
                    zh + 1,
                    f"measure {n} › summary.en",
                    "not a figure of the clause",
                )
                break
        clause = zh_line(n, "clause")
        for i in folded_lines(clause + 1):
            changed = change_number(LINES[i - 1], r"(\d+)(?: million yuan|%)")
            if changed:
                yield Mutation(
                    "free text",
                    f"clause.en of measure {n}",
                    lines_replaced({i: changed}),
                    clause + 1,
                    f"measure {n} › clause.en",
                    "the translation",
                )
                break
    rows = [
        (
            "- zh: 一定期限内销售额累计超过3000万元（期限未公布）",
            "- zh: 一定期限内销售额累计超过300万元（期限未公布）",
            "measure 1 › award 1.1 › conditions[1].zh",
            0,
        ),
        (
            "within a certain period are more than 30 million yuan (the period",
            "within a certain period are more than 3 million yuan (the period",
            "measure 1 › award 1.1 › conditions[1].en",
            -1,
        ),
        (
            "- zh: 实现年整体综合节能率达到10%以上",
            "- zh: 实现年整体综合节能率达到15%以上",
            "measure 5 › award 5.1 › conditions[1].zh",
            0,
        ),
        (
            "- zh: 最高1000万元为组建和提升两个阶段的合计",
            "- zh: 最高2000万元为组建和提升两个阶段的合计",
            "measure 19 › award 19.4 › notes[0].zh",
            0,
        ),
        (
            "The 10 million yuan maximum is the total",
            "The 12 million yuan maximum is the total",
            "measure 19 › award 19.4 › notes[0].en",
            -1,
        ),
        (
            "en: One-off subsidy for green-creation titles",
            "en: One-off subsidy of 500,000 yuan for green-creation titles",
            "measure 31 › award 31.2 › name.en",
            0,
        ),
    ]
    for old, new, where, shift in rows:
        yield edit("free text", where, old, new, where, "not a figure of", 1, shift)


def english() -> Iterator[Mutation]:
    rows = [
        (
            "en: Promotion-catalogue sales award",
            'en: " "',
            "measure 1 › award 1.1 › name.en",
            "is empty",
        ),
        (
            "en: Promotion-catalogue sales award",
            'en: "."',
            "measure 1 › award 1.1 › name.en",
            "has no words",
        ),
        (
            "en: Deepen safety and emergency services",
            "en: Deepen",
            "measure 2 › title.en",
            "shorter than its Chinese",
        ),
        (
            "      en: Eligible organisations and key areas of support",
            "      en: '-'",
            "chapter 1 › title.en",
            "has no words",
        ),
        (
            "          en: Strengthen the promotion of safety and emergency equipment",
            "          en: 加强安全应急装备推广",
            "measure 1 › title.en",
            "has no words",
        ),
        (
            "en: A battery cascade (second-life) use or recycling project",
            "en: A battery",
            "measure 12 › award 12.1 › conditions[0].en",
            "shorter than its Chinese",
        ),
        ("      en: Sales\n", "      en: S\n", "inputs.sales.label.en", "shorter than its Chinese"),
        (
            "              en: The organisation that drafts the national carbon-metrology"
            " verification regulation or technical specification\n",
            "              en: .\n",
            "measure 16 › award 16.1 › recipient.en",
            "has no words",
        ),
    ]
    for old, new, where, words in rows:
        yield edit("english", f"{where} {new.strip()[4:]}", old, new, where, words)
    key = zh_line(5, "clause") + 1  # clause.en: >-
    cut = lines_replaced(
        {
            i: ([] if i > key + 1 else "            Support public buildings.")
            for i in folded_lines(key)
        }
    )
    yield Mutation(
        "english",
        "clause.en of measure 5 cut to a sentence",
        cut,
        key,
        "measure 5 › clause.en",
        "leaves out 10%",
        2,
    )


def markup_dates_inputs_types() -> Iterator[Mutation]:
    summary = "zh: 引导安保服务企业拓展应急救援、灾害防控等新型业务。"
    title = "en: Deepen safety and emergency services"
    for old, new, where in (
        (
            summary,
            "zh: 引导安保服务企业<b>拓展应急救援</b>、灾害防控等新型业务。",
            "measure 2 › summary.zh",
        ),
        (
            summary,
            "zh: 引导安保服务企业<script>alert(document.cookie)</script>拓展应急救援、灾害防控等新型业务。",
            "measure 2 › summary.zh",
        ),
        (title, "en: Deepen safety &amp; emergency services", "measure 2 › title.en"),
        (
            title,
            "en: Deepen [safety](https://example.com) and emergency services",
            "measure 2 › title.en",
        ),
        (title, "en: Deepen **safety** and emergency services", "measure 2 › title.en"),
        (title, "en: Deepen `safety` and emergency services", "measure 2 › title.en"),
        (
            "- zh: 文中“一定期限”的长度未公布。",
            "- zh: 文中“一定期限”的长度未公布。<img src=x onerror=alert(1)>",
            "measure 1 › award 1.1 › notes[0].zh",
        ),
        ("      en: Sales\n", "      en: Sales <i>yuan</i>\n", "inputs.sales.label.en"),
    ):
        # (a script's number, alert(1), is also not a figure of the clause: two problems)
        yield edit("markup", f"{where} {new[4:30]}", old, new, where, "holds markup", 2)
    for value, words in (
        ("2026-13-45", "not a real date"),
        ("2026-02-30", "not a real date"),
        ("2099-01-01", "in the future"),
        ("2026-1-5", "not a date written YYYY-MM-DD"),
    ):
        yield edit(
            "dates",
            f"checked {value}",
            "checked: 2026-11-24",
            f"checked: {value}",
            "document.source.checked",
            words,
        )
    yield edit(
        "dates",
        "an effective date said published",
        "in_text: 2023年xx月xx日, published: false",
        "in_text: 2023年xx月xx日, published: true",
        "chapter 10 › paragraphs[3].effective_date.in_text",
        "not a real date",
    )
    for key, words in (
        ("1", "read as a number"),
        ('"1"', "must be a word"),
        ("Sales2", "must be a word"),
        ("null", "read as nothing"),
    ):
        yield edit(
            "inputs",
            f"input named {key}",
            "  cost:\n    type: money",
            f"  {key}:\n    type: money",
            "inputs",
            words,
            2,
        )
    yield edit(
        "inputs",
        "an input reference not an identifier",
        "                input: sales\n                amount: 30000000",
        "                input: Sales\n                amount: 30000000",
        "measure 1 › award 1.1 › rule.threshold.input",
        "does not have the expected form",
        2,
    )
    cap = "cap: {amount: 10000000, phrase: 给予资助，最高1000万元}"
    for value, words in (
        ("10000000.5", "must be whole yuan, not 10000000.5"),
        ("1000000.5", "must be whole yuan"),
        ("10000000.0", "must be whole yuan"),
        ('"10000000"', "remove the quotes"),
        ("1e7", "in plain digits"),
        ("-10000000", "out of range"),
        ("true", "must be a whole number, not true"),
        ("一千万", "must be a whole number, not '一千万'"),
    ):
        yield edit(
            "types",
            f"amount {value}",
            cap,
            cap.replace("10000000", value, 1),
            "measure 4 › award 4.1 › rule.cap.amount",
            words,
        )
    rows = [
        (
            "threshold 30,000,000",
            "                amount: 30000000\n",
            "                amount: 30,000,000\n",
            "measure 1 › award 1.1 › rule.threshold.amount",
            "in plain digits",
        ),
        (
            'measure number "2"',
            "      - number: 2\n",
            '      - number: "2"\n',
            "measure 2 › number",
            "must be a number, not the text '2': remove the quotes",
        ),
        (
            'chapter number "2"',
            "\n  - number: 2\n",
            '\n  - number: "2"\n',
            "chapter 2 › number",
            "remove the quotes",
        ),
        (
            'percent "30"',
            "rate: {percent: 30, phrase: 总投资30%}",
            'rate: {percent: "30", phrase: 总投资30%}',
            "measure 4 › award 4.1 › rule.rate.percent",
            "remove the quotes",
        ),
        (
            "years 3.5",
            "years: {count: 3, phrase: 最长补贴3年}",
            "years: {count: 3.5, phrase: 最长补贴3年}",
            "measure 23 › award 23.2 › rule.years.count",
            "whole number",
        ),
        (
            "validity five",
            "validity: {years: 5, phrase: 有效期5年}",
            "validity: {years: five, phrase: 有效期5年}",
            "chapter 10 › paragraphs[3].validity.years",
            "whole number",
        ),
    ]
    for name, old, new, where, words in rows:
        yield edit("types", name, old, new, where, words)


CORPUS = [
    *syntax(),
    *resources(),
    *verbatim(),
    *paragraphs(),
    *structure(),
    *figures(),
    *backing(),
    *kinds(),
    *free_texts(),
    *english(),
    *markup_dates_inputs_types(),
]
CLASSES = {"syntax", "resources", "verbatim", "paragraphs", "structure", "figures", "backing", "kinds", "free text", "english", "markup", "dates", "inputs", "types"}  # fmt: skip


def test_the_corpus_is_large_and_covers_every_class():
    counts = Counter(m.kind for m in CORPUS)
    assert len(CORPUS) >= 100, counts
    assert set(counts) == CLASSES, counts
    assert min(counts.values()) >= 4, counts
    assert len({m.text for m in CORPUS}) == len(CORPUS), "each edit makes a different file"
    assert MEASURES not in {m.text for m in CORPUS}


def _expected(mutation: Mutation, problems) -> bool:
    lines = mutation.line if isinstance(mutation.line, tuple) else (mutation.line,)
    words = mutation.words if isinstance(mutation.words, tuple) else (mutation.words,)
    return any(
        p.line in lines
        and p.where.startswith(mutation.where)
        and any(w in p.message for w in words)
        for p in problems
    )


@pytest.mark.parametrize("mutation", CORPUS, ids=[f"{m.kind}: {m.name}" for m in CORPUS])
def test_each_edit_is_refused_on_its_line(tmp_path, mutation):
    path = tmp_path / "measures.yaml"
    path.write_text(mutation.text, encoding="utf-8")
    started = time.perf_counter()
    result = frozen.check(path)  # in-process: an exception fails the test
    elapsed = time.perf_counter() - started
    shown = "\n".join(p.format("measures.yaml") for p in result.problems)
    assert result.problems, "the edit passed the check"
    assert not any("internal error" in p.message for p in result.problems), shown
    assert _expected(mutation, result.problems), (
        f"expected line {mutation.line}, {mutation.where!r}, {mutation.words!r}; got:\n{shown}"
    )
    assert len(result.problems) <= mutation.most, shown
    assert elapsed < SECONDS, f"{elapsed:.2f} s"


def test_the_pure_python_parser_holds_the_same_bounds(tmp_path, monkeypatch):
    """Where PyYAML has no libyaml, its own parser is used, with the same refusals."""
    monkeypatch.setattr(yamlsource, "USE_LIBYAML", False)
    for mutation in [m for m in CORPUS if m.kind in ("resources", "syntax")]:
        path = tmp_path / "measures.yaml"
        path.write_text(mutation.text, encoding="utf-8")
        started = time.perf_counter()
        result = frozen.check(path)
        assert time.perf_counter() - started < 3 * SECONDS, (
            mutation.name
        )  # a bound on runaway work, not a speed goal
        assert _expected(mutation, result.problems), (
            mutation.name,
            [p.format("measures.yaml") for p in result.problems],
        )


# -- good variants: the same data, written differently ------------------------------------------

GOOD = {
    "byte-order mark": "\ufeff" + MEASURES,
    "CRLF line ends": MEASURES.replace("\n", "\r\n"),
    "byte-order mark and CRLF": "\ufeff" + MEASURES.replace("\n", "\r\n"),
    "block style instead of flow": MEASURES.replace(
        "              cap: {amount: 10000000, phrase: 给予资助，最高1000万元}\n",
        "              cap:\n                phrase: 给予资助，最高1000万元\n"
        "                amount: 10_000_000\n",
    ),
    "other quotes, a sign, comments": MEASURES.replace(
        '- id: "4.1"', "- id: '4.1'  # the first award"
    ).replace("      - number: 4\n", "      # measure four\n      - number: +4\n"),
}


@pytest.mark.parametrize("name", list(GOOD))
def test_the_same_data_written_differently_passes(tmp_path, name):
    path = tmp_path / "measures.yaml"
    path.write_bytes(GOOD[name].encode("utf-8"))
    result = frozen.check(path)
    assert result.ok, [p.format("measures.yaml") for p in result.problems]


# -- hostile files, in a subprocess bounded in memory and time ---------------------------------

MEMORY = 1 << 30  # 1 GiB of address space; the check needs far less
TIMEOUT = 30


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_check(
    path: Path | str, cwd: Path = ROOT, root: Path = frozen.ROOT
) -> tuple[int, list[re.Match], str, float]:
    """`python build.py check PATH --root ROOT` under the limits: (exit code, problems, output,
    seconds); ROOT, whose sources/ the file names, is the fixture project by default."""
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "build.py", "check", str(path), "--root", str(root)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limits,
    )
    elapsed = time.perf_counter() - started
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output[-2000:]
    problems = [m for m in map(PROBLEM.match, run.stderr.splitlines()) if m]
    return run.returncode, problems, output, elapsed


HOSTILE_FILES = {
    "billion laughs": (_bomb().encode(), 1, "anchor &l0 is not allowed"),
    "self-referencing alias": (b"a: &a [*a]\n", 1, "anchor &a"),
    "50,000 nested brackets": (b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n", 1, "nested more"),
    "a 50 MB file": (MEASURES.encode() + b"#" + b"x" * 50_000_000 + b"\n", 1, "at most 1,048,576"),
    "a binary file": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, 1, "is not UTF-8"),
    "NUL bytes": (b"document:\x00\n", 1, "NUL byte"),
}


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_hostile_files_are_refused_quickly_in_bounded_memory(tmp_path, name):
    content, line, words = HOSTILE_FILES[name]
    path = tmp_path / "measures.yaml"
    path.write_bytes(content)
    code, problems, output, elapsed = run_check(path)
    assert code == 1 and problems, output
    assert any(int(p["line"]) == line and words in p["what"] for p in problems), output
    assert elapsed < 10, f"{elapsed:.1f} s"


@pytest.mark.parametrize("target", ["/dev/zero", "fifo", "directory"])
def test_what_is_not_a_regular_file_is_not_read(tmp_path, target):
    if target == "fifo":
        path = tmp_path / "measures.yaml"
        os.mkfifo(path)  # nobody writes: reading it would wait for ever
    elif target == "directory":
        path = tmp_path
    else:
        path = Path(target)
    code, problems, output, elapsed = run_check(path)
    assert code == 1 and problems[0]["where"] == "file", output
    assert "not a text file" in problems[0]["what"], output
    assert elapsed < 10


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    """The fixture project copied, so that its sources/ can hold hostile files."""
    copy = tmp_path_factory.mktemp("repo")
    shutil.copytree(frozen.ROOT, copy, dirs_exist_ok=True)
    sources = copy / "sources"
    (sources / "zero.txt").symlink_to("/dev/zero")
    (sources / "outside.txt").symlink_to("/etc/hostname")
    os.mkfifo(sources / "fifo.txt")
    (sources / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    (sources / "large.txt").write_bytes(b"x" * 2_000_000)
    (sources / "directory.txt").mkdir()
    (sources / "loop.txt").symlink_to("loop.txt")
    return copy


SOURCE_LINE = LINES.index("  source: {file: sources/policy-draft.zh.txt, checked: 2026-11-24}") + 1


@pytest.mark.parametrize(
    "file, words",
    [
        ("/dev/zero", "must name a .txt file under sources/"),
        ("sources/../../../../dev/zero.txt", "must name a .txt file under sources/"),
        ("sources/zero.txt", "leads outside the repository"),
        ("sources/outside.txt", "leads outside the repository"),
        ("sources/fifo.txt", "is a named pipe (FIFO), not a text file"),
        ("sources/binary.txt", "is not UTF-8"),
        ("sources/large.txt", "the check reads files of at most"),
        ("sources/directory.txt", "is a directory"),
        ("sources/missing.txt", "cannot be read"),
        ("sources/loop.txt", "cannot be resolved"),
    ],
)
def test_source_file_is_read_only_when_a_regular_text_file_in_the_repository(
    repo_copy, file, words
):
    text = MEASURES.replace("file: sources/policy-draft.zh.txt", f"file: {file}")
    (repo_copy / "edited.yaml").write_text(text, encoding="utf-8")
    code, problems, output, elapsed = run_check(repo_copy / "edited.yaml", root=repo_copy)
    assert code == 1, output
    assert [(int(p["line"]), p["where"]) for p in problems] == [
        (SOURCE_LINE, "document.source.file")
    ], output
    assert words in problems[0]["what"], output
    assert elapsed < 10


def test_the_fixture_passes_the_command_line_check():
    code, problems, output, elapsed = run_check(frozen.MEASURES)
    assert code == 0 and not problems, output
    assert elapsed < TIMEOUT, f"{elapsed:.2f} s"
