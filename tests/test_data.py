"""measures.yaml holds the whole document, verbatim, and the export is what build.py writes.

Every test here follows the live data on purpose (`test_live_…`): they hold the data itself to
the source text and the generated files to the data. CONTRIBUTING.md says which a data edit may
turn red, and why."""

from __future__ import annotations

import json
import subprocess
import re
from decimal import Decimal

from conftest import ROOT
from sitegen.check import check_file
from sitegen.export import export_text
from sitegen.figures import chinese_numeral, quantities

SOURCE = (ROOT / "sources" / "policy-draft.zh.txt").read_text(encoding="utf-8")


def test_live_source_is_the_seed_unchanged():
    seed = ROOT.parent / "shared" / "seed" / "policy-draft.zh.txt"
    if seed.exists():  # beside a checkout; the copy in sources/ is what the project holds
        assert seed.read_bytes() == (ROOT / "sources" / "policy-draft.zh.txt").read_bytes()


def test_live_every_line_of_the_source_is_in_the_data(policy):
    """Nothing left out: each non-empty source line is rebuilt, character for character."""
    rebuilt = {policy.document.title.zh, policy.document.preamble.zh}
    for chapter in policy.chapters:
        prefix = chapter.numeral_in_source or f"{chinese_numeral(chapter.number)}、"
        rebuilt.add(prefix + chapter.title.zh)
        texts = [p.text.zh for p in chapter.paragraphs]
        if chapter.number == 10:
            rebuilt.add("".join(texts))  # the 附则 is one line of four sentences
        else:
            rebuilt.update(texts)
        for m in chapter.measures:
            rebuilt.add(f"（{chinese_numeral(m.number)}）{m.title.zh}。{m.clause.zh}")
    lines = [line.strip() for line in SOURCE.split("\n") if line.strip()]
    missing = [line for line in lines if line not in rebuilt and line != "(征求意见稿)"]
    assert missing == []


def test_live_five_domains_are_the_paragraph_of_chapter_one(policy):
    paragraph = next(p for p in policy.chapters[0].paragraphs if p.id == "key_domains").text.zh
    assert paragraph == "本措施重点支持" + "；".join(d.fields.zh for d in policy.domains) + "。"


def test_live_thirty_one_measures_forty_one_awards(policy):
    """Pins the count of awards, so that none is added or dropped unnoticed: an award added or
    removed on purpose updates this count (CONTRIBUTING.md §3)."""
    assert [m.number for m in policy.measures] == list(range(1, 32))
    assert len(policy.awards) == 41, (
        f"measures.yaml has {len(policy.awards)} awards, and this test pins 41: if you added or "
        "removed an award on purpose, update the count here (CONTRIBUTING.md §3)"
    )
    assert [m.number for m in policy.measures if not m.awards] == [7, 14, 25, 30]


def test_live_misprinted_chapter_nine_is_rendered_nine_and_noted(policy):
    nine = policy.chapters[8]
    assert nine.numeral_in_source == "9、 " and nine.note is not None
    assert "9、" in nine.note.zh


def test_live_effective_date_is_not_invented(policy):
    provisions = {p.id: p for p in policy.chapters[9].paragraphs}
    period = provisions["effective_period"]
    assert period.effective_date.in_text == "2023年xx月xx日"
    assert period.effective_date.published is False
    assert period.validity_years == 5


def test_live_english_is_complete(policy):
    texts = [policy.document.title.en, policy.document.preamble.en]
    for chapter in policy.chapters:
        texts.append(chapter.title.en)
        texts += [p.text.en for p in chapter.paragraphs]
        for m in chapter.measures:
            texts += [m.title.en, m.clause.en, m.summary.en]
    pending = [t for t in texts if "PENDING" in t or not t.strip()]
    assert pending == []


def test_live_committed_pages_are_fresh(tmp_path):
    """docs/ holds the pages build.py renders from measures.yaml, as committed (decisions/0005);
    the pages made from the git history are not committed (decisions/0010)."""
    from calculator.policy import Policy
    from sitegen.render import FROM_HISTORY, render_site

    data = check_file(ROOT / "measures.yaml").loaded.data
    written = render_site(Policy.from_data(data), tmp_path, data)
    committed = [p for p in written if p.name.split(".")[0] not in FROM_HISTORY]
    tracked = subprocess.run(
        ["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    stale = [
        p.relative_to(tmp_path).as_posix()
        for p in committed
        if (ROOT / "docs" / p.relative_to(tmp_path)).read_text(encoding="utf-8")
        != p.read_text(encoding="utf-8")
    ]
    assert stale == [], "run python build.py render and commit the pages"
    generated = {f"docs/{p.relative_to(tmp_path).as_posix()}" for p in committed}
    assert {t for t in tracked if t.endswith(".md")} == generated, "docs/ as build.py makes it"
    assert not {t for t in tracked if "changes." in t}, "the changes page is not committed"


def test_live_committed_export_is_fresh():
    result = check_file(ROOT / "measures.yaml")
    committed = (ROOT / "calculator" / "data" / "measures.json").read_text(encoding="utf-8")
    assert committed == export_text(result.loaded.data), "run python build.py"
    assert json.loads(committed)["_generated"].startswith("Generated by build.py")


# English figures: "30 million yuan", "500,000 yuan", "30%"; in a list ("1 million, 500,000,
# 300,000 and 100,000 yuan") the unit follows the last item only.
_EN_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million)?\s*(yuan|%)")
_EN_LIST_ITEM = re.compile(
    r"(\d[\d,]*(?:\.\d+)?(?: million)?)(?=(?:,? (?:and )?\d[\d,]*(?:\.\d+)?(?: million)?)+ yuan)"
)


def english_figures(text: str) -> set[tuple[str, Decimal]]:
    text = _EN_LIST_ITEM.sub(r"\1 yuan", text)
    return {
        (
            "percent" if unit == "%" else "yuan",
            Decimal(number.replace(",", "")) * (10**6 if scale else 1),
        )
        for number, scale, unit in _EN_FIGURE.findall(text)
    }


def chinese_figures(text: str) -> set[tuple[str, Decimal]]:
    return {(q.kind, q.value) for q in quantities(text) if q.kind in ("yuan", "percent")}


def test_live_translation_states_every_figure_of_the_clause_and_no_other(policy):
    differ = {
        m.number: (chinese_figures(m.clause.zh), english_figures(m.clause.en))
        for m in policy.measures
        if chinese_figures(m.clause.zh) != english_figures(m.clause.en)
    }
    assert differ == {}


def test_live_summaries_invent_no_figure(policy):
    invented = {}
    for m in policy.measures:
        clause = chinese_figures(m.clause.zh)
        extra = (chinese_figures(m.summary.zh) - clause) | (english_figures(m.summary.en) - clause)
        if extra:
            invented[m.number] = extra
    assert invented == {}
