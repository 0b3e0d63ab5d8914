"""A phrase of the data is found once in its text; a figure agrees with its phrase."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..figures import agreement
from .accounting import Words
from .context import Context, DataPath


def phrase(
    ctx: Context, path: DataPath, text: Any, clause: str, within: str = "the clause"
) -> bool:
    """The phrase occurs in the clause (True), exactly once (else a problem too)."""
    if not isinstance(text, str) or not text or ctx.refused_at(path):
        return False
    count = clause.count(text)
    if count == 0:
        ctx.add(path, f"phrase '{text}' is not in {within} " + _near_in(text, clause))
        return False
    if count > 1:
        ctx.add(
            path,
            f"phrase '{text}' occurs {count} times in {within}; "
            "lengthen it so that it points to one place",
        )
    return True


def _near_in(phrase: str, clause: str) -> str:
    """Where the phrase stops matching the clause (the longest prefix found, by bisection:
    a prefix in the clause means every shorter one is too)."""
    low, high = 0, len(phrase)  # phrase[:low] is in the clause; phrase[:high] is not
    while high - low > 1:
        middle = (low + high) // 2
        if phrase[:middle] in clause:
            low = middle
        else:
            high = middle
    if low < 2:
        return "(copy the words from the clause exactly)"
    at = clause.index(phrase[:low])
    return (
        f"(the clause has '{clause[at : at + low + 6]}' where the phrase has '{phrase[: low + 6]}')"
    )


def words_phrase(ctx: Context, words: Words, path: DataPath) -> None:
    """The words at path (a base's, a unit's, the applicants'...) are found in the award's clause,
    and the data rests on them."""
    text = ctx.at(path)
    if phrase(ctx, path, text, words.clause.text):
        words.use(path, text)


def figure(ctx: Context, words: Words, path: DataPath, kind: str) -> None:
    """The figure at path agrees with the phrase beside it, found once in the clause; its use is
    recorded for the accounting of the clause's numbers."""
    holder = ctx.at(path[:-1])
    value, text = holder[path[-1]], holder["phrase"]
    ppath = path[:-1] + ("phrase",)
    found = phrase(ctx, ppath, text, words.clause.text, words.clause.within)
    if ctx.refused_at(path) or isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return
    words.use(ppath, text, kind, path, Decimal(value))
    if found:
        problem = agreement(kind, Decimal(value), text)
        if problem:
            ctx.add(path, f"{path[-1]} {problem}")
