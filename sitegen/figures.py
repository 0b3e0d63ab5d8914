"""Reading the figures a text states, to hold the data's numbers against the words.

Chinese: 最高1000万元 → 10,000,000 yuan; 1亿元 → 100,000,000; 100万 (in 100万、50万……元) →
1,000,000; 30% → 30 percent; 5.0以上 → the plain number 5.0; 最长补贴3年 → 3 years.
English: 10 million yuan → 10,000,000; 500,000 → 500,000; 30% → 30 percent; 5.0 → 5.0.
Chinese numerals (（四）, 两个阶段) are words, not figures, and are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from calculator.money import CHINESE_SCALES

# Digit runs are read at most 20 at a time, so no text can make one huge number.
_QUANTITY = re.compile(
    rf"(\d{{1,20}}(?:\.\d{{1,20}})?)\s*({'|'.join(CHINESE_SCALES)})?\s*(元|%|％|年)?"
)
_MULTIPLIER = {**CHINESE_SCALES, None: Decimal(1)}  # the calculator's 万 and 亿

_EN_QUANTITY = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3}){1,6}|\d{1,20})(\.\d{1,20})?"
    r"(?:\s+(thousand|million|billion)\b)?(\s*(?:%|per ?cent\b))?"
)
_EN_SCALE = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9}

_CN_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Quantity:
    kind: str  # yuan | percent | years | number (in English also "any": a bare number)
    value: Decimal
    text: str
    start: int = 0
    end: int = 0


def quantities(text: str) -> list[Quantity]:
    """Every figure written in digits in Chinese text, with where it stands."""
    found = []
    for match in _QUANTITY.finditer(text):
        number, scale, unit = match.groups()
        value = Decimal(number) * _MULTIPLIER[scale]
        if unit in ("%", "％"):
            kind = "percent"
        elif unit == "年" and scale is None:
            kind = "years"
        elif scale or unit == "元":
            kind = "yuan"
        else:
            kind = "number"
        found.append(Quantity(kind, value, match.group(0).rstrip(), match.start(), match.end()))
    return found


def english_quantities(text: str) -> list[Quantity]:
    """Every figure written in digits in English text: "10 million" is yuan, "30%" percent, and
    a bare number ("500,000" in a list, "3" in "3 years", "5.0") may be any kind."""
    found = []
    for match in _EN_QUANTITY.finditer(text):
        whole, fraction, scale, percent = match.groups()
        value = Decimal(whole.replace(",", "") + (fraction or ""))
        if scale:
            value *= _EN_SCALE[scale]
        kind = "percent" if percent else "yuan" if scale else "any"
        found.append(Quantity(kind, value, match.group(0).strip(), match.start(), match.end()))
    return found


def matches(stated: Quantity, figure: Quantity) -> bool:
    """Whether a figure written in a text is the same figure as one of the clause."""
    if stated.value != figure.value:
        return False
    return stated.kind in ("any", figure.kind)


def missing_and_extra(
    stated: list[Quantity], figures: list[Quantity]
) -> tuple[list[Quantity], list[Quantity]]:
    """Pair the stated figures with the clause's, each used once: (clause figures no stated
    figure pairs with, stated figures that pair with none). Exact kinds pair first."""
    left = list(figures)
    extra = []
    for q in sorted(stated, key=lambda q: q.kind == "any"):
        pair = next((f for f in left if matches(q, f)), None)
        if pair is None:
            extra.append(q)
        else:
            left.remove(pair)
    return left, sorted(extra, key=lambda q: q.start)


def not_in(stated: list[Quantity], figures: list[Quantity]) -> list[Quantity]:
    """The stated figures that are none of the clause's (repeats allowed)."""
    return [q for q in stated if not any(matches(q, f) for f in figures)]


def agreement(kind: str, value: Decimal, phrase: str) -> str | None:
    """None if the phrase states exactly this figure once; otherwise what is wrong."""
    of_kind = [q for q in quantities(phrase) if q.kind == kind]
    unit = {
        "yuan": "amount in yuan",
        "percent": "percentage",
        "years": "number of years",
        "number": "number",
    }[kind]
    if not of_kind:
        return f"its phrase '{phrase}' states no {unit}"
    if len(of_kind) > 1:
        texts = "、".join(q.text for q in of_kind)
        return f"its phrase '{phrase}' states more than one {unit} ({texts}); shorten it to one"
    stated = of_kind[0]
    if stated.value != value:
        return f"is {plain(value, kind)} but its phrase '{phrase}' states {plain(stated.value, kind)} ({stated.text})"
    return None


def plain(value: Decimal, kind: str = "number") -> str:
    """10000000 → '10,000,000' for yuan; 5.0 → '5.0' otherwise (as written)."""
    if kind == "yuan" and value == value.to_integral_value():
        return f"{value:,.0f}"
    return format(value, "f")


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 31 → 三十一 (as the document numbers its parts)."""
    if not isinstance(n, int) or not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


def numeral_value(text: str) -> int | None:
    """一 → 1, 十一 → 11, 三十一 → 31 (the inverse of chinese_numeral); None if it is not one."""
    return next((n for n in range(1, 100) if chinese_numeral(n) == text), None)
