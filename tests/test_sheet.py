"""The combined sheet in CPython: each entry estimated exactly as alone, the total of upper
bounds, the rules that limit combining stated plainly, and the CSV and JSON downloads. On the
frozen fixture (tests/frozen.py), so that a data edit moves none of these figures."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

import frozen
from calculator import web
from calculator.inputs import InputError
from calculator.sheet import (
    MAX_ENTRIES,
    SHEET_COLUMNS,
    build_sheet,
    entries_from,
    results,
    sheet_csv,
    sheet_dict,
)
from frozen import estimate as estimate_award

SOURCE = frozen.SOURCE.read_text(encoding="utf-8")


def load_policy():
    return frozen.policy()


def page_sheet(entries_json, lang, made=""):
    return web.page_sheet(entries_json, lang, made, policy=frozen.policy())


NO_DOUBLE_BENEFIT = "本措施与我市市级层面其他同类优惠措施不得重复享受。"

# 4.1 capped (upper), 3.1 a fixed sum (exact), 19.1 case by case (no figure), 1.1 not eligible.
ENTRIES = [
    {"award": "4.1", "inputs": {"investment": "50000000"}, "project": "园区A"},
    {"award": "3.1", "inputs": {}},
    {"award": "19.1", "inputs": {}},
    {"award": "1.1", "inputs": {"sales": "30000000"}},
]


def sheet_of(entries, lang="zh"):
    policy = load_policy()
    return build_sheet(policy, entries_from(entries))


def test_each_entry_is_what_the_calculator_gives_alone():
    sheet = sheet_of(ENTRIES)
    said = results(load_policy(), sheet, "zh")
    for line, entry in zip(sheet.lines, ENTRIES):
        assert said[line.number] == estimate_award(entry["award"], entry["inputs"], "zh")


def test_totals_are_added_up_from_the_estimates_as_decimal_not_from_words():
    """The sheet adds the estimates' own Decimal amounts: the same total whatever language it is
    then said in, to the fen (three entries whose figures have fen)."""
    entries = [
        {"award": "4.1", "inputs": {"investment": "0.35"}},
        {"award": "6.1", "inputs": {"investment": "12345678.90"}},
        {"award": "8.1", "inputs": {"equipment_cost": "0.05"}},
    ]
    sheet = sheet_of(entries)
    figures = [line.outcome.figure for line in sheet.lines]
    assert all(isinstance(f, Decimal) for f in figures)
    # 30% of 0.35 = 0.105 → 0.11; 30% of 12,345,678.90 → 3,703,703.67; 50% of 0.05 = 0.025 → 0.03
    assert sheet.upper_total == sum(figures) == Decimal("3703703.81")
    zh, en = (sheet_dict(load_policy(), sheet, lang)["totals"]["upper"] for lang in ("zh", "en"))
    assert zh == en == "3703703.81"


def test_total_is_the_sum_of_upper_bounds_and_never_a_promise():
    sheet = sheet_of(ENTRIES)
    # 10,000,000 (4.1 at its cap) + 1,000,000 (3.1) + 0 (1.1 not eligible); 19.1 has no figure
    assert sheet.upper_total == Decimal("11000000.00")
    assert sheet.exact_total == Decimal("1000000.00")
    out = json.loads(page_sheet(json.dumps(ENTRIES), "zh"))
    totals = out["sheet"]["totals"]
    assert totals["upper"] == "11000000.00" and totals["without_figure"] == 1
    assert totals["headline"] == "各项上限之和：11,000,000元（1100万元）"
    cautions = " ".join(out["sheet"]["cautions"])
    assert "不构成承诺" in cautions
    assert "19.1无法给出金额" in cautions


def test_the_no_double_benefit_rule_is_quoted_verbatim_in_both_languages():
    assert NO_DOUBLE_BENEFIT in SOURCE
    zh = json.loads(page_sheet(json.dumps(ENTRIES), "zh"))["sheet"]["cautions"]
    en = json.loads(page_sheet(json.dumps(ENTRIES), "en"))["sheet"]["cautions"]
    assert any(f"“{NO_DOUBLE_BENEFIT}”" in c for c in zh)
    assert any("similar preferential measures at the municipal level" in c for c in en)
    assert not any(NO_DOUBLE_BENEFIT in c for c in en), "English words, no Chinese fragment"


def test_entries_for_the_same_project_are_pointed_out():
    entries = [
        {"award": "4.1", "inputs": {"investment": "20000000"}, "project": "园区A"},
        {"award": "5.2", "inputs": {"cop": "5.2", "investment": "10000000"}, "project": "园区A"},
        {"award": "6.1", "inputs": {"investment": "1000000"}, "project": "数据中心"},
    ]
    cautions = [c.zh for c in sheet_of(entries).cautions]
    same = [c for c in cautions if "同一项目" in c]
    assert len(same) == 1 and "第1项（4.1）、第2项（5.2）" in same[0] and "园区A" in same[0]
    assert "原文没有说明" in same[0], "the text is silent, and the sheet says so"
    unnamed = sheet_of([{"award": "3.1"}, {"award": "2.1"}]).cautions
    assert any("为每项填写项目名称" in c.zh for c in unnamed)


def test_an_entry_with_bad_figures_is_marked_and_left_out_of_the_total():
    entries = ENTRIES[:2] + [{"award": "5.2", "inputs": {"cop": "abc", "investment": "-1"}}]
    sheet = sheet_of(entries, "en")
    bad = sheet.lines[2]
    assert bad.outcome is None and set(bad.errors) == {"cop", "investment"}
    assert sheet.upper_total == Decimal("11000000.00") and not sheet.complete
    out = json.loads(page_sheet(json.dumps(entries), "en"))
    assert out["sheet"]["entries"][2]["errors"]["investment"] == "“-1” cannot be negative."
    assert any("Not in the total" in c and "3" in c for c in out["sheet"]["cautions"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_download_is_for_a_spreadsheet_in_the_page_language(lang):
    where = {"site": "https://host.example/sheet/", "link": "https://host.example/sheet/#e1=4.1"}
    text = sheet_csv(load_policy(), sheet_of(ENTRIES), lang, "2026-11-26", where=where)
    assert text.startswith("\ufeff"), "a byte-order mark, so spreadsheet programs read UTF-8"
    rows = list(csv.reader(io.StringIO(text[1:])))
    header, *entries, total, blank = rows[:7]
    assert header == [label(lang) for _, label in SHEET_COLUMNS], "the first row is the header"
    assert header[0] == {"zh": "序号", "en": "Entry"}[lang]
    assert [r[2] for r in entries] == ["4.1", "3.1", "19.1", "1.1"]
    assert [r[6] for r in entries] == ["10000000.00", "1000000.00", "", "0"]
    assert entries[0][1] == "园区A"
    reading = {"zh": "投资额 = 5000万元 = 50,000,000元", "en": "Investment = 50,000,000 yuan"}
    assert entries[0][4].startswith(reading[lang])
    conditions = header.index(
        {
            "zh": "前提条件（估算假定均已满足）",
            "en": "Conditions (the estimate assumes all are met)",
        }[lang]
    )
    assert entries[0][conditions].startswith(load_policy().awards["4.1"].conditions[0](lang))
    assert total[2] == "" and total[6] == "11000000.00" and blank == []
    below = rows[7:]
    assert all(len(r) == 2 for r in below), "below the data, two cells a row: what, and its words"
    cautions = [r for r in below if r[0] == {"zh": "请注意", "en": "Please note"}[lang]]
    assert len(cautions) == 4
    assert any(NO_DOUBLE_BENEFIT in r[1] for r in cautions) == (lang == "zh")
    about = dict(r for r in below if r not in cautions)
    draft = {"zh": "征求意见稿", "en": "Draft for public comment"}[lang]
    checked, made = {
        "zh": ("2026年11月24日", "2026年11月26日"),
        "en": ("24 November 2026", "26 November 2026"),
    }[lang]
    values = " ".join(about.values())
    assert draft in values and checked in values and made in values, "dates as written"
    assert where["site"] in about.values() and where["link"] in about.values()


def test_csv_cells_cannot_become_formulas():
    """A shared link can carry any project name: none may reach a spreadsheet as a formula."""
    entries = [
        {"award": "3.1", "inputs": {}, "project": '=HYPERLINK("http://x.example","open")'},
        {"award": "3.1", "inputs": {}, "project": "+1"},
        {"award": "3.1", "inputs": {}, "project": "@SUM(A1)"},
        {"award": "3.1", "inputs": {}, "project": "-2+3"},
        {"award": "3.1", "inputs": {}, "project": "\t=1"},
    ]
    text = sheet_csv(load_policy(), sheet_of(entries), "zh")
    projects = [row[1] for row in list(csv.reader(io.StringIO(text[1:])))[1:6]]
    assert all(p.startswith("'") for p in projects), projects
    assert projects[0] == '\'=HYPERLINK("http://x.example","open")'


def test_an_entry_with_errors_is_in_the_csv_saying_why_it_is_not_counted():
    entries = [{"award": "5.2", "inputs": {"cop": "x"}}]
    rows = list(csv.reader(io.StringIO(sheet_csv(load_policy(), sheet_of(entries), "zh")[1:])))
    assert rows[1][2] == "5.2" and rows[1][6] == ""
    assert rows[1][8].startswith("未计入合计：改造后综合运行能效（COP）：“x”应为数字")


def test_json_download_holds_the_document_status_entries_and_totals():
    out = json.loads(page_sheet(json.dumps(ENTRIES), "en"))
    data = json.loads(out["json"])
    assert data["document"]["status"] == "Draft for public comment"
    assert [e["award"] for e in data["entries"]] == ["4.1", "3.1", "19.1", "1.1"]
    assert data["entries"][0]["inputs"] == {"investment": "50000000"}
    assert data["entries"][0]["result"]["amount"] == "10000000.00"
    assert data["totals"]["upper"] == "11000000.00"
    assert data == out["sheet"], "the download is exactly what the page shows"


@pytest.mark.parametrize(
    "raw", [{"award": "4.1"}, "4.1", [["4.1"]], [{"award": "4.1", "inputs": ["x"]}]]
)
def test_a_malformed_sheet_is_refused_by_name(raw):
    with pytest.raises(InputError) as caught:
        entries_from(raw)
    assert caught.value.name == "entries"
    out = json.loads(page_sheet(json.dumps(raw), "zh"))
    assert out["ok"] is False and "entries" in out["errors"]


def test_a_sheet_has_a_length_limit():
    with pytest.raises(InputError):
        entries_from([{"award": "3.1"}] * (MAX_ENTRIES + 1))
    assert len(entries_from([{"award": "3.1"}] * MAX_ENTRIES)) == MAX_ENTRIES


def test_an_unknown_award_is_an_error_of_its_entry_not_of_the_sheet():
    sheet = sheet_of([{"award": "99.9"}, {"award": "3.1"}])
    assert sheet.lines[0].outcome is None and "99.9" in sheet.lines[0].errors["award"].en
    assert sheet.upper_total == Decimal("1000000.00")
