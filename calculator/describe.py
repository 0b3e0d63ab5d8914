"""A rule in words, for the site's award tables: '经核定的总投资的30%，最高1,000万元'."""

from __future__ import annotations

from .kinds import KINDS
from .messages import say
from .money import money_text
from .policy import Award, Policy, Rule, Text
from .standing import figure_standing
from .versions import mid

__all__ = ["award_most", "award_rule", "describe", "headline", "money_text", "threshold_text"]


def describe(rule: Rule) -> Text:
    """How the award is computed, in both languages, from the rule alone (its kind's words)."""
    text = KINDS[rule.kind].describe(rule)
    return Text(text.zh, text.en[:1].upper() + text.en[1:])  # a table cell starts a sentence


def headline(rule: Rule) -> Text | None:
    """The most an award can reach, for 'at most' columns; None when the text sets no limit."""
    return KINDS[rule.kind].headline(rule)


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
