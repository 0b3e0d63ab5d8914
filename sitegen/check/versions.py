"""The check of `versions:`: what is said of each version holds, and a version whose text is held
is held against its own text exactly as the first is against its source.

- The versions: ids once each, dates real and in order; the first version's text is
  document.source (it takes no `text`); facts name one of their version's sources, and what
  they are `about` (the preamble, the domains, a paragraph) exists; a third party's address
  comes with the date it was read, a real date not in the future.
- Each `versions:` entry of a domain, measure or award names a later version; while that
  version's text is not held, a status other than unknown says where the fact comes from
  (`source`), and changed or removed says what (`note`). Only measures name responsible units;
  only a changed award says its version gives no figure (`figure: none`).
- A version whose text is held (`text.file`): every measure says same, changed or removed
  there. Same: the measure stands in that text word for word. Changed: its clause (and title,
  if it changed) is verbatim from that text, and its awards are held against that clause like
  the first version's: phrases found once, figures agreeing with them, every number of the
  clause accounted for, the free texts stating only its figures. Removed: the text has no
  measure of that title.
"""

from __future__ import annotations

from typing import Any

from ..figures import chinese_numeral
from ..outline import Outline, outline
from . import texts
from .accounting import Clause, Words, account
from .clauses import not_figures
from .context import Context, DataPath
from .files import NotInRepository, held_text
from .finder import award_tags
from .rules import rule
from .verbatim import difference

_HELD_ONLY = ("title", "clause", "summary", "awards", "not_figures")


def _text(ctx: Context, path: DataPath, file: str) -> Outline | None:
    """A held version's text: a regular UTF-8 file inside the repository, as the first one."""
    try:
        return outline(held_text(ctx.root, file))
    except NotInRepository as refused:
        ctx.add(path, str(refused))
        return None


def versions(ctx: Context) -> None:
    versions = ctx.data.get("versions")
    if not isinstance(versions, list) or ctx.refused_within(("versions",)):
        return
    known: dict[str, dict[str, Any]] = {}
    texts_of: dict[str, Outline] = {}
    previous = None
    for i, version in enumerate(versions):
        path = ("versions", i)
        vid = version["id"]
        if vid in known:
            ctx.add(path + ("id",), f"version id '{vid}' appears twice")
        known[vid] = version
        texts.real_date(ctx, path + ("date",), version["date"])
        if previous and version["date"] < previous:
            ctx.add(path + ("date",), f"{version['date']} is before the version above it")
        previous = version["date"]
        if i == 0 and "text" in version:
            ctx.add(
                path + ("text",),
                "the first version's text is document.source (the text the chapters transcribe)",
            )
        sources = {s["id"] for s in version.get("sources") or ()}
        _sources(ctx, path, version)
        abouts = _abouts(ctx.data)
        for k, fact in enumerate(version.get("facts") or ()):
            if fact["source"] not in sources:
                ctx.add(
                    path + ("facts", k, "source"),
                    f"no source '{fact['source']}' in this version's sources",
                )
            if "about" in fact and fact["about"] not in abouts:
                ctx.add(
                    path + ("facts", k, "about"),
                    f"'{fact['about']}' is no part of the document; a fact is about one of: "
                    + ", ".join(abouts),
                )
        held = version.get("text")
        if held and i > 0:
            texts.real_date(ctx, path + ("text", "checked"), held["checked"])
            found = _text(ctx, path + ("text", "file"), held["file"])
            if found is not None:
                texts_of[vid] = found
    later = {v["id"]: v for v in versions[1:]}
    # A version that names its text is held, even where the file cannot be read (said above).
    declared = {v["id"] for v in versions[1:] if v.get("text")}
    for place, part in _parts(ctx.data):
        _entries(ctx, place, part, later, declared)
    for vid, text in texts_of.items():
        _held(ctx, vid, text)


def _sources(ctx: Context, path: DataPath, version: dict[str, Any]) -> None:
    """Each source's ids once; a third party's page always with the date it was read there (an
    authority's own site is named as the place to look, not as a page read)."""
    seen: set[str] = set()
    for k, source in enumerate(version.get("sources") or ()):
        spath = path + ("sources", k)
        if source["id"] in seen:
            ctx.add(spath + ("id",), f"source id '{source['id']}' appears twice")
        seen.add(source["id"])
        if "url" in source and source["kind"] == "third_party" and "accessed" not in source:
            ctx.add(spath + ("url",), "say when the page was read at this address (`accessed`)")
        if "accessed" in source:
            texts.real_date(ctx, spath + ("accessed",), source["accessed"])


def _abouts(data: dict[str, Any]) -> list[str]:
    """What a fact of a version may be about: the preamble, the domains, each paragraph."""
    paragraphs = [
        str(p.get("id"))
        for chapter in data.get("chapters") or ()
        for p in chapter.get("paragraphs") or ()
        if isinstance(p, dict)
    ]
    return ["preamble", "domains", *paragraphs]


def _parts(data: dict[str, Any]):
    """Every domain, measure and award, with its path."""
    for i, domain in enumerate(data.get("domains") or ()):
        yield ("domains", i), domain
    for c, chapter in enumerate(data.get("chapters") or ()):
        for m, measure in enumerate(chapter.get("measures") or ()):
            yield ("chapters", c, "measures", m), measure
            for a, award in enumerate(measure.get("awards") or ()):
                yield ("chapters", c, "measures", m, "awards", a), award


def _entries(
    ctx: Context,
    place: DataPath,
    part: dict[str, Any],
    later: dict[str, dict[str, Any]],
    declared: set[str],
) -> None:
    is_measure = len(place) == 4 and place[0] == "chapters"
    for vid, entry in (part.get("versions") or {}).items():
        path = place + ("versions", vid)
        version = later.get(vid)
        if version is None:
            ctx.add(
                path,
                f"'{vid}' is not a later version; versions after the first: "
                f"{', '.join(later) or 'none'}",
            )
            continue
        status = entry["status"]
        sources = {s["id"] for s in version.get("sources") or ()}
        held = vid in declared
        if "source" in entry and entry["source"] not in sources:
            ctx.add(path + ("source",), f"no source '{entry['source']}' in version '{vid}'")
        elif not held and status != "unknown" and "source" not in entry:
            ctx.add(
                path + ("status",),
                f"'{status}' in version '{vid}', whose text is not held: say where that is "
                "known from (`source`, one of the version's sources)",
            )
        if status in ("changed", "removed") and "note" not in entry:
            ctx.add(path + ("status",), f"{status}: say what, in a `note`")
        if "responsible" in entry and not is_measure:
            ctx.add(path + ("responsible",), "only a measure names responsible units")
        if "figure" in entry and (len(place) != 6 or status != "changed"):
            ctx.add(
                path + ("figure",),
                "only a changed award says its version gives no figure (a removed one gives none)",
            )
        for key in _HELD_ONLY:
            if key not in entry:
                continue
            if not is_measure:
                ctx.add(path + (key,), f"only a measure gives its {key} in a version")
            elif not held:
                ctx.add(
                    path + (key,),
                    f"version '{vid}' holds no text yet: its {key} cannot be held against it",
                )
            elif status != "changed":
                ctx.add(path + (key,), f"a measure that is {status} there gives no {key}")


def _held(ctx: Context, vid: str, text: Outline) -> None:
    """Every measure against the held text of version vid."""
    for place, measure in _parts(ctx.data):
        if len(place) != 4:
            continue
        number = measure.get("number")
        entry = (measure.get("versions") or {}).get(vid)
        path = place + ("versions", vid)
        if entry is None or entry["status"] == "unknown":
            ctx.add(
                place + ("number",),
                f"the text of version '{vid}' is held: say whether measure {number} is same, "
                f"changed or removed there (versions: {{{vid}: {{status: ...}}}})",
            )
            continue
        status = entry["status"]
        title = (entry.get("title") or measure["title"])["zh"]
        there = text.measure_titled(title)
        if status == "removed":
            if text.measure_titled(measure["title"]["zh"]):
                ctx.add(path + ("status",), f"removed, but the text of '{vid}' has it")
            continue
        if there is None:
            ctx.add(
                path + ("status",),
                f"the text of version '{vid}' has no measure titled '{title}'",
            )
            continue
        heading = f"（{chinese_numeral(there.number)}）"
        if status == "same":
            if there.clause != measure["clause"]["zh"]:
                ctx.add(
                    path + ("status",),
                    f"same, but measure {heading} of version '{vid}' differs ("
                    + difference(
                        measure["clause"]["zh"], there.clause, there.line, len(heading + title) + 1
                    ),
                )
            continue
        _changed(ctx, path, entry, measure, there, vid)


def _changed(
    ctx: Context,
    path: DataPath,
    entry: dict[str, Any],
    measure: dict[str, Any],
    there,
    vid: str,
) -> None:
    clause_zh = (entry.get("clause") or {}).get("zh")
    if clause_zh is None:
        ctx.add(path + ("status",), f"changed in '{vid}', whose text is held: give its clause")
        return
    heading = f"（{chinese_numeral(there.number)}）"
    if clause_zh != there.clause:
        ctx.differs(
            path + ("clause", "zh"),
            f"is not verbatim in the text of version '{vid}' ("
            + difference(clause_zh, there.clause, there.line, len(heading + there.title) + 1),
        )
        return
    clause = Clause(there.clause)
    not_figures(ctx, path, clause)
    ids: set[str] = set()
    for k, award in enumerate(entry.get("awards") or (), start=1):
        apath = path + ("awards", k - 1)
        expected = f"{there.number}.{k}"
        if award["id"] != expected:
            ctx.add(apath + ("id",), f"award {k} of this measure must have id {expected}")
        if award["id"] in ids:
            ctx.add(apath + ("id",), f"award id {award['id']} is used twice")
        ids.add(award["id"])
        words = Words(clause, k)
        not_figures(ctx, apath, clause)
        ctx.guarded(rule, ctx, words, apath + ("rule",))
        ctx.guarded(award_tags, ctx, words, apath)
    account(ctx, path + ("clause", "zh"), clause)
    texts.measure_texts(ctx, path, there.clause)
