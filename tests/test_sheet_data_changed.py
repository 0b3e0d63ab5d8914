"""What changed for my estimate, in the browser (decisions/0019): one build is served, entries
are added to the sheet (from the calculator and on the sheet page); then a build whose data
gives award 4.1 another cap is served on the same origin, and the sheet, reloaded, says for the
affected entry "was A, now B" with the change's sentence, marks it [data-changed], counts it in
the total, and carries both figures in the CSV, the JSON and the printout.

Both builds are made here, with build.py as staff run it, from scratch copies of the project
holding the frozen fixture's data (tests/frozen.py) and the same data with 4.1's cap 800万元
(tests/versionfixture.py `cap_changed`); the figures expected are what the engine computes from
those two states, and the sentences what `build.py diff` says of them."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

import frozen
import versionfixture
from browserkit import ENGINE_TIMEOUT, data_attr, result_of
from calculator.api import attempt
from calculator.money import grouped
from calculator.policy import Policy
from conftest import ROOT, TEST_REPOSITORY
from siteserver import Host, serve
from sitegen.changes import compare as diff
from sitegen.yamlsource import load
from scratch import git

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROJECT = ("build.py", "hooks.py", "mkdocs.yml", "pyproject.toml", "README.md", "package.json")
FOLDERS = ("calculator", "sitegen", "templates", "overrides", "schema", "docs")
ABOVE = {"investment": "500000000"}  # 4.1 at its cap, in both builds
OTHER = ("5.2", {"cop": "5.2", "investment": "10000000"})  # an award the change leaves alone


def _build(repo: Path) -> None:
    run = subprocess.run(
        [sys.executable, "build.py"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "SITE_REPOSITORY": TEST_REPOSITORY},
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """A: the project on the frozen fixture's data; B: the same with 4.1's cap changed, each
    committed (so each build names its own data revision) and built whole."""
    base = tmp_path_factory.mktemp("data-changed")
    repo = base / "repo"
    repo.mkdir()
    for name in PROJECT:
        shutil.copy2(ROOT / name, repo / name)
    skip = shutil.ignore_patterns("__pycache__", "revision.json")
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, repo / folder, ignore=skip)
    shutil.copytree(frozen.ROOT / "sources", repo / "sources")
    shutil.copy2(frozen.ROOT / "measures.yaml", repo / "measures.yaml")
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    if (ROOT / ".cache" / "runtime").is_dir():  # the reduced runtime, as build.py caches it
        shutil.copytree(ROOT / ".cache" / "runtime", repo / ".cache" / "runtime")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "A")
    _build(repo)
    a = shutil.copytree(repo / "site", base / "a")
    versionfixture.cap_changed(repo)
    git(repo, "commit", "-qam", "B: 4.1's cap 800万元")
    _build(repo)
    return {"A": a, "B": repo / "site", "new_data": load(repo / "measures.yaml").data}


def _expected(builds, lang: str) -> dict:
    """What the engine gives for 4.1 under each state of the data, and what diff says."""
    old, new = frozen.policy(), Policy.from_data(builds["new_data"])
    was = attempt(old, "4.1", ABOVE, lang)[0]["amount"]
    now = attempt(new, "4.1", ABOVE, lang)[0]["amount"]
    said = [c.said(lang) for c in diff(frozen.data(), builds["new_data"]) if c.where == "4.1"]
    assert was != now and said
    return {"was": was, "now": now, "said": said}


@pytest.fixture
def host(builds):
    host = Host(gzip=True, cache_control="no-cache")
    with serve(builds["A"], host=host) as origin:
        yield origin, host


def _stored(page) -> list[dict]:
    return page.evaluate("() => JSON.parse(localStorage.getItem('sz-sep-calculator/sheet/v1'))")


@pytest.mark.parametrize("lang", ["", "en/"])
def test_after_a_data_change_the_sheet_says_what_changed(browser, host, builds, lang, tmp_path):
    origin, server = host
    code = "en" if lang else "zh"
    context = browser.new_context(service_workers="allow", accept_downloads=True)
    foreign: list[str] = []
    context.on(
        "request",
        lambda r: foreign.append(r.url)
        if urlparse(r.url).netloc not in ("", urlparse(origin).netloc) and r.url.startswith("http")
        else None,
    )
    page = context.new_page()

    # Build A: 4.1 from the calculator, 5.2 added and filled in on the sheet page.
    page.goto(f"{origin}/{lang}calculator/#award=4.1&investment={ABOVE['investment']}")
    result_of(page)
    page.locator("#add-to-sheet").click()
    page.goto(f"{origin}/{lang}sheet/")
    data_attr(page, "sheet", "complete")
    page.locator("#sheet-choose").select_option(OTHER[0])
    page.locator("#sheet-add").click()
    for name, value in OTHER[1].items():
        page.locator(f"#e2-{name}").fill(value)
    expect(page.locator("#sheet")).to_have_attribute(
        "data-complete", "true", timeout=ENGINE_TIMEOUT
    )
    expect(page.locator("[data-entry='1']")).to_have_attribute("data-amount", re.compile(r"\d"))
    page.wait_for_function(
        "() => JSON.parse(localStorage.getItem('sz-sep-calculator/sheet/v1')).every(e => e.shown)"
    )
    kept = _stored(page)
    assert [e["shown"]["award"] for e in kept] == ["4.1", OTHER[0]]
    assert page.locator(".sheet-entry[data-changed]").count() == 0
    assert data_attr(page, "sheet", "changedCount") == "0"

    # Build B on the same origin: the reader comes back to the sheet. This browser's service
    # worker answers with build A's page at once, fetches build B whole and hands over to it;
    # the page says so, and its button reloads into build B.
    server.root[0] = builds["B"]
    page.reload()
    reload = page.locator("#site-updated-reload")
    reload.wait_for(timeout=ENGINE_TIMEOUT * 2)
    assert page.locator(".sheet-entry[data-changed]").count() == 0, (
        "build A's page compares nothing"
    )
    reload.click()
    expected = _expected(builds, code)
    changed = page.locator("[data-entry='0'][data-changed]")
    expect(changed).to_be_visible(timeout=ENGINE_TIMEOUT)
    assert data_attr(page, "sheet", "changedCount") == "1"
    assert page.locator(".sheet-entry[data-changed]").count() == 1, "5.2 did not change"
    assert page.locator("[data-entry='0']").get_attribute("data-amount") == expected["now"]
    note = changed.locator(":scope > .sheet-changed").inner_text()
    was, now = (grouped(Decimal(expected[k])) for k in ("was", "now"))
    words = ("原为", "现为") if code == "zh" else ("was ", "now ")
    assert f"{words[0]}{was}" in note and f"{words[1]}{now}" in note, note
    for sentence in expected["said"]:
        assert sentence in note
    assert kept[0]["shown"]["revision"]["commit"][:12] in note  # the revision it was kept with
    totals = page.locator(".sheet-total-notes").inner_text()
    assert (
        "1项因数据更新而变化" if code == "zh" else "1 changed since the data was updated"
    ) in totals

    # The downloads carry both figures.
    with page.expect_download() as got:
        page.locator("#sheet-csv").click()
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    header = rows[0]
    row = rows[1]
    assert (
        row[header.index("加入时的金额（元）" if code == "zh" else "Amount when added (yuan)")]
        == (expected["was"])
    )
    assert row[header.index("金额（元）" if code == "zh" else "Amount (yuan)")] == expected["now"]
    assert expected["said"][0] in row[-1]
    with page.expect_download() as got:
        page.locator("#sheet-json").click()
    sheet = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert sheet["entries"][0]["changed"]["was"] == expected["was"]
    assert sheet["entries"][0]["changed"]["now"] == expected["now"]
    assert sheet["totals"]["changed"] == [1]

    # The printout says it too.
    pdf = tmp_path / "sheet.pdf"
    page.pdf(path=pdf, prefer_css_page_size=True)
    run = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    printed = re.sub(r"\s+", "", run.stdout.decode("utf-8"))
    assert re.sub(r"\s+", "", f"{words[0]}{was}") in printed
    assert re.sub(r"\s+", "", f"{words[1]}{now}") in printed

    # Taking the current figures: the comparison goes, and stays gone on the next visit.
    page.locator("#sheet-accept-changes").click()
    expect(page.locator(".sheet-entry[data-changed]")).to_have_count(0, timeout=ENGINE_TIMEOUT)
    page.reload()
    data_attr(page, "sheet", "upper")
    assert data_attr(page, "sheet", "changedCount") == "0"
    assert _stored(page)[0]["shown"]["amount"] == expected["now"]
    context.close()
    assert not foreign, foreign


def test_a_sheet_kept_before_entries_remembered_anything_shows_no_comparison(browser, host, builds):
    origin, server = host
    server.root[0] = builds["B"]
    page = browser.new_page()
    page.goto(f"{origin}/sheet/")
    page.evaluate(
        "e => localStorage.setItem('sz-sep-calculator/sheet/v1', JSON.stringify(e))",
        [{"award": "4.1", "project": "", "inputs": ABOVE}],
    )
    page.reload()
    data_attr(page, "sheet", "upper")
    assert data_attr(page, "sheet", "changedCount") == "0"
    assert page.locator(".sheet-entry[data-changed]").count() == 0
    # Now it remembers what it shows.
    page.wait_for_function(
        "() => JSON.parse(localStorage.getItem('sz-sep-calculator/sheet/v1'))[0].shown"
    )
    page.close()
