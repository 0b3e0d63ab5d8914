"""Which awards may fit an organisation: from what it is and what it does to a list of awards,
each either kept or left out with the reasons, so that nothing is hidden without one.

The questions come from measures.yaml (`finder:`): the requirement and the organisation kinds of
chapter 一, the five domains, and the activities each award is tagged with. An unanswered
question leaves every award in; an answer leaves an award out only when the data gives a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .inputs import InputError
from .messages import say
from .policy import Award, Policy, Text

_YES = {"yes", "true", "1", "是"}
_NO = {"no", "false", "0", "否"}


@dataclass(frozen=True)
class Profile:
    """The reader's answers; None or empty means 'not answered'."""

    organisation: str | None = None  # a finder.organisations id
    legal_person: bool | None = None
    domains: frozenset[str] = frozenset()
    activities: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    award: Award
    reasons: tuple[Text, ...]  # why the award was left out; empty when it may fit

    @property
    def fits(self) -> bool:
        return not self.reasons


def _ids(value: Any) -> list[str]:
    """A list of ids from a list or a comma-separated string (as a URL or a command line has)."""
    if value is None:
        return []
    items: Iterable[Any] = value.split(",") if isinstance(value, str) else value
    return [str(item).strip() for item in items if str(item).strip()]


def parse_profile(policy: Policy, raw: Mapping[str, Any]) -> Profile:
    """Answers as typed (strings or lists) → a Profile; InputError names the first bad one."""
    known = {"organisation", "legal_person", "domains", "activities"}
    for name in raw:
        if name not in known:
            raise InputError(name, say("unknown_question", names=", ".join(sorted(known))))
    org = str(raw.get("organisation") or "").strip() or None
    kinds = [o.id for o in policy.finder.organisations]
    if org is not None and org not in kinds:
        raise InputError("organisation", say("bad_choice", choices=", ".join(kinds)))
    legal_raw = str(raw.get("legal_person") or "").strip().lower()
    if legal_raw and legal_raw not in _YES | _NO:
        raise InputError("legal_person", say("bad_choice", choices="yes, no"))
    picked = {}
    for name, allowed in (
        ("domains", [d.id for d in policy.domains]),
        ("activities", [a.id for a in policy.finder.activities]),
    ):
        ids = _ids(raw.get(name))
        wrong = [i for i in ids if i not in allowed]
        if wrong:
            raise InputError(name, say("bad_choice", choices=", ".join(allowed)))
        picked[name] = frozenset(ids)
    return Profile(
        organisation=org,
        legal_person=None if not legal_raw else legal_raw in _YES,
        domains=picked["domains"],
        activities=picked["activities"],
    )


def _names(items: Iterable[Text], quoted: bool = False) -> Text:
    """A list in words; labels that hold commas of their own are quoted, to keep them apart."""
    items = list(items)
    if quoted:
        return Text("、".join(f"“{i.zh}”" for i in items), ", ".join(f"“{i.en}”" for i in items))
    return Text("、".join(i.zh for i in items), ", ".join(i.en for i in items))


def reasons_for(policy: Policy, award: Award, profile: Profile) -> tuple[Text, ...]:
    """Every reason the answers give to leave this award out (none: it may fit)."""
    finder = policy.finder
    org_label = {o.id: o.label for o in finder.organisations}
    found: list[Text] = []
    if profile.legal_person is False:
        found.append(
            say(
                "finder_not_legal_person",
                phrase=finder.requirement.phrase,
                question=finder.requirement.question,
            )
        )
    applicants = award.applicants
    if profile.organisation and applicants and profile.organisation not in applicants.kinds:
        found.append(
            say(
                "finder_kind",
                phrase=applicants.phrase,
                kinds=_names(org_label[k] for k in applicants.kinds),
                kind=org_label[profile.organisation],
            )
        )
    measure = policy.measure(award.measure)
    if profile.domains and not profile.domains & set(measure.domains):
        domain_name = {d.id: d.name for d in policy.domains}
        found.append(
            say(
                "finder_domain",
                measure=measure.number,
                domains=_names(domain_name[d] for d in measure.domains),
                chosen=_names(
                    domain_name[d] for d in sorted(profile.domains, key=list(domain_name).index)
                ),
            )
        )
    if profile.activities and not profile.activities & set(award.activities):
        activity_label = {a.id: a.label for a in finder.activities}
        found.append(
            say(
                "finder_activity",
                activities=_names((activity_label[a] for a in award.activities), quoted=True),
            )
        )
    return tuple(found)


def find(policy: Policy, profile: Profile) -> tuple[Match, ...]:
    """Every award, in the order of the document, with the reasons it was left out."""
    return tuple(Match(a, reasons_for(policy, a, profile)) for a in policy.awards.values())


def matches_dicts(matches: Iterable[Match], lang: str) -> list[dict[str, Any]]:
    """The finder's answer as plain data (the page, `find --json`)."""
    return [
        {"award": m.award.id, "fits": m.fits, "reasons": [r(lang) for r in m.reasons]}
        for m in matches
    ]
