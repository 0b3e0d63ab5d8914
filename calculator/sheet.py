"""A combined estimate: several awards, each with its own figures, on one sheet.

Each entry is estimated alone, exactly as the calculator does; the sheet adds them up only as a
sum of upper bounds, and states the rules that limit combining them. The total is never a
promise: each award is decided on its own by the competent authority.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping, Sequence

from .api import attempt
from .batch import OUTPUT_COLUMNS, estimate_row
from .estimate import EXACT, NONE, UPPER
from .inputs import InputError
from .messages import say
from .money import grouped, in_wan, plain
from .policy import Policy, Text

MAX_ENTRIES = 60  # more than every award once: a sheet is for people, not for bulk (see batch)
NO_DOUBLE_BENEFIT = "no_double_benefit"  # the 附则 paragraph that limits combining


@dataclass(frozen=True)
class Entry:
    award: str
    inputs: Mapping[str, str]
    project: str = ""


@dataclass(frozen=True)
class Line:
    """One entry and its outcome: a result, or the errors of its fields."""

    number: int  # 1-based, as the reader sees it
    entry: Entry
    result: dict[str, Any] | None = None
    errors: Mapping[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class Sheet:
    lines: tuple[Line, ...]
    exact_total: Decimal  # the entries whose amount is exact
    upper_total: Decimal  # every figure, exact or upper bound: the most the sheet could reach
    cautions: tuple[Text, ...]

    @property
    def complete(self) -> bool:
        return all(line.result is not None for line in self.lines)


def entries_from(raw: Any) -> list[Entry]:
    """The sheet's entries from plain data: [{award, inputs: {name: value}, project}]."""
    if not isinstance(raw, list):
        raise InputError("entries", say("sheet_not_list"))
    if len(raw) > MAX_ENTRIES:
        raise InputError("entries", say("sheet_too_long", limit=MAX_ENTRIES))
    entries = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise InputError("entries", say("sheet_not_list"))
        inputs = item.get("inputs") or {}
        if not isinstance(inputs, Mapping):
            raise InputError("entries", say("sheet_not_list"))
        entries.append(
            Entry(
                award=str(item.get("award") or "").strip(),
                inputs={str(k): str(v) for k, v in inputs.items()},
                project=str(item.get("project") or "").strip(),
            )
        )
    return entries


def _line(policy: Policy, number: int, entry: Entry, lang: str) -> Line:
    raw = {k: v for k, v in entry.inputs.items() if v.strip() != ""}
    result, errors = attempt(policy, entry.award, raw, lang)
    return Line(number, entry, result, errors)


def _cautions(policy: Policy, lines: Sequence[Line]) -> list[Text]:
    rule = policy.paragraph(NO_DOUBLE_BENEFIT).text
    found = [say("sheet_not_promise"), say("sheet_no_double_benefit", rule=rule, rule_zh=rule.zh)]
    counted = [line for line in lines if line.result is not None]
    if len(counted) > 1:
        by_project: dict[str, list[Line]] = {}
        for line in counted:
            if line.entry.project:
                by_project.setdefault(line.entry.project, []).append(line)
        shared = {p: ls for p, ls in by_project.items() if len(ls) > 1}
        for project, same in shared.items():
            found.append(
                say(
                    "sheet_same_project",
                    project=project,
                    entries=Text(
                        "、".join(f"第{ln.number}项（{ln.result['award']}）" for ln in same),
                        ", ".join(f"{ln.number} ({ln.result['award']})" for ln in same),
                    ),
                )
            )
        if not shared:
            found.append(say("sheet_projects_unknown"))
    none = [line.result["award"] for line in counted if line.result["bound"] == NONE]
    if none:
        found.append(say("sheet_no_figure", awards=Text("、".join(none), ", ".join(none))))
    bad = [str(line.number) for line in lines if line.result is None]
    if bad:
        found.append(say("sheet_incomplete", entries=Text("、".join(bad), ", ".join(bad))))
    return found


def build_sheet(policy: Policy, entries: Sequence[Entry], lang: str) -> Sheet:
    lines = tuple(_line(policy, n, e, lang) for n, e in enumerate(entries, start=1))
    exact_total = upper_total = Decimal(0)
    for line in lines:
        r = line.result
        if r is None or r["amount"] is None:
            continue
        amount = Decimal(r["amount"])
        upper_total += amount
        if r["bound"] == EXACT or not r["eligible"]:
            exact_total += amount
    return Sheet(lines, exact_total, upper_total, tuple(_cautions(policy, lines)))


# ---- what the page shows and what the reader downloads -------------------------------------


def _inputs_text(entry: Entry) -> str:
    return "; ".join(f"{k}={v}" for k, v in entry.inputs.items() if v.strip() != "")


def sheet_dict(policy: Policy, sheet: Sheet, lang: str) -> dict[str, Any]:
    lines = []
    for line in sheet.lines:
        item: dict[str, Any] = {
            "entry": line.number,
            "award": line.entry.award,
            "project": line.entry.project,
            "inputs": dict(line.entry.inputs),
        }
        if line.result is not None:
            item["result"] = line.result
        else:
            item["errors"] = {name: message(lang) for name, message in line.errors.items()}
        lines.append(item)
    counted = [line.result for line in sheet.lines if line.result is not None]
    return {
        "document": {
            "title": policy.document.title(lang),
            "status": policy.document.status.label(lang),
            "source_checked": policy.document.source.checked,
        },
        "entries": lines,
        "totals": {
            "upper": plain(sheet.upper_total),
            "upper_wan": in_wan(sheet.upper_total),
            "exact": plain(sheet.exact_total),
            "counted": sum(1 for r in counted if r["amount"] is not None),
            "without_figure": sum(1 for r in counted if r["amount"] is None),
            "upper_bounds": sum(1 for r in counted if r["bound"] == UPPER and r["eligible"]),
            "headline": say(
                "sheet_total", amount=grouped(sheet.upper_total), wan=in_wan(sheet.upper_total)
            )(lang),
        },
        "complete": sheet.complete,
        "cautions": [c(lang) for c in sheet.cautions],
        "lang": lang,
    }


SHEET_COLUMNS = ("entry",) + OUTPUT_COLUMNS[1:] + ("inputs",)


def sheet_csv(sheet: Sheet, lang: str) -> str:
    """The sheet as CSV: the batch command's columns, the inputs, and the total as a last row.
    It starts with a byte-order mark, so that spreadsheet programs read the Chinese as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=SHEET_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for line in sheet.lines:
        if line.result is None:
            continue  # an entry with errors has no estimate to keep; the page marks it
        row = estimate_row(line.result, line.entry.project)
        row.pop("line")
        writer.writerow({"entry": line.number, **row, "inputs": _inputs_text(line.entry)})
    writer.writerow(
        {
            "name": say("sheet_total_label")(lang),
            "amount": plain(sheet.upper_total),
            "bound": UPPER,
            "headline": say(
                "sheet_total", amount=grouped(sheet.upper_total), wan=in_wan(sheet.upper_total)
            )(lang),
        }
    )
    return out.getvalue()


def sheet_json(policy: Policy, sheet: Sheet, lang: str) -> str:
    return json.dumps(sheet_dict(policy, sheet, lang), ensure_ascii=False, indent=1) + "\n"
