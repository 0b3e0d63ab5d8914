"""The versions of the policy (measures.yaml `versions:`): which one the site's figures follow,
and how each domain, measure and award stands in the others.

The chapters of measures.yaml transcribe the first version. A later version whose text is held
gives, per measure, `same`, `changed` (with its clause and awards there) or `removed`; `view`
turns the data into that version's own chapters, so everything built from a Policy (pages,
estimates) reads one version at a time. The figures follow the newest version whose text is
held; of a later version whose text is not, only recorded facts are known, each with its source.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Mapping

from .text import Text

STATUSES = ("same", "changed", "removed", "unknown")


@dataclass(frozen=True)
class Fact:
    text: Text
    source: str
    about: str | None = None  # preamble, domains, or a paragraph id: where pages show it


@dataclass(frozen=True)
class Source:
    """Where a version's text or facts come from, as far as known: its title (label), whether
    it is the issuing authority's own (official) or someone else's (third_party), who published
    it, its address and the date it was read there, and what is not known of it."""

    id: str
    kind: str  # official | third_party
    label: Text
    publisher: Text | None = None
    url: str | None = None
    accessed: str | None = None  # YYYY-MM-DD
    note: Text | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> "Source":
        return cls(
            id=str(data["id"]),
            kind=str(data.get("kind") or "third_party"),
            label=Text.of(data["label"]),
            publisher=Text.of(data.get("publisher")),
            url=data.get("url"),
            accessed=str(data["accessed"]) if data.get("accessed") else None,
            note=Text.of(data.get("note")),
        )


@dataclass(frozen=True)
class Version:
    id: str
    label: Text
    date: str  # YYYY-MM-DD
    issuer: Text
    held: bool  # its text is in sources/ (the first version's always is: document.source)
    file: str | None
    sources: Mapping[str, Source]
    facts: tuple[Fact, ...] = ()
    date_note: Text | None = None  # how the date is known, where it is not plain

    @classmethod
    def of(cls, data: Mapping[str, Any], first: bool, document_file: str) -> "Version":
        text = data.get("text")
        return cls(
            id=str(data["id"]),
            label=Text.of(data["label"]),
            date=str(data["date"]),
            issuer=Text.of(data["issuer"]),
            held=first or bool(text),
            file=document_file if first else (str(text["file"]) if text else None),
            sources={str(s["id"]): Source.of(s) for s in data.get("sources") or ()},
            facts=tuple(
                Fact(Text(str(f["zh"]), str(f["en"])), str(f["source"]), f.get("about"))
                for f in data.get("facts") or ()
            ),
            date_note=Text.of(data.get("date_note")),
        )

    def facts_about(self, part: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.about == part)


@dataclass(frozen=True)
class Standing:
    """How a part stands in one version: same, changed, removed or unknown; for an award, also
    whether that version gives it a figure at all (`figure: none`)."""

    status: str
    note: Text | None = None
    source: str | None = None
    responsible: Text | None = None
    figure: str | None = None  # "none": the version gives no figure for this award

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> "Standing":
        if not data:
            return UNKNOWN
        return cls(
            status=str(data["status"]),
            note=Text.of(data.get("note")),
            source=data.get("source"),
            responsible=Text.of(data.get("responsible")),
            figure=data.get("figure"),
        )

    @property
    def gives_no_figure(self) -> bool:
        """The version has no figure for the award: removed it, or kept it with none."""
        return self.status == "removed" or self.figure == "none"


UNKNOWN = Standing("unknown")


def standings(data: Mapping[str, Any]) -> dict[str, Standing]:
    return {str(v): Standing.of(s) for v, s in (data.get("versions") or {}).items()}


def all_versions(data: Mapping[str, Any]) -> tuple[Version, ...]:
    document_file = str(data["document"]["source"]["file"])
    raw = data.get("versions") or [
        {"id": "base", "label": data["document"]["status"]["label"], "date": "", "issuer": {}}
    ]
    return tuple(Version.of(v, i == 0, document_file) for i, v in enumerate(raw))


def current(data: Mapping[str, Any]) -> str:
    """The version the figures follow: the newest whose text is held."""
    return [v for v in all_versions(data) if v.held][-1].id


def view(data: Mapping[str, Any], version: str) -> dict[str, Any]:
    """The data as version `version` has it: each measure's clause, title, summary and awards
    there (a changed measure), or no measure (removed). The first version is the data itself."""
    ids = [v.id for v in all_versions(data)]
    if version not in ids:
        raise KeyError(f"no version '{version}'; versions: {', '.join(ids)}")
    if version == ids[0]:
        return dict(data)
    out = copy.deepcopy(dict(data))
    for chapter in out["chapters"]:
        kept = []
        for measure in chapter.get("measures") or ():
            entry = (measure.get("versions") or {}).get(version) or {}
            status = entry.get("status", "unknown")
            if status == "removed":
                continue
            if status == "changed":
                for key in ("title", "clause", "summary", "awards", "not_figures"):
                    if key in entry:
                        measure[key] = entry[key]
            kept.append(measure)
        if chapter.get("measures") is not None:
            chapter["measures"] = kept
    return out


_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def spoken_date(iso: str) -> Text:
    """2024-05-11 → 2024年5月11日 / 11 May 2024."""
    try:
        year, month, day = (int(part) for part in iso.split("-"))
        return Text(f"{year}年{month}月{day}日", f"{day} {_MONTHS[month - 1]} {year}")
    except (ValueError, IndexError):
        return Text(iso, iso)


STATUS_WORDS = {
    "same": Text("未变", "unchanged"),
    "changed": Text("有变化", "changed"),
    "removed": Text("已删去", "removed"),
    "unknown": Text("尚不清楚", "not yet known"),
}


def mid(label: Text) -> Text:
    """A label inside an English sentence: 'the issued version', not 'the Issued version'."""
    return Text(label.zh, label.en[:1].lower() + label.en[1:])
