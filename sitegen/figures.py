"""Reading the figures a clause phrase states, to hold the data's numbers against the words.

最高1000万元 → 10,000,000 yuan; 1亿元 → 100,000,000; 100万 (in 100万、50万……元) → 1,000,000;
30% → 30 percent; 5.0以上 → the plain number 5.0; 最长补贴3年 → 3 years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)\s*(亿|万)?\s*(元|%|％|年)?")
_MULTIPLIER = {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, None: Decimal(1)}

_CN_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Quantity:
    kind: str  # yuan | percent | years | number
    value: Decimal
    text: str


def quantities(phrase: str) -> list[Quantity]:
    found = []
    for match in _QUANTITY.finditer(phrase):
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
        found.append(Quantity(kind, value, match.group(0)))
    return found


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
        shown = f"{stated.value:,.0f}" if kind == "yuan" else format(stated.value.normalize(), "f")
        return (
            f"is {format(value.normalize(), 'f') if kind != 'yuan' else f'{value:,.0f}'} "
            f"but its phrase '{phrase}' states {shown} ({stated.text})"
        )
    return None


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 31 → 三十一 (as the document numbers its parts)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")
