"""The finder and the combined sheet in Chromium: the same answers as CPython gives
(tests/cases/finder.yaml), the sheet's figures, the state kept in the #fragment and nowhere
else, the CSV and JSON downloads, removing an entry, and printing."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from browserkit import ENGINE_TIMEOUT
from calculator.web import page_sheet
from siteserver import serve
from test_finder import ALL, FINDER_CASES, expected_fits
from test_quality import printed

pytestmark = pytest.mark.browser

NO_DOUBLE_BENEFIT = "本措施与我市市级层面其他同类优惠措施不得重复享受。"


def wait_for(page: Page, attribute: str) -> str:
    """A data- attribute of #finder, set only once the engine has answered the current state."""
    deadline = time.monotonic() + ENGINE_TIMEOUT / 1000
    while time.monotonic() < deadline:
        try:
            value = page.evaluate(f"document.getElementById('finder')?.dataset.{attribute}")
        except PlaywrightError:  # the page is still navigating
            value = None
        if value is not None:
            return value
        time.sleep(0.1)  # polled: the page's CSP forbids the string eval wait_for_function uses
    raise AssertionError(f"#finder never got data-{attribute}")


def fragment(answers: dict) -> str:
    return urlencode({k: ",".join(v) if isinstance(v, list) else v for k, v in answers.items()})


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("case", FINDER_CASES[2:6], ids=[c["name"] for c in FINDER_CASES[2:6]])
def test_finder_page_gives_the_answers_python_gives(page, origin, case, lang):
    page.goto(f"{origin}/{lang}finder/#{fragment(case['answers'])}")
    fits = wait_for(page, "fit").split()
    assert fits == expected_fits(case)
    shown = page.locator("#finder-fit .finder-award").evaluate_all(
        "cards => cards.map(c => c.dataset.award)"
    )
    assert shown == fits, "the cards that may fit, in the order of the document"
    left = page.locator("#finder-out .finder-award")
    assert left.count() == len(ALL) - len(fits)
    if lang == "":
        for award, words in (case.get("reasons") or {}).items():
            reasons = page.locator(f'#finder-out [data-award="{award}"] .finder-reasons')
            assert words in reasons.text_content()  # inside the folded list of left-out awards


def test_answering_by_clicking_updates_the_list_and_the_address(page, origin):
    page.goto(f"{origin}/en/finder/")
    assert wait_for(page, "fit").split() == ALL, "nothing answered: every award"
    assert "No question answered yet" in page.locator("#finder-counts").inner_text()
    page.get_by_label("Private non-enterprise unit").check()
    page.get_by_label("Hosting or attending exhibitions and forums").check()
    expect(page.locator("#finder")).to_have_attribute("data-fit", "26.1", timeout=ENGINE_TIMEOUT)
    assert "1 awards may fit; 40 left out." == page.locator("#finder-counts").inner_text()
    assert page.locator("#finder-out > summary").inner_text().endswith("(40)")
    page.locator("#finder-out > summary").click()  # unfold the awards left out
    reasons = page.locator('#finder-out [data-award="26.2"] .finder-reasons').inner_text()
    assert "支持集群企业" in reasons and "Enterprise only" in reasons
    assert "organisation=private_non_enterprise" in page.url and "activities=events" in page.url
    assert "?" not in page.url


SHEET = [
    {"award": "4.1", "inputs": {"investment": "50000000"}, "project": "园区A"},
    {"award": "3.1", "inputs": {}},
    {"award": "19.1", "inputs": {}},
    {"award": "1.1", "inputs": {"sales": "30000000"}},
]


def sheet_fragment(entries: list[dict]) -> str:
    params = {}
    for i, entry in enumerate(entries, start=1):
        params[f"e{i}"] = entry["award"]
        if entry.get("project"):
            params[f"e{i}.project"] = entry["project"]
        for name, value in entry["inputs"].items():
            params[f"e{i}.{name}"] = value
    return urlencode(params)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_combined_sheet_shows_what_python_computes(page, origin, lang):
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{origin}/{prefix}finder/#{sheet_fragment(SHEET)}")
    expected = json.loads(page_sheet(json.dumps(SHEET), lang))["sheet"]
    assert wait_for(page, "upper") == expected["totals"]["upper"] == "11000000.00"
    assert page.locator(".sheet-total").inner_text() == expected["totals"]["headline"]
    headlines = page.locator(".sheet-entry .sheet-headline").all_inner_texts()
    assert headlines == [e["result"]["headline"] for e in expected["entries"]]
    cautions = page.locator(".sheet-cautions li").all_inner_texts()
    assert cautions == expected["cautions"]
    assert any(NO_DOUBLE_BENEFIT in c for c in cautions)
    assert page.locator(".calc-not-promise").first.is_visible()


def test_building_a_sheet_by_hand_keeps_it_in_the_fragment_only(browser, built_site):
    """Answers and figures go into the address's #fragment: a new page opened from it shows the
    same sheet, and the server never sees a figure (it never receives a fragment)."""
    seen: list[str] = []
    with serve(built_site, seen=seen) as origin:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{origin}/finder/")
        page.get_by_label("企业", exact=True).check()
        page.locator('.finder-add[data-award="5.2"]').click()
        added = page.locator('[data-award="5.2"] .finder-added')
        assert added.inner_text().startswith("已加入测算表（第1项）"), "said beside the button"
        headline = page.locator('.sheet-entry[data-entry="0"] .sheet-headline')
        expect(headline).to_have_text("请填写本项的数字。", timeout=ENGINE_TIMEOUT)
        assert page.locator("#e1-cop[aria-invalid]").count() == 0, "empty is not wrong"
        page.locator("#e1-cop").fill("5.2")
        page.locator("#e1-investment").fill("20000000")
        page.locator("#e1-project").fill("总部大楼")
        page.locator("#sheet-choose").select_option("17.2")
        page.locator(".sheet-add button").click()
        page.locator("#e2-certificates").fill("3")
        expect(page.locator("#finder")).to_have_attribute(
            "data-upper", "5300000.00", timeout=ENGINE_TIMEOUT
        )  # 5.2: 30% of 20,000,000 = 6,000,000 → cap 5,000,000; 17.2: 3 × 100,000
        url = page.url
        assert "#" in url and "?" not in url
        again = context.new_page()
        again.goto(url)
        assert wait_for(again, "upper") == "5300000.00"
        assert again.locator("#e1-investment").input_value() == "20000000"
        assert again.locator("#e1-project").input_value() == "总部大楼"
        assert again.locator("#e2-certificates").input_value() == "3"
        assert again.get_by_label("企业", exact=True).is_checked()
        context.close()
    assert seen and not [p for p in seen if "20000000" in p or "certificates" in p], seen


def test_removing_an_entry_renumbers_the_sheet_and_recomputes(page, origin):
    page.goto(f"{origin}/finder/#{sheet_fragment(SHEET)}")
    assert wait_for(page, "upper") == "11000000.00"
    page.locator('.sheet-entry[data-entry="0"] .sheet-remove').click()
    expect(page.locator("#finder")).to_have_attribute(
        "data-upper", "1000000.00", timeout=ENGINE_TIMEOUT
    )
    assert "e1=3.1" in page.url and "e4" not in page.url and "investment" not in page.url
    legends = page.locator(".sheet-entry legend").all_inner_texts()
    assert legends[0].startswith("第1项：3.1")


def test_a_bad_figure_is_marked_by_its_field_and_left_out_of_the_total(page, origin):
    bad = SHEET[:2] + [{"award": "5.2", "inputs": {"cop": "abc", "investment": "1000"}}]
    page.goto(f"{origin}/en/finder/#{sheet_fragment(bad)}")
    assert wait_for(page, "complete") == "false"
    assert page.locator("#finder").get_attribute("data-upper") == "11000000.00"
    error = page.locator("#e3-cop-error")
    assert error.is_visible() and "must be a number" in error.inner_text()
    assert page.locator("#e3-cop").get_attribute("aria-invalid") == "true"
    assert any("entry 3" in c for c in page.locator(".sheet-cautions li").all_inner_texts())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_downloads_are_the_sheet_python_makes(page, origin, lang, tmp_path):
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{origin}/{prefix}finder/#{sheet_fragment(SHEET)}")
    wait_for(page, "upper")
    expected = json.loads(page_sheet(json.dumps(SHEET), lang))
    label = {"zh": ("下载 CSV", "下载 JSON"), "en": ("Download CSV", "Download JSON")}[lang]
    with page.expect_download() as csv_download:
        page.get_by_role("button", name=label[0]).click()
    path = tmp_path / "sheet.csv"
    csv_download.value.save_as(path)
    assert csv_download.value.suggested_filename.endswith(".csv")
    assert path.read_bytes() == expected["csv"].encode("utf-8")
    with page.expect_download() as json_download:
        page.get_by_role("button", name=label[1]).click()
    json_download.value.save_as(tmp_path / "sheet.json")
    data = json.loads((tmp_path / "sheet.json").read_text(encoding="utf-8"))
    assert data == expected["sheet"] and data["totals"]["upper"] == "11000000.00"


def test_downloads_wait_for_figures_that_match_the_form(page, origin):
    page.goto(f"{origin}/finder/#{sheet_fragment(SHEET)}")
    wait_for(page, "upper")
    page.locator("#e1-investment").fill("1")
    assert page.locator("#finder").get_attribute("data-upper") is None
    assert page.get_by_role("button", name="下载 CSV").is_disabled()
    expect(page.locator("#finder")).to_have_attribute(
        "data-upper", "1000000.30", timeout=ENGINE_TIMEOUT
    )  # 30% of 1 yuan = 0.30, plus 1,000,000 for 3.1
    assert page.get_by_role("button", name="下载 CSV").is_enabled()


def test_the_sheet_prints_without_the_questions_or_buttons(browser, origin, tmp_path):
    url = f"{origin}/finder/#organisation=enterprise&{sheet_fragment(SHEET)}"
    flat, pages = printed(
        browser, url, tmp_path / "sheet.pdf", ready=lambda page: wait_for(page, "upper")
    )
    assert "各项上限之和：11,000,000元（1,100万元）" in flat
    assert NO_DOUBLE_BENEFIT in flat and "园区A" in flat
    assert "最高可获10,000,000元" in flat and "50000000" in flat, "each entry, its figures"
    assert "不选则不按此筛选" not in flat and "下载CSV" not in flat, "no questions or buttons"
    assert pages <= 6, pages


def test_older_calculator_links_still_work_and_move_to_the_fragment(page, origin):
    page.goto(f"{origin}/calculator/?award=4.1&investment=50000000")
    expect(page.locator("#result")).to_have_attribute(
        "data-amount", "10000000.00", timeout=ENGINE_TIMEOUT
    )
    assert page.url.endswith("/calculator/#award=4.1&investment=50000000")


def test_a_calculator_result_carries_its_figures_to_a_combined_sheet(page, origin):
    page.goto(f"{origin}/en/calculator/#award=5.2&cop=5.0&investment=20000000")
    expect(page.locator("#result")).to_have_attribute(
        "data-amount", "5000000.00", timeout=ENGINE_TIMEOUT
    )
    page.get_by_role("link", name="Add this estimate to a combined sheet").click()
    assert wait_for(page, "upper") == "5000000.00"
    assert page.locator("#e1-cop").input_value() == "5.0"


def test_the_language_switch_keeps_the_answers_and_the_sheet(page, origin):
    page.goto(f"{origin}/finder/#organisation=enterprise&{sheet_fragment(SHEET)}")
    assert wait_for(page, "upper") == "11000000.00"
    page.locator("#e1-investment").fill("20000000")
    expect(page.locator("#finder")).to_have_attribute(
        "data-upper", "7000000.00", timeout=ENGINE_TIMEOUT
    )  # 30% of 20,000,000 = 6,000,000, plus 1,000,000 for 3.1
    href = page.locator("a[hreflang='en']").first.get_attribute("href")
    assert "/en/finder/#" in href and "e1.investment=20000000" in href
    page.locator("a[hreflang='en']").first.dispatch_event("click")  # it sits in a hover menu
    page.wait_for_url("**/en/finder/**")
    assert wait_for(page, "upper") == "7000000.00"
    assert page.get_by_label("Enterprise", exact=True).is_checked()
    assert "Up to 6,000,000 yuan" in page.locator(".sheet-entry .sheet-headline").first.inner_text()


def test_a_new_fragment_in_the_address_bar_is_followed(page, origin):
    page.goto(f"{origin}/finder/#{sheet_fragment(SHEET)}")
    assert wait_for(page, "upper") == "11000000.00"
    page.evaluate("location.hash = 'organisation=private_non_enterprise&activities=events&e1=26.1'")
    expect(page.locator("#finder")).to_have_attribute("data-fit", "26.1", timeout=ENGINE_TIMEOUT)
    expect(page.locator("#finder")).to_have_attribute(
        "data-upper", "5000000.00", timeout=ENGINE_TIMEOUT
    )  # 26.1: 最高500万元事后资助
    assert page.locator(".sheet-entry").count() == 1


def test_the_finder_and_the_sheet_work_by_keyboard_alone(page, origin):
    page.goto(f"{origin}/finder/")
    assert wait_for(page, "fit").split() == ALL
    page.locator('input[name="organisation"][value=""]').focus()
    page.keyboard.press("ArrowRight")  # 暂不回答 → 企业
    page.keyboard.press("Tab")  # to the legal-person question
    page.keyboard.press("ArrowRight")  # 暂不回答 → 是
    page.keyboard.press("ArrowRight")  # 是 → 否
    expect(page.locator("#finder")).to_have_attribute("data-fit", "", timeout=ENGINE_TIMEOUT)
    assert page.locator("#finder-counts").inner_text() == "0项奖励可能适用，41项未列入。"
    assert page.locator("#finder-out").get_attribute("open") is not None, "opened: nothing fits"
    assert "organisation=enterprise" in page.url and "legal_person=no" in page.url
    page.locator('.finder-add[data-award="3.1"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("#finder")).to_have_attribute(
        "data-upper", "1000000.00", timeout=ENGINE_TIMEOUT
    )
    live = page.locator("#sheet [aria-live]")  # announced: the new total
    assert live.inner_text() == "各项上限之和：1,000,000元（100万元）"
