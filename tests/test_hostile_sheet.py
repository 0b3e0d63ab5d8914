"""Issue 20, item 5 (the sheet kept in this browser, overrides/assets/sheet-store.js): the sheet
never loses entries silently. A stored sheet that cannot be read is set aside, unchanged, and the
page says so (the next Add does not overwrite it); entries of awards this build lacks are kept
and shown as such; a link never replaces them without asking; the limit of entries is stated
and enforced with a clear message, and a sheet over it (from an older version) keeps every entry
and says why no total is calculated. Figures are the live engine's (calculator.web.page_sheet)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from browserkit import ENGINE_TIMEOUT, data_attr
from calculator.sheet import MAX_ENTRIES
from calculator.web import page_sheet
from conftest import ROOT

pytestmark = pytest.mark.browser

KEY = "sz-sep-calculator/sheet/v1"
UNKNOWN = {"award": "99.1", "project": "旧项目", "inputs": {"investment": "100万"}}
KNOWN = {"award": "4.1", "project": "", "inputs": {"investment": "5000万"}}


def stored(page) -> dict:
    return page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))"
    )


def open_sheet_with(page, origin: str, text: str | None, lang: str = "zh") -> None:
    page.goto(f"{origin}/data/")
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, text])
    page.goto(f"{origin}/{'' if lang == 'zh' else 'en/'}sheet/")
    page.locator(".calc-status.calc-ready").wait_for(timeout=ENGINE_TIMEOUT)


def upper(entries: list[dict]) -> str:
    return json.loads(page_sheet(json.dumps(entries), "zh"))["sheet"]["totals"]["upper"]


def test_store_limit_is_the_engines():
    script = (ROOT / "overrides" / "assets" / "sheet-store.js").read_text(encoding="utf-8")
    assert f"export const MAX_ENTRIES = {MAX_ENTRIES};" in script


def test_unreadable_store_is_set_aside_reported_and_never_overwritten(page, origin):
    broken = '[{"award": "4.1", "inputs": {"investment": "5000万"}'  # cut short
    open_sheet_with(page, origin, broken)
    note = page.locator(".sheet-aside")
    expect(note).to_be_visible()
    expect(note).to_contain_text("无法读取")
    expect(note).to_contain_text(f"{KEY}/unreadable")
    assert stored(page)[f"{KEY}/unreadable"] == broken
    page.locator("#sheet-add").click()
    expect(page.locator(".sheet-entry")).to_have_count(1)
    kept = stored(page)
    assert kept[f"{KEY}/unreadable"] == broken, "the next Add overwrote the unreadable sheet"
    assert len(json.loads(kept[KEY])) == 1
    page.reload()
    expect(page.locator(".sheet-aside")).to_be_visible()  # said until deleted
    page.locator("#sheet-discard-aside").click()
    expect(page.locator(".sheet-aside")).to_be_hidden()
    assert f"{KEY}/unreadable" not in stored(page)


def test_entries_of_unknown_awards_are_kept_shown_and_saved(page, origin):
    open_sheet_with(page, origin, json.dumps([UNKNOWN, KNOWN], ensure_ascii=False))
    expect(page.locator(".sheet-entry")).to_have_count(2)
    unknown = page.locator('.sheet-entry[data-award="99.1"]')
    expect(unknown).to_contain_text("没有奖励99.1")
    expect(unknown).to_contain_text("旧项目")
    assert data_attr(page, "sheet", "upper") == upper([UNKNOWN, KNOWN])
    assert page.locator(".sheet-counted").inner_text().startswith("共2项，1项")
    page.locator("#e2-investment").fill("6000万")  # any save keeps the unknown entry
    page.wait_for_function(f"() => localStorage.getItem({json.dumps(KEY)}).includes('6000万')")
    assert [e["award"] for e in json.loads(stored(page)[KEY])] == ["99.1", "4.1"]
    unknown.locator(".sheet-remove").click()  # removed only when asked
    expect(page.locator(".sheet-entry")).to_have_count(1)
    assert [e["award"] for e in json.loads(stored(page)[KEY])] == ["4.1"]


def test_a_link_never_replaces_a_sheet_of_unknown_awards_without_asking(page, origin):
    page.goto(f"{origin}/data/")
    page.evaluate("([k, t]) => localStorage.setItem(k, t)", [KEY, json.dumps([UNKNOWN])])
    page.goto(f"{origin}/sheet/#e1=4.1&e1.investment=5000%E4%B8%87")
    expect(page.locator("#sheet-shared")).to_be_visible()
    assert [e["award"] for e in json.loads(stored(page)[KEY])] == ["99.1"]
    page.locator("#sheet-shared-append").click()
    expect(page.locator(".sheet-entry")).to_have_count(2)
    assert [e["award"] for e in json.loads(stored(page)[KEY])] == ["99.1", "4.1"]


def test_the_limit_is_stated_and_adding_past_it_says_so(page, origin):
    full = [{"award": "3.1", "project": "", "inputs": {}}] * MAX_ENTRIES
    open_sheet_with(page, origin, json.dumps(full))
    expect(page.locator(".sheet-limit")).to_contain_text(f"最多{MAX_ENTRIES}项")
    assert data_attr(page, "sheet", "upper") == upper(full)
    page.locator("#sheet-add").click()
    expect(page.locator(".sheet-limit")).to_contain_text("已满")
    expect(page.locator(".sheet-entry")).to_have_count(MAX_ENTRIES)
    assert len(json.loads(stored(page)[KEY])) == MAX_ENTRIES


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sheet_over_the_limit_keeps_every_entry_and_says_why_there_is_no_total(
    page, origin, lang
):
    over = [{"award": "3.1", "project": str(i), "inputs": {}} for i in range(MAX_ENTRIES + 2)]
    open_sheet_with(page, origin, json.dumps(over), lang)
    expect(page.locator(".sheet-entry")).to_have_count(MAX_ENTRIES + 2)
    total = page.locator(".sheet-total")
    expect(total).to_contain_text(str(MAX_ENTRIES))
    expect(total).to_contain_text("移除2项" if lang == "zh" else "remove 2")
    assert len(json.loads(stored(page)[KEY])) == MAX_ENTRIES + 2
    page.locator(".sheet-entry").last.locator(".sheet-remove").click()
    page.locator(".sheet-entry").last.locator(".sheet-remove").click()
    expected = upper(over[:MAX_ENTRIES])
    page.wait_for_function(f"() => document.getElementById('sheet').dataset.upper === '{expected}'")
