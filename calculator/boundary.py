"""Boundary words of Chinese legal drafting, and what they mean for a comparison.

The statutory convention (Civil Code art. 1259): 以上, 以下 and 以内 include the number they
follow; 超过, 不满 and 以外 exclude it. A threshold's comparison is read from the words of the
clause phrase itself, so the data cannot state one thing in words and another in a flag.
"""

from __future__ import annotations

from decimal import Decimal

# Longest words first: 不超过 ("not more than") contains 超过 ("more than").
_COMPARISONS: tuple[tuple[str, str], ...] = (
    ("不超过", "<="),
    ("超过", ">"),
    ("以上", ">="),
    ("不满", "<"),
    ("以下", "<="),
    ("以内", "<="),
    ("以外", ">"),
)

# Words that make a figure a maximum rather than a definite amount or rate (decisions/0003);
# 以内 is "within". The one list: the check (an exact amount's phrase) reads it too.
MAXIMUM_WORDS = ("最高", "不超过", "上限", "以内")


class BoundaryError(ValueError):
    """A phrase names no boundary word, or more than one."""


def comparison_in(phrase: str) -> str:
    """The comparison ('>', '>=', '<', '<=') that the phrase's single boundary word states."""
    found: list[str] = []
    rest = phrase
    for word, op in _COMPARISONS:
        if word in rest:
            found.append(op)
            rest = rest.replace(word, "\0")
    if len(found) != 1:
        words = "、".join(word for word, _ in _COMPARISONS)
        raise BoundaryError(
            f"the phrase must contain exactly one boundary word ({words}); found {len(found)}"
        )
    return found[0]


def is_maximum(phrase: str) -> bool:
    """Whether the phrase states a maximum (最高, 不超过, 上限, 以内) rather than a definite figure."""
    return any(word in phrase for word in MAXIMUM_WORDS)


def satisfies(value: Decimal, comparison: str, limit: Decimal) -> bool:
    return {
        ">": value > limit,
        ">=": value >= limit,
        "<": value < limit,
        "<=": value <= limit,
    }[comparison]
