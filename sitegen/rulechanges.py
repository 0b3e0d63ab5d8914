"""What changed in a rule: its kind (said in the registry's words, calculator/kinds.py), each
figure from → to with its phrase, and a threshold's boundary word."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator

from calculator import boundary, kinds
from calculator.money import grouped, in_wan, sized
from calculator.policy import Text

from .change import Change, get, text_of


@dataclass(frozen=True)
class Figure:
    name: Text  # 上限 / cap
    value: Decimal
    unit: str  # yuan | percent | years | number
    phrase: str


_FIGURE_NAMES = {
    "cap": Text("上限", "cap"),
    "amount": Text("定额", "fixed amount"),
    "rate": Text("比例", "rate"),
    "threshold": Text("门槛", "threshold"),
    "years": Text("年限", "number of years"),
}


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
        put(key, _FIGURE_NAMES[key], get(rule, key, "amount"), "yuan", get(rule, key, "phrase"))
    put(
        "rate",
        _FIGURE_NAMES["rate"],
        get(rule, "rate", "percent"),
        "percent",
        get(rule, "rate", "phrase"),
    )
    threshold = get(rule, "threshold")
    for field_name, unit in (("amount", "yuan"), ("percent", "percent"), ("value", "number")):
        if get(threshold, field_name) is not None:
            put(
                "threshold",
                _FIGURE_NAMES["threshold"],
                threshold[field_name],
                unit,
                threshold.get("phrase"),
            )
    put(
        "years",
        _FIGURE_NAMES["years"],
        get(rule, "years", "count"),
        "years",
        get(rule, "years", "phrase"),
    )
    for choice in get(rule, "options", "choices") or ():
        key, label = get(choice, "key"), text_of(get(choice, "label"))
        for money in ("cap", "amount"):
            name = _FIGURE_NAMES[money]
            put(
                f"{money}:{key}",
                Text(f"{label[0]}{name.zh}", f"{name.en} for {label[1] or key}"),
                get(choice, money, "amount"),
                "yuan",
                get(choice, money, "phrase"),
            )
    return found


def shown(figure: Figure) -> Text:
    """A figure as each language writes amounts: 1,000万元 / 10,000,000 yuan (10 million yuan)."""
    v = figure.value
    if figure.unit == "yuan":
        return Text(in_wan(v), f"{grouped(v)} yuan{sized(v).en}")
    if figure.unit == "percent":
        text = format(v.normalize(), "f")
        return Text(f"{text}%", f"{text}%")
    if figure.unit == "years":
        text = format(v.normalize(), "f")
        return Text(f"{text}年", f"{text} years")
    text = format(v, "f")
    return Text(text, text)


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
        a, b = kinds.words_of(kind_old), kinds.words_of(kind_new)
        yield Change(
            "kind",
            Text(
                f"{where.zh}：计算方式由“{a.zh}”改为“{b.zh}”。",
                f"{where.en}: now {b.en} (it was {a.en}).",
            ),
            where=award_id,
        )
    before, after = figures(old), figures(new)
    for key in list(before) + [k for k in after if k not in before]:
        a, b = before.get(key), after.get(key)
        if a and b and (a.value, a.unit) != (b.value, b.unit):
            yield Change(
                "figure",
                Text(
                    f"{where.zh}：{b.name.zh} {shown(a).zh} → {shown(b).zh}（“{b.phrase}”）。",
                    f"{where.en}: {b.name.en} {shown(a).en} → {shown(b).en} (“{b.phrase}”).",
                ),
                where=award_id,
            )
        elif a and not b:
            yield Change(
                "figure_removed",
                Text(
                    f"{where.zh}：{a.name.zh} {shown(a).zh} 已删去（原为“{a.phrase}”）。",
                    f"{where.en}: {a.name.en} {shown(a).en} removed (it was “{a.phrase}”).",
                ),
                where=award_id,
            )
        elif b and not a:
            yield Change(
                "figure_added",
                Text(
                    f"{where.zh}：新增{b.name.zh} {shown(b).zh}（“{b.phrase}”）。",
                    f"{where.en}: {b.name.en} {shown(b).en} added (“{b.phrase}”).",
                ),
                where=award_id,
            )
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
