"""Nothing on the site says more than its sources (issue 18): where a later version is known to
remove an award or give it no figure, that standing leads and the draft's figure never counts;
readings of the clauses claim no more than the text; sources, owner and a way to report are in
plain sight; dates are written one way per language; the changes page puts the policy first.

The live-data tests (`test_live_…`) pin the corrections of the data itself; the rest hold the
code to the same rules on the frozen fixture or on the built site."""

from __future__ import annotations

import gzip
import json
import re
from urllib.parse import parse_qs, urlparse

import pytest

import frozen
from browserkit import data_attr, engine, result_of
from calculator.api import attempt, load_policy
from calculator.describe import describe
from calculator.policy import Policy
from conftest import ROOT, TEST_REPOSITORY
from sitegen.check import check_file
from sitegen.render import render_site

PLACEHOLDERS = re.compile(r"TRANSLATION PENDING|PENDING|摘要待补|待补")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The live data's pages, rendered (what build.py render writes into docs/)."""
    out = tmp_path_factory.mktemp("docs")
    data = check_file(ROOT / "measures.yaml").loaded.data
    render_site(Policy.from_data(data), out, data)
    return out


# ---- the readings of the draft's own clauses ----------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_live_tiers_of_5_1_go_by_the_rate_and_the_funding_by_area(lang):
    steps = attempt(load_policy(), "5.1", {"energy_saving_rate": "12"}, lang)[0]["steps"]
    words = {
        "zh": "文中规定根据节能率水平分档、按能源托管面积给予",
        "en": "tiered by the level of the energy-saving rate and given according to the area",
    }[lang]
    assert any(words in step for step in steps), steps
    summary = load_policy().measure(5).summary(lang)
    assert {"zh": "根据节能率水平分档", "en": "tiers set by the level of the energy-saving rate"}[
        lang
    ] in " ".join(summary.split())


def test_live_summaries_claim_no_more_than_their_clauses():
    policy = load_policy()
    seven, thirty = policy.measure(7).summary, policy.measure(30).summary
    assert "获优先采购" not in seven.zh and "支持优先采购目录中的节能产品" in seven.zh
    assert "享受" not in thirty.zh and "推动银行为其开辟信贷绿色通道" in thirty.zh
    assert "get fast-track bank credit" not in thirty.en and "urge banks" in thirty.en
    assert "promote banks opening" not in policy.measure(30).clause.en


def test_live_enterprise_only_rests_on_the_sentence_of_the_award():
    """15.1 (优质服务商), 28.1 (符合条件的项目) and 2.1 (服务商): the award's own sentence names no
    enterprises, so no organisation is left out; a note says what the text does not state."""
    awards = load_policy().awards
    for award_id in ("2.1", "15.1", "28.1"):
        award = awards[award_id]
        assert award.applicants is None, award_id
        assert any("没有写明" in n.zh for n in award.notes), award_id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_live_an_outlet_without_a_cap_is_not_an_exact_sum(lang):
    result = attempt(load_policy(), "11.2", {"facility": "outlet", "investment": "1000万"}, lang)[0]
    assert result["bound"] == "rate"
    said = {"zh": "文中未写明上限", "en": "the text names no cap"}[lang]
    assert said in result["headline"] and not result["headline"].startswith("Exactly")


def test_live_english_words_say_what_the_chinese_says():
    policy = load_policy()
    texts = []
    for m in policy.measures:
        texts += [m.title.en, m.clause.en, m.summary.en]
        for a in m.awards:
            texts += [a.name.en, *(c.en for c in a.conditions), *(n.en for n in a.notes)]
    flat = " ".join(" ".join(t.split()) for t in texts)
    for wrong in ("Four News", "green creation", "green-creation", "local carbon databases"):
        assert wrong not in flat, wrong
    assert "cut short" in policy.measure(31).clause.en, "31.2's shortened title is said to be"
    assert all("no rate published" not in describe(a.rule).en for a in policy.awards.values())


# ---- the pages: what leads, the lists, placeholders, the changes page -------------------------


def test_live_award_tables_lead_with_the_standing(rendered):
    for page, lang in (("awards.md", "zh"), ("awards.en.md", "en")):
        text = (rendered / page).read_text(encoding="utf-8")
        removed = {
            "zh": "正式版本已删去（征求意见稿：最高100万元）",
            "en": "Removed in the issued version (in the draft for public comment: up to 1,000,000 yuan)",
        }
        assert removed[lang] in text
    finder = (rendered / "finder.md").read_text(encoding="utf-8")
    row = finder[finder.index('data-award="1.2"') :]
    row = row[: row.index("</li>")]
    assert "正式版本未给出金额（征求意见稿：最高1000万元）" in row, "the finder's row too"


def test_chapter_lists_keep_each_award_on_its_own_line(rendered):
    for page in sorted(rendered.glob("chapters/*.md")):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\S- \*\*\d+\.\d+\*\*", text), f"{page.name}: an item runs on"
        listed = re.findall(r"^- \*\*(\d+\.\d+)\*\*", text, re.M)
        assert len(listed) == len(set(listed))
    three = (rendered / "chapters" / "03.md").read_text(encoding="utf-8")
    assert re.findall(r"^- \*\*(\d+\.\d+)\*\*", three, re.M) == ["4.1", "4.2", "5.1", "5.2", "6.1"]


def test_no_placeholder_text_in_any_page(rendered):
    found = [p.name for p in rendered.rglob("*.md") if PLACEHOLDERS.search(p.read_text("utf-8"))]
    assert found == []


def test_the_changes_page_puts_the_policy_first_and_the_data_log_apart(rendered):
    for page in ("changes.md", "changes.en.md"):
        text = (rendered / page).read_text(encoding="utf-8")
        headings = re.findall(r"^## (.+?)(?: \{ #\w+ \})?$", text, re.M)
        assert len(headings) == 4, (
            headings
        )  # known of the issued version, compare, versions, sources
        assert "history-day" not in text, "the data-edit log has a page of its own"
        assert "data-source-link" in text and "https://fgw.sz.gov.cn/" in text
    log = (rendered / "history.en.md").read_text(encoding="utf-8")
    assert "<details" in log and not re.search(r"<details[^>]*\bopen\b", log), "every day folded"
    for line in re.findall(r"^- (.+)$", log, re.M):
        assert "(Chinese) changed:" not in line, "no Chinese words diffed on the English page"


def test_the_log_lists_a_merge_once(tmp_path):
    """A merged branch is one change: the log reads the first-parent line, so the branch's own
    commits are not listed beside the merge that brought them (a scratch repository)."""
    import shutil
    import subprocess
    import sys

    repo = tmp_path / "repo"
    shutil.copytree(frozen.ROOT, repo)
    for folder in ("sitegen", "calculator", "schema"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))

    def git(*args):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-qm", "base")
    git("checkout", "-q", "-b", "edit")
    text = (repo / "measures.yaml").read_text(encoding="utf-8")
    for old, new in (("Promote", "Encourage"), ("Encourage the", "Support the")):
        text = text.replace(old, new, 1)
        (repo / "measures.yaml").write_text(text, encoding="utf-8")
        git("commit", "-qam", f"{old} → {new}")
    git("checkout", "-q", "main")
    git("merge", "-q", "--no-ff", "edit", "-m", "merge")
    script = (
        "import json; from sitegen.history import changelog; from sitegen.changes import PUBLIC; "
        "print(json.dumps([[e.commit, len(e.changes)] for e in changelog(PUBLIC)]))"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=repo, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    entries = json.loads(run.stdout)
    merge = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True
    ).stdout.strip()
    assert [commit for commit, _ in entries] == [merge], "the merge alone, not its two commits"


# ---- the built site: owner, sources, dates, the index ------------------------------------------


def test_every_page_says_who_runs_it_and_how_to_report(built_site):
    for path in ("index.html", "en/index.html", "measures/01/index.html", "en/data/index.html"):
        html = (built_site / path).read_text(encoding="utf-8")
        footer = html[html.index('class="md-copyright site-owner"') :]
        assert ("非官方" in footer) or ("unofficial" in footer), path
        assert f'href="{TEST_REPOSITORY}/issues/new" data-report-footer' in footer, path
        assert f'href="{TEST_REPOSITORY}" data-maintainer' in footer, path
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'href="{TEST_REPOSITORY}/issues/new"' in home.split('class="md-footer"')[0]
    assert "project:" not in home, "every token resolved"


def test_dates_are_written_one_way_per_language(built_site):
    iso = re.compile(r">[^<]*\b\d{4}-\d{2}-\d{2}\b[^<]*<")
    american = re.compile(
        r"\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}"
    )
    for path in built_site.rglob("*.html"):
        if "/assets/" in str(path) or "/pagefind/" in str(path):
            continue
        html = path.read_text(encoding="utf-8")
        body = re.sub(r"<script\b.*?</script>|<code>.*?</code>", "", html, flags=re.S)
        assert not iso.search(body), (path, iso.search(body).group()[:80])
        assert not american.search(body), path
    en = (built_site / "en" / "measures" / "01" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Last update: \d{1,2} [A-Z][a-z]+ \d{4}", en)


def test_the_search_index_holds_no_data_log_and_no_placeholder(built_site):
    for fragment in (built_site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        item = json.loads(raw[raw.index(b"{") :])
        assert "/history/" not in item["url"], item["url"]
        assert not PLACEHOLDERS.search(item["content"]), item["url"]


# ---- in the browser: the standing leads, the sheet leaves it out, the report link ------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_calculator_leads_with_the_standing(page, origin, lang):
    page.goto(f"{origin}/{lang}calculator/#award=1.2&sales=1000万")
    assert result_of(page) == {"amount": "", "eligible": "true", "bound": "none"}
    said = engine("1.2", {"sales": "1000万"}, "en" if lang else "zh")
    first = page.locator("#result .calc-headline")
    assert first.inner_text() == said["headline"] and "calc-standing" in first.get_attribute(
        "class"
    )
    assert page.locator("#result .calc-draft-figure").inner_text() == said["draft"]["headline"]


@pytest.mark.browser
def test_a_sheet_with_1_2_and_4_1_totals_only_4_1(page, origin):
    page.goto(f"{origin}/sheet/#e1=1.2&e1.sales=1000万&e2=4.1&e2.investment=5000万")
    assert data_attr(page, "sheet", "upper") == engine("4.1", {"investment": "5000万"})["amount"]
    assert "另有1项未计入" in page.locator(".sheet-total-notes").inner_text()
    assert any(
        "未计入合计" in c and "1.2" in c
        for c in page.locator(".sheet-cautions li").all_inner_texts()
    )
    assert page.locator('[data-award="1.2"] .sheet-draft').is_visible()


@pytest.mark.browser
def test_every_estimate_has_a_report_link_prefilled_and_sent_nowhere(page, origin):
    page.goto(f"{origin}/calculator/#award=4.1&investment=5000万")
    result_of(page)
    link = page.locator("#result a[data-report]")
    href = link.get_attribute("href")
    assert href.startswith(f"{TEST_REPOSITORY}/issues/new?")
    query = parse_qs(urlparse(href).query)
    body = query["body"][0]
    assert "4.1" in query["title"][0]
    assert "投资额：5000万" in body, "the figure as typed"
    assert engine("4.1", {"investment": "5000万"})["headline"] in body
    revision = json.loads((ROOT / "calculator" / "data" / "revision.json").read_text("utf-8"))
    assert revision["commit"][:12] in body
    page.goto(f"{origin}/sheet/#e1=3.1")
    data_attr(page, "sheet", "upper")
    assert (
        page.locator('[data-award="3.1"] a[data-report]')
        .get_attribute("href")
        .startswith(f"{TEST_REPOSITORY}/issues/new?")
    )


# ---- the engine's rule, on the fixture: a removed award never counts ---------------------------


def test_a_removed_award_never_leads_and_never_counts():
    data = frozen.data()
    award = next(
        a
        for ch in data["chapters"]
        for m in ch.get("measures") or ()
        for a in m.get("awards") or ()
        if a["id"] == "4.1"
    )
    award["versions"] = {
        "issued": {
            "status": "removed",
            "source": "reprint",
            "note": {"zh": "删去。", "en": "Removed."},
        }
    }
    policy = Policy.from_data(data)
    result, _ = attempt(policy, "4.1", {"investment": "5000万"}, "en")
    assert result["amount"] is None and result["standing"]["figure"] == "none"
    assert result["headline"] == "Removed in the issued version."
    from calculator.sheet import build_sheet, entries_from, sheet_dict

    sheet = build_sheet(
        policy,
        entries_from([{"award": "4.1", "inputs": {"investment": "5000万"}}, {"award": "3.1"}]),
    )
    totals = sheet_dict(policy, sheet, "en")["totals"]
    assert totals["upper"] == "1000000.00" and totals["left_out"] == 1
