"""What the browser pages call, through the Web Worker: JSON text in, JSON text out.

Every answer is `{"ok": true, ...}` or `{"ok": false, "errors": {field: message}}`, with every
field's error at once and in the page's language, so the page can mark each field. Each takes the
rules of the site's own data unless given others (`policy`: tests, other data revisions).

The finder and the sheet are imported by the functions that use them: in Pyodide, importing
them costs a first estimate about a tenth of its import time (decisions/0021).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from .api import attempt, find_award, load_policy
from .inputs import InputError, read_fields
from .messages import say
from .policy import Policy


def _out(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


def _refused(problem: InputError, lang: str) -> str:
    return _out({"ok": False, "errors": {problem.name: problem.message(lang)}})


def page_estimate(award_id: str, fields_json: str, lang: str, policy: Policy | None = None) -> str:
    """The calculator page: one award's estimate, or every field's error at once."""
    result, errors = attempt(policy or load_policy(), award_id, json.loads(fields_json), lang)
    if result is None:
        return _out({"ok": False, "errors": {name: m(lang) for name, m in errors.items()}})
    return _out({"ok": True, "result": result})


def page_read(award_id: str, fields_json: str, lang: str, policy: Policy | None = None) -> str:
    """As the person types: how each filled-in field was read, with a question where a figure
    looks like a slip, or what is wrong with it. No estimate."""
    policy = policy or load_policy()
    try:
        award = find_award(policy, award_id)
    except InputError as problem:
        return _refused(problem, lang)
    fields = read_fields(policy, award, json.loads(fields_json))
    return _out(
        {
            "ok": True,
            "fields": {
                name: {key: text(lang) for key, text in found.items()}
                for name, found in fields.items()
            },
        }
    )


def page_find(answers_json: str, lang: str, policy: Policy | None = None) -> str:
    """The finder: answers → every award, kept or left out with its reasons; the measures with
    no amount that concern the reader, with why; and what may fit in the order to show it."""
    from .finder import find, matches_dicts, parse_profile, ranked, related_dicts, related_matches

    policy = policy or load_policy()
    try:
        profile = parse_profile(policy, json.loads(answers_json))
    except InputError as problem:
        return _refused(problem, lang)
    matches = find(policy, profile)
    measures = related_matches(policy, profile)
    return _out(
        {
            "ok": True,
            "awards": matches_dicts(matches, lang),
            "related": [r.measure.number for r in measures],
            "measures": related_dicts(measures, lang),
            "order": ranked(policy, matches, measures),
        }
    )


def page_sheet(
    entries_json: str,
    lang: str,
    made: str = "",
    where_json: str = "",
    policy: Policy | None = None,
) -> str:
    """The combined sheet, with its CSV and JSON downloads made by the same code; `made` is the
    reader's date and `where_json` the page's address and the sheet's link ({site, link}),
    which the downloads state."""
    from .sheet import (
        as_json,
        build_sheet,
        entries_from,
        results,
        sheet_calendar,
        sheet_csv,
        sheet_dict,
    )

    policy = policy or load_policy()
    try:
        entries = entries_from(json.loads(entries_json))
        where = _where(where_json)
    except InputError as problem:
        return _refused(problem, lang)
    sheet = build_sheet(policy, entries)
    said = results(policy, sheet, lang)  # every entry put in the page's language once
    shown = sheet_dict(policy, sheet, lang, made, said, where)
    return _out(
        {
            "ok": True,
            "sheet": shown,
            "csv": sheet_csv(policy, sheet, lang, made, said, where),
            "json": as_json(shown),
            "calendar": sheet_calendar(policy, sheet, lang, datetime.now(timezone.utc)),
        }
    )


def _where(where_json: str) -> dict[str, str]:
    """The page's address and the sheet's link, as the browser gives them: short strings."""
    raw = json.loads(where_json) if where_json else {}
    if not isinstance(raw, dict):
        raise InputError("where", say("sheet_not_list"))
    return {k: str(raw[k])[:4000] for k in ("site", "link") if isinstance(raw.get(k), str)}
