"""CONTRIBUTING.md §2's worked example, applied to a checkout as a person would edit it: measure
4's first cap (award 4.1) lowered by a fifth, 最高1000万元 → 最高800万元, in the source text, the
clause, its translation, the summary, and the award's figure and phrase.

The places to edit are found through the check's own loader (the line of each value), not by
cutting exact strings out of the file, so the example keeps working while staff edit the data.
Each step can leave one thing undone, as CONTRIBUTING shows: `number` (the figure changed, its
phrase not), `phrase` (the phrase changed, the figure not), `translation` (the English not).

    apply(root, forget=None) → (the figure before, the figure after), both in yuan
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from sitegen.yamlsource import load

AWARD = "4.1"
SHARE = Decimal("0.8")  # 1000万 → 800万


def _measure_path(data: Any, number: int) -> tuple[Any, ...]:
    for c, chapter in enumerate(data["chapters"]):
        for m, measure in enumerate(chapter.get("measures") or ()):
            if measure["number"] == number:
                return ("chapters", c, "measures", m)
    raise LookupError(f"no measure {number}")


def _wan(yuan: Decimal) -> str:
    return f"{format((yuan / 10000).normalize(), 'f')}万元"


def _million(yuan: Decimal) -> str:
    return format((yuan / 1_000_000).normalize(), "f")


def _edit(lines: list[str], first: int, pattern: str, replacement: str) -> None:
    """Replace the first match of `pattern` in the value that starts on line `first` (1-based):
    that line and the lines below it indented deeper than it (a folded text)."""
    start = first - 1
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    region = "\n".join(lines[start:end])
    edited, count = re.subn(pattern, replacement, region, count=1)
    if count != 1:
        raise LookupError(f"{pattern!r} is not in lines {first}–{end} of measures.yaml")
    lines[start:end] = edited.split("\n")


def apply(root: Path, forget: str | None = None) -> tuple[Decimal, Decimal]:
    path = root / "measures.yaml"
    loaded = load(path)
    data = loaded.data
    at = _measure_path(data, int(AWARD.split(".")[0]))
    measure = data
    for key in at:
        measure = measure[key]
    index = next(i for i, a in enumerate(measure["awards"]) if a["id"] == AWARD)
    cap = measure["awards"][index]["rule"]["cap"]
    old = Decimal(str(cap["amount"]))
    new = (old * SHARE).to_integral_value()
    new_phrase = cap["phrase"].replace(_wan(old), _wan(new))
    assert new_phrase != cap["phrase"], f"{AWARD}'s cap phrase does not state {_wan(old)}"

    # The source text: the clause's phrase, on its measure's line.
    source = root / "sources" / "policy-draft.zh.txt"
    text = source.read_text(encoding="utf-8")
    clause_zh = measure["clause"]["zh"]
    assert text.count(clause_zh) == 1, "the clause is verbatim in the source"
    source.write_text(
        text.replace(clause_zh, clause_zh.replace(cap["phrase"], new_phrase)), encoding="utf-8"
    )

    lines = path.read_text(encoding="utf-8").split("\n")
    line = loaded.line_of
    rule = at + ("awards", index, "rule", "cap")
    _edit(lines, line(at + ("clause", "zh")), re.escape(cap["phrase"]), new_phrase)
    if forget != "translation":
        _edit(
            lines,
            line(at + ("clause", "en")),
            rf"\b{_million(old)}(\s+)million yuan",
            rf"{_million(new)}\1million yuan",
        )
    _edit(lines, line(at + ("summary", "zh")), re.escape(f"最高{_wan(old)}"), f"最高{_wan(new)}")
    _edit(
        lines,
        line(at + ("summary", "en")),
        rf"\b{_million(old)}(\s+)million yuan",
        rf"{_million(new)}\1million yuan",
    )
    if forget != "number":
        _edit(lines, line(rule + ("amount",)), rf"\b{old:f}\b", f"{new:f}")
    if forget != "phrase":
        _edit(lines, line(rule + ("phrase",)), re.escape(cap["phrase"]), new_phrase)
    path.write_text("\n".join(lines), encoding="utf-8")
    return old, new
