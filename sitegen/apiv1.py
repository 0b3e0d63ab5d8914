"""The static API, version 1 (decisions/0013): every measure and award as JSON files beside the
pages, made from the same validated Policy as the pages and the calculator.

    api/v1/index.json            the policy, its versions, the data revision, every measure and
                                 award with the URL of its file
    api/v1/measures/{n}.json     a measure: clause, summary, domains, its awards, its standing
    api/v1/awards/{id}.json      an award: names, clause, the standing that leads, the figures
                                 with their phrases (said to be which version's), the rule as
                                 data, inputs, conditions, standing in each version, application
    api/v1/schema/*.schema.json  JSON Schemas of the three (sitegen/apischema.py)
    api/v1/openapi.json          OpenAPI 3.1 of these GET paths

Every URL in a file is relative to that file (resolve it against the file's own address), so the
site works under any base path. Figures are decimal strings, never floats. Words come in both
languages ({"zh": …, "en": …}). Where a later version is known to remove an award or give it no
figure, `standing` leads and the figures are said to be the followed version's
(calculator/standing.py, decisions/0012). Fields are never removed from v1 nor change type:
tests/test_api.py holds them to tests/fixtures/api-v1-fields.json; a breaking change is v2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Mapping

from calculator import application
from calculator.api import describe_award, standing_dict
from calculator.application import Application
from calculator.messages import say
from calculator.describe import award_most, award_rule
from calculator.policy import LANGS, Award, Measure, Money, Policy, Rule, Text
from calculator.standing import figure_standing
from calculator.versions import Version, mid

from . import apischema
from .render import load_strings

VERSION = "v1"
KINDS = ("index", "measure", "award")

Json = dict[str, Any]


def text(value: Text | None) -> Json | None:
    return None if value is None else {"zh": value.zh, "en": value.en}


def both(said: Callable[[str], str | None]) -> Json | None:
    """A value computed in each language, as one bilingual text."""
    zh, en = (said(lang) for lang in LANGS)
    return None if zh is None else {"zh": zh, "en": en}


def _fill(template: Text, **values: Text | str) -> Text:
    def one(lang: str) -> str:
        out = template(lang)
        for key, value in values.items():
            out = out.replace("{" + key + "}", value if isinstance(value, str) else value(lang))
        return out

    return Text(one("zh"), one("en"))


# ---- where things are, relative to a file of the API ----------------------------------------


def site_url(depth: int, path: str) -> str:
    """A page of the site (`measures/04/`) from a file `depth` folders below api/v1/."""
    return "../" * (depth + 2) + path


def pages(depth: int, path: str) -> Json:
    """A page in both languages: the Chinese at the root, the English under en/."""
    return {"zh": site_url(depth, path), "en": site_url(depth, "en/" + path)}


def measure_file(number: int) -> str:
    return f"measures/{number}.json"


def award_file(award_id: str) -> str:
    return f"awards/{award_id}.json"


# ---- the parts --------------------------------------------------------------------------------


def version_json(version: Version, followed: Version) -> Json:
    return {
        "id": version.id,
        "label": text(version.label),
        "date": version.date or None,
        "date_note": text(version.date_note),
        "issuer": text(version.issuer),
        "held": version.held,
        "followed": version.id == followed.id,
        "text_file": version.file,
        "sources": [
            {
                "id": s.id,
                "kind": s.kind,
                "label": text(s.label),
                "publisher": text(s.publisher),
                "url": s.url,
                "accessed": s.accessed,
                "note": text(s.note),
            }
            for s in version.sources.values()
        ],
        "facts": [
            {"text": text(f.text), "source": f.source, "about": f.about} for f in version.facts
        ],
    }


def _money(money: Money | None) -> Json | None:
    return None if money is None else {"amount": str(money.amount), "phrase": money.phrase}


def rule_json(rule: Rule) -> Json:
    """The rule as data, every field of every kind present (null where the kind has none)."""
    t, o = rule.threshold, rule.options
    return {
        "kind": rule.kind,
        "threshold": None
        if t is None
        else {
            "input": t.input,
            "value": str(t.value),
            "unit": t.unit,
            "comparison": t.comparison,
            "phrase": t.phrase,
        },
        "base": None
        if rule.base is None
        else {"input": rule.base.input, "phrase": rule.base.phrase, "label": text(rule.base.label)},
        "rate": None
        if rule.rate is None
        else {
            "percent": str(rule.rate.percent),
            "maximum": rule.rate.maximum,
            "phrase": rule.rate.phrase,
        },
        "cap": _money(rule.cap),
        "amount": _money(rule.amount),
        "options": None
        if o is None
        else {
            "input": o.input,
            "choices": [
                {
                    "key": c.key,
                    "label": text(c.label),
                    "cap": _money(c.cap),
                    "amount": _money(c.amount),
                    "no_cap": c.no_cap,
                }
                for c in o.choices
            ],
        },
        "unit": None
        if rule.unit is None
        else {"input": rule.unit.input, "phrase": rule.unit.phrase, "label": text(rule.unit.label)},
        "years": None
        if rule.years is None
        else {"count": rule.years.count, "phrase": rule.years.phrase},
        "tiers": None
        if rule.tiers is None
        else {
            "phrase": rule.tiers.phrase,
            "by": text(rule.tiers.by),
            "funded_by": text(rule.tiers.funded_by),
        },
        "phrase": rule.phrase,
    }


def figure_list(rule: Rule) -> list[Json]:
    """Every figure of the rule with the clause phrase that states it, in the rule's order."""
    found: list[Json] = []

    def add(field: str, value: Any, unit: str, phrase: str) -> None:
        found.append({"field": field, "value": str(value), "unit": unit, "phrase": phrase})

    if rule.threshold:
        add("threshold", rule.threshold.value, rule.threshold.unit, rule.threshold.phrase)
    if rule.rate:
        add("rate", rule.rate.percent, "percent", rule.rate.phrase)
    for field in ("cap", "amount"):
        money = getattr(rule, field)
        if money:
            add(field, money.amount, "yuan", money.phrase)
    for choice in rule.options.choices if rule.options else ():
        for field in ("cap", "amount"):
            money = getattr(choice, field)
            if money:
                add(f"options.{choice.key}.{field}", money.amount, "yuan", money.phrase)
    if rule.years and rule.years.count is not None:
        add("years", rule.years.count, "years", rule.years.phrase)
    return found


def inputs_json(policy: Policy, award: Award) -> list[Json]:
    """The form the award asks for, as the calculator and `python -m calculator list` describe
    it (calculator.api.describe_award), in both languages."""
    said = {lang: describe_award(policy, award, lang)["inputs"] for lang in LANGS}
    out = []
    for zh, en in zip(said["zh"], said["en"]):
        pair = lambda key: None if zh[key] is None else {"zh": zh[key], "en": en[key]}  # noqa: E731
        out.append(
            {
                "name": zh["name"],
                "type": zh["type"],
                "label": pair("label"),
                "unit": pair("unit"),
                "help": pair("help"),
                "hint": pair("hint"),
                "choices": [
                    {"key": c["key"], "label": {"zh": c["label"], "en": e["label"]}}
                    for c, e in zip(zh["choices"], en["choices"])
                ],
            }
        )
    return out


def standing_json(policy: Policy, award: Award) -> Json:
    """Whether the figure stands (calculator/standing.py), as the estimates say it."""
    found = figure_standing(policy, award)
    said = {lang: standing_dict(policy, found, lang) for lang in LANGS}
    return {
        **{k: v for k, v in said["zh"].items() if k != "said"},
        "counts": found.counts,
        "said": both(lambda lang: said[lang]["said"]),
    }


def award_versions(policy: Policy, award: Award) -> list[Json]:
    """The award's standing in the followed version (its text: the figures are that version's)
    and in each later one."""
    rows: list[Json] = [
        {
            "version": policy.version.id,
            "followed": True,
            "status": "followed",
            "figure": None,
            "note": None,
            "source": None,
            "responsible": None,
        }
    ]
    for version in policy.later_versions:
        standing = policy.standing_of(award, version.id)
        rows.append(
            {
                "version": version.id,
                "followed": False,
                "status": standing.status,
                "figure": standing.figure,
                "note": text(standing.note),
                "source": standing.source,
                "responsible": text(standing.responsible),
            }
        )
    return rows


def measure_versions(policy: Policy, measure: Measure) -> list[Json]:
    rows = []
    for version in policy.later_versions:
        standing = measure.standing.get(version.id)
        rows.append(
            {
                "version": version.id,
                "status": standing.status if standing else "unknown",
                "note": text(standing.note) if standing else None,
                "source": standing.source if standing else None,
                "responsible": text(standing.responsible) if standing else None,
            }
        )
    return rows


def application_json(policy: Policy, app: Application) -> Json:
    """How to apply (calculator/application.py): each known field with its source, as facts
    (v1's first shape) and as data; everything not recorded is not known (null)."""
    version = application.version_of(policy, app)
    rows = application.rows(app, version)
    lines = application.said_lines(policy, app)
    said = Text(
        "".join(t.zh for t in (lines[0], *lines[len(rows) + 1 :])),
        " ".join(t.en for t in (lines[0], *lines[len(rows) + 1 :])),
    )
    return {
        "known": app.known,
        "said": text(said),
        "facts": [
            {
                "topic": r.field,
                "text": text(say("apply_line", label=r.label, value=r.value)),
                "source": r.source.id,
            }
            for r in rows
            if r.known
        ],
        "version": app.version,
        "removed": app.removed,
        "responsible": None
        if app.responsible is None
        else {"units": text(app.responsible.text), "source": app.responsible.source},
        "where": None
        if app.where is None
        else {"name": text(app.where.name), "url": app.where.url, "source": app.where.source},
        "window": None
        if app.window is None
        else {"from": app.window.opens, "to": app.window.closes, "source": app.window.source},
        "status": {"value": app.status.value, "source": app.status.source},
        "without_application": None
        if app.without_application is None
        else {
            "value": app.without_application.value,
            "source": app.without_application.source,
        },
    }


# ---- the documents ------------------------------------------------------------------------------


def award_doc(policy: Policy, award: Award, words: Mapping[str, Text]) -> Json:
    measure = policy.measure(award.measure)
    found = figure_standing(policy, award)
    label = mid(policy.version.label)
    figures_said = _fill(
        words["api_figures_of" if found.counts else "api_figures_not_counted"], label=label
    )
    return {
        "api_version": VERSION,
        "id": award.id,
        "name": text(award.name),
        "recipient": text(award.recipient),
        "measure": {
            "number": measure.number,
            "title": text(measure.title),
            "url": "../" + measure_file(measure.number),
        },
        # What leads: the standing where a later version drops the figure, else the figure.
        "standing": standing_json(policy, award),
        "most": text(award_most(policy, award)),
        "rule_said": text(award_rule(policy, award)),
        "figures": {
            "version": policy.version.id,
            "counts": found.counts,
            "said": text(figures_said),
            "list": figure_list(award.rule),
        },
        "rule": rule_json(award.rule),
        "clause": text(measure.clause),
        "inputs": inputs_json(policy, award),
        "conditions": [text(c) for c in award.conditions],
        "notes": [text(n) for n in award.notes],
        "applicants": None
        if award.applicants is None
        else {"kinds": list(award.applicants.kinds), "phrase": award.applicants.phrase},
        "activities": list(award.activities),
        "versions": award_versions(policy, award),
        "application": application_json(policy, award.application),
        "pages": pages(1, f"measures/{measure.number:02d}/"),
        "calculator": pages(1, f"calculator/#award={award.id}"),
        "embed": pages(1, f"embed/#award={award.id}"),
    }


def measure_doc(policy: Policy, measure: Measure) -> Json:
    chapter = next(c for c in policy.chapters if c.number == measure.chapter)
    names = {d.id: d.name for d in policy.domains}
    return {
        "api_version": VERSION,
        "number": measure.number,
        "chapter": {"number": chapter.number, "title": text(chapter.title)},
        "title": text(measure.title),
        "version": policy.version.id,
        "clause": text(measure.clause),
        "summary": text(measure.summary),
        "domains": [{"id": d, "name": text(names.get(d))} for d in measure.domains],
        "activities": list(measure.activities),
        "awards": [
            {"id": a.id, "name": text(a.name), "url": "../" + award_file(a.id)}
            for a in measure.awards
        ],
        "versions": measure_versions(policy, measure),
        "application": application_json(policy, measure.application),
        "pages": pages(1, f"measures/{measure.number:02d}/"),
    }


def citation(policy: Policy, words: Mapping[str, Text]) -> Text:
    rev = policy.revision
    if not rev:
        return _fill(words["api_cite_unknown"], title=policy.document.title)
    shown = rev["commit"][:12] + (" +" if rev.get("modified") else "")
    return _fill(words["api_cite"], title=policy.document.title, commit=shown, date=rev["date"])


def index_doc(policy: Policy, words: Mapping[str, Text]) -> Json:
    doc = policy.document
    return {
        "api_version": VERSION,
        "api": {
            "openapi": "openapi.json",
            "schemas": {kind: f"schema/{kind}.schema.json" for kind in KINDS},
            "said": text(words["api_about"]),
        },
        "policy": {
            "title": text(doc.title),
            "status": {
                "stage": doc.status.stage,
                "label": text(doc.status.label),
                "note": text(doc.status.note),
            },
            "source": {"file": doc.source.file, "checked": doc.source.checked},
        },
        "followed_version": policy.version.id,
        "versions": [version_json(v, policy.version) for v in policy.versions],
        "revision": dict(policy.revision) if policy.revision else None,
        "licence": {"spdx": "MIT", "said": text(words["api_licence"])},
        "cite": text(citation(policy, words)),
        "pages": pages(0, ""),
        "downloads": {
            "measures.yaml": site_url(0, "downloads/measures.yaml"),
            "measures.json": site_url(0, "downloads/measures.json"),
            "measures.schema.json": site_url(0, "downloads/measures.schema.json"),
        },
        "measures": [
            {
                "number": m.number,
                "chapter": m.chapter,
                "title": text(m.title),
                "awards": [a.id for a in m.awards],
                "url": measure_file(m.number),
                "pages": pages(0, f"measures/{m.number:02d}/"),
            }
            for m in policy.measures
        ],
        "awards": [
            {
                "id": a.id,
                "measure": a.measure,
                "name": text(a.name),
                "kind": a.rule.kind,
                "figure": figure_standing(policy, a).figure,
                "most": text(award_most(policy, a)),
                "url": award_file(a.id),
            }
            for a in policy.awards.values()
        ],
    }


def documents(policy: Policy) -> dict[str, Json]:
    """Every file of the API by its path under api/v1/, schemas and OpenAPI included."""
    words = load_strings()
    out: dict[str, Json] = {"index.json": index_doc(policy, words)}
    for measure in policy.measures:
        out[measure_file(measure.number)] = measure_doc(policy, measure)
    for award in policy.awards.values():
        out[award_file(award.id)] = award_doc(policy, award, words)
    for kind, schema in apischema.schemas().items():
        out[f"schema/{kind}.schema.json"] = schema
    out["openapi.json"] = apischema.openapi(policy, words)
    return out


def dumps(value: Json) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def write(policy: Policy, target: Path) -> list[Path]:
    """Write the API under `target` (docs/api/v1), each file only if it changed (a rebuild of
    `build.py serve` then sees nothing new), and remove files of measures or awards gone."""
    written = []
    for name, value in documents(policy).items():
        path = target / name
        body = dumps(value)
        if not path.exists() or path.read_text(encoding="utf-8") != body:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        written.append(path)
    keep = set(written)
    for path in target.rglob("*.json") if target.exists() else ():
        if path not in keep:
            path.unlink()
    return written
