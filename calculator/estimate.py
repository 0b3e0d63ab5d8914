"""From an award's rule and checked inputs to an estimate: one small pure function per kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from . import boundary
from .messages import say
from .money import grouped, percent, to_fen
from .policy import Award, Choice, Money, Policy, Rule, Text

# exact: the sum the text states; upper: the most the text allows; rate: the text's rate applied,
# the text naming no cap for it (neither exact nor a bound); none: no figure can be given.
EXACT, UPPER, RATE, NONE = "exact", "upper", "rate", "none"

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


@dataclass(frozen=True)
class _Outcome:
    amount: Decimal | None
    bound: str
    steps: tuple[Text, ...]
    phrases: tuple[str, ...]
    cap_reached_at: Decimal | None = None


def _label(policy: Policy, name: str) -> Text:
    return Text.of(policy.inputs[name]["label"])


def _threshold_value(value: Any, unit: str) -> str:
    if unit == "percent":
        return percent(value)
    if unit == "yuan":
        return grouped(value)
    return str(value)  # a plain figure as written: COP 5.0, not 5 or 5.00


def _choice(rule: Rule, values: Mapping[str, Any]) -> Choice | None:
    return rule.options.get(values[rule.options.input]) if rule.options else None


def _choice_prefix(choice: Choice | None) -> Text:
    return Text(f"{choice.label.zh}：", f"{choice.label.en}: ") if choice else Text("", "")


def _capped(product: Decimal, cap: Money, steps: list[Text]) -> Decimal:
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


def _rate_of(rule: Rule, base: Decimal, cap: Money | None, steps: list[Text]) -> Decimal:
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
    return _capped(product, cap, steps) if cap else product


def _rate(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> _Outcome:
    choice = _choice(rule, values)
    cap = choice.cap if choice and (choice.cap or choice.no_cap) else rule.cap
    steps: list[Text] = []
    amount = _rate_of(rule, values[rule.base.input], cap, steps)
    phrases = [rule.base.phrase, rule.rate.phrase]
    reached = None
    if cap:
        phrases.append(cap.phrase)
        reached = to_fen(cap.amount / rule.rate.fraction)
        steps.append(say("cap_reached_at", base=grouped(reached)))
    else:
        steps.append(
            say(
                "no_cap",
                what=choice.label if choice else Text("本项", "this award"),
                rate_phrase=rule.rate.phrase,
            )
        )
    if rule.rate.maximum:
        steps.append(say("rate_maximum"))
    bound = UPPER if cap or rule.rate.maximum else RATE
    return _Outcome(amount, bound, tuple(steps), tuple(phrases), reached)


def _fixed(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> _Outcome:
    choice = _choice(rule, values)
    money = choice.amount if choice and choice.amount else rule.amount
    step = say(
        "fixed", choice=_choice_prefix(choice), amount=grouped(money.amount), phrase=money.phrase
    )
    return _Outcome(money.amount, EXACT, (step,), (money.phrase,))


def _cap(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> _Outcome:
    choice = _choice(rule, values)
    cap = choice.cap if choice and choice.cap else rule.cap
    step = say(
        "cap_only", choice=_choice_prefix(choice), cap=grouped(cap.amount), phrase=cap.phrase
    )
    return _Outcome(cap.amount, UPPER, (step,), (cap.phrase,))


def _tiered(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> _Outcome:
    tiers = rule.tiers
    by, funded = tiers.by, tiers.funded_by
    step = say(
        "tiered",
        by=Text(by.zh, f" {by.en}") if by else Text("", ""),
        funded=Text(f"、{funded.zh}给予", f" and given {funded.en}") if funded else Text("", ""),
        tiers_phrase=tiers.phrase,
        cap=grouped(rule.cap.amount),
        cap_phrase=rule.cap.phrase,
    )
    return _Outcome(rule.cap.amount, UPPER, (step,), (rule.tiers.phrase, rule.cap.phrase))


def _per_unit(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> _Outcome:
    count = values[rule.unit.input]
    if count == 0:
        return _Outcome(Decimal(0), EXACT, (say("per_unit_none"),), (rule.unit.phrase,))
    total = rule.cap.amount * count
    step = say(
        "per_unit",
        count=count,
        cap=grouped(rule.cap.amount),
        unit_phrase=rule.unit.phrase,
        cap_phrase=rule.cap.phrase,
        total=grouped(total),
    )
    return _Outcome(total, UPPER, (step,), (rule.unit.phrase, rule.cap.phrase))


def _per_year(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> _Outcome:
    yearly = values[rule.base.input]
    counted = yearly[: rule.years.count]
    steps: list[Text] = []
    total = Decimal(0)
    for n, base in enumerate(counted, start=1):
        inner: list[Text] = []
        total += _rate_of(rule, base, rule.cap, inner)
        steps.extend(say("year", n=n, step=s) for s in inner)
    if len(yearly) > len(counted):
        steps.append(
            say(
                "years_dropped",
                first=len(counted) + 1,
                phrase=rule.years.phrase,
                years=rule.years.count,
            )
        )
    steps.append(say("years_total", n=len(counted), total=grouped(total)))
    reached = to_fen(rule.cap.amount / rule.rate.fraction)
    steps.append(say("cap_reached_at", base=grouped(reached)))
    phrases = (rule.base.phrase, rule.rate.phrase, rule.cap.phrase, rule.years.phrase)
    return _Outcome(total, UPPER, tuple(steps), phrases, reached)


def _case_by_case(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> _Outcome:
    return _Outcome(None, NONE, (say("case_by_case", phrase=rule.phrase),), (rule.phrase,))


KINDS: dict[str, Callable[[Policy, Rule, Mapping[str, Any]], _Outcome]] = {
    "rate": _rate,
    "fixed": _fixed,
    "cap": _cap,
    "tiered": _tiered,
    "per_unit": _per_unit,
    "per_year": _per_year,
    "case_by_case": _case_by_case,
}


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
    outcome = KINDS[rule.kind](policy, rule, values)
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
