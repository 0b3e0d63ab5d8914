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

from .api import attempt, status_words
from .batch import spreadsheet_safe
from .estimate import EXACT, NONE, UPPER
from .inputs import InputError
from .messages import say
from .money import grouped, in_wan, plain, sized
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

    @property
    def awaiting(self) -> tuple[Line, ...]:
        """Entries whose figures are still to be entered (an award added from the finder): they
        wait for the reader; they are not wrong."""
        return tuple(line for line in self.lines if _awaiting(line))


def _awaiting(line: Line) -> bool:
    missing = say("missing")
    return line.result is None and all(m == missing for m in line.errors.values())


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
    found = [say("sheet_not_promise"), say("sheet_no_double_benefit", rule=rule)]
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
    waiting = [str(line.number) for line in lines if _awaiting(line)]
    if waiting:
        found.append(say("sheet_awaiting", entries=Text("、".join(waiting), ", ".join(waiting))))
    bad = [str(line.number) for line in lines if line.result is None and not _awaiting(line)]
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


def status(policy: Policy, lang: str) -> dict[str, str]:
    """What every copy of a sheet says of the text it follows: printed, downloaded or shared."""
    doc = policy.document
    return {
        "title": doc.title(lang),
        "status": policy.version.label(lang),
        "version": policy.version.id,
        "words": status_words(policy)(lang),
        "source_checked": doc.source.checked,
    }


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
        "document": status(policy, lang),
        "entries": lines,
        "totals": {
            "upper": plain(sheet.upper_total),
            "upper_wan": in_wan(sheet.upper_total),
            "exact": plain(sheet.exact_total),
            "counted": sum(1 for r in counted if r["amount"] is not None),
            "without_figure": sum(1 for r in counted if r["amount"] is None),
            "upper_bounds": sum(1 for r in counted if r["bound"] == UPPER and r["eligible"]),
            "awaiting": len(sheet.awaiting),
            "headline": _total_headline(sheet)(lang),
        },
        "complete": sheet.complete,
        "cautions": [c(lang) for c in sheet.cautions],
        "lang": lang,
    }


def _total_headline(sheet: Sheet) -> Text:
    if sheet.awaiting and not any(line.result for line in sheet.lines):
        return say("sheet_total_awaiting")  # not "0 yuan": nothing has been entered to add up
    return say("sheet_total", amount=grouped(sheet.upper_total), sized=sized(sheet.upper_total))


# The CSV is for people (it opens in a spreadsheet): headers in the page's language.
SHEET_COLUMNS: tuple[tuple[str, Text], ...] = (
    ("entry", Text("序号", "Entry")),
    ("project", Text("项目", "Project")),
    ("award", Text("奖励编号", "Award")),
    ("name", Text("奖励名称", "Award name")),
    ("inputs", Text("填写的数字", "Figures entered")),
    ("eligible", Text("是否符合条件", "Eligible")),
    ("amount", Text("金额（元）", "Amount (yuan)")),
    ("bound", Text("金额性质", "Kind of amount")),
    ("headline", Text("结果", "Result")),
    ("questions", Text("请核对", "Please check")),
    ("version", Text("依据版本", "Version followed")),
    ("later", Text("其后版本中", "In later versions")),
)
_YES_NO = {True: Text("是", "yes"), False: Text("否", "no")}
_BOUND = {
    EXACT: Text("确定金额", "exact"),
    UPPER: Text("上限", "upper bound"),
    NONE: Text("无法给出金额", "no figure"),
}


def _csv_row(policy: Policy, line: Line, lang: str) -> dict[str, str]:
    r = line.result
    row = {"entry": str(line.number), "project": line.entry.project, "award": line.entry.award}
    if r is None:
        colon = "：" if lang == "zh" else ": "
        wrong = "; ".join(
            f"{_label(policy, name)(lang)}{colon}{m(lang)}" for name, m in line.errors.items()
        )
        return {**row, "headline": say("sheet_entry_left_out", problems=wrong)(lang)}
    separator = "；" if lang == "zh" else "; "
    return {
        **row,
        "name": r["name"],
        "inputs": separator.join(f"{i['label']} {i['reading']}" for i in r["inputs"]),
        "eligible": _YES_NO[r["eligible"]](lang),
        "amount": r["amount"] if r["amount"] is not None else "",
        "bound": _BOUND[r["bound"]](lang),
        "headline": r["headline"],
        "questions": separator.join(f"{q['label']}: {q['text']}" for q in r["questions"]),
        "version": r["version"]["said"],
        "later": separator.join(later["said"] for later in r["later"]),
    }


def _label(policy: Policy, name: str) -> Text:
    entry = policy.inputs.get(name)
    return (
        Text.of(entry["label"])
        if entry
        else Text("奖励编号", "award")
        if name == "award"
        else Text(name, name)
    )


def sheet_csv(policy: Policy, sheet: Sheet, lang: str, made: str = "") -> str:
    """The sheet as CSV for a spreadsheet: a first row that says which text it follows (the
    draft, and when the data was checked), headers in the page's language, every entry, the
    total, then the cautions. UTF-8 with a byte-order mark, so Excel reads the Chinese; every
    cell spreadsheet-safe (a project name cannot become a formula)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as Excel writes it
    keys = [key for key, _ in SHEET_COLUMNS]

    def put(cells: Sequence[str]) -> None:
        writer.writerow([spreadsheet_safe(str(c)) for c in cells])

    put([say("sheet_status_row", **status(policy, lang), made=made or "—")(lang)])
    put([label(lang) for _, label in SHEET_COLUMNS])
    for line in sheet.lines:
        row = _csv_row(policy, line, lang)
        put([row.get(key, "") for key in keys])
    total = {
        "name": say("sheet_total_label")(lang),
        "amount": plain(sheet.upper_total),
        "bound": _BOUND[UPPER](lang),
        "headline": _total_headline(sheet)(lang),
    }
    put([total.get(key, "") for key in keys])
    for caution in sheet.cautions:
        put([say("sheet_caution_row")(lang), caution(lang)])
    return out.getvalue()


def sheet_json(policy: Policy, sheet: Sheet, lang: str) -> str:
    return json.dumps(sheet_dict(policy, sheet, lang), ensure_ascii=False, indent=1) + "\n"
