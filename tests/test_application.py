"""How to apply, as data (calculator/application.py, sitegen/check/application.py, calculator/ics.py):
the model read from the fixture project with a fictional application notice
(tests/fixtures/application/), its failure cases refused on their lines, what results and the
CLI say, and the sheet's calendar file read back by a real iCalendar parser."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

import icalendar
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import application, ics, web
from calculator.api import attempt
from calculator.policy import Policy
from calculator.sheet import Entry, build_sheet, sheet_calendar, sheet_csv
from sitegen.check import check_file
from sitegen.yamlsource import load

import frozen

ROOT = Path(__file__).resolve().parent / "fixtures" / "application"
MEASURES = ROOT / "measures.yaml"
TEXT = MEASURES.read_text(encoding="utf-8")
FAILURES = yaml.safe_load((ROOT / "failures.yaml").read_text(encoding="utf-8"))
STAMP = datetime(2026, 12, 6, 8, 0, tzinfo=timezone.utc)


@lru_cache(maxsize=1)
def policy() -> Policy:
    return Policy.from_data(load(MEASURES).data)


def test_the_fixture_passes_the_check():
    assert check_file(MEASURES, root=ROOT).problems == []


def test_a_measures_fields_and_an_awards_own_window():
    p = policy()
    measure, own = p.awards["4.1"].application, p.awards["4.2"].application
    assert measure.version == "issued" and measure.known
    assert measure.window == application.Window("2025-03-01", "2025-03-31", "notice")
    assert measure.where.url == "https://example.org/apply" and measure.status.value == "closed"
    assert measure.without_application.value is False
    # 4.2 gives a window of its own; the rest is its measure's.
    assert own.window == application.Window("2025-04-01", "2025-04-15", "notice")
    assert own.where == measure.where and own.status == measure.status
    assert p.awards["4.1"].application == p.measure(4).application


def test_responsible_units_are_the_entrys_with_its_source_and_the_awards_are_the_measures():
    p = policy()
    m1 = p.measure(1)
    assert m1.application.responsible.text == m1.standing["issued"].responsible
    assert m1.application.responsible.source == m1.standing["issued"].source == "reprint"
    assert p.awards["1.2"].application.responsible == m1.application.responsible
    assert p.awards["5.1"].application.responsible is None


def test_what_is_not_recorded_is_not_yet_known_in_both_languages():
    p = policy()
    app = p.awards["5.1"].application
    assert not app.known and app.sources() == ()
    for lang, words in (("zh", "尚不清楚"), ("en", "not yet known")):
        said = application.said(p, app, lang)
        assert [said[f]["said"] for f in application.FIELDS] == [words] * 5
        assert all(said[f]["source"] is None for f in application.FIELDS)
        assert said["window"]["from"] is None and said["status"]["value"] == "not_yet_known"
        assert "申报指南" in said["lines"][-1]


def test_a_known_field_is_said_with_its_source_and_its_address():
    p = policy()
    said = application.said(p, p.awards["4.2"].application, "en")
    assert said["window"] == {
        "known": True,
        "said": "1 April 2025 to 15 April 2025",
        "source": {
            "id": "notice",
            "label": p.versions[-1].sources["notice"].label.en,
            "url": "https://example.org/notice",
        },
        "from": "2025-04-01",
        "to": "2025-04-15",
    }
    assert said["where"]["url"] == "https://example.org/apply"
    assert said["status"]["said"] == "closed"
    line = next(x for x in said["lines"] if x.startswith("Application window"))
    assert "(source: A sample application notice" in line and "https://example.org/notice" in line


def test_a_removed_award_has_nothing_to_apply_for():
    data = frozen.data()
    measure = data["chapters"][1]["measures"][0]
    assert measure["number"] == 1
    measure["awards"][0]["versions"]["issued"] = {
        "status": "removed",
        "source": "reprint",
        "note": {"zh": "删去", "en": "removed"},
    }
    p = Policy.from_data(data)
    app = p.awards["1.1"].application
    assert app.removed and not app.known
    said = application.said(p, app, "en")
    assert said["window"] is None and said["lines"] == [said["intro"]]
    assert "removed this award" in said["intro"]


def test_the_result_carries_the_application():
    p = policy()
    result, errors = attempt(p, "4.2", {}, "zh")
    assert not errors
    assert result["application"] == application.said(p, p.awards["4.2"].application, "zh")


@pytest.mark.parametrize("case", FAILURES, ids=[c["name"] for c in FAILURES])
def test_failure_case_refused_on_its_line(case, tmp_path):
    assert TEXT.count(case["old"]) == 1, "the case's `old` must be found once in the fixture"
    edited = TEXT.replace(case["old"], case["new"])
    start = TEXT.index(case["old"])
    on = case.get("near") or case["new"].splitlines()[0]
    line = edited[: edited.index(on, start)].count("\n") + 1
    target = tmp_path / "measures.yaml"
    target.write_text(edited, encoding="utf-8")
    problems = check_file(target, root=ROOT).problems
    said = [p.format("measures.yaml") for p in problems]
    assert not any("internal error" in s for s in said), said
    assert any(p.line == line and case["expect"] in p.message for p in problems), (line, said)


# ---- the calendar file --------------------------------------------------------------------------


def _sheet(*entries: Entry):
    return build_sheet(policy(), list(entries))


def _parsed(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def test_the_calendar_opens_in_a_parser_with_one_all_day_event_per_known_window():
    sheet = _sheet(
        Entry("4.2", {}, 'Plant A, north; \\ "B"'),
        Entry("4.1", {"investment": "5000万"}, "Park 2"),
        Entry("4.1", {"investment": "1000万"}, "Park 3"),
        Entry("5.1", {}),  # no window known: not in the file
    )
    made = sheet_calendar(policy(), sheet, "en", STAMP)
    assert made["events"] == 2
    cal = _parsed(made["ics"])
    events = cal.walk("VEVENT")
    assert [str(e["UID"]).split("@")[0] for e in events] == [
        "4.2-issued-20250401-20250415",
        "4.1-issued-20250301-20250331",
    ]
    first = events[0]
    assert first.decoded("DTSTART") == date(2025, 4, 1)
    assert first.decoded("DTEND") == date(2025, 4, 16)  # exclusive: the 15th is included
    assert first.decoded("DTSTAMP") == STAMP
    assert str(first["SUMMARY"]).startswith("Application window: 4.2 ")
    assert str(first["URL"]) == "https://example.org/apply"
    description = str(first["DESCRIPTION"])
    assert 'Projects on this sheet: Plant A, north; \\ "B"' in description
    assert "1 April 2025 to 15 April 2025 (source: A sample application notice" in description
    assert "Projects on this sheet: Park 2, Park 3" in str(events[1]["DESCRIPTION"])
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal


def test_the_calendar_text_is_rfc_5545_lines():
    made = sheet_calendar(policy(), _sheet(Entry("4.2", {}, "项目" * 40)), "zh", STAMP)["ics"]
    assert made.endswith("\r\n") and "\n" not in made.replace("\r\n", "")
    for physical in made.split("\r\n")[:-1]:
        assert len(physical.encode("utf-8")) <= 75, physical
    assert "项目" * 40 in str(_parsed(made).walk("VEVENT")[0]["DESCRIPTION"])


def test_the_same_window_has_the_same_uid_each_time():
    a = sheet_calendar(policy(), _sheet(Entry("4.1", {})), "zh", STAMP)["ics"]
    b = sheet_calendar(
        policy(), _sheet(Entry("4.1", {}, "other")), "en", datetime.now(timezone.utc)
    )
    uid = [str(_parsed(x).walk("VEVENT")[0]["UID"]) for x in (a, b["ics"])]
    assert uid[0] == uid[1]


def test_no_known_window_gives_no_file():
    made = sheet_calendar(policy(), _sheet(Entry("5.1", {}), Entry("1.2", {})), "en", STAMP)
    assert made == {"events": 0, "ics": None}


@pytest.mark.parametrize(
    "text",
    ["a,b;c\\d", "line one\nline two\r\nthree", "免申即享，是；" * 30, "tab\there", "x\x01y"],
)
def test_texts_come_back_from_the_parser_as_written(text):
    event = ics.Event("u@x.invalid", text, date(2025, 1, 1), date(2025, 1, 1), text)
    cal = _parsed(ics.calendar([event], text, STAMP))
    back = str(cal.walk("VEVENT")[0]["SUMMARY"])
    assert back == text.replace("\r\n", "\n").replace("\x01", "")


def test_page_sheet_gives_the_calendar_with_the_csv():
    entries = json.dumps([{"award": "4.2", "inputs": {}, "project": "P"}])
    out = json.loads(web.page_sheet(entries, "en", "2026-12-06", "", policy=policy()))
    assert out["ok"] and out["calendar"]["events"] == 1
    assert len(_parsed(out["calendar"]["ics"]).walk("VEVENT")) == 1
    none = json.loads(
        web.page_sheet(json.dumps([{"award": "5.1", "inputs": {}}]), "zh", "", "", policy=policy())
    )
    assert none["calendar"] == {"events": 0, "ics": None}


def test_the_csv_has_the_window_and_how_to_apply():
    sheet = _sheet(Entry("4.2", {}), Entry("5.1", {}))
    rows = sheet_csv(policy(), sheet, "en").lstrip("\ufeff").splitlines()
    header = rows[0].split(",")
    assert "Application window" in header and "How to apply (with sources)" in header
    assert "1 April 2025 to 15 April 2025" in rows[1] and "not yet known" in rows[2]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=300))
def test_any_text_survives_folding_and_escaping(text):
    event = ics.Event("u@x.invalid", text or "x", date(2025, 1, 1), date(2025, 1, 2), text)
    made = ics.calendar([event], "c", STAMP)
    assert all(len(line.encode("utf-8")) <= 75 for line in made.split("\r\n"))
    back = _parsed(made).walk("VEVENT")[0]
    assert str(back["SUMMARY"]) == (text or "x")
    assert back.decoded("DTEND") == date(2025, 1, 3)


def test_the_pages_show_a_notices_fields_with_links_and_sources(tmp_path):
    from sitegen.render import render_site

    render_site(policy(), tmp_path, load(MEASURES).data)
    page = (tmp_path / "measures" / "04.en.md").read_text("utf-8")
    block = page[page.index('<div class="apply-box"') : page.index("## Versions")]
    assert (
        '<a href="https://example.org/apply" rel="noopener">A sample online application system '
        "(fictional)</a>" in block
    )
    # Four known fields, each with its source linked: the measure's, and 4.2's under its heading.
    assert block.count('<a href="https://example.org/notice" rel="noopener">') == 8
    assert "1 March 2025 to 31 March 2025" in block and "apply-unknown" in block  # responsible
    # 4.2's own window, under its own heading; 4.1 is its measure's and has none.
    assert 'id="apply-4-2"' in block and 'id="apply-4-1"' not in block
    assert "1 April 2025 to 15 April 2025" in block
    assert "申报指南" not in block  # a notice is held: no caution that none is
    assert block.count("apply-intro") == 1  # which version one applies under: said once
    finder = (tmp_path / "finder.md").read_text("utf-8")
    assert "申请时间：2025年4月1日至2025年4月15日（已截止）" in finder
    assert 'href="../measures/05/#apply"' not in finder  # nothing known: the row stays compact


def test_with_no_later_version_there_is_nothing_known_to_apply_under():
    data = frozen.data()
    data["versions"] = data["versions"][:1]
    for measure in (m for ch in data["chapters"] for m in ch.get("measures") or ()):
        measure.pop("versions", None)
        for award in measure.get("awards") or ():
            award.pop("versions", None)
    p = Policy.from_data(data)
    app = p.awards["4.1"].application
    assert app == application.Application(None)
    said = application.said(p, app, "en")
    assert said["lines"] == [said["intro"]] and "no version later than" in said["intro"]
    assert application.brief(app) is None
