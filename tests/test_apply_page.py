"""How to apply, in Chromium: the measure page's block says each field as the engine does (not
yet known plainly, a known one with its source), the finder's rows say the window, the sheet
shows each entry's and its calendar button gives the .ics of the known windows, read back by a
real parser, or says there is nothing to put in a calendar. Held to the live engine
(calculator.application, calculator.web.page_sheet), never to written-in words."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
import yaml

from browserkit import data_attr, sheet_fragment
from calculator import application
from calculator.web import page_sheet

pytestmark = pytest.mark.browser

STRINGS = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "templates" / "strings.yaml").read_text("utf-8")
)
SHEET = [
    {"award": "1.2", "inputs": {"sales": "1000万"}, "project": "A"},
    {"award": "4.1", "inputs": {"investment": "5000万"}, "project": "B"},
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_measure_page_says_each_field_as_the_engine(page, origin, policy, lang):
    prefix = "" if lang == "zh" else "en/"
    for measure in (policy.measure(1), policy.measure(4)):
        page.goto(f"{origin}/{prefix}measures/{measure.number:02d}/")
        box = page.locator(".apply-box")
        said = application.said(policy, measure.application, lang)
        assert box.locator(".apply-intro").first.inner_text() == said["intro"]
        for field in application.FIELDS:
            row = box.locator(f'.apply-field[data-field="{field}"]').first
            assert (
                row.locator("dt").inner_text() in said["lines"][1 + application.FIELDS.index(field)]
            )
            text = row.locator("dd").inner_text()
            assert text.startswith(said[field]["said"])
            if said[field]["known"]:
                assert said[field]["source"]["label"] in text
            else:
                assert "apply-unknown" in row.get_attribute("class")
        # An award that differs from its measure (removed there, or a notice of its own).
        for award in measure.awards:
            heading = page.locator(f"#apply-{award.id.replace('.', '-')}")
            assert heading.count() == (award.application != measure.application)


def test_the_finder_rows_say_the_window(page, origin, policy):
    page.goto(f"{origin}/en/finder/")
    for award in policy.awards.values():
        brief = application.brief(award.application)
        row = page.locator(f'.finder-row[data-award="{award.id}"] .finder-apply')
        assert (row.inner_text() if row.count() else None) == (brief.en if brief else None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sheet_shows_how_to_apply_and_gives_the_calendar(page, origin, lang, tmp_path):
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{origin}/{prefix}sheet/#{sheet_fragment(SHEET)}")
    data_attr(page, "sheet", "upper")
    answer = json.loads(page_sheet(json.dumps(SHEET), lang))
    for i, line in enumerate(answer["sheet"]["entries"]):
        fold = page.locator(f'[data-entry="{i}"] details.sheet-apply')
        fold.locator("summary").click()
        assert fold.locator("li").all_inner_texts() == line["application"]["lines"][1:]
    button = page.locator("#sheet-ics")
    calendar = answer["calendar"]
    if calendar["ics"] is None:
        # Nothing known: said beside the button, and no empty file given.
        downloads = []
        page.on("download", lambda d: downloads.append(d))
        button.click()
        note = page.locator("#sheet-ics-note")
        assert note.inner_text() == STRINGS["sht_ics_none"][lang]
        page.wait_for_timeout(500)
        assert downloads == []
        return
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith(".ics")
    path = tmp_path / "windows.ics"
    download.value.save_as(path)
    parsed = icalendar.Calendar.from_ical(path.read_text("utf-8"))
    assert len(parsed.walk("VEVENT")) == calendar["events"]
