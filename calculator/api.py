"""The public interface: load the rules, estimate an award, describe the awards.

Plain dicts out, so the command line, scripts and the browser page all see one shape.
"""

from __future__ import annotations

import dataclasses
import json
import shlex
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from . import application, memo
from .estimate import Estimate, estimate
from .inputs import InputError, Inputs, parse
from .messages import say
from .money import grouped, in_wan, plain, sized
from .policy import Award, Policy, Text
from .standing import NONE, FigureStanding, figure_standing
from .versions import STATUS_WORDS, Version, mid, spoken_date

DATA_FILE = "measures.json"


REVISION_FILE = "revision.json"


@lru_cache(maxsize=1)
def load_policy() -> Policy:
    """The rules from the JSON export that build.py writes beside this package's code, with the
    data revision it was made from (revision.json, written by the same build) where known."""
    data = resources.files(__package__).joinpath("data")
    policy = Policy.from_data(json.loads(data.joinpath(DATA_FILE).read_text(encoding="utf-8")))
    try:
        revision = json.loads(data.joinpath(REVISION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        revision = None
    return dataclasses.replace(policy, revision=revision if isinstance(revision, dict) else None)


def find_award(policy: Policy, award_id: str) -> Award:
    award = policy.awards.get(str(award_id).strip())
    if award is None:
        message = say("unknown_award", award=award_id, ids=", ".join(policy.awards))
        raise InputError("award", message)
    return award


def describe_award(policy: Policy, award: Award, lang: str) -> dict[str, Any]:
    measure = policy.measure(award.measure)
    return {
        "award": award.id,
        "measure": award.measure,
        "measure_title": measure.title(lang),
        "name": award.name(lang),
        "kind": award.rule.kind,
        "inputs": [
            {
                "name": spec.name,
                "type": spec.type,
                "label": spec.label(lang),
                "unit": spec.unit(lang) if spec.unit else None,
                "help": spec.help(lang) if spec.help else None,
                "hint": say(f"hint_{spec.type}")(lang) if spec.type.startswith("money") else None,
                "choices": [{"key": c.key, "label": c.label(lang)} for c in spec.choices],
            }
            for spec in policy.input_specs(award)
        ],
    }


def headline(result: Estimate, asked: bool = False) -> Text:
    """The one-line answer. A 0 that rests on a questioned figure (0, 0.12 for 12%, 5000 for
    5000万) asks rather than judges: "not eligible" would be a verdict on a slip."""
    if result.amount is None:
        return say("headline_none")
    if not result.eligible:
        return say("headline_check" if asked else "headline_not_eligible")
    return say(
        f"headline_{result.bound}", amount=grouped(result.amount), sized=sized(result.amount)
    )


def standing_words(policy: Policy, found: FigureStanding) -> Text:
    """The sentence that leads where a later version is known to give no figure."""
    key = "standing_removed" if found.standing.status == "removed" else "standing_no_figure"
    return say(key, label=mid(found.version.label))


def _figure(result: Estimate) -> dict[str, Any]:
    """The estimate's figure as the followed version gives it."""
    if not result.eligible and result.amount is not None:
        amount: str | None = "0"
    else:
        amount = plain(result.amount) if result.amount is not None else None
    return {
        "amount": amount,
        "amount_wan": in_wan(result.amount) if result.amount is not None else None,
        "bound": result.bound,
    }


def standing_dict(policy: Policy, found: FigureStanding, lang: str) -> dict[str, Any]:
    """Whether the figure stands, for scripts: figure holds | not_known | none, and of which
    later version (null where there is none) with its status there."""
    return {
        "figure": found.figure,
        "version": found.version.id if found.version else None,
        "status": found.standing.status if found.standing else None,
        "said": standing_words(policy, found)(lang) if found.figure == NONE else None,
    }


@dataclass(frozen=True)
class Outcome:
    """One award estimated, in no language yet: the figures as read, the estimate, and whether
    its figure stands. The sheet adds these up; every page and download says them at the edge."""

    award: Award
    parsed: Inputs
    estimate: Estimate
    standing: FigureStanding
    typed: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # as the person wrote it

    @property
    def figure(self) -> Decimal | None:
        """The amount that may lead and be added up: None where no figure can be given (case by
        case) or a later version is known to give none; 0 where the award is not due."""
        return self.estimate.amount if self.standing.counts else None


def evaluate(
    policy: Policy, award_id: str, raw: Mapping[str, Any]
) -> tuple[Outcome | None, dict[str, Text]]:
    """An award's outcome, or every problem by input name (an unknown award: `award`)."""
    try:
        award = find_award(policy, award_id)
    except InputError as problem:
        return None, {"award": problem.message}
    parsed = parse(policy, award, raw)
    if parsed.errors:
        return None, dict(parsed.errors)
    found = estimate(policy, award, parsed.values)
    return Outcome(award, parsed, found, figure_standing(policy, award), dict(raw)), {}


def revision_said(revision: Mapping[str, Any] | None, lang: str) -> str:
    """84bc9c5b603b (2026年11月26日), or that it is not known; with uncommitted edits said."""
    if not revision:
        return say("revision_unknown")(lang)
    date = spoken_date(str(revision["date"]))
    said = say("revision", commit=str(revision["commit"])[:12], date=date)
    return (said if not revision.get("modified") else say("revision_modified", said=said))(lang)


def command(outcome: Outcome, lang: str) -> str:
    """The command that gives this estimate again, from a checkout of its data revision:
    python -m calculator estimate 4.1 investment=5000万 (each value as it was typed)."""
    values = [
        shlex.quote(f"{name}={outcome.typed[name]}")
        for name in outcome.award.rule.input_names()
        if name in outcome.typed
    ]
    words = ["python", "-m", "calculator", "estimate", outcome.award.id, *values]
    return " ".join(words + (["--lang", "en"] if lang == "en" else []))


def result_dict(policy: Policy, outcome: Outcome, lang: str) -> dict[str, Any]:
    """An estimate as plain data: the figures as they were read and any question about a figure
    that may be a slip (5000 typed for 5000万). Where a later version is known to give the award
    no figure, that standing leads: no `amount` (the followed version's figure is under `draft`,
    said to be that version's) and a headline saying so."""
    award, result, found = outcome.award, outcome.estimate, outcome.standing
    readings, questions = outcome.parsed.readings, outcome.parsed.questions
    labels = {spec.name: spec.label for spec in policy.input_specs(award)}
    figure = _figure(result)
    if found.counts:
        draft = None
        shown = {**figure, "headline": headline(result, asked=bool(questions))(lang)}
    else:
        said = headline(result)
        draft = {
            **figure,
            "version": policy.version.id,
            "headline": say(
                "standing_draft_figure",
                label=mid(policy.version.label),
                headline=Text(said.zh, said.en[:1].lower() + said.en[1:]),
            )(lang),
        }
        shown = {
            "amount": None,
            "amount_wan": None,
            "bound": "none",
            "headline": standing_words(policy, found)(lang),
        }
    return {
        "award": award.id,
        "measure": award.measure,
        "name": award.name(lang),
        "eligible": result.eligible,
        **shown,
        "standing": standing_dict(policy, found, lang),
        "draft": draft,
        "revision": dict(policy.revision) if policy.revision else None,
        "revision_said": revision_said(policy.revision, lang),
        "shown": memo.shown(policy, outcome),  # kept with a sheet entry (calculator/memo.py)
        "command": command(outcome, lang),
        "steps": [step(lang) for step in result.steps],
        "conditions": [c(lang) for c in award.conditions],
        "notes": [n(lang) for n in award.notes],
        "phrases": list(result.phrases),
        "cap_reached_at": plain(result.cap_reached_at) if result.cap_reached_at else None,
        **versions_dict(policy, award, lang),
        "application": application.said(policy, award.application, lang),
        "inputs": [
            {"name": name, "label": labels[name](lang), "reading": reading(lang)}
            for name, reading in readings.items()
        ],
        "questions": [
            {"input": name, "label": labels[name](lang), "text": text(lang)}
            for name, text in questions.items()
        ],
        "lang": lang,
    }


def status_words(policy: Policy) -> Text:
    """Which version the site follows, what is known of later ones, and the document's caution:
    the first row of a sheet's CSV; the banner of every page says the later parts."""
    parts = status_parts(policy)
    return Text("".join(p.zh for p in parts), " ".join(p.en for p in parts))


def status_parts(policy: Policy) -> list[Text]:
    """The sentences of status_words: the version followed, each later version not held, the
    caution."""
    followed = policy.version
    parts = [
        say(
            "status_followed",
            label=mid(followed.label),
            issuer=followed.issuer,
            date=spoken_date(followed.date),
        )
    ]
    for later in policy.later_versions:
        if not later.held:
            parts.append(say("status_later", label=mid(later.label), date=spoken_date(later.date)))
    parts.append(policy.document.status.note)
    return parts


def later_words(policy: Policy, award: Award, version: Version) -> Text:
    """How an award stands in a later version, in a sentence."""
    standing = policy.standing_of(award, version.id)
    shown = dict(label=mid(version.label), date=spoken_date(version.date))
    if standing.status == "unknown":
        return say("version_later_unknown", **shown)
    status = STATUS_WORDS[standing.status]
    if standing.note is None:
        return say("version_later_plain", status=status, **shown)
    return say("version_later", status=status, note=standing.note, **shown)


def versions_dict(policy: Policy, award: Award, lang: str) -> dict[str, Any]:
    """Which version the estimate follows, and how the award stands in each later one."""
    followed = policy.version
    return {
        "version": {
            "id": followed.id,
            "label": followed.label(lang),
            "date": followed.date,
            "said": say(
                "version_followed",
                label=mid(followed.label),
                issuer=followed.issuer,
                date=spoken_date(followed.date),
            )(lang),
        },
        "later": [
            {
                "version": v.id,
                "label": v.label(lang),
                "date": v.date,
                "status": policy.standing_of(award, v.id).status,
                "said": later_words(policy, award, v)(lang),
            }
            for v in policy.later_versions
        ],
    }


def attempt(
    policy: Policy, award_id: str, raw: Mapping[str, Any], lang: str
) -> tuple[dict[str, Any] | None, dict[str, Text]]:
    """An estimate as a dict, or every problem by input name (an unknown award: `award`).
    Each caller (command line, page, batch, sheet) reports the problems its own way."""
    outcome, errors = evaluate(policy, award_id, raw)
    return (result_dict(policy, outcome, lang), {}) if outcome else (None, errors)


def estimate_award(award_id: str, raw: Mapping[str, Any], lang: str = "zh") -> dict[str, Any]:
    """One estimate as a dict; raises InputError naming the first bad input."""
    result, errors = attempt(load_policy(), award_id, raw, lang)
    if result is None:
        name, message = next(iter(errors.items()))
        raise InputError(name, message)
    return result
