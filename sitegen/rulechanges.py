"""What changed in a rule: its kind (said in the registry's words, calculator/kinds.py), each
figure from → to with its phrase, and a threshold's boundary word. The sentences are
calculator/memo.py's, which the sheet also says of an entry whose data changed."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Iterator

from calculator import boundary
from calculator.memo import (
    FIGURE_NAMES,
    Figure,
    figure_change,
    figure_shown,
    kind_change,
    option_figure_name,
)
from calculator.policy import Text

from .change import Change, get, text_of


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def figures(rule: Any) -> dict[str, Figure]:
    """Every figure of a rule, by a key that stays the same when the figure changes."""
    found: dict[str, Figure] = {}

    def put(key: str, name: Text, value: Any, unit: str, phrase: Any) -> None:
        number = _decimal(value)
        if number is not None:
            found[key] = Figure(name, number, unit, str(phrase or ""))

    for key in ("cap", "amount"):
        put(key, FIGURE_NAMES[key], get(rule, key, "amount"), "yuan", get(rule, key, "phrase"))
    put(
        "rate",
        FIGURE_NAMES["rate"],
        get(rule, "rate", "percent"),
        "percent",
        get(rule, "rate", "phrase"),
    )
    threshold = get(rule, "threshold")
    for field_name, unit in (("amount", "yuan"), ("percent", "percent"), ("value", "number")):
        if get(threshold, field_name) is not None:
            put(
                "threshold",
                FIGURE_NAMES["threshold"],
                threshold[field_name],
                unit,
                threshold.get("phrase"),
            )
    put(
        "years",
        FIGURE_NAMES["years"],
        get(rule, "years", "count"),
        "years",
        get(rule, "years", "phrase"),
    )
    for choice in get(rule, "options", "choices") or ():
        key, label = get(choice, "key"), Text(*text_of(get(choice, "label")))
        for money in ("cap", "amount"):
            put(
                f"{money}:{key}",
                option_figure_name(money, label, str(key)),
                get(choice, money, "amount"),
                "yuan",
                get(choice, money, "phrase"),
            )
    return found


shown = figure_shown  # a figure as each language writes it (calculator/memo.py)


def _boundary(phrase: str) -> str | None:
    try:
        return boundary.comparison_in(phrase)
    except boundary.BoundaryError:
        return None


_SAYS_OF = {
    ">": Text("不计入", "excludes the figure itself"),
    ">=": Text("计入", "includes the figure itself"),
    "<": Text("不计入", "excludes the figure itself"),
    "<=": Text("计入", "includes the figure itself"),
}


def rule_changes(where: Text, award_id: str, old: Any, new: Any) -> Iterator[Change]:
    """The rule of award `award_id`, old against new: its kind, figures and boundary words."""
    kind_old, kind_new = get(old, "kind"), get(new, "kind")
    if kind_old != kind_new:
        yield Change("kind", kind_change(where, kind_old, kind_new), where=award_id)
    before, after = figures(old), figures(new)
    for key in list(before) + [k for k in after if k not in before]:
        a, b = before.get(key), after.get(key)
        change = figure_change(where, a, b)
        if change:
            yield Change(change[0], change[1], where=award_id)
        if a and b and key == "threshold":
            wa, wb = _boundary(a.phrase), _boundary(b.phrase)
            if wa and wb and wa != wb:
                yield Change(
                    "boundary",
                    Text(
                        f"{where.zh}：门槛的边界词改变（“{a.phrase}” → “{b.phrase}”）："
                        f"门槛本数由{_SAYS_OF[wa].zh}改为{_SAYS_OF[wb].zh}。",
                        f"{where.en}: the threshold's boundary word changed (“{a.phrase}” → "
                        f"“{b.phrase}”): it now {_SAYS_OF[wb].en} (it {_SAYS_OF[wa].en}).",
                    ),
                    where=award_id,
                )


def most_of(award: Any) -> Text | None:
    shown_figures = figures(get(award, "rule"))
    for key in ("cap", "amount"):
        if key in shown_figures:
            f = shown_figures[key]
            prefix = Text("最高", "up to ") if key == "cap" else Text("", "")
            return Text(prefix.zh + shown(f).zh, prefix.en + shown(f).en)
    return None
