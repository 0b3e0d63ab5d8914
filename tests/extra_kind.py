"""A rule kind that exists for tests only, defined in one place, as ARCHITECTURE.md's "How to add a
rule kind" says: a sum for each unit counted, the most each unit can get (`amount` per `unit`).

Registering it (tests/test_rule_kinds.py) is all it takes for the schema, the check, the
estimate, describe and the diff to take it; no other module names it.
"""

from __future__ import annotations

from typing import Any, Mapping

from calculator.kinds import RuleKind
from calculator.money import grouped, money_text
from calculator.outcome import UPPER, Outcome
from calculator.policy import Policy, Rule, Text

NAME = "per_unit_amount"


def _estimate(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> Outcome:
    count = values[rule.unit.input]
    total = rule.amount.amount * count
    step = Text(
        f"{count} × {grouped(rule.amount.amount)}元 = {grouped(total)}元",
        f"{count} × {grouped(rule.amount.amount)} yuan = {grouped(total)} yuan",
    )
    return Outcome(total, UPPER, (step,), (rule.unit.phrase, rule.amount.phrase))


def _describe(rule: Rule) -> Text:
    each = money_text(rule.amount.amount)
    return Text(f"{rule.unit.label.zh}至多{each.zh}", f"at most {each.en} {rule.unit.label.en}")


KIND = RuleKind(
    NAME,
    about="an amount for each unit, at most",
    words=Text("按件计，每件至多定额", "at most a sum per unit"),
    fields=("threshold", "unit", "amount"),
    required=("unit", "amount"),
    estimate=_estimate,
    describe=_describe,
)
