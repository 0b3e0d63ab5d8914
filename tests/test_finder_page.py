"""The finder page in Chromium: the same answers as CPython gives (tests/cases/finder.yaml), in
the order Python ranks them, one compact row per award (and per related measure with no amount)
with its reason on demand, the awards left out folded under one heading, adding to the sheet
kept in this browser, the hand-offs to the calculator and the sheet waiting for figures, the
answers kept in the #fragment and nowhere else, the keyboard, and the language switch."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from browserkit import ENGINE_TIMEOUT, data_attr
from calculator.api import load_policy
from calculator.describe import describe
from calculator.finder import find, parse_profile, ranked, related_matches
from calculator.web import page_sheet
from siteserver import serve
from test_finder import ALL, FINDER_CASES, expected_fits

pytestmark = pytest.mark.browser

MAKER = next(c for c in FINDER_CASES if c["name"] == "a maker of energy-saving equipment")


def live_fits(answers: dict) -> list[str]:
    """The awards the live engine says may fit these answers."""
    policy = load_policy()
    return [m.award.id for m in find(policy, parse_profile(policy, answers)) if m.fits]


def live_order(answers: dict) -> list[str]:
    """What may fit, in the order the live engine ranks it (measures with no amount as m7)."""
    policy = load_policy()
    profile = parse_profile(policy, answers)
    return ranked(policy, find(policy, profile), related_matches(policy, profile))


def fragment(answers: dict) -> str:
    return urlencode({k: ",".join(v) if isinstance(v, list) else v for k, v in answers.items()})


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize(
    "case", FINDER_CASES[2:6] + [MAKER], ids=[c["name"] for c in FINDER_CASES[2:6] + [MAKER]]
)
def test_finder_page_gives_the_answers_python_gives(page, origin, case, lang):
    page.goto(f"{origin}/{lang}finder/#{fragment(case['answers'])}")
    fits = data_attr(page, "finder", "fit").split()
    assert fits == expected_fits(case)
    shown = page.locator("#finder-fit .finder-row:visible").evaluate_all(
        "rows => rows.map(r => r.dataset.award || `m${r.dataset.measure}`)"
    )
    assert shown == live_order(case["answers"]), "what may fit, in the order Python ranks it"
    assert sorted(i for i in shown if not i.startswith("m")) == sorted(fits)
    assert page.locator("#finder-out .finder-row").count() == len(ALL) - len(fits)
    if "related" in case:
        assert data_attr(page, "finder", "related").split() == [str(n) for n in case["related"]]
        visible = [int(i[1:]) for i in shown if i.startswith("m")]
        assert sorted(visible) == case["related"]
    if lang == "":
        for award, words in (case.get("reasons") or {}).items():
            why = page.locator(f'#finder-out [data-award="{award}"] .finder-why')
            assert words in why.text_content()  # inside the folded list of left-out awards


def test_the_makers_answer_is_compact_leads_with_measure_7_and_folds_the_rest(browser, origin):
    """The issue's case: an energy-saving equipment maker gets a short list, one line per award,
    measure 7 first (it sets no amount, and says so), every reason saying "if you are doing it"
    (its activities are not answered), and the awards left out under one folded heading."""
    for width, tallest in ((1280, 110), (390, 190)):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{origin}/finder/#{fragment(MAKER['answers'])}")
        fits = live_fits(MAKER["answers"])
        assert data_attr(page, "finder", "fit").split() == fits
        heights = page.locator("#finder-fit .finder-row[data-award]:visible").evaluate_all(
            "rows => rows.map(r => r.getBoundingClientRect().height)"
        )
        assert max(heights) <= tallest, (width, max(heights))
        first = page.locator("#finder-fit .finder-row:visible").first
        assert first.get_attribute("data-measure") == "7", "measure 7 leads"
        assert "（七）支持节能装备创新与推广" in first.inner_text()
        assert "未规定金额" in first.locator(".finder-tag").inner_text()
        out = page.locator("#finder-out")
        assert out.get_attribute("open") is None, "the awards left out are folded"
        assert (
            out.locator("> summary").inner_text() == f"未列入的奖励及原因（{len(ALL) - len(fits)}）"
        )
        assert not page.locator('#finder-out .finder-row[data-award="5.1"]').is_visible()
        row = page.locator('#finder-fit .finder-row[data-award="5.2"]')
        amount = row.locator(".finder-amount").inner_text()
        policy = load_policy()
        standing = policy.standing_of(policy.awards["5.2"], "issued").status
        status = {"unknown": "尚不清楚", "changed": "有变化", "removed": "已删去"}.get(standing)
        assert amount.startswith(describe(policy.awards["5.2"].rule).zh), "the rule"
        assert status is None or amount.endswith(f"正式版本：{status}"), "and its standing"
        why = row.locator(".finder-why")
        assert not why.locator("li").first.is_visible(), "the reason is there on demand"
        why.locator("summary").click()
        reasons = why.locator("ul").inner_text()
        assert "第5条属于您选择的节能领域。" in reasons
        assert "若您正在做或打算做" in reasons and "与您的回答相符" not in reasons
        page.close()


def test_answering_by_clicking_updates_the_list_and_the_address(page, origin):
    page.goto(f"{origin}/en/finder/")
    assert data_attr(page, "finder", "fit").split() == ALL, "nothing answered: every award"
    assert "No question answered yet" in page.locator("#finder-counts").inner_text()
    page.get_by_label("Private non-enterprise unit").check()
    page.locator("details.finder-more > summary").click()  # the more precise question is folded
    page.get_by_label("Hosting or organising exhibitions and forums").check()
    answers = {"organisation": "private_non_enterprise", "activities": "events"}
    fits = live_fits(answers)
    expect(page.locator("#finder")).to_have_attribute(
        "data-fit", " ".join(fits), timeout=ENGINE_TIMEOUT
    )
    counts = f"{len(fits)} awards may fit; {len(ALL) - len(fits)} left out."
    related = len(related_matches(load_policy(), parse_profile(load_policy(), answers)))
    if related:
        counts += f" {related} related measures set no amount."
    assert page.locator("#finder-counts").inner_text() == counts
    assert page.locator("#finder-out > summary").inner_text().endswith(f"({len(ALL) - len(fits)})")
    page.locator("#finder-out > summary").click()  # unfold the awards left out
    why = page.locator('#finder-out [data-award="26.2"] .finder-why')
    why.locator("summary").click()
    assert "Enterprise only" in why.inner_text()
    assert "organisation=private_non_enterprise" in page.url and "activities=events" in page.url
    assert "?" not in page.url


def test_adding_from_the_finder_appends_to_the_sheet_in_this_browser(browser, built_site):
    """Two adds from the finder, then the sheet page: both there, in order, waiting for their
    figures (not "0 yuan", not "wrong"); the server never sees an answer or an award chosen (it
    never receives a #fragment, and nothing else is sent)."""
    seen: list[str] = []
    with serve(built_site, seen=seen) as origin:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{origin}/finder/#{fragment(MAKER['answers'])}")
        data_attr(page, "finder", "fit")
        page.locator('.finder-add[data-award="5.2"]').click()
        added = page.locator('[data-award="5.2"] .finder-added')
        assert added.inner_text().startswith("已加入测算表（第1项）。"), "said beside the button"
        page.locator('.finder-add[data-award="22.1"]').click()
        assert (
            page.locator('[data-award="22.1"] .finder-added')
            .inner_text()
            .startswith("已加入测算表（第2项）。")
        )
        added.get_by_role("link", name="打开测算表").click()
        page.wait_for_url("**/sheet/")
        data_attr(page, "sheet", "upper")
        entries = page.locator("[data-entry][data-award]").evaluate_all(
            "es => es.map(e => e.dataset.award)"
        )
        assert entries == ["5.2", "22.1"]
        said = json.loads(
            page_sheet(
                json.dumps([{"award": "5.2", "inputs": {}}, {"award": "22.1", "inputs": {}}]), "zh"
            )
        )["sheet"]
        assert page.locator("#sheet-summary .sheet-total").inner_text() == said["totals"]["sum"]
        assert "0元" not in said["totals"]["headline"] and said["totals"]["awaiting"] == 2
        cautions = page.locator("#sheet-summary .sheet-cautions").inner_text()
        assert "尚待填写数字" in cautions and "输入有误" not in cautions
        assert page.locator(".field-error:visible").count() == 0, "nothing called wrong"
        assert page.locator("[aria-invalid]").count() == 0
        context.close()
    assert seen and not [p for p in seen if "maker" in p or "5.2" in p], seen


def test_the_estimate_link_opens_the_calculator_waiting_for_figures(page, origin):
    page.goto(f"{origin}/finder/#{fragment(MAKER['answers'])}")
    data_attr(page, "finder", "fit")
    page.locator('#finder-fit [data-award="5.2"] .finder-estimate').click()
    page.wait_for_url("**/calculator/#award=5.2")
    page.locator(".calc-status.calc-ready").wait_for(timeout=ENGINE_TIMEOUT)
    expect(page.locator("#calc-needs")).to_be_visible()
    page.wait_for_timeout(500)
    assert page.locator("[aria-invalid]").count() == 0, "no field red before it is typed in"
    assert page.locator(".field-error:visible").count() == 0


def test_the_finder_works_by_keyboard_alone(page, origin):
    page.goto(f"{origin}/finder/")
    assert data_attr(page, "finder", "fit").split() == ALL
    page.locator('input[name="organisation"][value=""]').focus()
    page.keyboard.press("ArrowRight")  # 暂不回答 → 企业
    page.keyboard.press("Tab")  # to the legal-person question
    page.keyboard.press("ArrowRight")  # 暂不回答 → 是
    page.keyboard.press("ArrowRight")  # 是 → 否
    expect(page.locator("#finder")).to_have_attribute("data-fit", "", timeout=ENGINE_TIMEOUT)
    assert page.locator("#finder-counts").inner_text() == f"0项奖励可能适用，{len(ALL)}项未列入。"
    assert page.locator("#finder-out").get_attribute("open") is not None, "opened: nothing fits"
    assert "organisation=enterprise" in page.url and "legal_person=no" in page.url
    page.locator('.finder-add[data-award="3.1"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator('[data-award="3.1"] .finder-added')).to_contain_text("第1项")


def test_the_language_switch_keeps_the_answers(page, origin):
    page.goto(f"{origin}/finder/#{fragment(MAKER['answers'])}")
    data_attr(page, "finder", "fit")
    href = page.locator("a[hreflang='en']").first.get_attribute("href")
    assert "/en/finder/#" in href and "roles=maker" in href
    page.locator("a[hreflang='en']").first.dispatch_event("click")  # it sits in a hover menu
    page.wait_for_url("**/en/finder/**")
    assert data_attr(page, "finder", "fit").split() == live_fits(MAKER["answers"])
    assert page.get_by_label("Develops or makes products or equipment").is_checked()


def test_a_new_fragment_in_the_address_bar_is_followed(page, origin):
    page.goto(f"{origin}/finder/#{fragment(MAKER['answers'])}")
    data_attr(page, "finder", "fit")
    page.evaluate("location.hash = 'organisation=private_non_enterprise&activities=events'")
    fits = live_fits({"organisation": "private_non_enterprise", "activities": "events"})
    expect(page.locator("#finder")).to_have_attribute(
        "data-fit", " ".join(fits), timeout=ENGINE_TIMEOUT
    )
    assert page.locator("details.finder-more").get_attribute("open") is not None
