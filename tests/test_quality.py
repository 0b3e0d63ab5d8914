"""Quality gates a pull request must pass: accessibility (axe-core in Chromium), the
Content-Security-Policy, keyboard use, internal links, printing, and the workflow files."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlparse

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from browserkit import ENGINE_TIMEOUT, data_attr, engine, result_of
from calculator.api import load_policy

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # read when a browser test needs it
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_PAGES = [
    "",
    "chapters/02/",
    "measures/04/",
    "awards/",
    "calculator/#award=4.1&investment=50000000",
    # a figure questioned (5000 for 5000万) and a list refused: every state of a field shown
    "calculator/#award=4.1&investment=5000",
    "calculator/#award=23.2&operating_costs=1,0",
    # the finder with related measures and a left-out award unfolded
    "finder/#organisation=public_institution&roles=maker&domains=energy_saving",
    # a sheet with an entry questioned and one with a bad figure
    "sheet/#e1=4.1&e1.investment=5000&e1.project=A&e2=5.2&e2.cop=x&e3=19.1",
    # the versions: what is known of the issued version, the changelog
    "changes/",
    "measures/01/",
]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_accessibility_violation(page, origin, lang, path):
    page.goto(f"{origin}/{lang}{path}")
    if "calculator" in path:
        expect(page.locator(".field-reading:visible, .field-error:visible").first).to_be_visible(
            timeout=ENGINE_TIMEOUT
        )
    if "finder" in path:
        data_attr(page, "finder", "fit")
        page.locator("#finder-out > summary").click()
        page.locator("#finder-out .finder-why > summary").first.click()
    if "sheet" in path:
        assert data_attr(page, "sheet", "complete") == "false"
        expect(page.locator("#e1-investment-reading .field-question")).to_be_visible()
    page.evaluate(
        AXE.read_text(encoding="utf-8")
    )  # through the DevTools protocol, which the page's CSP does not govern
    found = page.evaluate("tags => axe.run(document, {runOnly: tags})", AXE_TAGS)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.browser
def test_calculator_works_under_the_csp_without_violations(page, origin):
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(f"{origin}/calculator/#award=5.2&cop=5.0&investment=20000000")
    assert result_of(page)["amount"] == "5000000.00"
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "'wasm-unsafe-eval'" in csp and "default-src 'self'" in csp
    assert "'unsafe-eval'" not in csp and "'unsafe-inline'" not in csp
    assert [m for m in messages if "Content Security Policy" in m or "Refused" in m] == []


def test_every_page_carries_the_csp(built_site):
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        head = html[: html.find("<script")]
        assert 'http-equiv="Content-Security-Policy"' in head, path


@pytest.mark.browser
def test_keyboard_alone_reaches_a_result_and_it_is_announced(page, origin):
    page.goto(f"{origin}/calculator/")
    page.locator("#award-filter").focus()
    page.keyboard.type("17.2")
    page.keyboard.press("Tab")  # to the award list
    assert page.evaluate("document.activeElement.id") == "award-select"
    page.keyboard.press("Tab")  # to the first field of the chosen award
    assert page.evaluate("document.activeElement.id") == "field-certificates"
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_have_attribute(
        "data-amount", "200000.00", timeout=ENGINE_TIMEOUT
    )
    live = page.locator("#calc-live")
    assert live.get_attribute("aria-live") == "polite"
    assert "200,000" in live.inner_text()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) and not (
                tag == "link" and a.get("rel") == "alternate" and "hreflang" not in a
            ):
                self.urls.append(a[key])


def test_no_broken_internal_link_or_anchor(built_site, policy):
    parsed: dict[Path, _Links] = {}
    awards = set(policy.awards)

    def links(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    broken = []
    for page_path in built_site.rglob("*.html"):
        base = "/" + page_path.relative_to(built_site).as_posix()
        for url in links(page_path).urls:
            target = urlparse(urljoin(base, url))
            if (
                target.scheme
                or target.netloc
                or url.startswith(("mailto:", "data:", "javascript:"))
            ):
                continue
            file = built_site / unquote(target.path).lstrip("/")
            if target.path.endswith("/") or file.is_dir():
                file = file / "index.html"
            if not file.exists():
                broken.append(f"{base} → {url}")
            elif "=" in target.fragment:  # page state (#award=4.1), not an anchor
                award = parse_qs(target.fragment).get("award", [None])[0]
                if award is not None and award not in awards:
                    broken.append(f"{base} → {url} (no such award)")
            elif (
                target.fragment
                and file.suffix == ".html"
                and unquote(target.fragment) not in links(file).ids
            ):
                broken.append(f"{base} → {url} (no such anchor)")
    assert broken == []


def printed(browser, url: str, pdf, ready=None) -> tuple[str, int]:
    """The page printed to PDF by Chromium, read back with pdftotext: (text without spaces, pages).
    `ready(page)` waits for what the page computes, if anything."""
    assert shutil.which("pdftotext"), "poppler-utils is part of the test setup (dev.sh)"
    page = browser.new_page()
    page.goto(url)
    if ready:
        ready(page)
    page.pdf(path=pdf, format="A4")
    page.close()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", text), text.count("\f")


@pytest.mark.browser
def test_a_measure_page_prints_cleanly(browser, origin, tmp_path):
    flat, pages = printed(browser, f"{origin}/measures/04/", tmp_path / "measure.pdf")
    assert 1 <= pages <= 4, pages
    clause = re.sub(r"\s+", "", load_policy().measure(4).clause.zh)
    assert "征求意见稿" in flat and clause[:40] in flat and clause[-40:] in flat
    assert "（二）深化安全应急服务" not in flat, "the navigation is not printed"


@pytest.mark.browser
def test_a_calculator_result_prints_cleanly(browser, origin, tmp_path):
    url = f"{origin}/calculator/#award=4.1&investment=50000000"
    flat, pages = printed(browser, url, tmp_path / "result.pdf", ready=result_of)
    assert 1 <= pages <= 3, pages
    headline = engine("4.1", {"investment": "50000000"})["headline"]
    assert re.sub(r"\s+", "", headline) in flat and "投资额=5000万元=50,000,000元" in flat
    assert "筛选奖励" not in flat and "计算引擎" not in flat, "the form and status are not printed"


def test_workflow_files_pass_actionlint():
    actionlint = ROOT / ".venv" / "bin" / "actionlint"
    tool = str(actionlint) if actionlint.exists() else shutil.which("actionlint")
    assert tool, "actionlint comes with requirements.txt"
    run = subprocess.run(
        [tool, *map(str, sorted((ROOT / ".github" / "workflows").glob("*.yml")))],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_the_home_pages_first_screen_leads_to_the_tools(browser, origin, lang, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{origin}/{lang}")
    tools = page.locator("nav.home-tools a")
    assert [
        urlparse(h).path.rstrip("/").rsplit("/", 1)[-1]
        for h in tools.evaluate_all("links => links.map(a => a.href)")
    ] == ["finder", "calculator", "sheet"]
    banner = page.locator(".draft-banner").bounding_box()
    for box in tools.evaluate_all("links => links.map(a => a.getBoundingClientRect().toJSON())"):
        assert box["top"] >= banner["y"] + banner["height"], "under the draft banner"
        assert box["bottom"] <= height, (box, "on the first screen")
    nav = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link")
    items = [t.strip() for t in nav.all_text_contents()]
    home = items.index("首页" if not lang else "Home")
    assert items[home + 1 : home + 4] == (
        ["查找适用奖励", "奖励测算", "组合测算表"]
        if not lang
        else ["Find awards that may fit", "Award calculator", "Combined estimate sheet"]
    ), "the tools lead the menu"
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "lang, other", [("", "英文译文"), ("en/", "Original text (Chinese)")], ids=["zh", "en"]
)
def test_a_measure_page_leads_to_its_estimates_and_folds_the_other_language(
    page, origin, lang, other
):
    page.goto(f"{origin}/{lang}measures/04/")
    buttons = page.locator(".award-estimates a.md-button")
    assert buttons.all_inner_texts() == (
        ["测算 4.1", "测算 4.2"] if not lang else ["Estimate 4.1", "Estimate 4.2"]
    )
    assert buttons.first.is_visible()
    clause = page.locator(".clause").first.bounding_box()
    assert buttons.last.bounding_box()["y"] < clause["y"], "near the summary, before the clause"
    folded = page.locator("details.clause-other")
    assert folded.get_attribute("open") is None and folded.locator("summary").inner_text() == other
    assert not folded.locator("p").is_visible()
    buttons.first.click()
    page.wait_for_url("**/calculator/#award=4.1")
    expect(page.locator("#award-select")).to_have_value("4.1")
    expect(page.locator("#field-investment")).to_be_visible()


ITALIC_CHINESE = """() => [...document.querySelectorAll('article *')]
  .filter(e => getComputedStyle(e).fontStyle === 'italic')
  .map(e => e.textContent).filter(t => /[\u4e00-\u9fff]/.test(t))"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["measures/04/", "awards/", "chapters/01/", "en/measures/04/"])
def test_no_chinese_is_set_in_italics(page, origin, path):
    page.goto(f"{origin}/{path}")
    if "en/" in path:
        page.locator("details.clause-other > summary").click()
    assert page.evaluate(ITALIC_CHINESE) == []
