"""What the browser pages call, through the Web Worker: JSON text in, JSON text out.

Every answer is `{"ok": true, ...}` or `{"ok": false, "errors": {field: message}}`, with every
field's error at once and in the page's language, so the page can mark each field.
"""

from __future__ import annotations

import json
from typing import Any

from .api import find_award, load_policy, result_dict
from .estimate import estimate
from .finder import find, matches_dicts, parse_profile
from .inputs import InputError, parse
from .sheet import build_sheet, entries_from, sheet_csv, sheet_dict, sheet_json


def _out(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


def _refused(problem: InputError, lang: str) -> str:
    return _out({"ok": False, "errors": {problem.name: problem.message(lang)}})


def page_estimate(award_id: str, fields_json: str, lang: str) -> str:
    """The browser page's entry point: JSON in, JSON out, every field's error at once."""
    policy = load_policy()
    try:
        award = find_award(policy, award_id)
    except InputError as problem:
        return _refused(problem, lang)
    parsed = parse(policy, award, json.loads(fields_json))
    if parsed.errors:
        errors = {name: message(lang) for name, message in parsed.errors.items()}
        return _out({"ok": False, "errors": errors})
    result = estimate(policy, award, parsed.values)
    return _out({"ok": True, "result": result_dict(policy, award, result, lang)})


def page_find(answers_json: str, lang: str) -> str:
    """The finder: answers → every award, kept or left out with its reasons."""
    policy = load_policy()
    try:
        profile = parse_profile(policy, json.loads(answers_json))
    except InputError as problem:
        return _refused(problem, lang)
    return _out({"ok": True, "awards": matches_dicts(find(policy, profile), lang)})


def page_sheet(entries_json: str, lang: str) -> str:
    """The combined sheet, with its CSV and JSON downloads made by the same code."""
    policy = load_policy()
    try:
        entries = entries_from(json.loads(entries_json))
    except InputError as problem:
        return _refused(problem, lang)
    sheet = build_sheet(policy, entries, lang)
    return _out(
        {
            "ok": True,
            "sheet": sheet_dict(policy, sheet, lang),
            "csv": sheet_csv(sheet, lang),
            "json": sheet_json(policy, sheet, lang),
        }
    )
