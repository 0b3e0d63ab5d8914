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

from pathlib import Path
from typing import Any

from . import accounting, texts
from .figures import chinese_numeral
from .outline import Outline, outline
from .textfile import FileRefused, read_text

ROOT = Path(__file__).resolve().parent.parent
_HELD_ONLY = ("title", "clause", "summary", "awards", "not_figures")


def _text(checker: Any, path: tuple[Any, ...], file: str, root: Path) -> Outline | None:
    """A held version's text: a regular UTF-8 file inside the repository, as the first one."""
    root = root.resolve()
    try:
        target = (root / file).resolve()
    except (OSError, RuntimeError):
        checker.add(path, f"'{file}' cannot be resolved to a file")
        return None
    if not target.is_relative_to(root):
        checker.add(path, f"'{file}' leads outside the repository; name a file under sources/")
        return None
    try:
        return outline(read_text(target))
    except FileRefused as refused:
        checker.add(path, f"the text {file} {refused.message}")
        return None


def check_versions(checker: Any, root: Path = ROOT) -> None:
    versions = checker.data.get("versions")
    if not isinstance(versions, list) or checker.refused_within(("versions",)):
        return
    known: dict[str, dict[str, Any]] = {}
    texts_of: dict[str, Outline] = {}
    previous = None
    for i, version in enumerate(versions):
        path = ("versions", i)
        vid = version["id"]
        if vid in known:
            checker.add(path + ("id",), f"version id '{vid}' appears twice")
        known[vid] = version
        texts.real_date(checker, path + ("date",), version["date"])
        if previous and version["date"] < previous:
            checker.add(path + ("date",), f"{version['date']} is before the version above it")
        previous = version["date"]
        if i == 0 and "text" in version:
            checker.add(
                path + ("text",),
                "the first version's text is document.source (the text the chapters transcribe)",
            )
        sources = {s["id"] for s in version.get("sources") or ()}
        _sources(checker, path, version)
        abouts = _abouts(checker.data)
        for k, fact in enumerate(version.get("facts") or ()):
            if fact["source"] not in sources:
                checker.add(
                    path + ("facts", k, "source"),
                    f"no source '{fact['source']}' in this version's sources",
                )
            if "about" in fact and fact["about"] not in abouts:
                checker.add(
                    path + ("facts", k, "about"),
                    f"'{fact['about']}' is no part of the document; a fact is about one of: "
                    + ", ".join(abouts),
                )
        held = version.get("text")
        if held and i > 0:
            texts.real_date(checker, path + ("text", "checked"), held["checked"])
            found = _text(checker, path + ("text", "file"), held["file"], root)
            if found is not None:
                texts_of[vid] = found
    later = {v["id"]: v for v in versions[1:]}
    # A version that names its text is held, even where the file cannot be read (said above).
    declared = {v["id"] for v in versions[1:] if v.get("text")}
    for place, part in _parts(checker.data):
        _entries(checker, place, part, later, declared)
    for vid, text in texts_of.items():
        _held(checker, vid, text)


def _sources(checker: Any, path: tuple[Any, ...], version: dict[str, Any]) -> None:
    """Each source's ids once; a third party's page always with the date it was read there (an
    authority's own site is named as the place to look, not as a page read)."""
    seen: set[str] = set()
    for k, source in enumerate(version.get("sources") or ()):
        spath = path + ("sources", k)
        if source["id"] in seen:
            checker.add(spath + ("id",), f"source id '{source['id']}' appears twice")
        seen.add(source["id"])
        if "url" in source and source["kind"] == "third_party" and "accessed" not in source:
            checker.add(spath + ("url",), "say when the page was read at this address (`accessed`)")
        if "accessed" in source:
            texts.real_date(checker, spath + ("accessed",), source["accessed"])


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
    checker: Any,
    place: tuple[Any, ...],
    part: dict[str, Any],
    later: dict[str, dict[str, Any]],
    declared: set[str],
) -> None:
    is_measure = len(place) == 4 and place[0] == "chapters"
    for vid, entry in (part.get("versions") or {}).items():
        path = place + ("versions", vid)
        version = later.get(vid)
        if version is None:
            checker.add(
                path,
                f"'{vid}' is not a later version; versions after the first: "
                f"{', '.join(later) or 'none'}",
            )
            continue
        status = entry["status"]
        sources = {s["id"] for s in version.get("sources") or ()}
        held = vid in declared
        if "source" in entry and entry["source"] not in sources:
            checker.add(path + ("source",), f"no source '{entry['source']}' in version '{vid}'")
        elif not held and status != "unknown" and "source" not in entry:
            checker.add(
                path + ("status",),
                f"'{status}' in version '{vid}', whose text is not held: say where that is "
                "known from (`source`, one of the version's sources)",
            )
        if status in ("changed", "removed") and "note" not in entry:
            checker.add(path + ("status",), f"{status}: say what, in a `note`")
        if "responsible" in entry and not is_measure:
            checker.add(path + ("responsible",), "only a measure names responsible units")
        if "figure" in entry and (len(place) != 6 or status != "changed"):
            checker.add(
                path + ("figure",),
                "only a changed award says its version gives no figure (a removed one gives none)",
            )
        for key in _HELD_ONLY:
            if key not in entry:
                continue
            if not is_measure:
                checker.add(path + (key,), f"only a measure gives its {key} in a version")
            elif not held:
                checker.add(
                    path + (key,),
                    f"version '{vid}' holds no text yet: its {key} cannot be held against it",
                )
            elif status != "changed":
                checker.add(path + (key,), f"a measure that is {status} there gives no {key}")


def _held(checker: Any, vid: str, text: Outline) -> None:
    """Every measure against the held text of version vid."""
    for place, measure in _parts(checker.data):
        if len(place) != 4:
            continue
        number = measure.get("number")
        entry = (measure.get("versions") or {}).get(vid)
        path = place + ("versions", vid)
        if entry is None or entry["status"] == "unknown":
            checker.add(
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
                checker.add(path + ("status",), f"removed, but the text of '{vid}' has it")
            continue
        if there is None:
            checker.add(
                path + ("status",),
                f"the text of version '{vid}' has no measure titled '{title}'",
            )
            continue
        heading = f"（{chinese_numeral(there.number)}）"
        if status == "same":
            if there.clause != measure["clause"]["zh"]:
                checker.add(
                    path + ("status",),
                    f"same, but measure {heading} of version '{vid}' differs ("
                    + checker.difference(
                        measure["clause"]["zh"], there.clause, there.line, len(heading + title) + 1
                    ),
                )
            continue
        _changed(checker, path, entry, measure, there, vid)


def _changed(
    checker: Any,
    path: tuple[Any, ...],
    entry: dict[str, Any],
    measure: dict[str, Any],
    there,
    vid: str,
) -> None:
    clause_zh = (entry.get("clause") or {}).get("zh")
    if clause_zh is None:
        checker.add(path + ("status",), f"changed in '{vid}', whose text is held: give its clause")
        return
    heading = f"（{chinese_numeral(there.number)}）"
    if clause_zh != there.clause:
        checker.differs(
            path + ("clause", "zh"),
            f"is not verbatim in the text of version '{vid}' ("
            + checker.difference(
                clause_zh, there.clause, there.line, len(heading + there.title) + 1
            ),
        )
        return
    clause = there.clause
    uses: list[accounting.Use] = []
    covered = checker.not_figures(path, clause)
    ids: set[str] = set()
    for k, award in enumerate(entry.get("awards") or (), start=1):
        apath = path + ("awards", k - 1)
        expected = f"{there.number}.{k}"
        if award["id"] != expected:
            checker.add(apath + ("id",), f"award {k} of this measure must have id {expected}")
        if award["id"] in ids:
            checker.add(apath + ("id",), f"award id {award['id']} is used twice")
        ids.add(award["id"])
        covered.extend(checker.not_figures(apath, clause))
        checker.guarded(checker.rule, apath + ("rule",), award["rule"], clause, k, uses)
        checker.guarded(checker.finder_tags, apath, award, clause, k, uses)
    accounting.account(checker, path + ("clause", "zh"), clause, uses, covered, "clause")
    texts.measure_texts(checker, path, entry, clause)
