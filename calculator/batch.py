"""python -m calculator batch FILE.csv: one estimate per row, good rows computed even when others
are bad; each bad row reported as FILE:LINE: what is wrong.

Input: a header row with `award`, optionally `project` (passed through), and a column per input
name used by any row (`sales`, `investment`, `facility`, ...). A row fills only its award's
inputs; a list input (operating_costs) holds its amounts in one cell, separated by commas or
semicolons.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Iterable, TextIO

from .api import attempt, load_policy

OUTPUT_COLUMNS = ("line", "project", "award", "name", "eligible", "amount", "bound", "headline")


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


def run_batch(text: str, lang: str) -> tuple[list[dict[str, str]], list[RowProblem]]:
    """The estimates of every good row, and the problems of the bad ones (1-based file lines)."""
    policy = load_policy()
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    if "award" not in header:
        return [], [RowProblem(1, "the first row must name the columns, among them 'award'")]
    known = set(policy.inputs) | {"award", "project"}
    unknown = [name for name in header if name not in known]
    if unknown:
        return [], [
            RowProblem(
                1,
                f"unknown column(s) {', '.join(repr(u) for u in unknown)}; "
                f"columns are award, project and input names: "
                f"{', '.join(policy.inputs)}",
            )
        ]
    rows: list[dict[str, str]] = []
    problems: list[RowProblem] = []
    for record in reader:
        line = reader.line_num
        if None in record:  # more cells than columns
            problems.append(RowProblem(line, "the row has more cells than the header has columns"))
            continue
        if not any((value or "").strip() for value in record.values()):
            continue  # a blank row
        raw = {
            k: v
            for k, v in record.items()
            if k not in ("award", "project") and v is not None and v.strip() != ""
        }
        result, errors = attempt(policy, record.get("award") or "", raw, lang)
        if result is None:
            what = "; ".join(f"{name}: {message(lang)}" for name, message in errors.items())
            problems.append(RowProblem(line, what))
            continue
        rows.append({**estimate_row(result, record.get("project") or ""), "line": str(line)})
    return rows, problems


def estimate_row(result: dict[str, Any], project: str) -> dict[str, str]:
    """One estimate as a CSV row (the batch output; the combined sheet's download too)."""
    return {
        "line": "",
        "project": project,
        "award": result["award"],
        "name": result["name"],
        "eligible": "true" if result["eligible"] else "false",
        "amount": result["amount"] if result["amount"] is not None else "",
        "bound": result["bound"],
        "headline": result["headline"],
    }


def write_csv(rows: Iterable[dict[str, str]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
