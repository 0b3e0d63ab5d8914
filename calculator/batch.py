"""python -m calculator batch FILE.csv: one estimate per row, good rows computed even when others
are bad; each bad row reported as FILE:LINE: what is wrong.

Input: a header row with `award`, optionally `project` (passed through), and a column per input
name used by any row (`sales`, `investment`, `facility`, ...), each column once. A row fills only
its award's inputs. Figures are read as on the page (5000万, 50,000,000); a list input
(operating_costs) holds one amount a year in one cell, separated by new lines, ；, ; or 、.

Rows are read and written one at a time, so a file of any length runs in little memory. Output
cells that a spreadsheet would run as a formula are neutralised (see `spreadsheet_safe`).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, TextIO

from .terminal import visible
from .api import attempt, load_policy

OUTPUT_COLUMNS = (
    "line",
    "project",
    "award",
    "name",
    "eligible",
    "amount",
    "bound",
    "headline",
    "figure",
    "draft_amount",
    "questions",
    "version",
    "later_versions",
    "data_revision",
    "command",
)
# A cell that starts with one of these is run as a formula by Excel, LibreOffice and Google
# Sheets (=HYPERLINK(...) from a shared link would become a live link): a leading ' keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


def spreadsheet_safe(value: str) -> str:
    """The cell as text a spreadsheet shows and never runs (OWASP's CSV-injection advice)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _header_problem(header: list[str], known: Iterable[str]) -> str | None:
    repeated = [name for name, n in Counter(header).items() if n > 1]
    if repeated:
        names = ", ".join(repr(name) for name in repeated)
        return f"column(s) {names} appear more than once; give each column once"
    if "award" not in header:
        return "the first row must name the columns, among them 'award'"
    unknown = [name for name in header if name not in known]
    if unknown:
        return (
            f"unknown column(s) {', '.join(repr(u) for u in unknown)}; "
            f"columns are award, project and input names: "
            f"{', '.join(n for n in known if n not in ('award', 'project'))}"
        )
    return None


def run_batch(lines: Iterable[str], lang: str) -> Iterator[dict[str, str] | RowProblem]:
    """Each good row's estimate, or the problem of a bad one (1-based file lines), in order.
    `lines` is a text file opened with newline='' (so CR-only line ends are read too)."""
    policy = load_policy()
    reader = csv.reader(lines)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        yield RowProblem(1, "the file is empty; the first row must name the columns")
        return
    except csv.Error as error:
        yield RowProblem(1, f"the first row cannot be read as CSV ({error})")
        return
    problem = _header_problem(header, ["award", "project", *policy.inputs])
    if problem:
        yield RowProblem(1, problem)
        return
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. a cell over the csv module's field limit
            yield RowProblem(reader.line_num, f"the row cannot be read as CSV ({error})")
            continue
        line = reader.line_num
        if len(record) > len(header):
            yield RowProblem(line, "the row has more cells than the header has columns")
            continue
        if not any(cell.strip() for cell in record):
            continue  # a blank row
        cells = dict(zip(header, record))
        raw = {k: v for k, v in cells.items() if k not in ("award", "project") and v.strip() != ""}
        result, errors = attempt(policy, cells.get("award", ""), raw, lang)
        if result is None:
            what = "; ".join(f"{name}: {message(lang)}" for name, message in errors.items())
            yield RowProblem(line, what)
            continue
        yield {**estimate_row(result, cells.get("project", "")), "line": str(line)}


def estimate_row(result: dict[str, Any], project: str) -> dict[str, str]:
    """One estimate as a CSV row."""
    return {
        "line": "",
        "project": project,
        "award": result["award"],
        "name": result["name"],
        "eligible": "true" if result["eligible"] else "false",
        "amount": result["amount"] if result["amount"] is not None else "",
        "bound": result["bound"],
        "headline": result["headline"],
        # holds | not_known | none: whether a later version is known to keep the figure; where it
        # gives none, `amount` is empty and the draft's figure stands apart, as the draft's
        "figure": result["standing"]["figure"],
        "draft_amount": (result["draft"] or {}).get("amount") or "",
        "questions": " ".join(f"{q['label']}: {q['text']}" for q in result["questions"]),
        "version": result["version"]["id"],
        "later_versions": " ".join(
            f"{later['version']}: {later['status']}: {later['said']}" for later in result["later"]
        ),
        "data_revision": (result["revision"] or {}).get("commit", ""),
        "command": result["command"],
    }


class CsvOut:
    """Rows written as they come, every cell spreadsheet-safe."""

    def __init__(self, out: TextIO):
        # RFC 4180 line ends: a cell holding \r or \n is then quoted, never a broken row.
        self.writer = csv.DictWriter(out, fieldnames=OUTPUT_COLUMNS, lineterminator="\r\n")
        self.writer.writeheader()

    def write(self, row: dict[str, str]) -> None:
        # A spreadsheet never runs a cell, and a terminal never obeys one (an escape in a cell
        # is written as \x1b).
        self.writer.writerow({k: visible(spreadsheet_safe(str(v))) for k, v in row.items()})
