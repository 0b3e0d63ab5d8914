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
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Mapping, Sequence

from . import application, ics, memo
from .api import Outcome, evaluate, result_dict, revision_said, standing_words, status_words
from .batch import spreadsheet_safe
from .estimate import EXACT, NONE, RATE, UPPER
from .inputs import InputError
from .memo import Changed
from .messages import say
from .money import grouped, in_wan, plain, sized
from .policy import Policy, Text
from .versions import spoken_date

MAX_ENTRIES = 60  # more than every award once: a sheet is for people, not for bulk (see batch)
NO_DOUBLE_BENEFIT = "no_double_benefit"  # the 附则 paragraph that limits combining


@dataclass(frozen=True)
class Entry:
    award: str
    inputs: Mapping[str, str]
    project: str = ""
    shown: Mapping[str, Any] | None = None  # what it showed when kept (calculator/memo.py)


@dataclass(frozen=True)
class Line:
    """One entry and its outcome (in no language yet), or the errors of its fields."""

    number: int  # 1-based, as the reader sees it
    entry: Entry
    outcome: Outcome | None = None
    errors: Mapping[str, Text] = field(default_factory=dict)
    changed: Changed | None = None  # the data changed what it shows since it was kept

    @property
    def counts(self) -> bool:
        """Computed, and its figure may count (no later version is known to give none)."""
        return self.outcome is not None and self.outcome.standing.counts

    @property
    def award(self) -> str:
        return self.outcome.award.id if self.outcome else self.entry.award


@dataclass(frozen=True)
class Sheet:
    lines: tuple[Line, ...]
    exact_total: Decimal  # the entries whose amount is exact
    upper_total: Decimal  # every figure, exact or upper bound: the most the sheet could reach
    cautions: tuple[Text, ...]

    @property
    def complete(self) -> bool:
        return all(line.outcome is not None for line in self.lines)

    @property
    def left_out(self) -> tuple[Line, ...]:
        """Computed, but never added up: a later version is known to give these no figure."""
        return tuple(ln for ln in self.lines if ln.outcome is not None and not ln.counts)

    @property
    def questioned(self) -> tuple[Line, ...]:
        """Computed, but on a figure that looks like a slip (5000 for 5000万, 0.12 for 12%):
        flagged wherever the sheet goes, so no total is forwarded unchecked."""
        return tuple(ln for ln in self.lines if ln.outcome and ln.outcome.parsed.questions)

    @property
    def changed(self) -> tuple[Line, ...]:
        """Entries the data changed since they were kept: was A, now B, and why."""
        return tuple(line for line in self.lines if line.changed is not None)

    @property
    def awaiting(self) -> tuple[Line, ...]:
        """Entries whose figures are still to be entered (an award added from the finder): they
        wait for the reader; they are not wrong."""
        return tuple(line for line in self.lines if _awaiting(line))


def _awaiting(line: Line) -> bool:
    missing = say("missing")
    return line.outcome is None and all(m == missing for m in line.errors.values())


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
        shown = item.get("shown")
        entries.append(
            Entry(
                award=str(item.get("award") or "").strip(),
                inputs={str(k): str(v) for k, v in inputs.items()},
                project=str(item.get("project") or "").strip(),
                shown=shown if isinstance(shown, Mapping) else None,
            )
        )
    return entries


def _line(policy: Policy, number: int, entry: Entry) -> Line:
    raw = {k: v for k, v in entry.inputs.items() if v.strip() != ""}
    outcome, errors = evaluate(policy, entry.award, raw)
    changed = memo.compare(policy, entry.shown, outcome) if outcome and entry.shown else None
    return Line(number, entry, outcome, errors, changed)


def _numbered(lines: Sequence[Line]) -> Text:
    """第1项（4.1）、第2项（5.2） / 1 (4.1), 2 (5.2)."""
    return Text(
        "、".join(f"第{ln.number}项（{ln.award}）" for ln in lines),
        ", ".join(f"{ln.number} ({ln.award})" for ln in lines),
    )


def _cautions(policy: Policy, sheet_lines: Sequence[Line], left_out: Sequence[Line]) -> list[Text]:
    rule = policy.paragraph(NO_DOUBLE_BENEFIT).text
    found = [say("sheet_not_promise"), say("sheet_no_double_benefit", rule=rule)]
    computed = [line for line in sheet_lines if line.outcome is not None]
    if len(computed) > 1:
        by_project: dict[str, list[Line]] = {}
        for line in computed:
            if line.entry.project:
                by_project.setdefault(line.entry.project, []).append(line)
        shared = {p: ls for p, ls in by_project.items() if len(ls) > 1}
        for project, same in shared.items():
            found.append(say("sheet_same_project", project=project, entries=_numbered(same)))
        if not shared:
            found.append(say("sheet_projects_unknown"))
    if left_out:
        found.append(say("sheet_left_out", entries=_left_out_said(policy, left_out)))
    none = [ln.award for ln in computed if ln.counts and ln.outcome.estimate.bound == NONE]
    if none:
        found.append(say("sheet_no_figure", awards=Text("、".join(none), ", ".join(none))))
    waiting = [str(line.number) for line in sheet_lines if _awaiting(line)]
    if waiting:
        found.append(say("sheet_awaiting", entries=Text("、".join(waiting), ", ".join(waiting))))
    bad = [str(ln.number) for ln in sheet_lines if ln.outcome is None and not _awaiting(ln)]
    if bad:
        found.append(say("sheet_incomplete", entries=Text("、".join(bad), ", ".join(bad))))
    return found


def _left_out_said(policy: Policy, lines: Sequence[Line]) -> Text:
    """第2项（1.2）：正式版本未给出本项的金额 / entry 2 (1.2): The issued version gives …"""
    zh, en = [], []
    for line in lines:
        said = standing_words(policy, line.outcome.standing)
        zh.append(f"第{line.number}项（{line.award}）：{said.zh.rstrip('。')}")
        en.append(f"entry {line.number} ({line.award}): {said.en.rstrip('.')}")
    return Text("；".join(zh), "; ".join(en))


def build_sheet(policy: Policy, entries: Sequence[Entry]) -> Sheet:
    """Each entry estimated alone; the totals added up as Decimal yuan from the estimates
    themselves (never from words already said in a language)."""
    lines = tuple(_line(policy, n, e) for n, e in enumerate(entries, start=1))
    exact_total = upper_total = Decimal(0)
    for line in lines:
        figure = line.outcome.figure if line.outcome else None
        if figure is None:
            continue
        upper_total += figure
        if line.outcome.estimate.bound == EXACT or not line.outcome.estimate.eligible:
            exact_total += figure
    left_out = tuple(ln for ln in lines if ln.outcome is not None and not ln.counts)
    return Sheet(lines, exact_total, upper_total, tuple(_cautions(policy, lines, left_out)))


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
        "source_checked_said": spoken_date(doc.source.checked)(lang),
    }


def results(policy: Policy, sheet: Sheet, lang: str) -> dict[int, dict[str, Any]]:
    """Each computed entry's estimate as plain data in one language, by entry number."""
    return {
        line.number: result_dict(policy, line.outcome, lang)
        for line in sheet.lines
        if line.outcome is not None
    }


def sheet_dict(
    policy: Policy,
    sheet: Sheet,
    lang: str,
    made: str = "",
    said: Mapping[int, dict[str, Any]] | None = None,
    where: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The sheet as plain data (the page, the JSON download); `made`: the reader's date; `said`:
    the entries' results already put in this language (see `results`); `where`: the page's
    address and the link that opens this sheet (`site`, `link`), which the reader's browser
    knows."""
    said = results(policy, sheet, lang) if said is None else said
    lines = []
    for line in sheet.lines:
        item: dict[str, Any] = {
            "entry": line.number,
            "award": line.entry.award,
            "project": line.entry.project,
            "inputs": dict(line.entry.inputs),
        }
        award = policy.awards.get(line.entry.award)
        if award is not None:  # how to apply does not wait for the figures
            item["application"] = application.said(policy, award.application, lang)
        if line.outcome is not None:
            item["result"] = said[line.number]
            if line.changed is not None:
                item["changed"] = changed_dict(line.changed, lang)
        else:
            item["errors"] = {name: message(lang) for name, message in line.errors.items()}
        lines.append(item)
    computed = [line.outcome for line in sheet.lines if line.outcome is not None]
    return {
        "document": status(policy, lang),
        "entries": lines,
        "totals": {
            "upper": plain(sheet.upper_total),
            "upper_wan": in_wan(sheet.upper_total),
            "exact": plain(sheet.exact_total),
            "counted": sum(1 for o in computed if o.figure is not None),
            "without_figure": sum(1 for o in computed if o.standing.counts and o.figure is None),
            "left_out": len(sheet.left_out),  # a later version gives these no figure
            "upper_bounds": sum(
                1
                for o in computed
                if o.standing.counts and o.estimate.bound == UPPER and o.estimate.eligible
            ),
            "awaiting": len(sheet.awaiting),
            "questioned": [line.number for line in sheet.questioned],
            "changed": [line.number for line in sheet.changed],
            "headline": _total_headline(sheet)(lang),
            "sum": _total_parts(sheet)[0](lang),
            "notes": [note(lang).lstrip("；; ") for note in _total_parts(sheet)[1]],
        },
        "complete": sheet.complete,
        "cautions": [c(lang) for c in sheet.cautions],
        "made": spoken_date(made)(lang) if made else "",
        "where": dict(where or {}),
        "revision_said": revision_said(policy.revision, lang),
        "lang": lang,
    }


def _total_parts(sheet: Sheet) -> tuple[Text, list[Text]]:
    """The total, and what qualifies it: entries left out, entries whose figures look like
    slips. The page sets the total large and these beside it; the CSV and print join them."""
    if sheet.awaiting and not any(line.outcome for line in sheet.lines):
        return say("sheet_total_awaiting"), []  # not "0 yuan": nothing entered to add up yet
    total = say("sheet_total", amount=grouped(sheet.upper_total), sized=sized(sheet.upper_total))
    notes = []
    if sheet.left_out:
        notes.append(say("sheet_total_left_out", n=len(sheet.left_out)))
    if sheet.questioned:
        numbers = [str(line.number) for line in sheet.questioned]
        entries = Text("、".join(numbers), ", ".join(numbers))
        notes.append(say("sheet_total_questioned", n=len(numbers), entries=entries))
    if sheet.changed:
        numbers = [str(line.number) for line in sheet.changed]
        entries = Text("、".join(numbers), ", ".join(numbers))
        notes.append(say("sheet_total_changed", n=len(numbers), entries=entries))
    return total, notes


def changed_dict(changed: Changed, lang: str) -> dict[str, Any]:
    """An entry the data changed, as the page, the JSON and the CSV say it: was, now (plain
    yuan; None for no figure), the headline, one sentence per change of the award, and the data
    revision the entry was kept with."""
    return {
        "was": plain(changed.was) if changed.was is not None else None,
        "now": plain(changed.now) if changed.now is not None else None,
        "headline": memo.headline(changed)(lang),
        "said": [s(lang) for s in changed.said],
        "revision": dict(changed.revision) if changed.revision else None,
        "revision_said": say("changed_made_with", revision=revision_said(changed.revision, lang))(
            lang
        ),
    }


def _total_headline(sheet: Sheet) -> Text:
    total, notes = _total_parts(sheet)
    return Text("".join(p.zh for p in [total, *notes]), "".join(p.en for p in [total, *notes]))


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
    ("draft", Text("征求意见稿中的金额（元，不计入）", "The draft's figure (yuan, not counted)")),
    ("questions", Text("请核对", "Please check")),
    (
        "conditions",
        Text("前提条件（估算假定均已满足）", "Conditions (the estimate assumes all are met)"),
    ),
    ("version", Text("依据版本", "Version followed")),
    ("later", Text("其后版本中", "In later versions")),
    ("window", Text("申请时间", "Application window")),
    ("apply", Text("如何申请（及来源）", "How to apply (with sources)")),
    ("revision", Text("数据版本", "Data revision")),
    ("command", Text("重现此估算的命令", "Command that reproduces it")),
    # Where the data changed since the entry was kept (calculator/memo.py): last, so that the
    # columns before keep their places in readers' spreadsheets.
    ("was", Text("加入时的金额（元）", "Amount when added (yuan)")),
    ("changed", Text("加入后数据的变化", "What the data changed since it was added")),
)
_YES_NO = {True: Text("是", "yes"), False: Text("否", "no")}
_BOUND = {
    EXACT: Text("确定金额", "exact"),
    UPPER: Text("上限", "upper bound"),
    RATE: Text("按文中比例，未写明上限", "the text's rate, no cap named"),
    NONE: Text("无法给出金额", "no figure"),
}


def _csv_row(policy: Policy, line: Line, r: dict[str, Any] | None, lang: str) -> dict[str, str]:
    row = {"entry": str(line.number), "project": line.entry.project, "award": line.entry.award}
    if r is None:
        colon = "：" if lang == "zh" else ": "
        wrong = "; ".join(
            f"{_label(policy, name)(lang)}{colon}{m(lang)}" for name, m in line.errors.items()
        )
        return {
            **row,
            "headline": say("sheet_entry_left_out", problems=wrong)(lang),
            **_apply_cells(policy, line, lang),
        }
    separator = "；" if lang == "zh" else "; "
    return {
        **row,
        "name": r["name"],
        "inputs": separator.join(f"{i['label']} {i['reading']}" for i in r["inputs"]),
        "eligible": _YES_NO[r["eligible"]](lang),
        "amount": r["amount"] if r["amount"] is not None else "",
        "bound": _BOUND[r["bound"]](lang),
        "headline": r["headline"],
        "draft": (r["draft"] or {}).get("amount") or "",
        "questions": separator.join(f"{q['label']}: {q['text']}" for q in r["questions"]),
        "conditions": separator.join(r["conditions"]),
        "version": r["version"]["said"],
        "later": separator.join(later["said"] for later in r["later"]),
        **_apply_cells(policy, line, lang),
        "revision": revision_said(r["revision"], lang),
        "command": r["command"],
        **_changed_cells(line, lang),
    }


def _changed_cells(line: Line, lang: str) -> dict[str, str]:
    if line.changed is None:
        return {}
    c = changed_dict(line.changed, lang)
    separator = "" if lang == "zh" else " "
    return {
        "was": c["was"] if c["was"] is not None else say("changed_no_figure")(lang),
        "changed": separator.join([c["headline"], *c["said"], c["revision_said"]]),
    }


def _apply_cells(policy: Policy, line: Line, lang: str) -> dict[str, str]:
    """How to apply for the entry's award (known whether or not its figures are entered)."""
    award = policy.awards.get(line.entry.award)
    if award is None:
        return {}
    said = application.said(policy, award.application, lang)
    return {
        "window": (said["window"] or {}).get("said", ""),
        "apply": ("；" if lang == "zh" else "; ").join(said["lines"]),
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


def sheet_csv(
    policy: Policy,
    sheet: Sheet,
    lang: str,
    made: str = "",
    said: Mapping[int, dict[str, Any]] | None = None,
    where: Mapping[str, str] | None = None,
) -> str:
    """The sheet as CSV for a spreadsheet: the header first (so tables, filters and pivots find
    it), in the page's language; every entry, with its conditions; the total; then, below, the
    cautions and what the sheet is: the text it follows, the data revision, the dates, the
    page's address and the link that opens it again. UTF-8 with a byte-order mark, so Excel
    reads the Chinese; every cell spreadsheet-safe (a project name cannot become a formula)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as Excel writes it
    keys = [key for key, _ in SHEET_COLUMNS]

    def put(cells: Sequence[str]) -> None:
        writer.writerow([spreadsheet_safe(str(c)) for c in cells])

    said = results(policy, sheet, lang) if said is None else said
    put([label(lang) for _, label in SHEET_COLUMNS])
    for line in sheet.lines:
        row = _csv_row(policy, line, said.get(line.number), lang)
        put([row.get(key, "") for key in keys])
    total = {
        "name": say("sheet_total_label")(lang),
        "amount": plain(sheet.upper_total),
        "bound": _BOUND[UPPER](lang),
        "headline": _total_headline(sheet)(lang),
        "questions": say("sheet_total_questioned_cell", n=len(sheet.questioned))(lang)
        if sheet.questioned
        else "",
        "changed": say("sheet_total_changed_cell", n=len(sheet.changed))(lang)
        if sheet.changed
        else "",
    }
    put([total.get(key, "") for key in keys])
    put([])
    for caution in sheet.cautions:
        put([say("sheet_caution_row")(lang), caution(lang)])
    for name, value in _about(policy, lang, made, where or {}):
        put([name(lang), value])
    return out.getvalue()


def _about(
    policy: Policy, lang: str, made: str, where: Mapping[str, str]
) -> list[tuple[Text, str]]:
    """What a copy of the sheet says of itself, so that it can be traced back."""
    state = status(policy, lang)
    rows = [
        (
            Text("依据", "Follows"),
            f"{state['title']}（{state['status']}）。{state['words']}"
            if lang == "zh"
            else f"{state['title']} ({state['status']}). {state['words']}",
        ),
        (Text("数据版本", "Data revision"), revision_said(policy.revision, lang)),
        (
            Text("数据与原文核对日期", "Data last checked against the text"),
            state["source_checked_said"],
        ),
        (Text("本表生成日期", "This sheet made"), spoken_date(made)(lang) if made else "—"),
    ]
    if where.get("site"):
        rows.append((Text("网址", "Address"), where["site"]))
    if where.get("link"):
        rows.append((Text("打开这张测算表的链接", "Link that opens this sheet"), where["link"]))
    return rows


def sheet_json(policy: Policy, sheet: Sheet, lang: str, made: str = "") -> str:
    return as_json(sheet_dict(policy, sheet, lang, made))


def as_json(sheet: dict[str, Any]) -> str:
    """The JSON download of a sheet already put in a language (sheet_dict)."""
    return json.dumps(sheet, ensure_ascii=False, indent=1) + "\n"


# ---- the calendar file of the known application windows -------------------------------------


def calendar_events(policy: Policy, sheet: Sheet, lang: str) -> list[ics.Event]:
    """One all-day event per award on the sheet whose application window is known (an entry
    still awaiting its figures too: the window does not depend on them), naming the sheet's
    projects for it, where to apply and the sources."""
    found: dict[str, list[str]] = {}
    for line in sheet.lines:
        award = policy.awards.get(line.entry.award)
        if award is None or award.application.removed or award.application.window is None:
            continue
        found.setdefault(award.id, [])
        if line.entry.project and line.entry.project not in found[award.id]:
            found[award.id].append(line.entry.project)
    events = []
    for award_id, projects in found.items():
        award = policy.awards[award_id]
        app = award.application
        first, last = date.fromisoformat(app.window.opens), date.fromisoformat(app.window.closes)
        said = [t(lang) for t in application.said_lines(policy, app)]
        if projects:
            said.append(
                say(
                    "ics_projects",
                    projects="、".join(projects) if lang == "zh" else ", ".join(projects),
                )(lang)
            )
        events.append(
            ics.Event(
                uid=ics.uid(award.id, str(app.version), first, last),
                summary=say("ics_summary", award=award.id, name=award.name)(lang),
                first=first,
                last=last,
                description="\n".join(said),
                url=app.where.url if app.where else None,
            )
        )
    return events


def sheet_calendar(policy: Policy, sheet: Sheet, lang: str, stamp: datetime) -> dict[str, Any]:
    """The calendar download: how many windows it holds, and its text (None where no entry's
    window is known: the page says so rather than give an empty file)."""
    events = calendar_events(policy, sheet, lang)
    name = say("ics_calendar", title=policy.document.title)(lang)
    return {
        "events": len(events),
        "ics": ics.calendar(events, name, stamp) if events else None,
    }
