"""From what a person typed to values the rules can use: each value with how it was read, a
question where a figure looks like a slip, or a message naming what is wrong.

Figures are read by `amounts` (5000万, 50,000,000, ５０００万 ...). Limits here are sanity bounds
on input, not policy figures: the policy's own figures live in measures.yaml only.
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


def _bounded(value: Decimal, limit: Decimal) -> Decimal:
    if value > limit:
        raise ReadError(say("too_large", limit=grouped(limit)))
    return value


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
        value = _bounded(read_plain(raw, "12", percent=True), MAX_PERCENT)
        return Read(value, Text(f"= {percent(value)}", f"= {percent(value)}"))
    if kind == "number":
        value = _bounded(read_plain(raw, "5.2"), MAX_NUMBER)
        shown = format(value, "f")  # as written: COP 5.0, not 5
        return Read(value, Text(f"= {shown}", f"= {shown}"))
    if kind == "count":
        value = read_plain(raw, "3")
        if value != value.to_integral_value():
            raise ReadError(say("not_whole", example="3"))
        count = int(_bounded(value, Decimal(MAX_COUNT)))
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
        raise ReadError(say("bad_choice", choices=names))
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


def question(award: Award, name: str, read: Read, chosen: Any = None) -> Text | None:
    """'Did you mean 5000万元?' where a figure written without a unit is under 1万元 while the
    clause states the figures it meets in 万 or 亿: most likely typed in 万, read as yuan.
    `chosen` is the award's option, where it has one (its cap comes first)."""
    figures = [(v, p) for v, p in compared_figures(award, name, chosen) if "万" in p or "亿" in p]
    if not figures:
        return None
    small = [a for a in read.amounts if a.unit is None and 0 < a.value < WAN]
    if not small:
        return None
    amount = small[0]
    meant = amount.value * WAN
    figure, phrase = figures[0]
    return say(
        "small_amount",
        value=grouped(amount.value),
        phrase=phrase,
        figure=grouped(figure),
        meant=grouped(meant),
        meant_wan=in_wan(meant),
        typed=format(amount.value.normalize(), "f"),
    )


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
        asked = question(award, name, read, _chosen(award, raw))
        if asked is not None:
            questions[name] = asked
    return Inputs(values=values, errors=errors, readings=readings, questions=questions)


def read_fields(policy: Policy, award: Award, raw: Mapping[str, Any]) -> dict[str, dict[str, Text]]:
    """For each field filled in so far: how it was read and any question (with, for one amount,
    the text it suggests: 5000万), or what is wrong. The page shows this under each field as the
    person types, before any estimate."""
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
        asked = question(award, name, read, _chosen(award, raw))
        if asked is not None:
            out[name]["question"] = asked
            if spec.type == "money":  # one figure: the page can offer to write it in 万
                typed = format(read.value.normalize(), "f")
                out[name]["suggest"] = Text(f"{typed}万", f"{typed}万")
    return out
