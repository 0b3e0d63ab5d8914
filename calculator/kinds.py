"""The kinds of rule, each defined once: the fields it takes, how it estimates, how it is said.

Everything that differs by kind reads this registry and nothing else: the estimate dispatches
through `estimate`, the award tables through `describe` and `headline`, the JSON Schema's
per-kind fields are made from `fields`, `required` and `one_of` (sitegen/check/schema.py), the
check reads the fields, the input types and `exact`, and the diff says a change of kind in
`words`. To add a kind: one `RuleKind(...)` passed to `register` (ARCHITECTURE.md, "How to add a
rule kind"); its step texts go in messages.py.

A kind's name appears here and in its messages only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from .messages import say
from .money import grouped, money_text, percent, to_fen
from .outcome import EXACT, NONE, RATE, UPPER, Outcome, choice_prefix, chosen, rate_of
from .policy import Money, Policy, Rule, Text

Estimator = Callable[[Policy, Rule, Mapping[str, Any]], Outcome]

# The input types each part of a rule reads, unless its kind says otherwise (`inputs`).
INPUT_TYPES: Mapping[str, tuple[str, ...]] = {
    "base": ("money",),
    "threshold:amount": ("money",),
    "threshold:percent": ("percent",),
    "threshold:value": ("number",),
    "unit": ("count",),
    "options": ("choice",),
}


def most_of_figures(rule: Rule) -> Text | None:
    """The largest cap or amount of the rule and its choices; None where a choice has no cap."""
    figures = [m.amount for m in (rule.cap, rule.amount) if m is not None]
    if rule.options:
        for choice in rule.options.choices:
            if choice.no_cap:
                return None
            figures += [m.amount for m in (choice.cap, choice.amount) if m is not None]
    return money_text(max(figures)) if figures else None


@dataclass(frozen=True)
class RuleKind:
    name: str  # as measures.yaml writes it (`kind:`)
    about: str  # for staff: the schema's description
    words: Text  # for readers: how a change of kind is said (the diff)
    fields: tuple[str, ...]  # every field it takes besides `kind`, in the schema's order
    estimate: Estimator  # checked inputs → amount, bound, steps, phrases
    describe: Callable[[Rule], Text]  # the rule in words, for tables
    required: tuple[str, ...] = ()
    one_of: tuple[str, ...] = ()  # needs at least one of these
    headline: Callable[[Rule], Text | None] = most_of_figures  # the most it can reach
    inputs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # over INPUT_TYPES
    exact: bool = False  # its amount is exact: the amount's phrase may not state a maximum
    chooses: str = "cap"  # the field each of its options sets
    choice_may_omit: bool = False  # a choice without `chooses` keeps the rule's own
    figure: bool = True  # False: the text publishes no figure (一事一议)

    def input_types(self, part: str) -> tuple[str, ...]:
        return self.inputs.get(part) or INPUT_TYPES[part]


KINDS: dict[str, RuleKind] = {}


def register(kind: RuleKind) -> RuleKind:
    """Add a kind (in the order the schema and messages list them)."""
    if kind.name in KINDS:
        raise ValueError(f"rule kind {kind.name!r} is registered twice")
    KINDS[kind.name] = kind
    return kind


def find(name: Any) -> RuleKind | None:
    return KINDS.get(name) if isinstance(name, str) else None


def words_of(name: Any) -> Text:
    """How a kind is said to readers; an unknown name as it is."""
    kind = find(name)
    return kind.words if kind else Text(str(name), str(name))


def taking(field_name: str) -> list[str]:
    """The kinds that take a field, in order."""
    return [k.name for k in KINDS.values() if field_name in k.fields]


# -- the words several kinds share -------------------------------------------------------------


def _choices(rule: Rule, field_name: str) -> Text:
    zh, en = [], []
    for choice in rule.options.choices:
        money: Money | None = getattr(choice, field_name)
        if money is None:
            zh.append(f"{choice.label.zh}未公布上限")
            en.append(f"{choice.label.en}: no cap published")
        else:
            zh.append(f"{choice.label.zh}{money_text(money.amount).zh}")
            en.append(f"{choice.label.en}: {money_text(money.amount).en}")
    return Text("；".join(zh), "; ".join(en))


def _share(rule: Rule) -> Text:
    rate = rule.rate
    most = Text("最高", "up to ") if rate.maximum else Text("", "")
    return Text(
        f"{rule.base.label.zh}的{most.zh}{percent(rate.percent)}",
        f"{most.en}{percent(rate.percent)} of {rule.base.label.en}",
    )


# -- rate: a rate of a base, maybe capped ------------------------------------------------------


def _rate(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> Outcome:
    choice = chosen(rule, values)
    cap = choice.cap if choice and (choice.cap or choice.no_cap) else rule.cap
    steps: list[Text] = []
    amount = rate_of(rule, values[rule.base.input], cap, steps)
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
    return Outcome(amount, bound, tuple(steps), tuple(phrases), reached)


def _rate_words(rule: Rule) -> Text:
    share = _share(rule)
    if rule.options:
        picked = _choices(rule, "cap")
        return Text(f"{share.zh}；上限：{picked.zh}", f"{share.en}; caps: {picked.en}")
    if rule.cap:
        return Text(
            f"{share.zh}，最高{money_text(rule.cap.amount).zh}",
            f"{share.en}, up to {money_text(rule.cap.amount).en}",
        )
    return share


register(
    RuleKind(
        "rate",
        about="rate × base, maybe capped",
        words=Text("按比例计算，可有上限", "a rate, with or without a cap"),
        fields=("threshold", "base", "rate", "cap", "options"),
        required=("base", "rate"),
        estimate=_rate,
        describe=_rate_words,
        choice_may_omit=True,
    )
)


# -- fixed: a definite sum ---------------------------------------------------------------------


def _fixed(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> Outcome:
    choice = chosen(rule, values)
    money = choice.amount if choice and choice.amount else rule.amount
    step = say(
        "fixed", choice=choice_prefix(choice), amount=grouped(money.amount), phrase=money.phrase
    )
    return Outcome(money.amount, EXACT, (step,), (money.phrase,))


def _fixed_words(rule: Rule) -> Text:
    if rule.options:
        picked = _choices(rule, "amount")
        return Text(f"一次性定额：{picked.zh}", f"Fixed one-off sum: {picked.en}")
    return Text(
        f"定额{money_text(rule.amount.amount).zh}", f"A fixed {money_text(rule.amount.amount).en}"
    )


register(
    RuleKind(
        "fixed",
        about="a definite sum",
        words=Text("定额", "a fixed sum"),
        fields=("threshold", "amount", "options"),
        one_of=("amount", "options"),
        estimate=_fixed,
        describe=_fixed_words,
        exact=True,
        chooses="amount",
    )
)


# -- cap: a maximum with no rate ---------------------------------------------------------------


def _cap(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> Outcome:
    choice = chosen(rule, values)
    cap = choice.cap if choice and choice.cap else rule.cap
    step = say("cap_only", choice=choice_prefix(choice), cap=grouped(cap.amount), phrase=cap.phrase)
    return Outcome(cap.amount, UPPER, (step,), (cap.phrase,))


def _cap_words(rule: Rule) -> Text:
    if rule.options:
        picked = _choices(rule, "cap")
        return Text(f"按级别最高：{picked.zh}", f"Up to, by level: {picked.en}")
    return Text(f"最高{money_text(rule.cap.amount).zh}", f"Up to {money_text(rule.cap.amount).en}")


register(
    RuleKind(
        "cap",
        about="a maximum with no rate",
        words=Text("只给出最高额", "a maximum only"),
        fields=("threshold", "cap", "options"),
        one_of=("cap", "options"),
        estimate=_cap,
        describe=_cap_words,
    )
)


# -- tiered: tiers not published; the cap is the estimate --------------------------------------


def _tiered(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> Outcome:
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
    return Outcome(rule.cap.amount, UPPER, (step,), (rule.tiers.phrase, rule.cap.phrase))


register(
    RuleKind(
        "tiered",
        about="tiers not published, the cap is the estimate",
        words=Text("分档给予、档次未公布", "tiers not published, with a maximum"),
        fields=("threshold", "tiers", "cap"),
        required=("tiers", "cap"),
        estimate=_tiered,
        describe=lambda rule: Text(
            f"分档给予（档次未公布），最高{money_text(rule.cap.amount).zh}",
            f"Tiered (tiers not published), up to {money_text(rule.cap.amount).en}",
        ),
    )
)


# -- per_unit: a cap for each unit -------------------------------------------------------------


def _per_unit(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> Outcome:
    count = values[rule.unit.input]
    if count == 0:
        return Outcome(Decimal(0), EXACT, (say("per_unit_none"),), (rule.unit.phrase,))
    total = rule.cap.amount * count
    step = say(
        "per_unit",
        count=count,
        cap=grouped(rule.cap.amount),
        unit_phrase=rule.unit.phrase,
        cap_phrase=rule.cap.phrase,
        total=grouped(total),
    )
    return Outcome(total, UPPER, (step,), (rule.unit.phrase, rule.cap.phrase))


def _each_unit(rule: Rule) -> Text:
    each = money_text(rule.cap.amount)
    return Text(f"{rule.unit.label.zh}{each.zh}", f"{each.en} {rule.unit.label.en}")


register(
    RuleKind(
        "per_unit",
        about="a cap per unit",
        words=Text("按件计，每件有上限", "a maximum per unit"),
        fields=("threshold", "unit", "cap"),
        required=("unit", "cap"),
        estimate=_per_unit,
        describe=lambda rule: Text(
            f"{rule.unit.label.zh}最高{money_text(rule.cap.amount).zh}",
            f"Up to {money_text(rule.cap.amount).en} {rule.unit.label.en}",
        ),
        headline=_each_unit,
    )
)


# -- per_year: a rate of each year's base, capped each year, for some years --------------------


def _per_year(policy: Policy, rule: Rule, values: Mapping[str, Any]) -> Outcome:
    yearly = values[rule.base.input]
    counted = yearly[: rule.years.count]
    steps: list[Text] = []
    total = Decimal(0)
    for n, base in enumerate(counted, start=1):
        inner: list[Text] = []
        total += rate_of(rule, base, rule.cap, inner)
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
    return Outcome(total, UPPER, tuple(steps), phrases, reached)


def _per_year_words(rule: Rule) -> Text:
    share = _share(rule)
    return Text(
        f"{share.zh}，每年最高{money_text(rule.cap.amount).zh}，最长{rule.years.count}年",
        f"{share.en}, up to {money_text(rule.cap.amount).en} a year, "
        f"for at most {rule.years.count} years",
    )


def _per_year_most(rule: Rule) -> Text:
    each, total = money_text(rule.cap.amount), money_text(rule.cap.amount * rule.years.count)
    return Text(
        f"每年{each.zh}，{rule.years.count}年合计{total.zh}",
        f"{each.en} a year; {total.en} over {rule.years.count} years",
    )


register(
    RuleKind(
        "per_year",
        about="rate × yearly base, capped each year, for a number of years",
        words=Text("按年计，每年有上限", "a rate each year, capped each year"),
        fields=("threshold", "base", "rate", "cap", "years"),
        required=("base", "rate", "cap", "years"),
        estimate=_per_year,
        describe=_per_year_words,
        headline=_per_year_most,
        inputs={"base": ("money_list",)},
    )
)


# -- case_by_case: 一事一议, no figure ---------------------------------------------------------


register(
    RuleKind(
        "case_by_case",
        about="一事一议, no figure",
        words=Text("一事一议", "case by case"),
        fields=("phrase",),
        required=("phrase",),
        estimate=lambda policy, rule, values: Outcome(
            None, NONE, (say("case_by_case", phrase=rule.phrase),), (rule.phrase,)
        ),
        describe=lambda rule: Text("一事一议，不设公开金额", "Case by case; no published figure"),
        headline=lambda rule: None,
        figure=False,
    )
)
