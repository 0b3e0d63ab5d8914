"""A rule in words, for the site's award tables: '经核定的总投资的30%，最高1,000万元'."""

from __future__ import annotations

from decimal import Decimal

from .messages import say
from .money import grouped, in_wan, percent
from .policy import Award, Money, Policy, Rule, Text
from .standing import figure_standing
from .versions import mid


def money_text(amount: Decimal) -> Text:
    return Text(in_wan(amount), f"{grouped(amount)} yuan")


def _choices(rule: Rule, field: str) -> Text:
    zh, en = [], []
    for choice in rule.options.choices:
        money: Money | None = getattr(choice, field)
        if money is None:
            zh.append(f"{choice.label.zh}未公布上限")
            en.append(f"{choice.label.en}: no cap published")
        else:
            zh.append(f"{choice.label.zh}{money_text(money.amount).zh}")
            en.append(f"{choice.label.en}: {money_text(money.amount).en}")
    return Text("；".join(zh), "; ".join(en))


def describe(rule: Rule) -> Text:
    """How the award is computed, in both languages, from the rule alone."""
    text = _describe(rule)
    return Text(text.zh, text.en[:1].upper() + text.en[1:])  # a table cell starts a sentence


def _describe(rule: Rule) -> Text:
    kind = rule.kind
    if kind == "case_by_case":
        return Text("一事一议，不设公开金额", "Case by case; no published figure")
    if kind == "fixed":
        if rule.options:
            picked = _choices(rule, "amount")
            return Text(f"一次性定额：{picked.zh}", f"Fixed one-off sum: {picked.en}")
        return Text(
            f"定额{money_text(rule.amount.amount).zh}",
            f"A fixed {money_text(rule.amount.amount).en}",
        )
    if kind == "cap":
        if rule.options:
            picked = _choices(rule, "cap")
            return Text(f"按级别最高：{picked.zh}", f"Up to, by level: {picked.en}")
        return Text(
            f"最高{money_text(rule.cap.amount).zh}", f"Up to {money_text(rule.cap.amount).en}"
        )
    if kind == "tiered":
        return Text(
            f"分档给予（档次未公布），最高{money_text(rule.cap.amount).zh}",
            f"Tiered (tiers not published), up to {money_text(rule.cap.amount).en}",
        )
    if kind == "per_unit":
        return Text(
            f"{rule.unit.label.zh}最高{money_text(rule.cap.amount).zh}",
            f"Up to {money_text(rule.cap.amount).en} {rule.unit.label.en}",
        )
    rate = rule.rate
    most = Text("最高", "up to ") if rate.maximum else Text("", "")
    share = Text(
        f"{rule.base.label.zh}的{most.zh}{percent(rate.percent)}",
        f"{most.en}{percent(rate.percent)} of {rule.base.label.en}",
    )
    if kind == "per_year":
        return Text(
            f"{share.zh}，每年最高{money_text(rule.cap.amount).zh}，最长{rule.years.count}年",
            f"{share.en}, up to {money_text(rule.cap.amount).en} a year, "
            f"for at most {rule.years.count} years",
        )
    if rule.options:
        picked = _choices(rule, "cap")
        return Text(f"{share.zh}；上限：{picked.zh}", f"{share.en}; caps: {picked.en}")
    if rule.cap:
        return Text(
            f"{share.zh}，最高{money_text(rule.cap.amount).zh}",
            f"{share.en}, up to {money_text(rule.cap.amount).en}",
        )
    return share


def headline(rule: Rule) -> Text | None:
    """The most an award can reach, for 'at most' columns; None when the text sets no limit."""
    if rule.kind == "case_by_case":
        return None
    if rule.kind == "per_unit":
        each = money_text(rule.cap.amount)
        return Text(f"{rule.unit.label.zh}{each.zh}", f"{each.en} {rule.unit.label.en}")
    if rule.kind == "per_year":
        each, total = money_text(rule.cap.amount), money_text(rule.cap.amount * rule.years.count)
        return Text(
            f"每年{each.zh}，{rule.years.count}年合计{total.zh}",
            f"{each.en} a year; {total.en} over {rule.years.count} years",
        )
    figures = [m.amount for m in (rule.cap, rule.amount) if m is not None]
    if rule.options:
        for choice in rule.options.choices:
            if choice.no_cap:
                return None
            figures += [m.amount for m in (choice.cap, choice.amount) if m is not None]
    return money_text(max(figures)) if figures else None


def threshold_text(rule: Rule) -> Text | None:
    if rule.threshold is None:
        return None
    return Text(f"门槛：{rule.threshold.phrase}", f"Threshold: {rule.threshold.phrase}")


# ---- an award as the tables list it: its standing first, where a later version drops the figure


def award_rule(policy: Policy, award: Award) -> Text:
    """How the award is computed; said to be the followed version's where a later version is
    known to give it no figure."""
    text = describe(award.rule)
    if figure_standing(policy, award).counts:
        return text
    return say("in_version", label=mid(policy.version.label), text=_lower(text))


def award_most(policy: Policy, award: Award) -> Text | None:
    """The 'at most' cell: the most the award can reach; where a later version is known to
    remove it or give it no figure, that standing, with the followed version's figure after it
    as that version's."""
    most = headline(award.rule)
    found = figure_standing(policy, award)
    if found.counts:
        return most
    key = "most_removed" if found.standing.status == "removed" else "most_no_figure"
    shown = Text(f"最高{most.zh}", f"up to {most.en}") if most else Text("无公开金额", "no figure")
    return say(key, label=mid(found.version.label), draft=mid(policy.version.label), most=shown)


def _lower(text: Text) -> Text:
    """An English cell's first letter lowered, for use inside a sentence."""
    return Text(text.zh, text.en[:1].lower() + text.en[1:])
