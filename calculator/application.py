"""Where and by when to apply for a measure or award, as far as known (measures.yaml).

An application is made under a version of the policy in force, so what is known of it is
recorded where that version's other facts are: in the measure's or award's `versions:` entry of
the newest version, under `application:` (where to apply, the window, its status, whether it is
granted without application, 免申即享), each field with the `source` it comes from (an id of
that version's `sources`). The responsible units (责任单位) are the entry's own `responsible`,
under the entry's `source`: the text names them per measure, so an award has its measure's.
An award's other fields fall back, one by one, to its measure's (a notice for a measure covers
its awards unless one says otherwise). Everything not recorded is not yet known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .messages import say
from .text import Text
from .versions import mid, spoken_date

# The status of the application window, as the source says it (not computed from today's date).
STATUSES = ("not_yet_open", "open", "closed", "not_yet_known")
NOT_YET_KNOWN = "not_yet_known"


@dataclass(frozen=True)
class Units:
    """The responsible units (责任单位)."""

    text: Text
    source: str


@dataclass(frozen=True)
class Place:
    """Where to apply: its name and, where known, its address (https)."""

    name: Text
    url: str | None
    source: str


@dataclass(frozen=True)
class Window:
    """The application window, both days included (YYYY-MM-DD)."""

    opens: str
    closes: str
    source: str


@dataclass(frozen=True)
class Known:
    """A value with its source: the status, or whether it is granted without application."""

    value: Any
    source: str | None


@dataclass(frozen=True)
class Application:
    version: str | None  # the version applied under (the newest); None: there is none later
    responsible: Units | None = None
    where: Place | None = None
    window: Window | None = None
    status: Known = Known(NOT_YET_KNOWN, None)
    without_application: Known | None = None  # 免申即享: True or False, with its source
    removed: bool = False  # the version removed this award: nothing to apply for

    @property
    def known(self) -> bool:
        """Anything at all is known of it."""
        return any(
            (
                self.responsible,
                self.where,
                self.window,
                self.status.value != NOT_YET_KNOWN,
                self.without_application,
            )
        )

    def sources(self) -> tuple[str, ...]:
        """The ids of the sources its known fields rest on, each once, in the order shown."""
        found: list[str] = []
        for item in (
            self.responsible,
            self.where,
            self.window,
            self.status,
            self.without_application,
        ):
            source = getattr(item, "source", None)
            if source and source not in found:
                found.append(source)
        return tuple(found)


def _entry(part: Mapping[str, Any], version: str) -> Mapping[str, Any]:
    return ((part.get("versions") or {}).get(version)) or {}


def _fields(entry: Mapping[str, Any]) -> dict[str, Any]:
    raw = entry.get("application") or {}
    found: dict[str, Any] = {}
    if raw.get("where"):
        w = raw["where"]
        found["where"] = Place(Text.of(w["name"]), w.get("url"), str(w["source"]))
    if raw.get("window"):
        w = raw["window"]
        found["window"] = Window(str(w["from"]), str(w["to"]), str(w["source"]))
    if raw.get("status"):
        s = raw["status"]
        found["status"] = Known(str(s["value"]), s.get("source"))
    if raw.get("without_application"):
        f = raw["without_application"]
        found["without_application"] = Known(bool(f["value"]), str(f["source"]))
    return found


def of_measure(measure: Mapping[str, Any], version: str | None) -> Application:
    if version is None:
        return Application(None)
    entry = _entry(measure, version)
    if entry.get("status") == "removed":
        return Application(version, removed=True)
    units = None
    if entry.get("responsible") and entry.get("source"):
        units = Units(Text.of(entry["responsible"]), str(entry["source"]))
    return Application(version, responsible=units, **_fields(entry))


def of_award(
    award: Mapping[str, Any], measure: Mapping[str, Any], version: str | None
) -> Application:
    """An award's: its own fields, else its measure's; its measure's responsible units."""
    base = of_measure(measure, version)
    if version is None or base.removed:
        return base
    entry = _entry(award, version)
    if entry.get("status") == "removed":
        return Application(version, removed=True)
    inherited = {
        "responsible": base.responsible,
        "where": base.where,
        "window": base.window,
        "status": base.status,
        "without_application": base.without_application,
    }
    return Application(version, **{**inherited, **_fields(entry)})


# ---- in words ----------------------------------------------------------------------------------
# The rows every output shows, in this order, each said "not yet known" until recorded.
FIELDS = ("responsible", "where", "window", "status", "without_application")
_LABELS = {
    "responsible": "apply_responsible",
    "where": "apply_where",
    "window": "apply_window",
    "status": "apply_status",
    "without_application": "apply_without",
}


@dataclass(frozen=True)
class Row:
    """One field of an application, said: its label, its value (or "not yet known"), the
    source it rests on (a version's Source, or None), and an address where it has one."""

    field: str
    label: Text
    value: Text
    source: Any = None  # calculator.versions.Source
    url: str | None = None

    @property
    def known(self) -> bool:
        return self.source is not None


def rows(app: Application, version: Any) -> tuple[Row, ...]:
    """The fields of an application as rows; `version` is the Version it is made under."""
    if app.version is None or app.removed:
        return ()
    sources = version.sources
    unknown = say("apply_not_known")

    def row(name: str, value: Text | None, source: str | None, url: str | None = None) -> Row:
        label = say(_LABELS[name])
        if value is None or source is None:
            return Row(name, label, value or unknown)
        return Row(name, label, value, sources.get(source), url)

    window = app.window
    flag = app.without_application
    status = app.status.value
    return (
        row(
            "responsible",
            app.responsible.text if app.responsible else None,
            getattr(app.responsible, "source", None),
        ),
        row(
            "where",
            app.where.name if app.where else None,
            getattr(app.where, "source", None),
            app.where.url if app.where else None,
        ),
        row(
            "window",
            window_said(window) if window else None,
            getattr(window, "source", None),
        ),
        row(
            "status",
            None if status == NOT_YET_KNOWN else say(f"apply_{status}"),
            app.status.source,
        ),
        row(
            "without_application",
            say("apply_without_yes" if flag.value else "apply_without_no") if flag else None,
            getattr(flag, "source", None),
        ),
    )


def window_said(window: Window) -> Text:
    return say(
        "apply_window_said", opens=spoken_date(window.opens), closes=spoken_date(window.closes)
    )


def intro(app: Application, version: Any, followed: Any) -> Text:
    """The sentence before the rows: which version one applies under, or why there is none."""
    if app.version is None:
        return say("apply_no_version", label=mid(followed.label))
    if app.removed:
        return say("apply_removed", label=mid(version.label))
    return say("apply_under", label=mid(version.label), date=spoken_date(version.date))


def lines(app: Application, version: Any, followed: Any) -> list[Text]:
    """The application in sentences, for text output (CLI, CSV, print): the intro, each field
    with its source (its address too), and a caution where no notice is held."""
    said = [intro(app, version, followed)]
    for r in rows(app, version):
        value = Text(f"{r.value.zh}（{r.url}）", f"{r.value.en} ({r.url})") if r.url else r.value
        if r.source is None:
            said.append(say("apply_line", label=r.label, value=value))
        else:
            said.append(
                say("apply_line_sourced", label=r.label, value=value, source=source_said(r.source))
            )
    if app.version is not None and not app.removed and not (app.where or app.window):
        said.append(say("apply_no_notice"))
    return said


def source_said(source: Any) -> Text:
    """A source in words: its label, and its address where it has one."""
    if source.url:
        return Text(f"{source.label.zh}，{source.url}", f"{source.label.en}, {source.url}")
    return source.label


def as_dict(app: Application, version: Any, followed: Any, lang: str) -> dict[str, Any]:
    """The application as plain data (results, the sheet, the static API)."""
    fields: dict[str, Any] = {}
    for r in rows(app, version):
        fields[r.field] = {
            "known": r.known,
            "said": r.value(lang),
            "source": {
                "id": r.source.id,
                "label": r.source.label(lang),
                "url": r.source.url,
            }
            if r.source
            else None,
        }
        if r.field == "where":
            fields[r.field]["url"] = r.url
    if fields:
        window = app.window
        fields["window"].update(
            {"from": window.opens if window else None, "to": window.closes if window else None}
        )
        fields["status"]["value"] = app.status.value
        flag = app.without_application
        fields["without_application"]["value"] = flag.value if flag else None
    return {
        "version": app.version,
        "removed": app.removed,
        "known": app.known,
        "heading": say("apply_heading")(lang),
        "intro": intro(app, version, followed)(lang),
        **{name: fields.get(name) for name in FIELDS},
        "lines": [line(lang) for line in lines(app, version, followed)],
    }


def version_of(policy: Any, app: Application) -> Any:
    """The Version an application is made under (None where there is none)."""
    return next((v for v in policy.versions if v.id == app.version), None)


def said(policy: Any, app: Application, lang: str) -> dict[str, Any]:
    """as_dict on a Policy: the one call results, the sheet and the API make."""
    return as_dict(app, version_of(policy, app), policy.version, lang)


def said_lines(policy: Any, app: Application) -> list[Text]:
    return lines(app, version_of(policy, app), policy.version)


def brief(app: Application) -> Text | None:
    """A few words for a compact list (the finder's rows), only of what is known: the window
    (with its status), else the status, else that it is granted without application; None
    where none of these is known (the measure's page says so, field by field)."""
    if app.version is None or app.removed:
        return None
    status = app.status.value
    state = None if status == NOT_YET_KNOWN else say(f"apply_{status}")
    if app.window is not None:
        said = window_said(app.window)
        if state is not None:
            said = Text(f"{said.zh}（{state.zh}）", f"{said.en} ({state.en})")
        return say("apply_line", label=say("apply_window"), value=said)
    if state is not None:
        return say("apply_line", label=say("apply_status"), value=state)
    flag = app.without_application
    if flag is not None and flag.value:
        return say("apply_line", label=say("apply_without"), value=say("apply_without_yes"))
    return None
