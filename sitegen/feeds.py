"""Atom feeds (RFC 4287) of the edits to measures.yaml (decisions/0020).

    feed.xml, en/feed.xml                          every edit, in Chinese / English
    measures/NN/feed.xml, en/measures/NN/feed.xml  the edits of one measure and its awards

One entry per change of measures.yaml that reached the branch (sitegen/history.py: first-parent,
so a merge is one change), newest first, at most LIMIT; its content the sentences of
`build.py diff` in the feed's language, as the data-edit log tells them (changes.for_reader);
its link the day on the log's page. `feeds()` is a pure function from the history and the policy
to XML texts; `write()` puts them into docs/ (generated, not committed), so MkDocs copies them
into the site beside the pages (the i18n plugin moves `feed.en.xml` to `en/feed.xml`).

Ids never depend on where the site is served: name-based UUIDs (RFC 4122 version 5) of the
commit, the language and the feed, the same in every build of the same history. Links are
absolute where the site's address is known (SITE_URL, which the deploy workflow sets, or
`site_url` in mkdocs.yml), else relative to the feed, which RFC 4287 allows and readers resolve
against the feed's own address. Without the history (a shallow clone, no git) each feed says so,
in its subtitle and one entry, and the build goes on.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import jinja2
import yaml

from calculator.policy import LANGS, Policy, Text

from .changes import Change, for_reader
from .render import TEMPLATES, load_strings, marks, measure_heading

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 100  # entries a feed keeps; the log's page has them all
TITLE_CHARS = 100
LANG_TAGS = {"zh": "zh-CN", "en": "en"}
# Every id is a UUID named in this namespace (a fixed, random UUID of this project's feeds).
NAMESPACE = uuid.UUID("6f0d2a4e-5b7c-4c1e-9a53-2f8e1d7b0c64")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MEASURE = re.compile(r"(\d+)(?:\.\w+)?")


@dataclass(frozen=True)
class Site:
    """What the feeds say of the site: its name and maintainer in each language, and its
    address (absolute, ending in /) where it is known."""

    name: Text
    author: Text
    url: str | None = None


@dataclass(frozen=True)
class History:
    """The changelog (history.Entry, newest first), or why git could not give it."""

    entries: tuple[Any, ...]
    error: str | None
    fallback_time: str  # a feed's `updated` when no entry gives one (RFC 3339)


def xml_chars(value: Any) -> Any:
    """A text with what XML 1.0 cannot hold (control characters a commit's data may carry)
    replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=xml_chars,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def tools() -> tuple[jinja2.Environment, dict[str, Text]]:
    """The template environment and the site's words, made once for many feeds."""
    return _environment(), load_strings()


def measure_of(where: str) -> int | None:
    """The measure a change is about ("4" or an award "4.1"), or None (the document, a domain)."""
    match = _MEASURE.fullmatch(where or "")
    return int(match.group(1)) if match else None


def site_path(lang: str, measure: int | None) -> str:
    """Where a feed is served, from the site's root."""
    prefix = "" if lang == "zh" else "en/"
    return prefix + (f"measures/{measure:02d}/" if measure is not None else "") + "feed.xml"


def docs_path(lang: str, measure: int | None) -> str:
    """Its file under docs/ (the i18n plugin's suffix layout)."""
    folder = f"measures/{measure:02d}/" if measure is not None else ""
    return folder + ("feed.xml" if lang == "zh" else "feed.en.xml")


def _uuid(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def _scope(measure: int | None) -> str:
    return "policy" if measure is None else f"measure/{measure}"


def _time(entry: Any) -> str:
    return getattr(entry, "time", "") or f"{entry.date}T00:00:00Z"


def _instant(stamp: str) -> datetime:
    """An RFC 3339 time as an instant (committers write their own offsets: compare instants)."""
    return datetime.fromisoformat(stamp)


def _shorter(text: str) -> str:
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def _title(changes: list[Change], lang: str, strings: dict[str, Text]) -> str:
    first = changes[0]
    title = _shorter(
        (first.brief or first.said)(lang) if first.kind == "text" else first.said(lang)
    )
    more = len(changes) - 1
    return title + (strings["feed_more"](lang).replace("{n}", str(more)) if more else "")


def _content(lines: Iterable[str], commit: str, lang: str, strings: dict[str, Text]) -> str:
    """The entry's HTML (as text: the template escapes it again for XML)."""
    items = "".join(f"<li>{marks(line)}</li>" for line in lines)
    revision = strings["calc_revision"](lang) + ("：" if lang == "zh" else ": ")
    return f"<ul>{items}</ul><p>{revision}<code>{commit[:12]}</code></p>"


class _Links:
    """Addresses in one feed: absolute under the site's address, else relative to the feed."""

    def __init__(self, site: Site, path: str) -> None:
        self.base = site.url or "../" * path.count("/")
        self.self = (site.url + path) if site.url else path.rsplit("/", 1)[-1]

    def page(self, page: str) -> str:
        return self.base + page


def _relevant(changes: Iterable[Change], measure: int | None) -> list[Change]:
    if measure is None:
        return list(changes)
    return [c for c in changes if measure_of(c.where) == measure]


def _entries(history: History, lang: str, measure: int | None, links: _Links, strings) -> list:
    prefix = "" if lang == "zh" else "en/"
    found = []
    for entry in history.entries:
        changes = _relevant(entry.changes, measure)
        if not changes:
            continue
        found.append(
            {
                "id": _uuid(f"entry/{entry.commit}/{lang}/{_scope(measure)}"),
                "title": _title(changes, lang, strings),
                "updated": _time(entry),
                "link": links.page(f"{prefix}history/#{entry.date}"),
                "content": _content(
                    [for_reader(c, lang) for c in changes], entry.commit, lang, strings
                ),
            }
        )
    return found


def _no_history(history: History, lang: str, measure: int | None, links: _Links, strings) -> dict:
    said = strings["chg_no_history"](lang)
    prefix = "" if lang == "zh" else "en/"
    return {
        "id": _uuid(f"no-history/{lang}/{_scope(measure)}"),
        "title": said,
        "updated": history.fallback_time,
        "link": links.page(f"{prefix}history/"),
        "content": f"<p>{marks(said)}{'：' if lang == 'zh' else ': '}{marks(history.error)}</p>",
    }


def feed(
    history: History,
    policy: Policy,
    site: Site,
    lang: str,
    measure: int | None,
    made: tuple[jinja2.Environment, dict[str, Text]] | None = None,
) -> str:
    """One feed's XML text: the whole policy's (measure None) or one measure's, in `lang`;
    `made`: the template environment and strings, where a caller writes many."""
    env, strings = made or tools()
    path = site_path(lang, measure)
    links = _Links(site, path)
    entries = _entries(history, lang, measure, links, strings)
    subtitle = [strings["feed_subtitle"](lang)]
    prefix = "" if lang == "zh" else "en/"
    if measure is None:
        name, page = site.name(lang), f"{prefix}history/"
    else:
        heading = measure_heading(next(m for m in policy.measures if m.number == measure), lang)
        name, page = heading, f"{prefix}measures/{measure:02d}/"
        subtitle.append(strings["feed_subtitle_measure"](lang))
    if history.error is not None:
        colon = "：" if lang == "zh" else ": "
        subtitle.append(f"{strings['chg_no_history'](lang)}{colon}{history.error}")
        entries = [_no_history(history, lang, measure, links, strings)]
    if len(entries) > LIMIT:
        entries = entries[:LIMIT]
        subtitle.append(strings["feed_cut"](lang).replace("{n}", str(LIMIT)))
    data = {
        "lang": LANG_TAGS[lang],
        "id": _uuid(f"feed/{lang}/{_scope(measure)}"),
        "title": strings["feed_title"](lang).replace("{name}", name),
        "subtitle": ("" if lang == "zh" else " ").join(subtitle),
        "updated": max(
            (e["updated"] for e in entries), key=_instant, default=history.fallback_time
        ),
        "author": site.author(lang),
        "self": links.self,
        "page": links.page(page),
        "entries": entries,
    }
    return env.get_template("feed.xml.j2").render(feed=data)


def feeds(history: History, policy: Policy, site: Site) -> dict[str, str]:
    """Every feed, by its file under docs/."""
    made = tools()
    out = {}
    for lang in LANGS:
        for measure in [None] + [m.number for m in policy.measures]:
            out[docs_path(lang, measure)] = feed(history, policy, site, lang, measure, made)
    return out


# ---- I/O at the edges --------------------------------------------------------------------------


class _Lenient(yaml.SafeLoader):
    """mkdocs.yml as data: its Python tags (the slugify function) read as nothing."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def site_settings(mkdocs_yml: Path = ROOT / "mkdocs.yml") -> Site:
    """The site's name and author in each language (mkdocs.yml, its i18n plugin's English),
    and its address: SITE_URL, else `site_url`, if it is an http(s) address."""
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Lenient) or {}
    except OSError:  # a copy of the project without the site's settings: the site's own name
        config = {}
    if not isinstance(config, dict):
        config = {}
    english: dict[str, Any] = {}
    for plugin in config.get("plugins") or ():
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in (plugin["i18n"] or {}).get("languages") or ():
                if language.get("locale") == "en":
                    english = language
    own = load_strings()["site_name"]
    name = str(config.get("site_name") or own.zh)
    author = str(config.get("site_author") or name)
    url = os.environ.get("SITE_URL") or config.get("site_url") or ""
    url = str(url).strip()
    absolute = re.fullmatch(r"https?://[^/\s]+(/\S*)?", url)
    return Site(
        Text(name, str(english.get("site_name") or (name if config else own.en))),
        Text(author, str(english.get("site_author") or (author if config else own.en))),
        (url.rstrip("/") + "/") if absolute else None,
    )


def fallback_time() -> str:
    """When the data last changed as git knows it (a shallow clone knows its one commit), else
    now: the feeds' `updated` where no entry gives one."""
    try:
        run = subprocess.run(
            ["git", "log", "-1", "--format=%cI", "--", "measures.yaml"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if run.returncode == 0 and run.stdout.strip():
            return run.stdout.strip()
    except OSError:
        pass
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def history_of(read: tuple[list[Any], str | None]) -> History:
    """The feeds' history from what render.read_history() gave."""
    return History(tuple(read[0]), read[1], fallback_time())


def write(docs: Path, texts: dict[str, str]) -> None:
    """The feeds into docs/ (unchanged files keep their mtime); a removed measure's go."""
    for old in [*docs.glob("feed*.xml"), *docs.glob("measures/*/feed*.xml")]:
        if old.relative_to(docs).as_posix() not in texts:
            old.unlink()
    for relative, text in texts.items():
        path = docs / relative
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
