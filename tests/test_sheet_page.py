"""The combined sheet page (sheet/) in Chromium: what the calculator adds is kept in this browser
and never replaced; a shared link opens its sheet, asking before it replaces one this browser
holds; entries edited, named, removed; each entry exactly what Python computes; the CSV and
JSON downloads; printing; and not a figure sent to the server. Figures are held to what the
live engine gives (calculator.web.page_sheet), never hard-coded."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess

import pytest
from playwright.sync_api import expect

from browserkit import ENGINE_TIMEOUT, data_attr, engine, result_of, sheet_fragment
from calculator.versions import spoken_date
from calculator.web import page_sheet
from siteserver import serve

pytestmark = pytest.mark.browser

NO_DOUBLE_BENEFIT = "本措施与我市市级层面其他同类优惠措施不得重复享受。"
SHEET = [
    {"award": "4.1", "inputs": {"investment": "5000万"}, "project": "园区A"},
    {"award": "3.1", "inputs": {}},
    {"award": "19.1", "inputs": {}},
    {"award": "1.1", "inputs": {"sales": "30,000,000"}},
]


def upper(entries: list[dict]) -> str:
    """The sheet's total of upper bounds as the live engine gives it."""
    return json.loads(page_sheet(json.dumps(entries), "zh"))["sheet"]["totals"]["upper"]


def awards_shown(page) -> list[str]:
    return page.locator("[data-entry][data-award]").evaluate_all(
        "es => es.map(e => e.dataset.award)"
    )


def estimate_and_add(page, origin: str, link: str) -> None:
    page.goto(f"{origin}/calculator/#{link}")
    result_of(page)
    page.locator("#add-to-sheet").click()
    expect(page.locator(".calc-added")).to_contain_text("已加入测算表")


def test_two_adds_from_two_calculator_visits_survive_a_reload_of_the_sheet(browser, built_site):
    seen: list[str] = []
    with serve(built_site, seen=seen) as origin:
        context = browser.new_context()
        page = context.new_page()
        estimate_and_add(page, origin, "award=4.1&investment=5000万")
        assert page.locator(".calc-added").inner_text().startswith("已加入测算表（第1项）。")
        assert page.locator("#add-to-sheet").is_disabled(), "once per estimate"
        estimate_and_add(page, origin, "award=5.2&cop=5.2&investment=20,000,000")
        assert page.locator(".calc-added").inner_text().startswith("已加入测算表（第2项）。")
        page.locator(".calc-added a").click()
        page.wait_for_url("**/sheet/")
        assert "#" not in page.url, "the sheet needs no #fragment"
        added = [
            {"award": "4.1", "inputs": {"investment": "5000万"}},
            {"award": "5.2", "inputs": {"cop": "5.2", "investment": "20,000,000"}},
        ]
        assert data_attr(page, "sheet", "upper") == upper(added)
        page.reload()
        assert data_attr(page, "sheet", "upper") == upper(added)
        assert awards_shown(page) == ["4.1", "5.2"]
        assert page.locator("#e1-investment").input_value() == "5000万"
        assert page.locator("#e2-investment").input_value() == "20,000,000"
        context.close()
    assert not [p for p in seen if "5000" in p or "20,000" in p or "investment" in p], seen


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_shared_link_opens_its_sheet_and_python_computes_each_entry(page, origin, lang):
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{origin}/{prefix}sheet/#{sheet_fragment(SHEET)}")
    expected = json.loads(page_sheet(json.dumps(SHEET), lang))["sheet"]
    assert data_attr(page, "sheet", "upper") == expected["totals"]["upper"]
    assert page.locator(".sheet-total").inner_text() == expected["totals"]["sum"]
    notes = page.locator(".sheet-total-notes li").all_inner_texts()
    assert notes == expected["totals"]["notes"], "what qualifies the total, beside it"
    headlines = page.locator(".sheet-entry > .sheet-headline").all_inner_texts()
    assert headlines == [e["result"]["headline"] for e in expected["entries"]]
    cautions = page.locator(".sheet-cautions li").all_inner_texts()
    assert cautions == expected["cautions"]
    assert any(NO_DOUBLE_BENEFIT in c for c in cautions) == (lang == "zh")
    assert page.locator("#sheet-summary .calc-not-promise").is_visible()
    assert "#" not in page.url, "taken into this browser: the address is plain again"
    page.reload()
    assert awards_shown(page) == ["4.1", "3.1", "19.1", "1.1"]


def test_a_shared_link_asks_before_it_replaces_what_this_browser_holds(browser, origin):
    context = browser.new_context()
    page = context.new_page()
    estimate_and_add(page, origin, "award=17.2&certificates=3")
    shared = f"{origin}/sheet/#{sheet_fragment(SHEET[:2])}"
    choices = {
        "sheet-shared-keep": ["17.2"],
        "sheet-shared-append": ["17.2", "4.1", "3.1"],
        "sheet-shared-replace": ["4.1", "3.1"],
    }
    for button, expected in choices.items():
        page.goto(shared)
        ask = page.locator("#sheet-shared")
        expect(ask).to_be_visible(timeout=ENGINE_TIMEOUT)
        assert "这个链接带来一张2项的测算表" in ask.inner_text()
        assert awards_shown(page)[0] == "17.2" or button != "sheet-shared-keep"
        page.locator(f"#{button}").click()
        expect(ask).to_be_hidden()
        assert awards_shown(page) == expected
        page.reload()
        assert awards_shown(page) == expected, "kept in this browser"
        if button == "sheet-shared-append":
            page.locator(".sheet-remove").last.click()  # back to 17.2 and 4.1 …
            page.locator(".sheet-remove").last.click()  # … and 17.2 alone for the next choice
    context.close()


def test_entries_are_named_edited_and_removed_and_stay_so(page, origin):
    page.goto(f"{origin}/sheet/#{sheet_fragment(SHEET)}")
    assert data_attr(page, "sheet", "upper") == upper(SHEET)
    page.locator("#e1-project").fill("总部大楼")
    page.locator("#e1-investment").fill("2000万")
    expect(page.locator("#e1-investment-reading")).to_have_text(
        "= 2000万元 = 20,000,000元", timeout=ENGINE_TIMEOUT
    )
    edited = [{**SHEET[0], "inputs": {"investment": "2000万"}}, *SHEET[1:]]
    expect(page.locator("#sheet")).to_have_attribute(
        "data-upper", upper(edited), timeout=ENGINE_TIMEOUT
    )
    page.locator('[data-entry="1"] .sheet-remove').click()  # data-entry counts from 0: 3.1
    left = [edited[0], *edited[2:]]
    expect(page.locator("#sheet")).to_have_attribute(
        "data-upper", upper(left), timeout=ENGINE_TIMEOUT
    )
    assert awards_shown(page) == ["4.1", "19.1", "1.1"]
    headings = page.locator(".sheet-entry h3").all_inner_texts()
    assert headings[1].startswith("第2项：19.1"), "renumbered"
    page.reload()
    assert data_attr(page, "sheet", "upper") == upper(left)
    assert page.locator("#e1-project").input_value() == "总部大楼"
    page.locator("#sheet-choose").select_option("17.2")
    page.locator("#sheet-add").click()
    page.locator("#e4-certificates").fill("3")
    expect(page.locator("#sheet")).to_have_attribute(
        "data-upper",
        upper([*left, {"award": "17.2", "inputs": {"certificates": "3"}}]),
        timeout=ENGINE_TIMEOUT,
    )


def test_another_tab_adding_shows_on_an_open_sheet(browser, origin):
    context = browser.new_context()
    sheet = context.new_page()
    sheet.goto(f"{origin}/sheet/")
    expect(sheet.locator(".sheet-empty")).to_be_visible(timeout=ENGINE_TIMEOUT)
    calculator = context.new_page()
    estimate_and_add(calculator, origin, "award=3.1")
    expect(sheet.locator("#sheet")).to_have_attribute(
        "data-upper", upper([{"award": "3.1", "inputs": {}}]), timeout=ENGINE_TIMEOUT
    )
    assert awards_shown(sheet) == ["3.1"]
    context.close()


def test_a_bad_figure_is_marked_by_its_field_and_left_out_of_the_total(page, origin):
    bad = SHEET[:2] + [{"award": "5.2", "inputs": {"cop": "abc", "investment": "1000"}}]
    page.goto(f"{origin}/en/sheet/#{sheet_fragment(bad)}")
    assert data_attr(page, "sheet", "complete") == "false"
    assert page.locator("#sheet").get_attribute("data-upper") == upper(bad)
    error = page.locator("#e3-cop-error")
    expect(error).to_be_visible()
    assert "must be a number" in error.inner_text()
    assert page.locator("#e3-cop").get_attribute("aria-invalid") == "true"
    assert any("entry 3" in c for c in page.locator(".sheet-cautions li").all_inner_texts())
    question = page.locator("#e3-investment-reading .field-question")
    expect(question).to_contain_text("Did you mean 10,000,000 yuan")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_csv_opens_in_a_spreadsheet_in_the_pages_language(page, origin, lang, tmp_path):
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{origin}/{prefix}sheet/#{sheet_fragment(SHEET)}")
    data_attr(page, "sheet", "upper")
    with page.expect_download() as download:
        page.locator("#sheet-csv").click()
    path = tmp_path / "sheet.csv"
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith(".csv")
    made = page.evaluate("new Date().toLocaleDateString('sv')")  # the reader's date, as written
    where = {
        "site": f"{origin}/{prefix}sheet/",
        "link": f"{origin}/{prefix}sheet/#{sheet_fragment(SHEET)}",
    }
    expected = json.loads(page_sheet(json.dumps(SHEET), lang, made, json.dumps(where)))["csv"]
    raw = path.read_bytes()
    assert raw == expected.encode("utf-8") and raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]  # the first row: Excel's tables, filters and pivots find the headers
    assert (
        header[:3]
        == {"zh": ["序号", "项目", "奖励编号"], "en": ["Entry", "Project", "Award"]}[lang]
    )
    about = dict(r for r in rows if len(r) == 2)
    draft = {"zh": "征求意见稿", "en": "Draft for public comment"}[lang]
    said = spoken_date(made)(lang)  # the reader's date, as each language writes dates
    assert any(draft in v for v in about.values()) and said in about.values()
    assert where["link"] in about.values(), "the link that opens this very sheet"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", made), made


def test_the_json_download_is_the_sheet_python_makes(page, origin, tmp_path):
    page.goto(f"{origin}/en/sheet/#{sheet_fragment(SHEET)}")
    data_attr(page, "sheet", "upper")
    with page.expect_download() as download:
        page.locator("#sheet-json").click()
    download.value.save_as(tmp_path / "sheet.json")
    data = json.loads((tmp_path / "sheet.json").read_text(encoding="utf-8"))
    made = page.evaluate("new Date().toLocaleDateString('sv')")  # the reader's date
    where = {"site": f"{origin}/en/sheet/", "link": f"{origin}/en/sheet/#{sheet_fragment(SHEET)}"}
    assert data == json.loads(page_sheet(json.dumps(SHEET), "en", made, json.dumps(where)))["sheet"]
    assert data["document"]["status"] == "Draft for public comment"


def test_downloads_wait_for_figures_that_match_the_entries(page, origin, tmp_path):
    page.goto(f"{origin}/sheet/#{sheet_fragment(SHEET)}")
    data_attr(page, "sheet", "upper")
    page.locator("#e1-investment").fill("1")
    assert page.locator("#sheet").get_attribute("data-upper") is None
    with page.expect_download() as download:  # pressed before the answer: it waits for it
        page.locator("#sheet-csv").click()
    download.value.save_as(tmp_path / "sheet.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "sheet.csv").read_text("utf-8-sig"))))
    edited = [{**SHEET[0], "inputs": {"investment": "1"}}, *SHEET[1:]]
    assert rows[1][6] == engine("4.1", {"investment": "1"})["amount"]
    assert rows[5][6] == upper(edited), "the total of the figures the file shows"


def test_sharing_gives_a_link_that_opens_the_same_sheet(browser, origin):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/sheet/#{sheet_fragment(SHEET)}")
    data_attr(page, "sheet", "upper")
    page.locator("#sheet-share").click()
    link = page.locator("#sheet-share-link").input_value()
    assert link.startswith(f"{origin}/sheet/#e1=4.1")
    other = browser.new_context().new_page()  # another browser: nothing kept there
    other.goto(link)
    assert data_attr(other, "sheet", "upper") == upper(SHEET)
    assert awards_shown(other) == ["4.1", "3.1", "19.1", "1.1"]
    other.context.close()
    context.close()


def test_printing_gives_the_sheet_alone_total_and_status_on_page_one(browser, origin, tmp_path):
    page = browser.new_page()
    page.goto(f"{origin}/sheet/#{sheet_fragment(SHEET)}")
    data_attr(page, "sheet", "upper")
    pdf = tmp_path / "sheet.pdf"
    # Letter asked for, but the page's own @page rule wins, as in a browser's print dialog.
    page.pdf(path=pdf, format="Letter", prefer_css_page_size=True)
    page.close()

    def text(*pages: str) -> str:
        run = subprocess.run(["pdftotext", *pages, "-layout", str(pdf), "-"], capture_output=True)
        return re.sub(r"\s+", "", run.stdout.decode("utf-8"))

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages <= len(SHEET), "no more than a page an entry, the summary on the first"
    first, flat = text("-f", "1", "-l", "1"), text()
    for n in range(1, pages + 1):  # no heading left alone at the foot of a page
        assert not text("-f", str(n), "-l", str(n)).endswith("各项奖励"), n
    for entry in range(1, len(SHEET) + 1):  # every entry whole on one page
        on = [
            n for n in range(1, pages + 1) if f"第{entry}项：" in text("-f", str(n), "-l", str(n))
        ]
        assert len(on) == 1, (entry, on)
    assert "组合测算表" in first and "征求意见稿" in first
    totals = json.loads(page_sheet(json.dumps(SHEET), "zh"))["sheet"]["totals"]
    for said in [totals["sum"], *totals["notes"]]:  # the sum, then what it leaves out, and why
        assert re.sub(r"\s+", "", said) in first, said
    assert NO_DOUBLE_BENEFIT in first
    assert "园区A" in flat and "投资额=5000万元=50,000,000元" in flat, "each entry, as text"
    steps = engine("4.1", {"investment": "5000万"})["steps"]
    assert re.sub(r"\s+", "", steps[0]) in flat, "the steps written out, not folded"
    conditions = engine("4.1", {"investment": "5000万"})["conditions"]
    assert re.sub(r"\s+", "", conditions[0]) in flat, "each entry's conditions, which it assumes"
    assert "打开这张测算表的链接" in first and "数据版本" in first, "traceable: link and revision"
    assert "/sheet/#e1=4.1" in first.replace("\n", "")
    assert "下载CSV" not in flat and "添加一项奖励" not in flat and "项目名称（可选" not in flat


def test_the_english_printout_carries_conditions_address_and_revision(browser, origin, tmp_path):
    page = browser.new_page()
    page.goto(f"{origin}/en/sheet/#{sheet_fragment(SHEET)}")
    data_attr(page, "sheet", "upper")
    pdf = tmp_path / "sheet-en.pdf"
    page.pdf(path=pdf, format="A4", prefer_css_page_size=True)
    page.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))

    def text(n: int | None = None) -> str:
        span = ["-f", str(n), "-l", str(n)] if n else []
        run = subprocess.run(["pdftotext", *span, str(pdf), "-"], capture_output=True)
        return " ".join(run.stdout.decode("utf-8").split())

    for n in range(1, pages + 1):
        assert not text(n).endswith("Entries"), f"the heading alone at the foot of page {n}"
    flat = text()
    said = engine("4.1", {"investment": "5000万"}, "en")
    assert " ".join(said["conditions"][0].split())[:60] in flat, "each entry's conditions"
    assert "Link that opens this sheet" in flat and "Data revision" in flat
    assert f"{origin}/en/sheet/" in flat.replace(" ", ""), "the address the sheet came from"


def test_a_questioned_figure_is_flagged_on_its_entry_in_the_total_and_the_csv(
    page, origin, tmp_path
):
    questioned = [
        {"award": "4.1", "inputs": {"investment": "5000"}},
        {"award": "3.1", "inputs": {}},
    ]
    page.goto(f"{origin}/sheet/#{sheet_fragment(questioned)}")
    data_attr(page, "sheet", "upper")
    total = page.locator(".sheet-total")
    assert "1项数字待核对（第1项）" in page.locator(".sheet-total-notes").inner_text()
    assert "sheet-total--questioned" in total.get_attribute("class")
    assert page.locator('[data-entry="0"] .sheet-headline .sheet-flag').inner_text() == "数字待核对"
    assert page.locator('[data-entry="1"] .sheet-flag').count() == 0
    with page.expect_download() as download:
        page.locator("#sheet-csv").click()
    download.value.save_as(tmp_path / "sheet.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "sheet.csv").read_text("utf-8-sig"))))
    header, first, _, total_row = rows[:4]
    check = header.index("请核对")
    assert "是否指 5000万元" in first[check], "flagged in its row"
    assert total_row[check].startswith("1项数字待核对"), "and in the total row"
