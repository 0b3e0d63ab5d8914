"""Reading what a person typed into values the rules can use, or a message naming what is wrong.

Limits here are sanity bounds on input, not policy figures: the policy's own figures live in
measures.yaml only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from .messages import say
from .money import grouped
from .policy import Award, InputSpec, Policy, Text

MAX_YUAN = Decimal(10) ** 12  # one trillion yuan: far beyond any project, short of nonsense
MAX_PERCENT = Decimal(100)
MAX_NUMBER = Decimal(100)  # e.g. a COP; no ratio in the text comes near it
MAX_COUNT = 10000
MAX_YEARS_LISTED = 50

_DECIMAL = re.compile(r"^\+?\d+(\.\d+)?$")
_LIST_SEPARATORS = re.compile(r"[,，、;；]")


class InputError(ValueError):
    def __init__(self, name: str, message: Text):
        super().__init__(f"{name}: {message.en}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class Inputs:
    values: Mapping[str, Any]
    errors: Mapping[str, Text]


def _number(raw: Any, example: str) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError(say("not_number", example=example))
    if isinstance(raw, (int, Decimal)):
        text = str(raw)
    elif isinstance(raw, float):
        text = repr(raw)  # only from a script's JSON; still checked like typed text
    else:
        text = str(raw).strip().replace(" ", "").replace("_", "")
    if text.startswith("-") and _DECIMAL.match(text[1:]):
        raise ValueError(say("negative"))
    if not _DECIMAL.match(text):
        raise ValueError(say("not_number", example=example))
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise ValueError(say("not_number", example=example)) from None


def _money(raw: Any) -> Decimal:
    value = _number(raw, "35000000")
    if value.as_tuple().exponent < -2:
        raise ValueError(say("too_many_decimals"))
    if value > MAX_YUAN:
        raise ValueError(say("too_large", limit=grouped(MAX_YUAN)))
    return value


def _bounded(raw: Any, limit: Decimal, example: str) -> Decimal:
    value = _number(raw, example)
    if value > limit:
        raise ValueError(say("too_large", limit=grouped(limit)))
    return value


def _count(raw: Any) -> int:
    value = _number(raw, "3")
    if value != value.to_integral_value():
        raise ValueError(say("not_whole", example="3"))
    if value > MAX_COUNT:
        raise ValueError(say("too_large", limit=grouped(Decimal(MAX_COUNT))))
    return int(value)


def _money_list(raw: Any) -> tuple[Decimal, ...]:
    items = raw if isinstance(raw, (list, tuple)) else _LIST_SEPARATORS.split(str(raw))
    items = [item for item in items if str(item).strip() != ""]
    if not items:
        raise ValueError(say("empty_list"))
    if len(items) > MAX_YEARS_LISTED:
        raise ValueError(say("list_too_long", limit=MAX_YEARS_LISTED))
    values = []
    for n, item in enumerate(items, start=1):
        try:
            values.append(_money(item))
        except ValueError as problem:
            raise ValueError(say("list_item", n=n, problem=problem.args[0])) from None
    return tuple(values)


def parse_one(spec: InputSpec, raw: Any) -> Any:
    """One input's value; raises ValueError carrying a Text message."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        raise ValueError(say("missing"))
    if spec.type == "money":
        return _money(raw)
    if spec.type == "percent":
        return _bounded(raw, MAX_PERCENT, "12")
    if spec.type == "number":
        return _bounded(raw, MAX_NUMBER, "5.2")
    if spec.type == "count":
        return _count(raw)
    if spec.type == "money_list":
        return _money_list(raw)
    if spec.type == "choice":
        key = str(raw).strip()
        if any(c.key == key for c in spec.choices):
            return key
        names = Text(
            zh="、".join(f"{c.key}（{c.label.zh}）" for c in spec.choices),
            en=", ".join(f"{c.key} ({c.label.en})" for c in spec.choices),
        )
        raise ValueError(say("bad_choice", choices=names))
    raise ValueError(f"unknown input type {spec.type}")  # pragma: no cover - schema forbids


def parse(policy: Policy, award: Award, raw: Mapping[str, Any]) -> Inputs:
    """Every input the award takes, read from raw; all problems at once, keyed by input name."""
    specs = {spec.name: spec for spec in policy.input_specs(award)}
    values: dict[str, Any] = {}
    errors: dict[str, Text] = {}
    for name in raw:
        if name not in specs:
            key = "unknown_input" if specs else "no_inputs"
            errors[name] = say(key, award=award.id, names=", ".join(specs))
    for name, spec in specs.items():
        try:
            values[name] = parse_one(spec, raw.get(name))
        except ValueError as problem:
            message = problem.args[0]
            errors[name] = (
                message if isinstance(message, Text) else Text(str(message), str(message))
            )
    return Inputs(values=values, errors=errors)
