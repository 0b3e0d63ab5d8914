"""What one rule kind's estimate returns, and the steps several kinds share (a choice among
options, a rate of a base, a cap). The kinds themselves are in kinds.py; estimate.py applies the
threshold and rounds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from .messages import say
from .money import grouped, percent
from .policy import Choice, Money, Rule, Text

# exact: the sum the text states; upper: the most the text allows; rate: the text's rate applied,
# the text naming no cap for it (neither exact nor a bound); none: no figure can be given.
EXACT, UPPER, RATE, NONE = "exact", "upper", "rate", "none"


@dataclass(frozen=True)
class Outcome:
    amount: Decimal | None
    bound: str
    steps: tuple[Text, ...]
    phrases: tuple[str, ...]
    cap_reached_at: Decimal | None = None


def chosen(rule: Rule, values: Mapping[str, Any]) -> Choice | None:
    return rule.options.get(values[rule.options.input]) if rule.options else None


def choice_prefix(choice: Choice | None) -> Text:
    return Text(f"{choice.label.zh}：", f"{choice.label.en}: ") if choice else Text("", "")


def capped(product: Decimal, cap: Money, steps: list[Text]) -> Decimal:
    if product > cap.amount:
        steps.append(
            say(
                "above_cap",
                product=grouped(product),
                cap=grouped(cap.amount),
                cap_phrase=cap.phrase,
            )
        )
        return cap.amount
    steps.append(
        say("within_cap", product=grouped(product), cap=grouped(cap.amount), cap_phrase=cap.phrase)
    )
    return product


def rate_of(rule: Rule, base: Decimal, cap: Money | None, steps: list[Text]) -> Decimal:
    assert rule.rate is not None and rule.base is not None
    product = base * rule.rate.fraction
    steps.append(
        say(
            "rate_times_base",
            base_label=rule.base.label,
            base=grouped(base),
            rate=percent(rule.rate.percent),
            rate_phrase=rule.rate.phrase,
            product=grouped(product),
        )
    )
    return capped(product, cap, steps) if cap else product
