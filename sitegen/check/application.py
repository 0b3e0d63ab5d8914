"""The check of how to apply (`application:` in a later version's entry; decisions/0022).

What is known of applying is recorded with where it is known from, or not at all:
- only a measure or an award says how to apply, and not where its version removed it;
- every field that is known names its `source`, an id of that version's `sources` (the
  responsible units rest on the entry's own `source`); a status of not_yet_known needs none;
- the window's days are real calendar days (YYYY-MM-DD), the first not after the last;
- the address of where to apply is https, to a named host, with no credentials, spaces or
  control characters.
Free texts (the name of where to apply) are held like every other text of the file by
sitegen/texts.py (markup, Markdown constructs, control characters, English not shorter).

The step `application(ctx)` adds what `problems(loaded, refused)` finds, in the check's Problem
and FILE:LINE form; a value the schema refused is not checked again.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..places import where_of
from ..problems import Problem
from ..yamlsource import Loaded
from .context import Context

Path = tuple[Any, ...]
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"'<>\\`]")
_FIELDS = ("where", "window", "status", "without_application")


def application(ctx: Context) -> None:
    """The check's step: how to apply, where a later version's entry says it."""
    ctx.problems.extend(problems(ctx.loaded, ctx.refused))


def problems(loaded: Loaded, refused: set[Path] = frozenset()) -> list[Problem]:
    """Every problem of the application fields of the file, each on its line."""
    found: list[Problem] = []
    data = loaded.data
    if not isinstance(data, dict):
        return found

    def add(path: Path, message: str) -> None:
        found.append(Problem(loaded.key_line_of(path), where_of(data, path), message))

    def refused_at(path: Path) -> bool:
        return any(path[:i] in refused for i in range(len(path) + 1))

    sources = _sources(data)
    for place, part, kind, measure in _parts(data):
        entries = part.get("versions")
        if not isinstance(entries, dict):
            continue
        for vid, entry in entries.items():
            path = place + ("versions", vid)
            if not isinstance(entry, dict) or refused_at(path) or vid not in sources:
                continue  # not a later version: the versions step says so
            if kind == "award" and _status(measure, vid) == "removed":
                kind = "award of a removed measure"
            _entry(add, refused_at, path, entry, kind, sources[vid])
    return found


def _sources(data: dict[str, Any]) -> dict[str, set[str]]:
    """The later versions, each with the ids of its sources."""
    versions = data.get("versions")
    if not isinstance(versions, list):
        return {}
    found: dict[str, set[str]] = {}
    for version in versions[1:]:
        if isinstance(version, dict) and isinstance(version.get("id"), str):
            found[version["id"]] = {
                str(s.get("id")) for s in version.get("sources") or () if isinstance(s, dict)
            }
    return found


def _parts(data: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any], str, dict[str, Any]]]:
    """Every domain, measure and award, with its path, what it is and its measure."""
    for i, domain in enumerate(_list(data.get("domains"))):
        if isinstance(domain, dict):
            yield ("domains", i), domain, "domain", {}
    for c, chapter in enumerate(_list(data.get("chapters"))):
        if not isinstance(chapter, dict):
            continue
        for m, measure in enumerate(_list(chapter.get("measures"))):
            if not isinstance(measure, dict):
                continue
            mpath = ("chapters", c, "measures", m)
            yield mpath, measure, "measure", measure
            for a, award in enumerate(_list(measure.get("awards"))):
                if isinstance(award, dict):
                    yield mpath + ("awards", a), award, "award", measure


def _status(part: dict[str, Any], vid: str) -> Any:
    entry = (
        (part.get("versions") or {}).get(vid) if isinstance(part.get("versions"), dict) else None
    )
    return entry.get("status") if isinstance(entry, dict) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _entry(add, refused_at, path: Path, entry: dict[str, Any], kind: str, known: set[str]) -> None:
    vid = path[-1]
    if "responsible" in entry and "source" not in entry and not refused_at(path + ("source",)):
        add(
            path + ("responsible",),
            f"say where the responsible units are known from (`source`, one of version "
            f"'{vid}''s sources)",
        )
    application = entry.get("application")
    apath = path + ("application",)
    if not isinstance(application, dict) or refused_at(apath):
        return
    if kind == "domain":
        add(apath, "only a measure or an award says how to apply")
        return
    if entry.get("status") == "removed" or kind == "award of a removed measure":
        add(apath, f"removed in version '{vid}': there is nothing to apply for there")
        return
    for name in _FIELDS:
        field = application.get(name)
        fpath = apath + (name,)
        if isinstance(field, dict) and not refused_at(fpath):
            _source(add, fpath, field, name, vid, known)
    where = application.get("where")
    if isinstance(where, dict) and isinstance(where.get("url"), str):
        if not refused_at(apath + ("where", "url")):
            _url(add, apath + ("where", "url"), where["url"])
    window = application.get("window")
    if isinstance(window, dict) and not refused_at(apath + ("window",)):
        _window(add, apath + ("window",), window)


def _source(add, path: Path, field: dict[str, Any], name: str, vid: str, known: set[str]) -> None:
    """A known field names a source of its version."""
    source = field.get("source")
    if source is None:
        if name == "status" and field.get("value") == "not_yet_known":
            return
        add(
            path,
            f"say where this is known from (`source`: one of version '{vid}''s sources, such "
            "as the application notice added there)",
        )
    elif source not in known:
        listed = ", ".join(sorted(known)) or "none"
        add(
            path + ("source",),
            f"no source '{source}' in version '{vid}' (its sources: {listed}); add the notice "
            "to that version's `sources` first",
        )


def _url(add, path: Path, url: str) -> None:
    unsafe = _UNSAFE_IN_URL.search(url)
    if unsafe:
        add(path, f"holds {unsafe.group()!r}: an address has no spaces, quotes or controls")
        return
    parts = urlsplit(url)
    if parts.scheme != "https":
        add(path, f"'{url[:60]}' is not an https address: link only https pages")
    elif not parts.hostname or "." not in parts.hostname:
        add(path, f"'{url[:60]}' names no host (write it as https://host/page)")
    elif parts.username is not None or parts.password is not None:
        add(path, "holds a user name or password: link the page itself")


def _day(add, path: Path, text: Any) -> date | None:
    match = _ISO_DATE.match(text) if isinstance(text, str) else None
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        pass
    add(path, f"'{text}' is not a real date (write it as YYYY-MM-DD)")
    return None


def _window(add, path: Path, window: dict[str, Any]) -> None:
    opens = _day(add, path + ("from",), window.get("from")) if "from" in window else None
    closes = _day(add, path + ("to",), window.get("to")) if "to" in window else None
    if opens and closes and opens > closes:
        add(path + ("to",), f"{window['to']} is before the window opens ({window['from']})")
