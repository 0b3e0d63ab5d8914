"""From an award's rule and checked inputs to an estimate: the threshold, then the rule's kind
(calculator/kinds.py: one small pure function per kind), then rounding to the fen."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

from . import boundary, kinds
from .messages import say
from .money import grouped, percent, to_fen
from .outcome import EXACT, NONE, RATE, UPPER
from .policy import Award, Policy, Text

__all__ = ["EXACT", "NONE", "RATE", "UPPER", "Estimate", "estimate"]

_OPS = {">": Text("＞", ">"), ">=": Text("≥", "≥"), "<": Text("＜", "<"), "<=": Text("≤", "≤")}


@dataclass(frozen=True)
class Estimate:
    award: str
    eligible: bool
    amount: Decimal | None  # yuan, to the fen; None when no figure can be given
    bound: str  # exact | upper | none
    steps: tuple[Text, ...]
    phrases: tuple[str, ...]  # the clause phrases this estimate used, for highlighting
    cap_reached_at: Decimal | None = None
    inputs: Mapping[str, Any] = field(default_factory=dict)


def _label(policy: Policy, name: str) -> Text:
    return Text.of(policy.inputs[name]["label"])


def _threshold_value(value: Any, unit: str) -> str:
    if unit == "percent":
        return percent(value)
    if unit == "yuan":
        return grouped(value)
    return str(value)  # a plain figure as written: COP 5.0, not 5 or 5.00


def estimate(policy: Policy, award: Award, values: Mapping[str, Any]) -> Estimate:
    """The estimate for checked input values (see inputs.parse)."""
    rule = award.rule
    threshold = rule.threshold
    if threshold is not None:
        value = values[threshold.input]
        shown = dict(
            label=_label(policy, threshold.input),
            value=_threshold_value(value, threshold.unit),
            op=_OPS[threshold.comparison],
            limit=_threshold_value(threshold.value, threshold.unit),
            phrase=threshold.phrase,
        )
        if not boundary.satisfies(value, threshold.comparison, threshold.value):
            return Estimate(
                award.id,
                False,
                Decimal(0),
                EXACT,
                (say("threshold_not_met", **shown),),
                (threshold.phrase,),
                inputs=values,
            )
        first: tuple[Text, ...] = (say("threshold_met", **shown),)
        first_phrases: tuple[str, ...] = (threshold.phrase,)
    else:
        first, first_phrases = (), ()
    outcome = kinds.KINDS[rule.kind].estimate(policy, rule, values)
    steps = first + outcome.steps
    amount = outcome.amount
    if amount is not None:
        rounded = to_fen(amount)
        if rounded != amount:
            steps += (say("rounded", amount=grouped(rounded)),)
        amount = rounded
    eligible = amount is None or amount > 0
    bound = outcome.bound if eligible else EXACT  # nothing is due: exactly 0
    return Estimate(
        award.id,
        eligible,
        amount,
        bound,
        steps,
        first_phrases + outcome.phrases,
        outcome.cap_reached_at,
        values,
    )
