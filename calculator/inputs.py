"""From what a person typed to values the rules can use: each value with how it was read, a
question where a figure looks like a slip, or a message naming what is wrong.

Figures are read by `amounts` (5000万, 50,000,000, ５０００万, 伍仟万元整 ...). Limits here are
sanity bounds on input, not policy figures: the policy's own figures live in measures.yaml only.

Questions are asked, never answered for the person: the estimate rests on the figure as read,
and says it is asking (a 0 by a question is not a verdict). Each question may offer the text it
suggests, which the page writes into the field at one press: 5000 → 5000万 (a figure in 万 read
as yuan), 0.12 → 12% (a rate as a spreadsheet stores it), 500,600 in a yearly list → 500; 600.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

from .amounts import (
    WAN,
    Amount,
    ReadError,
    amount_reading,
    amounts_reading,
    fold,
    read_amount,
    read_amounts,
    read_plain,
)
from .messages import say
from .money import grouped, in_wan, percent
from .policy import Award, InputSpec, Policy, Text

MAX_PERCENT = Decimal(100)
MAX_NUMBER = Decimal(100)  # e.g. a COP; no ratio in the text comes near it
MAX_COUNT = 10000


class InputError(ValueError):
    def __init__(self, name: str, message: Text):
        super().__init__(f"{name}: {message.en}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class Read:
    """One input as read: the value the rules use, and how it is said back to the person."""

    value: Any
    reading: Text
    amounts: tuple[Amount, ...] = ()  # money: each amount with the unit that was written
    percent_sign: bool = False  # a percentage written with its %: 0.12% means what it says


@dataclass(frozen=True)
class Asked:
    """A question about a figure that may be a slip, and the text it suggests typing instead."""

    text: Text
    suggest: str | None = None


@dataclass(frozen=True)
class Inputs:
    values: Mapping[str, Any]
    errors: Mapping[str, Text]
    readings: Mapping[str, Text] = field(default_factory=dict)
    questions: Mapping[str, Text] = field(default_factory=dict)  # figures that may be slips


def _text(raw: Any) -> Any:
    """Numbers from a script's JSON as the digits they are (never 1E+7); text as it is."""
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, (int, Decimal)):
        return format(Decimal(raw), "f")
    return raw


def _bounded(value: Decimal, limit: Decimal, raw: Any) -> Decimal:
    if value > limit:
        raise _typed(raw, say("too_large", limit=grouped(limit)))
    return value


def _typed(raw: Any, problem: Text) -> ReadError:
    """A refusal that names what was typed: “1.5”应为整数。"""
    return ReadError(say("typed", text=str(raw).strip(), problem=problem))


def read_one(spec: InputSpec, raw: Any) -> Read:
    """One input's value and reading; raises ReadError carrying a Text message."""
    raw = _text(raw)
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        raise ReadError(say("missing"))
    kind = spec.type
    if kind == "money":
        amount = read_amount(raw)
        return Read(amount.value, amount_reading(amount), (amount,))
    if kind == "money_list":
        amounts = read_amounts(raw)
        return Read(tuple(a.value for a in amounts), amounts_reading(amounts), amounts)
    if kind == "percent":
        value = _bounded(read_plain(raw, "12", percent=True), MAX_PERCENT, raw)
        shown = Text(f"= {percent(value)}", f"= {percent(value)}")
        return Read(value, shown, percent_sign=fold(str(raw)).endswith("%"))
    if kind == "number":
        value = _bounded(read_plain(raw, "5.2"), MAX_NUMBER, raw)
        shown = format(value, "f")  # as written: COP 5.0, not 5
        return Read(value, Text(f"= {shown}", f"= {shown}"))
    if kind == "count":
        value = read_plain(raw, "3")
        if value != value.to_integral_value():
            raise _typed(raw, say("not_whole", example="3"))
        count = int(_bounded(value, Decimal(MAX_COUNT), raw))
        return Read(count, Text(f"= {count}", f"= {count}"))
    if kind == "choice":
        key = str(raw).strip()
        for choice in spec.choices:
            if choice.key == key:
                return Read(key, Text(f"= {choice.label.zh}", f"= {choice.label.en}"))
        names = Text(
            zh="、".join(f"{c.key}（{c.label.zh}）" for c in spec.choices),
            en=", ".join(f"{c.key} ({c.label.en})" for c in spec.choices),
        )
        raise _typed(raw, say("bad_choice", choices=names))
    raise ReadError(
        Text(f"未知的输入类型 {kind}", f"unknown input type {kind}")
    )  # pragma: no cover


def compared_figures(award: Award, name: str, chosen: Any = None) -> list[tuple[Decimal, str]]:
    """The clause's money figures an input is measured against (its threshold, the cap its rate
    runs into: the chosen option's first), each with its phrase."""
    rule = award.rule
    found: list[tuple[Decimal, str]] = []
    threshold = rule.threshold
    if threshold and threshold.input == name and threshold.unit == "yuan":
        found.append((threshold.value, threshold.phrase))
    if rule.base and rule.base.input == name:
        caps = [rule.cap]
        if rule.options:
            choices = sorted(rule.options.choices, key=lambda c: c.key != chosen)
            caps = [c.cap for c in choices] + caps
        found += [(cap.amount, cap.phrase) for cap in caps if cap is not None]
    return found


def ask(award: Award, spec: InputSpec, read: Read, chosen: Any = None) -> Asked | None:
    """The question a figure raises, if any: a 0 (asked about, not judged), a rate written as a
    fraction (0.12 for 12%), a yearly list item that could be several years (500,600), a figure
    in 万 read as yuan (5000 for 5000万). `chosen` is the award's option, where it has one."""
    if spec.type in ("money", "money_list", "percent", "number", "count") and _all_zero(read):
        return Asked(say("zero_input"))
    if spec.type == "percent":
        return _fraction(read)
    if spec.type == "money_list":
        asked = _could_be_years(read)
        if asked is not None:
            return asked
    return _small_amount(award, spec, read, chosen)


def _all_zero(read: Read) -> bool:
    values = read.value if isinstance(read.value, tuple) else (read.value,)
    return bool(values) and all(v == 0 for v in values)


def _fraction(read: Read) -> Asked | None:
    """0.12 typed for 12%: as Excel stores a percentage. 0.12% (with its sign) is not asked."""
    value = read.value
    if read.percent_sign or not 0 < value < 1:
        return None
    meant = format((value * 100).normalize(), "f")
    typed = format(value.normalize(), "f")
    return Asked(say("percent_fraction", value=typed, meant=meant), f"{meant}%")


def _could_be_years(read: Read) -> Asked | None:
    """500,600 in a yearly list: read as one year, asked whether it is two."""
    for amount in read.amounts:
        if amount.could_be:
            pieces = [read_amount(p) for p in amount.could_be]
            said = Text(
                "、".join(f"{grouped(p.value)}元" for p in pieces),
                ", ".join(f"{grouped(p.value)} yuan" for p in pieces),
            )
            items = [p for a in read.amounts for p in (a.could_be if a is amount else (a.text,))]
            text = say(
                "list_split",
                text=amount.text,
                value=grouped(amount.value),
                n=len(pieces),
                pieces=said,
            )
            return Asked(text, "; ".join(items))
    return None


def _small_amount(award: Award, spec: InputSpec, read: Read, chosen: Any) -> Asked | None:
    """'Did you mean 5000万元?' where a figure written without a unit is under 1万元 while the
    clause states the figures it meets in 万 or 亿: most likely typed in 万, read as yuan."""
    name = spec.name
    figures = [(v, p) for v, p in compared_figures(award, name, chosen) if "万" in p or "亿" in p]
    if not figures:
        return None
    small = [a for a in read.amounts if a.unit is None and 0 < a.value < WAN]
    if not small:
        return None
    amount = small[0]
    meant = amount.value * WAN
    figure, phrase = figures[0]
    typed = format(amount.value.normalize(), "f")
    text = say(
        "small_amount",
        value=grouped(amount.value),
        phrase=phrase,
        figure=grouped(figure),
        meant=grouped(meant),
        meant_wan=in_wan(meant),
        typed=typed,
    )
    # One figure: the page can offer to write it in 万 (a list is corrected line by line).
    return Asked(text, f"{typed}万" if spec.type == "money" else None)


def _chosen(award: Award, raw: Mapping[str, Any]) -> Any:
    options = award.rule.options
    return str(raw.get(options.input) or "").strip() if options else None


def parse(policy: Policy, award: Award, raw: Mapping[str, Any]) -> Inputs:
    """Every input the award takes, read from raw; all problems at once, keyed by input name."""
    specs = {spec.name: spec for spec in policy.input_specs(award)}
    values: dict[str, Any] = {}
    errors: dict[str, Text] = {}
    readings: dict[str, Text] = {}
    questions: dict[str, Text] = {}
    for name in raw:
        if name not in specs:
            key = "unknown_input" if specs else "no_inputs"
            errors[name] = say(key, award=award.id, names=", ".join(specs))
    for name, spec in specs.items():
        try:
            read = read_one(spec, raw.get(name))
        except ReadError as problem:
            errors[name] = problem.message
            continue
        values[name] = read.value
        readings[name] = read.reading
        asked = ask(award, spec, read, _chosen(award, raw))
        if asked is not None:
            questions[name] = asked.text
    return Inputs(values=values, errors=errors, readings=readings, questions=questions)


def read_fields(policy: Policy, award: Award, raw: Mapping[str, Any]) -> dict[str, dict[str, Text]]:
    """For each field filled in so far: how it was read and any question (with the text it
    suggests, where there is one: 5000万, 12%), or what is wrong. The page shows this under each
    field as the person types, before any estimate."""
    specs = {spec.name: spec for spec in policy.input_specs(award)}
    out: dict[str, dict[str, Text]] = {}
    for name, value in raw.items():
        spec = specs.get(name)
        if spec is None or value is None or str(value).strip() == "":
            continue
        try:
            read = read_one(spec, value)
        except ReadError as problem:
            out[name] = {"error": problem.message}
            continue
        out[name] = {"reading": read.reading}
        asked = ask(award, spec, read, _chosen(award, raw))
        if asked is not None:
            out[name]["question"] = asked.text
            if asked.suggest is not None:
                out[name]["suggest"] = Text(asked.suggest, asked.suggest)
    return out
