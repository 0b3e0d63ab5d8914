"""What a sheet entry showed, kept with it, and what has changed since (decisions/0019).

The browser holds only the data of the build it runs, so a sheet entry keeps what it showed:
`shown(policy, outcome)`, language-neutral, is every estimate's `shown` (calculator.api), which the
sheet stores with the entry: the data revision, the amount and its kind, whether it counted,
and the award's figures as the rules state them (cap, fixed amount, rate, threshold, years, each
option's; keyed as `build.py diff` keys them), its kind of rule and its standing in a later
version. On a later visit `compare(policy, kept, outcome)` holds that against what the current
data gives for the same figures typed: None where the amount and the award's figures, rule and
standing are as they were (whatever the revision); otherwise what it was, what it is, and one
sentence per change, in the words of `build.py diff` (sitegen/changes.py says figures, kinds of
rule and standings through this module). A kept entry without `shown` (stored before this
existed) is compared with nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from .kinds import words_of
from .messages import say
from .money import grouped, in_wan, plain, sized
from .policy import Policy, Rule, Text
from .versions import STATUS_WORDS, mid

FORM = 1  # the form of `shown`; a kept one of another form is compared with nothing


@dataclass(frozen=True)
class Figure:
    name: Text  # 上限 / cap
    value: Decimal
    unit: str  # yuan | percent | years | number
    phrase: str


FIGURE_NAMES = {
    "cap": Text("上限", "cap"),
    "amount": Text("定额", "fixed amount"),
    "rate": Text("比例", "rate"),
    "threshold": Text("门槛", "threshold"),
    "years": Text("年限", "number of years"),
}


def option_figure_name(money: str, label: Text, key: str) -> Text:
    """An option's cap or amount: 较大型项目上限 / cap for a larger project."""
    name = FIGURE_NAMES[money]
    return Text(f"{label.zh}{name.zh}", f"{name.en} for {label.en or key}")


def rule_figures(rule: Rule) -> dict[str, Figure]:
    """Every figure of a rule, by a key that stays the same when the figure changes (the keys of
    sitegen/changes.py `figures`, which reads raw data of any revision)."""
    found: dict[str, Figure] = {}
    for key, money in (("cap", rule.cap), ("amount", rule.amount)):
        if money:
            found[key] = Figure(FIGURE_NAMES[key], money.amount, "yuan", money.phrase)
    if rule.rate:
        found["rate"] = Figure(FIGURE_NAMES["rate"], rule.rate.percent, "percent", rule.rate.phrase)
    if rule.threshold:
        t = rule.threshold
        found["threshold"] = Figure(FIGURE_NAMES["threshold"], t.value, t.unit, t.phrase)
    if rule.years and rule.years.count is not None:
        years = Decimal(rule.years.count)
        found["years"] = Figure(FIGURE_NAMES["years"], years, "years", rule.years.phrase)
    for choice in rule.options.choices if rule.options else ():
        for key, money in (("cap", choice.cap), ("amount", choice.amount)):
            if money:
                name = option_figure_name(key, choice.label, choice.key)
                found[f"{key}:{choice.key}"] = Figure(name, money.amount, "yuan", money.phrase)
    return found


def figure_shown(figure: Figure) -> Text:
    """A figure as each language writes amounts: 1000万元 / 10,000,000 yuan (10 million yuan)."""
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


def figure_change(where: Text, a: Figure | None, b: Figure | None) -> tuple[str, Text] | None:
    """One figure of an award from `a` to `b` (either may be missing): its kind of change and
    its sentence, or None where it is the same."""
    if a and b:
        if (a.value, a.unit) == (b.value, b.unit):
            return None
        return "figure", say(
            "change_figure",
            where=where,
            name=b.name,
            was=figure_shown(a),
            now=figure_shown(b),
            phrase=b.phrase,
        )
    if a:
        return "figure_removed", say(
            "change_figure_removed", where=where, name=a.name, was=figure_shown(a), phrase=a.phrase
        )
    if b:
        return "figure_added", say(
            "change_figure_added", where=where, name=b.name, now=figure_shown(b), phrase=b.phrase
        )
    return None


def kind_change(where: Text, was: Any, now: Any) -> Text:
    return say("change_kind", where=where, was=words_of(was), now=words_of(now))


def standing_change(where: Text, label: Text, was: str, now: str, note: Text | None) -> Text:
    """How a part stands in a later version, from `was` to `now` (same, changed, removed,
    unknown), with the version's note where it has one."""
    words = [STATUS_WORDS.get(s, Text(s, s)) for s in (was, now)]
    note = note or Text("", "")
    tail = Text(f"：{note.zh}" if note.zh else "。", f": {note.en}" if note.en else ".")
    return say(
        "change_standing",
        where=where,
        label=label,
        label_mid=mid(label),
        was=words[0],
        now=words[1],
        tail=tail,
    )


# ---- what an entry showed, and what changed since ----------------------------------------------


def shown(policy: Policy, outcome: Any) -> dict[str, Any]:
    """What an estimate shows, in no language, to be kept with a sheet entry."""
    award, estimate, found = outcome.award, outcome.estimate, outcome.standing
    figure = outcome.figure
    later = found.version
    return {
        "form": FORM,
        "revision": dict(policy.revision) if policy.revision else None,
        "award": award.id,
        "amount": plain(figure) if figure is not None else None,
        "bound": estimate.bound if found.counts else "none",
        "eligible": estimate.eligible,
        "kind": award.rule.kind,
        "figures": {
            key: {
                "value": format(f.value, "f"),
                "unit": f.unit,
                "phrase": f.phrase,
                "name": {"zh": f.name.zh, "en": f.name.en},
            }
            for key, f in rule_figures(award.rule).items()
        },
        "standing": {
            "version": later.id,
            "status": found.standing.status if found.standing else "unknown",
        }
        if later
        else None,
    }


@dataclass(frozen=True)
class Changed:
    """An entry whose amount, or whose award's figures, rule or standing, differ from what it
    showed when it was kept."""

    was: Decimal | None  # the amount it showed (None: no figure)
    now: Decimal | None
    said: tuple[Text, ...]  # one sentence per change of the award
    revision: Mapping[str, Any] | None  # the data revision it was made with

    @property
    def amount_changed(self) -> bool:
        return self.was != self.now


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _kept_figures(kept: Mapping[str, Any]) -> dict[str, Figure] | None:
    raw = kept.get("figures")
    if not isinstance(raw, Mapping):
        return None
    found = {}
    for key, item in raw.items():
        value = _decimal(item.get("value")) if isinstance(item, Mapping) else None
        if value is None:
            return None
        name = _figure_name(str(key), item.get("name"))
        found[str(key)] = Figure(
            name, value, str(item.get("unit", "")), str(item.get("phrase", ""))
        )
    return found


def _figure_name(key: str, kept: Any) -> Text:
    if (
        isinstance(kept, Mapping)
        and isinstance(kept.get("zh"), str)
        and isinstance(kept.get("en"), str)
    ):
        return Text(kept["zh"], kept["en"])
    base, _, option = key.partition(":")
    name = FIGURE_NAMES.get(base, Text(base, base))
    return Text(f"{option}{name.zh}", f"{name.en} for {option}") if option else name


def usable(kept: Any, award_id: str) -> bool:
    """A kept `shown` of this form, for this award, with its figures readable."""
    return (
        isinstance(kept, Mapping)
        and kept.get("form") == FORM
        and kept.get("award") == award_id
        and _kept_figures(kept) is not None
    )


def compare(policy: Policy, kept: Any, outcome: Any) -> Changed | None:
    """What changed between what an entry showed (`kept`) and what the current data gives
    (`outcome`, the same figures typed); None where nothing the reader saw differs, or where
    nothing usable was kept."""
    if not usable(kept, outcome.award.id):
        return None
    now = shown(policy, outcome)
    where = Text(f"奖励{outcome.award.id}", f"Award {outcome.award.id}")
    said: list[Text] = []
    if kept.get("kind") != now["kind"]:
        said.append(kind_change(where, kept.get("kind"), now["kind"]))
    before, after = _kept_figures(kept) or {}, rule_figures(outcome.award.rule)
    for key in list(before) + [k for k in after if k not in before]:
        change = figure_change(where, before.get(key), after.get(key))
        if change:
            said.append(change[1])
    said.extend(_standing_said(policy, where, kept.get("standing"), now["standing"]))
    was_amount, now_amount = _decimal(kept.get("amount")), _decimal(now["amount"])
    if not said and was_amount == now_amount and kept.get("bound") == now["bound"]:
        return None
    revision = kept.get("revision") if isinstance(kept.get("revision"), Mapping) else None
    return Changed(was_amount, now_amount, tuple(said), revision)


def _standing_said(policy: Policy, where: Text, was: Any, now: Any) -> list[Text]:
    if not isinstance(was, Mapping) or not isinstance(now, Mapping):
        return []
    if was.get("version") != now.get("version") or was.get("status") == now.get("status"):
        return []
    version = next((v for v in policy.later_versions if v.id == now["version"]), None)
    label = version.label if version else Text(now["version"], now["version"])
    return [standing_change(where, label, str(was.get("status")), str(now["status"]), None)]


def amount_said(amount: Decimal | None) -> Text:
    """An amount a sheet entry showed or shows: 5,000,000元（500万元） / 5,000,000 yuan (5
    million yuan); no figure."""
    if amount is None:
        return say("changed_no_figure")
    return Text(
        f"{grouped(amount)}元{sized(amount).zh}", f"{grouped(amount)} yuan{sized(amount).en}"
    )


def headline(changed: Changed) -> Text:
    """Was A, now B: what the reader sees first on a changed entry."""
    if changed.amount_changed:
        return say("changed_was_now", was=amount_said(changed.was), now=amount_said(changed.now))
    return say("changed_same_amount", now=amount_said(changed.now))
