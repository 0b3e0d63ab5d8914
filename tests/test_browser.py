"""The site in a real browser: Debian's chromium driven by Playwright.

Deep-linked estimates, field errors, stale results, search in both languages, the language
switch, and not one request to another host.
"""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import urlparse

import yaml

import pytest
from playwright.sync_api import expect

from browserkit import ENGINE_TIMEOUT, cold_transfer, engine, engine_attrs, result_of
from conftest import ROOT
from siteserver import serve

pytestmark = pytest.mark.browser

# Each deep link, and the inputs the engine is asked for the same estimate.
DEEP_LINKS = [
    ("calculator/#award=1.1&sales=35000000", "1.1", {"sales": "35000000"}),
    ("calculator/#award=1.1&sales=30000000", "1.1", {"sales": "30000000"}),
    ("en/calculator/#award=4.1&investment=50000000", "4.1", {"investment": "50000000"}),
    ("en/calculator/#award=11.3&level=national", "11.3", {"level": "national"}),
    ("calculator/#award=19.1", "19.1", {}),
    (
        "calculator/#award=23.2&operating_costs=1000万%0A3000万%0A2000万",
        "23.2",
        {"operating_costs": "1000万\n3000万\n2000万"},
    ),
]


@pytest.mark.parametrize("path, award, inputs", DEEP_LINKS, ids=[p for p, *_ in DEEP_LINKS])
def test_deep_link_computes_at_once(page, origin, path, award, inputs):
    page.goto(f"{origin}/{path}")
    assert result_of(page) == engine_attrs(award, inputs)
    headline = page.locator("#result .calc-headline").inner_text()
    lang = "en" if path.startswith("en/") else "zh"
    assert headline.startswith(engine(award, inputs, lang)["headline"]), headline


def test_result_shows_steps_conditions_and_highlighted_clause(page, origin):
    page.goto(f"{origin}/calculator/#award=4.1&investment=50000000")
    result_of(page)
    said = engine("4.1", {"investment": "50000000"})
    steps = page.locator("#result .calc-steps li").all_inner_texts()
    assert steps == said["steps"]
    assert any("超过上限" in s for s in steps) and any("即达到上限" in s for s in steps)
    checklist = page.locator("#result .calc-checklist input[type=checkbox]")
    assert checklist.count() == len(said["conditions"]) == 2
    marks = "".join(page.locator("#result .calc-clause mark").all_inner_texts())
    assert all(phrase in marks for phrase in said["phrases"]), (said["phrases"], marks)
    assert said["headline"] in page.locator("#result .calc-headline").inner_text()
    assert (
        page.locator("#calc-live").inner_text()
        == page.locator("#result .calc-headline").inner_text()
    )


@pytest.mark.parametrize("lang, words", [("", "不能为负数"), ("en/", "cannot be negative")])
def test_bad_input_shows_an_error_by_its_field(page, origin, lang, words):
    page.goto(f"{origin}/{lang}calculator/#award=4.1&investment=-5")
    error = page.locator("#field-investment-error")
    expect(error).to_be_visible(timeout=ENGINE_TIMEOUT)
    assert words in error.inner_text()
    assert page.locator("#field-investment").get_attribute("aria-invalid") == "true"
    assert page.locator("#result").get_attribute("data-amount") is None


def test_typing_replaces_the_result_and_never_leaves_it_stale(page, origin):
    page.goto(f"{origin}/calculator/#award=4.1&investment=20000000")
    assert result_of(page) == engine_attrs("4.1", {"investment": "20000000"})
    field = page.locator("#field-investment")
    field.fill("")
    assert page.locator("#result").get_attribute("data-amount") is None
    field.type("1000000")
    expect(page.locator("#result")).to_have_attribute(
        "data-amount", engine("4.1", {"investment": "1000000"})["amount"], timeout=ENGINE_TIMEOUT
    )
    assert "investment=1000000" in page.url


def test_form_is_built_from_the_award_and_usable_by_keyboard(page, origin):
    page.goto(f"{origin}/en/calculator/")
    page.locator("#award-filter").fill("17.1")
    page.locator("#award-select").select_option("17.1")
    level = page.locator("#field-level")
    assert level.locator("option").all_inner_texts() == [
        "—",
        "International standard",
        "National standard",
        "Industry standard",
        "Association standard",
    ]
    level.focus()
    level.select_option("industry")
    page.keyboard.press("Enter")
    assert result_of(page)["amount"] == "300000.00"


SEARCHES = [
    ("", "动力电池", "measures/12/"),
    ("", "碳足迹", "measures/17/"),
    ("", "消防", "measures/01/"),
    ("en/", "battery", "en/measures/12/"),
    ("en/", "exhibition", "en/measures/26/"),
]


@pytest.mark.parametrize("lang, query, expected", SEARCHES, ids=[q for _, q, _ in SEARCHES])
def test_search_finds_words_in_each_language(page, origin, lang, query, expected):
    page.goto(f"{origin}/{lang}")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # the theme reads the query on key events, as when a person types
    page.locator(".md-search-result__list li").first.wait_for(timeout=30_000)
    hrefs = [
        urlparse(h).path
        for h in page.locator(".md-search-result__list a").evaluate_all(
            "els => els.map(e => e.href)"
        )
    ]
    assert any(h.endswith("/" + expected) for h in hrefs), hrefs


def test_language_switch_keeps_the_page(page, origin):
    page.goto(f"{origin}/measures/04/")
    href = page.locator("a[hreflang='en']").first.get_attribute("href")
    assert href and href.rstrip("/").endswith("en/measures/04"), href
    page.goto(f"{origin}/en/measures/04/")
    back = page.locator("a[hreflang='zh']").first.get_attribute("href")
    assert back and back.rstrip("/").endswith("measures/04") and "/en/" not in back, back


def test_language_switch_keeps_the_calculators_figures(page, origin):
    page.goto(f"{origin}/calculator/#award=4.1&investment=50000000")
    expected = engine_attrs("4.1", {"investment": "50000000"})
    assert result_of(page) == expected
    page.locator("a[hreflang='en']").first.dispatch_event("click")  # it sits in a hover menu
    page.wait_for_url("**/en/calculator/#award=4.1&investment=50000000")
    assert result_of(page) == expected
    headline = engine("4.1", {"investment": "50000000"}, "en")["headline"]
    assert page.locator("#result .calc-headline").inner_text().startswith(headline)


@pytest.mark.parametrize("path", ["measures/04/", "en/awards/", ""])
def test_pages_other_than_the_calculator_fetch_no_byte_of_the_runtime(page, origin, path):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{origin}/{path}")
    page.wait_for_load_state("networkidle")
    assert fetched, "the page loaded something"
    assert [u for u in fetched if "/assets/pyodide/" in u or "calculator" in u] == []


def test_a_tampered_wheel_is_refused(browser, built_site, tmp_path):
    """The browser checks the wheel against the lock's sha256 and refuses a changed one."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    lock_path = copy / "assets" / "pyodide" / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    (package,) = lock["packages"].values()
    package["sha256"] = "0" * 64
    lock_path.write_text(json.dumps(lock), encoding="utf-8")
    with serve(copy) as origin:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{origin}/calculator/#award=3.1")
        expect(page.locator(".calc-status.calc-failed")).to_be_visible(timeout=ENGINE_TIMEOUT)
        assert page.locator("#result").get_attribute("data-amount") is None
        context.close()


def test_a_new_fragment_in_the_address_bar_is_followed(page, origin):
    page.goto(f"{origin}/calculator/#award=4.1&investment=20000000")
    assert result_of(page) == engine_attrs("4.1", {"investment": "20000000"})
    page.evaluate("location.hash = 'award=3.1'")
    expect(page.locator("#result")).to_have_attribute(
        "data-amount", engine("3.1", {})["amount"], timeout=ENGINE_TIMEOUT
    )
    assert page.locator("#award-select").input_value() == "3.1"


AMOUNTS = yaml.safe_load((ROOT / "tests" / "cases" / "amounts.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_typing_amounts_as_people_write_them(page, origin, lang):
    """Each way of writing an amount (tests/cases/amounts.yaml), typed into the field in turn:
    read back under it as it is typed, and the estimate rests on that reading. One page for all,
    as a person tries one way after another; every form on either page (a Chinese page's reader
    may paste "50 million", an English page's 伍仟万元整)."""
    page.goto(f"{origin}/{'en/' if lang == 'en' else ''}calculator/#award=8.1")
    field = page.locator("#field-equipment_cost")
    reading = page.locator("#field-equipment_cost-reading span")
    for case in AMOUNTS:
        field.fill("")
        field.focus()
        page.keyboard.insert_text(case["typed"])  # as a person types (an IME for 万 and ５)
        if lang in case:
            expect(reading, case["typed"]).to_have_text(case[lang], timeout=ENGINE_TIMEOUT)
        # the estimate is the engine's for the yuan the case says it reads as
        expected = engine("8.1", {"equipment_cost": case["yuan"]})["amount"]
        expect(page.locator("#result"), case["typed"]).to_have_attribute(
            "data-amount", expected, timeout=ENGINE_TIMEOUT
        )
        assert page.locator("#field-equipment_cost-error").is_hidden(), case["typed"]


def test_an_ambiguous_list_is_refused_showing_how_it_was_read(page, origin):
    page.goto(f"{origin}/calculator/#award=23.2")
    field = page.locator("#field-operating_costs")
    assert field.evaluate("f => f.tagName") == "TEXTAREA", "one field, a line a year"
    field.fill("10,000,000, 20,000,000")
    error = page.locator("#field-operating_costs-error")
    expect(error).to_be_visible(timeout=ENGINE_TIMEOUT)
    assert "（10,000,000、20,000,000）" in error.inner_text() and "无法确定" in error.inner_text()
    page.locator("button[type=submit]").click()
    expect(error).to_be_visible()
    assert page.locator("#result").get_attribute("data-amount") is None, "never a silent 2元"
    field.fill("10,000,000\n20,000,000")
    expect(page.locator("#result")).to_have_attribute(
        "data-amount",
        engine("23.2", {"operating_costs": "10000000；20000000"})["amount"],
        timeout=ENGINE_TIMEOUT,
    )
    expect(page.locator("#field-operating_costs-reading")).to_contain_text("共2年")


def test_a_figure_typed_in_wan_but_read_as_yuan_is_questioned_and_fixed(page, origin):
    page.goto(f"{origin}/calculator/#award=4.1")
    page.locator("#field-investment").fill("5000")
    question = page.locator("#field-investment-reading .field-question")
    expect(question).to_contain_text("是否指 5000万元（50,000,000元）", timeout=ENGINE_TIMEOUT)
    expect(page.locator("#result")).to_have_attribute(
        "data-amount", engine("4.1", {"investment": "5000"})["amount"]
    )
    assert "是否指 5000万元" in page.locator("#result .calc-questions").inner_text(), "beside it"
    page.get_by_role("button", name="改为“5000万”").click()
    expect(page.locator("#result")).to_have_attribute(
        "data-amount", engine("4.1", {"investment": "5000万"})["amount"], timeout=ENGINE_TIMEOUT
    )
    assert page.locator("#field-investment").input_value() == "5000万"
    expect(question).to_be_hidden()


def test_the_award_filter_ignores_punctuation(page, origin):
    page.goto(f"{origin}/calculator/")
    page.locator("#award-filter").fill("首台套")
    options = page.locator("#award-select option").all_inner_texts()
    assert options == ["1.2  首台（套）安全应急装备奖励"]
    page.goto(f"{origin}/en/calculator/")
    page.locator("#award-filter").fill("first of its-kind")
    assert page.locator("#award-select option").all_inner_texts() == [
        "1.2  First-of-its-kind safety and emergency equipment award"
    ]


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(
    "link",
    [
        "award=4.1&investment=5000",
        "award=23.2&operating_costs=1000万%0A9000万",
        "award=17.1&level=national",
    ],
)
def test_english_results_have_no_chinese_fragments(page, origin, link):
    """Only the clause itself, marked as Chinese, is in Chinese on an English result; the one
    exception in words is 万, the unit the reader may type."""
    page.goto(f"{origin}/en/calculator/#{link}")
    result_of(page)
    text = page.locator("#result").evaluate(
        "r => [...r.querySelectorAll(':scope > :not(.calc-clause)')].map(e => e.innerText).join(' ')"
    )
    assert not CJK.findall(text.replace("万", "")), CJK.findall(text)


def test_chinese_pages_use_full_width_colons(built_site):
    """对象：, 估算结果： — never a half-width colon after Chinese in the Chinese pages' text."""
    wrong = []
    for path in built_site.rglob("*.html"):
        if "/en/" in str(path) or "/assets/" in str(path):
            continue
        html = path.read_text(encoding="utf-8")
        body = re.sub(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", " ", html, flags=re.S)
        wrong += [f"{path}: {m}" for m in re.findall(r".{6}[\u4e00-\u9fff）]: .{6}", body)]
    ui = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    wrong += re.findall(r'"[^"]*[\u4e00-\u9fff）]: [^"]*"', ui)
    assert wrong == []


def _type(page, selector: str, text: str) -> None:
    field = page.locator(selector)
    field.fill("")
    field.focus()
    page.keyboard.insert_text(text)  # tabs and new lines as pasted


@pytest.mark.parametrize(
    "typed",
    [
        "1000万\t2000万\t3000万",
        "1000万\n2000万\n3000万\n",
        "1000万 2000万 3000万",
        "1000万,2000万,3000万",
    ],
    ids=["an Excel row", "an Excel column", "spaces", "commas after units"],
)
def test_a_yearly_list_pasted_or_typed_as_people_do_just_works(page, origin, typed):
    page.goto(f"{origin}/calculator/#award=23.2")
    _type(page, "#field-operating_costs", typed)
    expect(page.locator("#field-operating_costs-reading")).to_contain_text(
        "共3年", timeout=ENGINE_TIMEOUT
    )
    expect(page.locator("#result")).to_have_attribute(
        "data-amount",
        engine("23.2", {"operating_costs": "1000万；2000万；3000万"})["amount"],
        timeout=ENGINE_TIMEOUT,
    )
    assert page.locator("#field-operating_costs-error").is_hidden()


def test_a_list_item_that_could_be_two_years_is_shown_as_read_questioned_and_fixed(page, origin):
    page.goto(f"{origin}/calculator/#award=23.2")
    _type(page, "#field-operating_costs", "500,600")
    question = page.locator("#field-operating_costs-reading .field-question")
    expect(question).to_contain_text("“500,600”读作一年 500,600元", timeout=ENGINE_TIMEOUT)
    expect(page.locator("#field-operating_costs-reading span")).to_have_text("= 共1年：50.06万元")
    expect(page.locator("#result")).to_have_attribute(
        "data-amount", engine("23.2", {"operating_costs": "500,600"})["amount"]
    )
    assert "若是2年" in page.locator("#result .calc-questions").inner_text(), "beside the answer"
    page.get_by_role("button", name="改为“500; 600”").click()
    expect(page.locator("#field-operating_costs-reading span")).to_have_text(
        "= 共2年：500元、600元", timeout=ENGINE_TIMEOUT
    )
    expect(page.locator("#result")).to_have_attribute(
        "data-amount",
        engine("23.2", {"operating_costs": "500; 600"})["amount"],
        timeout=ENGINE_TIMEOUT,
    )


@pytest.mark.parametrize("lang", ["", "en/"])
def test_a_rate_written_as_a_spreadsheet_stores_it_is_questioned_not_judged(page, origin, lang):
    """0.12 on 5.1 (a saving of 10% or more): read as 0.12%, but asked "12%?", the answer
    in the asking colour, not "not eligible" in red; one press writes 12%, and the award the
    firm qualifies for appears."""
    page.goto(f"{origin}/{lang}calculator/#award=5.1")
    _type(page, "#field-energy_saving_rate", "0.12")
    question = page.locator("#field-energy_saving_rate-reading .field-question")
    asked = engine("5.1", {"energy_saving_rate": "0.12"}, lang[:2] or "zh")
    expect(question).to_have_text(asked["questions"][0]["text"], timeout=ENGINE_TIMEOUT)
    headline = page.locator("#result .calc-headline")
    expect(headline).to_have_text(asked["headline"], timeout=ENGINE_TIMEOUT)
    assert "calc-check" in headline.get_attribute("class")
    assert "calc-not-eligible" not in headline.get_attribute("class")
    assert page.locator("#result").get_attribute("data-questions") == "1"
    name = "改为“12%”" if lang == "" else "Change it to 12%"
    page.get_by_role("button", name=name).click()
    fixed = engine("5.1", {"energy_saving_rate": "12%"})
    expect(page.locator("#result")).to_have_attribute(
        "data-amount", fixed["amount"], timeout=ENGINE_TIMEOUT
    )
    assert fixed["eligible"] and page.locator("#field-energy_saving_rate").input_value() == "12%"
    expect(question).to_be_hidden()


def test_a_zero_is_asked_about_not_judged(page, origin):
    page.goto(f"{origin}/calculator/#award=4.1")
    _type(page, "#field-investment", "0")
    said = engine("4.1", {"investment": "0"})
    expect(page.locator("#field-investment-reading .field-question")).to_have_text(
        said["questions"][0]["text"], timeout=ENGINE_TIMEOUT
    )
    headline = page.locator("#result .calc-headline")
    expect(headline).to_have_text(said["headline"], timeout=ENGINE_TIMEOUT)
    assert "不符合条件" not in said["headline"] and "calc-check" in headline.get_attribute("class")
    assert page.locator("#result").get_attribute("data-amount") == "0"


@pytest.mark.parametrize(
    "lang, typed, words",
    [
        ("", "一千五", "“一千五”可以读作 一千五百（1,500元），也可以读作 一千零五（1,005元）"),
        ("en/", "一千五", "“一千五” could be read as 1,500 yuan (一千五百) or as 1,005 yuan"),
        ("", "50.000", "“50.000”可以读作"),
        ("en/", "5000 dollars", "the unit of “5000 dollars” is not understood"),
        ("", "abc", "“abc”应为金额"),
    ],
)
def test_each_refusal_names_what_was_typed_and_why(page, origin, lang, typed, words):
    page.goto(f"{origin}/{lang}calculator/#award=4.1")
    _type(page, "#field-investment", typed)
    expect(page.locator("#field-investment-error")).to_contain_text(words, timeout=ENGINE_TIMEOUT)
    assert page.locator("#result").get_attribute("data-amount") is None


def test_a_link_without_figures_opens_the_calculator_waiting_for_them(page, origin):
    """The finder's "estimate" link names the award only: the calculator says what it needs,
    neutrally; no field is marked red before anyone has typed in it."""
    page.goto(f"{origin}/calculator/#award=5.2")
    page.locator(".calc-status.calc-ready").wait_for(timeout=ENGINE_TIMEOUT)
    expect(page.locator("#calc-needs")).to_be_visible()
    page.wait_for_timeout(500)  # an estimate asked for would have answered by now
    assert page.locator("[aria-invalid]").count() == 0
    assert page.locator(".field-error:visible").count() == 0
    assert page.locator("#result").is_hidden()
    _type(page, "#field-cop", "5.2")
    _type(page, "#field-investment", "1000万")
    expect(page.locator("#result")).to_have_attribute(
        "data-amount",
        engine("5.2", {"cop": "5.2", "investment": "1000万"})["amount"],
        timeout=ENGINE_TIMEOUT,
    )
    expect(page.locator("#calc-needs")).to_be_hidden()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_first_visit_says_what_it_downloads(browser, origin, built_site, lang):
    """While the runtime loads, the page says what a first visit downloads: the figure build.py
    wrote on it is what the visit fetches of the runtime, as the host sends it."""
    fetched = cold_transfer(
        browser, origin, f"/{lang}calculator/#award=4.1", built_site, ready=".calc-ready"
    )
    runtime = sum(size for path, size in fetched.items() if "/assets/pyodide/" in path)
    page = browser.new_page()
    page.goto(f"{origin}/{lang}calculator/#award=4.1")
    first, later = map(int, page.locator("html").get_attribute("data-download").split())
    assert first == runtime, (first, runtime)
    assert later > 1_000_000, "the snapshot the service worker keeps afterwards"
    note = page.locator(".calc-status .calc-download")
    expect(note).to_contain_text(f"{first / 1e6:.1f} MB")
    expect(note).to_contain_text(f"{later / 1e6:.1f} MB")
    page.locator(".calc-status.calc-ready").wait_for(timeout=ENGINE_TIMEOUT)
    expect(note).to_have_count(0)
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["en/changes/", "changes/", "en/awards/", "awards/"])
def test_tables_fit_the_screen_with_nothing_clipped(browser, origin, path, width):
    """The changes page's tables (a first column of titles) and the awards table (a first column
    of ids): no table wider than the page, no cell's text cut off, on a phone and a desktop."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{origin}/{path}")
    tables = page.locator(".award-table table")
    assert tables.count() > 0
    # Each table within the page's text column, and nothing to scroll sideways in the theme's
    # wrapper (whose negative margins the outer box's scrollWidth counts).
    overflow = tables.evaluate_all(
        """ts => ts.map(t => {
          const column = t.closest(".md-content__inner").getBoundingClientRect();
          const scroller = t.closest(".md-typeset__scrollwrap") || t.parentElement;
          return Math.max(t.getBoundingClientRect().right - column.right,
                          scroller.scrollWidth - scroller.clientWidth);
        })"""
    )
    assert max(overflow) <= 1, overflow
    clipped = page.locator(".award-table td").evaluate_all(
        "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText)"
    )
    assert clipped == []
    page.close()
