"""Which awards may fit an organisation: from what it is and what it does to a list of awards,
each either kept or left out with the reasons, so that nothing is hidden without one.

The questions come from measures.yaml (`finder:`): the requirement and the organisation kinds of
chapter 一, the five domains, and the activities each award is tagged with. An unanswered
question leaves every award in; an answer leaves an award out only when the data gives a reason.

What an organisation makes or does (a role) stands for the activities such organisations usually
undertake. An award is listed for a role where the role does one of the award's narrower
activities; a `broad` activity (a demonstration project, a digital application: many kinds of
organisation undertake them) counts only for an award that funds nothing narrower. So an
equipment maker is not offered an industrial park's smart-retrofit award because parks too run
demonstration projects.

Each item that may fit says how the answers support it, and is ranked by it (`Support`): an
activity the reader chose; then one that such organisations usually do (said as "may fit if you
are doing it": the reader has not said so); then nothing but that no answer rules it out. The
measures that set no amount (measure 7 for an equipment maker) are ranked with the awards.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Iterable, Mapping

from .inputs import InputError
from .messages import say
from .policy import Award, Measure, Policy, Text

_YES = {"yes", "true", "1", "是"}
_NO = {"no", "false", "0", "否"}


@dataclass(frozen=True)
class Profile:
    """The reader's answers; None or empty means 'not answered'."""

    organisation: str | None = None  # a finder.organisations id
    legal_person: bool | None = None
    domains: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()  # what the organisation makes or does
    activities: frozenset[str] = frozenset()

    @property
    def answered(self) -> bool:
        return bool(
            self.organisation
            or self.legal_person is not None
            or self.domains
            or self.roles
            or self.activities
        )


class Support(IntEnum):
    """How the answers support an item that may fit, strongest first (the order shown)."""

    CHOSEN = 0  # it funds an activity the reader chose
    ROLE = 1  # it funds a narrower activity that organisations like the reader's usually do
    ROLE_BROAD = 2  # it funds only broad activities (demonstration, digital) such ones do
    OPEN = 3  # no answer says anything of what it funds


@dataclass(frozen=True)
class Match:
    award: Award
    reasons: tuple[Text, ...]  # why the award was left out; empty when it may fit
    because: tuple[Text, ...] = ()  # why it may fit: the answers it meets
    support: Support = Support.OPEN
    weight: int = 0  # how many of the chosen or usual activities it funds

    @property
    def fits(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class Related:
    """A measure with no amount that concerns the reader, and why, ranked like the awards."""

    measure: Measure
    because: tuple[Text, ...]
    support: Support
    weight: int


def _ids(value: Any) -> list[str]:
    """A list of ids from a list or a comma-separated string (as a URL or a command line has)."""
    if value is None:
        return []
    items: Iterable[Any] = value.split(",") if isinstance(value, str) else value
    return [str(item).strip() for item in items if str(item).strip()]


def parse_profile(policy: Policy, raw: Mapping[str, Any]) -> Profile:
    """Answers as typed (strings or lists) → a Profile; InputError names the first bad one."""
    known = {"organisation", "legal_person", "domains", "roles", "activities"}
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
        ("roles", [r.id for r in policy.finder.roles]),
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
        roles=picked["roles"],
        activities=picked["activities"],
    )


def _names(items: Iterable[Text], quoted: bool = False) -> Text:
    """A list in words; labels that hold commas of their own are quoted, to keep them apart."""
    items = list(items)
    if quoted:
        return Text("、".join(f"“{i.zh}”" for i in items), ", ".join(f"“{i.en}”" for i in items))
    return Text("、".join(i.zh for i in items), ", ".join(i.en for i in items))


def _role_activities(policy: Policy, profile: Profile) -> set[str]:
    return {a for r in policy.finder.roles if r.id in profile.roles for a in r.activities}


def _broad(policy: Policy) -> set[str]:
    return {a.id for a in policy.finder.activities if a.broad}


def _role_met(policy: Policy, profile: Profile, funds: Iterable[str]) -> tuple[Support, set[str]]:
    """The activities of `funds` that the reader's roles usually do: the narrower ones, or,
    where it funds only broad ones, those."""
    done = _role_activities(policy, profile)
    funds = set(funds)
    narrow = funds - _broad(policy)
    if narrow:
        return Support.ROLE, narrow & done
    return Support.ROLE_BROAD, funds & done


def fits_role(policy: Policy, profile: Profile, funds: Iterable[str]) -> bool:
    """Whether an award (or a measure) funding these activities is for organisations that do
    what the reader said they do; () funds anything."""
    funds = tuple(funds)
    return not funds or bool(_role_met(policy, profile, funds)[1])


def support(policy: Policy, profile: Profile, funds: Iterable[str]) -> tuple[Support, set[str]]:
    """How the answers support an item funding these activities, and the activities they meet."""
    funds = set(funds)
    if profile.activities and funds & profile.activities:
        return Support.CHOSEN, funds & set(profile.activities)
    if profile.roles and funds:
        kind, met = _role_met(policy, profile, funds)
        if met:
            return kind, met
    return Support.OPEN, set()


def _labels(policy: Policy) -> dict[str, dict[str, Text]]:
    finder = policy.finder
    return {
        "organisation": {o.id: o.label for o in finder.organisations},
        "domain": {d.id: d.name for d in policy.domains},
        "activity": {a.id: a.label for a in finder.activities},
        "role": {r.id: r.label for r in finder.roles},
    }


def _in_order(ids: Iterable[str], labels: dict[str, Text]) -> list[Text]:
    order = list(labels)
    return [labels[i] for i in sorted(ids, key=order.index)]


def reasons_for(policy: Policy, award: Award, profile: Profile) -> tuple[Text, ...]:
    """Every reason the answers give to leave this award out (none: it may fit)."""
    finder = policy.finder
    labels = _labels(policy)
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
                kinds=_names(labels["organisation"][k] for k in applicants.kinds),
                kind=labels["organisation"][profile.organisation],
            )
        )
    measure = policy.measure(award.measure)
    if profile.domains and not profile.domains & set(measure.domains):
        found.append(
            say(
                "finder_domain",
                measure=measure.number,
                domains=_names(labels["domain"][d] for d in measure.domains),
                chosen=_names(_in_order(profile.domains, labels["domain"])),
            )
        )
    funds = _names((labels["activity"][a] for a in award.activities), quoted=True)
    if profile.roles and not fits_role(policy, profile, award.activities):
        found.append(
            say(
                "finder_role",
                activities=funds,
                roles=_names(_in_order(profile.roles, labels["role"]), quoted=True),
            )
        )
    if profile.activities and not profile.activities & set(award.activities):
        found.append(say("finder_activity", activities=funds))
    return tuple(found)


def because(policy: Policy, award: Award, profile: Profile) -> tuple[Text, ...]:
    """For an award that may fit: which of the answers it meets, in words."""
    labels = _labels(policy)
    found: list[Text] = []
    if profile.legal_person:
        found.append(say("finder_fits_legal", phrase=policy.finder.requirement.phrase))
    if profile.organisation and award.applicants:
        found.append(
            say(
                "finder_fits_kind",
                phrase=award.applicants.phrase,
                kind=labels["organisation"][profile.organisation],
            )
        )
    elif profile.organisation:
        found.append(say("finder_fits_any_kind"))
    measure = policy.measure(award.measure)
    if profile.domains:
        found.append(_domain_met(policy, profile, measure))
    found += _activities_met(policy, profile, award.activities)
    if not profile.answered:
        found.append(say("finder_fits_all"))
    return tuple(found)


def _domain_met(policy: Policy, profile: Profile, measure: Measure) -> Text:
    met = _in_order(profile.domains & set(measure.domains), _labels(policy)["domain"])
    return say("finder_fits_domain", measure=measure.number, domains=_names(met))


def _activities_met(policy: Policy, profile: Profile, funds: Iterable[str]) -> list[Text]:
    """What the answers say of the activities funded: met (the reader chose them), or met only
    if the reader does what such organisations usually do: said so, since the reader has not."""
    labels = _labels(policy)
    kind, met = support(policy, profile, funds)
    if not met:
        return []
    activities = _names(_in_order(met, labels["activity"]), quoted=True)
    if kind == Support.CHOSEN:
        return [say("finder_fits_activity", activities=activities)]
    roles = [r for r in policy.finder.roles if r.id in profile.roles and met & set(r.activities)]
    return [
        say(
            "finder_fits_if",
            activities=activities,
            roles=_names((r.label for r in roles), quoted=True),
        )
    ]


def find(policy: Policy, profile: Profile) -> tuple[Match, ...]:
    """Every award, in the order of the document, with the reasons it was left out (or, where
    it may fit, the answers it meets)."""
    matches = []
    for award in policy.awards.values():
        reasons = reasons_for(policy, award, profile)
        if reasons:
            matches.append(Match(award, reasons))
            continue
        kind, met = support(policy, profile, award.activities)
        matches.append(Match(award, (), because(policy, award, profile), kind, len(met)))
    return tuple(matches)


def related(policy: Policy, profile: Profile) -> tuple[Measure, ...]:
    """The measures that set no amount but concern an organisation with these answers (e.g.
    measure 7 for a maker of energy-saving equipment): shown as related, with no figure."""
    return tuple(r.measure for r in related_matches(policy, profile))


def related_matches(policy: Policy, profile: Profile) -> tuple[Related, ...]:
    """related(), each measure with why and how strongly the answers support it."""
    if profile.legal_person is False:
        return ()
    found = []
    for measure in policy.measures:
        if measure.awards:
            continue
        if profile.domains and not profile.domains & set(measure.domains):
            continue
        concerns = set(measure.activities)
        if concerns and profile.roles and not fits_role(policy, profile, concerns):
            continue
        if concerns and profile.activities and not concerns & profile.activities:
            continue
        kind, met = support(policy, profile, concerns)
        why = [_domain_met(policy, profile, measure)] if profile.domains else []
        why += _activities_met(policy, profile, concerns)
        if not concerns:
            why.append(say("finder_fits_any_activity"))
        found.append(Related(measure, tuple(why), kind, len(met)))
    return tuple(found)


def ranked(policy: Policy, matches: Iterable[Match], measures: Iterable[Related]) -> list[str]:
    """What may fit, in the order shown: by how the answers support it, then by how many of the
    chosen or usual activities it funds, then in the order of the document. Awards by id, the
    measures with no amount as m7."""
    place = {m.number: i for i, m in enumerate(policy.measures)}
    items = [
        (m.support, -m.weight, place[m.award.measure], i, m.award.id)
        for i, m in enumerate(matches)
        if m.fits
    ]
    items += [
        (r.support, -r.weight, place[r.measure.number], -1, f"m{r.measure.number}")
        for r in measures
    ]
    return [item[-1] for item in sorted(items)]


def matches_dicts(matches: Iterable[Match], lang: str) -> list[dict[str, Any]]:
    """The finder's answer as plain data (the page, `find --json`)."""
    return [
        {
            "award": m.award.id,
            "fits": m.fits,
            "reasons": [r(lang) for r in m.reasons],
            "because": [b(lang) for b in m.because],
            "support": m.support.name.lower() if m.fits else None,
        }
        for m in matches
    ]


def related_dicts(measures: Iterable[Related], lang: str) -> list[dict[str, Any]]:
    """The related measures as plain data (the page, `find --json`)."""
    return [
        {
            "measure": r.measure.number,
            "title": r.measure.title(lang),
            "because": [b(lang) for b in r.because],
            "support": r.support.name.lower(),
        }
        for r in measures
    ]
