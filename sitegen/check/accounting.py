"""Every number of a clause is accounted for: the figure of exactly one rule, or listed under
`not_figures` with the reason it is not a figure of an award. So a deleted award or threshold,
or one award's figure backed by another award's words, cannot pass unnoticed.

Held per text (a measure's clause, a paragraph), so a later version of the policy, with clauses
of its own, is accounted for the same way.

Also: the awards of a measure take their phrases from the clause in order, each from its own
part of it (award N.k is the k-th award in the order of the clause), which catches two awards'
figures swapped between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..figures import Quantity, quantities
from ..places import where_of
from .context import Context, DataPath


@dataclass(frozen=True)
class Use:
    """A phrase of the text the data rests on."""

    path: DataPath  # of the phrase
    award: int  # k of award N.k; 0 for words not of an award
    phrase: str
    kind: str | None  # the figure's kind (yuan, percent, years, number); None if not a figure
    figure: DataPath | None  # path of the figure's value
    value: Decimal | None = None  # the figure's value


@dataclass
class Clause:
    """One text the data's figures are held against (a measure's clause, a paragraph), and the
    phrases the data rests on in it, gathered for its accounting."""

    text: str
    what: str = "clause"  # how messages name it: the clause, the paragraph
    uses: list[Use] = field(default_factory=list)  # phrases of figures, and words rules rest on
    covered: list[Use] = field(default_factory=list)  # numbers listed as not figures, a date

    @property
    def within(self) -> str:
        return f"the {self.what}"


@dataclass(frozen=True)
class Words:
    """Where one award takes its words from: its clause, and k of award N.k (0 for words that
    are no award's, such as a paragraph's)."""

    clause: Clause
    award: int = 0

    def use(
        self,
        path: DataPath,
        phrase: str,
        kind: str | None = None,
        figure: DataPath | None = None,
        value: Decimal | None = None,
    ) -> None:
        """The data rests on this phrase (a figure's, where kind is given)."""
        self.clause.uses.append(Use(path, self.award, phrase, kind, figure, value))


def in_order(values: list[int]) -> set[int]:
    """Indexes of a longest non-decreasing subsequence of values (patience sorting, n log n)."""
    tails: list[int] = []  # tails[j]: index ending the best chain of length j+1
    before: list[int | None] = []
    for i, v in enumerate(values):
        j = _bisect(values, tails, v)
        before.append(tails[j - 1] if j else None)
        if j == len(tails):
            tails.append(i)
        else:
            tails[j] = i
    chain: set[int] = set()
    at = tails[-1] if tails else None
    while at is not None:
        chain.add(at)
        at = before[at]
    return chain


def _bisect(values: list[int], tails: list[int], v: int) -> int:
    low, high = 0, len(tails)
    while low < high:
        middle = (low + high) // 2
        if values[tails[middle]] <= v:
            low = middle + 1
        else:
            high = middle
    return low


def _in_order_weighted(values: list[float], weights: list[int]) -> set[int]:
    """Indexes of the non-decreasing subsequence of values with the largest total weight."""
    best: list[tuple[int, int | None]] = []  # (weight of the best chain ending here, previous)
    for i, v in enumerate(values):
        prior = [(best[j][0], j) for j in range(i) if values[j] <= v]
        total, previous = max(prior, default=(0, None))
        best.append((total + weights[i], previous))
    chain: set[int] = set()
    at = max(range(len(best)), key=lambda i: best[i][0], default=None)
    while at is not None:
        chain.add(at)
        at = best[at][1]
    return chain


def _out_of_place(ctx: Context, located: list[tuple[int, Use]]) -> set[DataPath]:
    """Report the awards, and the phrases, that stand out of the order of the clause.

    Each award's place is the median of its phrases' places. Awards whose places are out of
    order (the fewest phrases, so an award with one phrase yields to one with three) are
    reported once, at their first phrase; then a phrase that stands beyond the place of the
    award before or after its own is reported as among that award's words."""
    data = ctx.data
    line_of = ctx.line_of
    places: dict[int, list[int]] = {}
    for at, use in located:
        places.setdefault(use.award, []).append(at)
    awards = sorted(places)
    anchor = {k: sorted(places[k])[(len(places[k]) - 1) // 2] for k in awards}
    anchors = [anchor[k] for k in awards]
    if len(awards) <= 64:
        kept_index = _in_order_weighted(anchors, [len(places[k]) for k in awards])
    else:  # more awards than any measure has: the plain order, in n log n
        kept_index = in_order(anchors)
    kept = [k for i, k in enumerate(awards) if i in kept_index]
    stray: set[DataPath] = set()
    first_use = {}
    for at, use in sorted(located, key=lambda p: line_of(p[1].path)):
        first_use.setdefault(use.award, use)
    for k in awards:
        if k in kept:
            continue
        use = first_use[k]
        before = [j for j in kept if j < k]
        after = [j for j in kept if j > k]
        if before and anchor[k] < anchor[before[-1]]:
            other, side = before[-1], "before"
        else:
            other, side = (after[0] if after else before[-1]), "after"
        ctx.add(
            use.path,
            f"the words of {_award_of(data, use.path)} ('{use.phrase}') stand in the clause "
            f"{side} those of {_award_of(data, first_use[other].path)}: awards are numbered in "
            "the order of the clause, each with the words of its own part",
        )
        stray.update(u.path for _, u in located if u.award == k)
    for at, use in located:
        if use.award not in kept:
            continue
        before = [anchor[j] for j in kept if j < use.award]
        after = [anchor[j] for j in kept if j > use.award]
        if (before and at < before[-1]) or (after and at > after[0]):
            nearest = min((j for j in kept if j != use.award), key=lambda j: abs(anchor[j] - at))
            ctx.add(
                use.path,
                f"phrase '{use.phrase}' stands in the clause among the words of "
                f"{_award_of(data, first_use[nearest].path)}: each award takes its phrases "
                "from its own part of the clause, in the order of the awards",
            )
            stray.add(use.path)
    return stray


def _award_of(data: Any, path: DataPath) -> str:
    if "awards" in path:
        i = path.index("awards")
        return where_of(data, path[: i + 2]).split(" › ")[-1]
    return "the measure"


def _context(text: str, q: Quantity) -> str:
    return "…" + text[max(0, q.start - 10) : q.end + 4] + "…"


def account(ctx: Context, text_path: DataPath, clause: Clause) -> None:
    """Hold the uses of one text (a clause or paragraph) against every number in it."""
    data = ctx.data
    line_of = ctx.line_of
    text, uses, covered, what = clause.text, clause.uses, clause.covered, clause.what
    located = [(text.find(u.phrase), u) for u in uses if text.count(u.phrase) == 1]
    # A figure whose phrase cannot be found has its own problem; the number it means to use is
    # not reported again as unused.
    pending = [(u.kind, u.value) for u in uses if u.kind and text.count(u.phrase) != 1]

    # 1. The awards' phrases follow the clause in order, each award in its own part.
    stray = _out_of_place(ctx, [(at, u) for at, u in located if u.award])

    # 2. Each figure is one number of the text, and each number backs one figure at most.
    numbers = {q.start: q for q in quantities(text)}
    used: dict[int, Use] = {}
    # Phrases out of place were reported above; the numbers they use still count as used
    # (after the others), so a swap is one problem, not also an "unused" number.
    for at, use in sorted(located, key=lambda p: (p[1].path in stray, line_of(p[1].path))):
        if use.kind is None:
            continue
        local = [q for q in quantities(use.phrase) if q.kind == use.kind]
        if len(local) != 1:
            pending.extend((q.kind, q.value) for q in quantities(use.phrase))
            continue  # the figure's own problem says so
        start = at + local[0].start
        number = numbers.get(start)
        if number is None or number.end != at + local[0].end:
            whole = next((q for q in numbers.values() if q.start <= start < q.end), None)
            if whole:  # said here; not again as an unused number
                pending.append((whole.kind, whole.value))
            ctx.add(
                use.path,
                f"phrase '{use.phrase}' cuts the number "
                f"'{whole.text if whole else local[0].text}' of the {what}: take the number whole",
            )
            continue
        if start in used and use.path in stray:
            continue
        if start in used:
            # Which of the two is wrong the words cannot tell: both are named, each beside
            # the other's line.
            first = used[start]
            for one, other in ((use, first), (first, use)):
                there = other.figure or other.path
                ctx.add(
                    one.figure or one.path,
                    f"{number.text} in '{_context(text, number)}' is also the figure of "
                    f"{where_of(data, there)} (line {line_of(there)}): a phrase backs one "
                    "figure only",
                )
            continue
        used[start] = use

    # 3. Numbers listed as not figures (and the date a paragraph gives) are accounted for too.
    listed: dict[int, Use] = {}
    for cover in covered:
        if text.count(cover.phrase) != 1:
            continue
        at = text.find(cover.phrase)
        inside = [q for q in numbers.values() if at <= q.start and q.end <= at + len(cover.phrase)]
        cut = [
            q
            for q in numbers.values()
            if q.start < at < q.end or q.start < at + len(cover.phrase) < q.end
        ]
        if cut:
            ctx.add(
                cover.path,
                f"phrase '{cover.phrase}' cuts the number '{cut[0].text}' of the {what}: "
                "take the number whole",
            )
        if not inside and not cut and cover.kind is None and "not_figures" in cover.path:
            ctx.add(
                cover.path,
                f"phrase '{cover.phrase}' holds no number: list only words around a number "
                "that is not a figure",
            )
        for q in inside:
            if q.start in used:
                figure = used[q.start]
                ctx.add(
                    cover.path,
                    f"{q.text} is the figure of {where_of(data, figure.figure or figure.path)} "
                    f"(line {line_of(figure.figure or figure.path)}); it cannot also be listed as "
                    "not a figure",
                )
            elif q.start in listed and listed[q.start].path != cover.path:
                ctx.add(cover.path, f"{q.text} is listed as not a figure twice")
            listed.setdefault(q.start, cover)

    # 4. Every other number is a figure nobody gave its rule: a deleted award or threshold?
    left = []
    for start, q in sorted(numbers.items()):
        if start in used or start in listed:
            continue
        if (q.kind, q.value) in pending:
            pending.remove((q.kind, q.value))
            continue
        left.append(q)
    if left:
        stated = " and ".join(f"{q.text} ('{_context(text, q)}')" for q in left[:6])
        more = f" and {len(left) - 6} more" if len(left) > 6 else ""
        if what == "clause":
            fix = (
                "give each to the rule of its award (was an award or a threshold deleted?), or "
                "list it under not_figures with the reason it is not a figure"
            )
        else:
            fix = "give it its figure, or list it under not_figures with the reason"
        ctx.add(text_path, f"the {what} states {stated}{more}, which no figure uses: {fix}")
