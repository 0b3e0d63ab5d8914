"""Versions of the policy, end to end. The live data (`test_live_…`, following measures.yaml on
purpose: they pin what is known of the issued version of 2024-05-11, issue 18): known only by
facts, the rest not yet known; where it removes an award or gives it no figure, that standing
leads every amount and the draft's figure is never counted. A test fixture (tests/versionfixture.py) holds a second text that changes a
figure, removes an award and adds one: the check holds it against its own text, and the pages,
the calculator, the comparison and the changes page follow it."""

from __future__ import annotations

import json
import re

import pytest

from calculator.api import attempt, load_policy
from calculator.policy import Policy
from calculator.versions import view
from conftest import ROOT
from sitegen.changes import compare
from sitegen.check import check_file
from sitegen.export import export_text
from sitegen.render import render_site
import versionfixture


# ---- the live data -------------------------------------------------------------------------------


def test_live_site_follows_the_draft_and_knows_the_issued_version_by_its_facts():
    """What is known of the issued version (issue 18): measure (一) whole, the opening of measure
    (二), the preamble's basis, the domains; everything else not yet known."""
    policy = load_policy()
    assert policy.version.id == "draft" and policy.version.date == "2023-11-02"
    (issued,) = policy.later_versions
    assert (issued.id, issued.date, issued.held) == ("issued", "2024-05-11", False)
    assert issued.issuer.zh == "深圳市发展和改革委员会"
    standing = {a: policy.standing_of(award, "issued") for a, award in policy.awards.items()}
    # 1.1: the issued measure (一) compiles a catalogue but has no catalogue-sales award at all
    assert (
        standing["1.1"].status == "removed"
        and "没有推广目录产品的销售奖励" in standing["1.1"].note.zh
    )
    # 1.2: 按相关政策予以支持, said of 首台（套） only: changed, and no figure
    assert (standing["1.2"].status, standing["1.2"].figure) == ("changed", "none")
    assert (
        "首台（套）" in standing["1.2"].note.zh and "按相关政策予以支持" in standing["1.2"].note.zh
    )
    # measure 2: a new title and opening; 2.1's figure not yet known
    m2 = policy.measure(2).standing["issued"]
    assert m2.status == "changed" and "提升安全应急服务发展能级" in m2.note.zh
    assert "安保服务招标评价模式" in m2.note.zh and "海外保安" in m2.note.zh
    assert standing["2.1"].status == "unknown" and standing["2.1"].note is not None
    others = {a: s.status for a, s in standing.items() if a not in ("1.1", "1.2", "2.1")}
    assert set(others.values()) == {"unknown"}, "nothing else of the issued text is known"
    m1 = policy.measure(1).standing["issued"]
    assert m1.responsible.zh == "市发展改革委、应急管理局、工业和信息化局"
    assert m1.source == "reprint" and "按相关政策予以支持" in m1.note.zh
    domains = {d.id: d.standing["issued"].status for d in policy.domains}
    assert domains == {
        "safety_emergency": "changed",
        "energy_saving": "changed",
        "environmental": "changed",
        "recycling": "changed",
        "carbon_management": "same",
    }


def test_live_facts_claim_no_more_than_the_reprint_shows():
    policy = load_policy()
    (issued,) = policy.later_versions
    facts = {f.about: f.text.zh for f in issued.facts}
    # the basis: 《…实施方案》等文件精神, not that plan alone
    assert "实施方案》等文件精神" in facts["preamble"]
    # 责任单位 only where seen: measure (一); never "每条措施都写明了责任单位"
    assert not any("每条措施都写明了责任单位" in f.text.zh for f in issued.facts)
    said = " ".join(f.text.zh for f in issued.facts if f.about is None)
    assert "措施（一）写明了责任单位" in said and "尚不清楚" in said
    assert [
        m.number
        for m in policy.measures
        if m.standing.get("issued") and m.standing["issued"].responsible
    ] == [1]
    # the applicability paragraph is absent from the reprint, and the site says so
    assert "没有第一章的适用机构段落" in facts["applicability"]
    # the safety domain: monitoring products *for* building safety, construction safety, fires…
    safety = next(d for d in policy.domains if d.id == "safety_emergency").standing["issued"]
    assert "建筑安全、施工安全、火灾等灾害的监测预警产品" in safety.note.zh
    assert " ".join(safety.note.en.split()).startswith(
        "In the issued version this field names monitoring and early-warning products for "
        "building safety, construction safety, fires and other disasters"
    )
    assert "are no longer named" in safety.note.en and "不再列出" in safety.note.zh
    # every source says what kind it is; a third party's is labelled so, and the draft's date
    # says how it is known
    assert {s.kind for s in issued.sources.values()} == {"third_party", "official"}
    assert policy.version.date_note is not None and "没有记录" in policy.version.date_note.zh


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_live_standing_leads_where_the_issued_version_gives_no_figure(lang):
    """1.1 and 1.2: no amount leads; the draft's figure is said as the draft's, apart."""
    policy = load_policy()
    for award, status in (("1.1", "removed"), ("1.2", "changed")):
        result, _ = attempt(policy, award, {"sales": "5000万"}, lang)
        assert result["amount"] is None and result["bound"] == "none"
        assert result["standing"] == {
            "figure": "none",
            "version": "issued",
            "status": status,
            "said": result["headline"],
        }
        assert result["draft"]["amount"] and result["draft"]["version"] == "draft"
        draft_words = {"zh": "征求意见稿中：", "en": "In the draft for public comment: "}[lang]
        assert result["draft"]["headline"].startswith(draft_words)
        lead = {"zh": ("正式版本已删去", "正式版本未给出"), "en": ("Removed in", "The issued")}[
            lang
        ]
        assert result["headline"].startswith(lead), result["headline"]
    other, _ = attempt(policy, "4.1", {"investment": "1000万"}, lang)
    assert other["standing"]["figure"] == "not_known" and other["draft"] is None
    assert other["later"][0]["status"] == "unknown"
    assert {"zh": "尚不清楚", "en": "not yet known"}[lang] in other["later"][0]["said"]


def test_live_command_line_and_batch_lead_with_the_standing(tmp_path):
    import csv
    import subprocess
    import sys

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "calculator", *args], cwd=ROOT, capture_output=True, text=True
        )

    out = json.loads(run("estimate", "1.2", "sales=1000万", "--json").stdout)
    assert out["amount"] is None and out["standing"]["figure"] == "none"
    assert out["version"]["id"] == "draft" and out["later"][0]["status"] == "changed"
    text = run("estimate", "1.2", "sales=1000万").stdout.splitlines()
    assert text[1] == "正式版本未给出本项的金额。" and text[2].startswith("征求意见稿中：最高可获")
    rows = tmp_path / "rows.csv"
    rows.write_text("award,sales\n1.2,1000万\n1.1,5000万\n", encoding="utf-8")
    found = list(csv.DictReader(run("batch", str(rows), "--lang", "en").stdout.splitlines()))
    assert [(r["amount"], r["figure"]) for r in found] == [("", "none"), ("", "none")]
    assert all(r["draft_amount"] for r in found), "the draft's figure, in a column of its own"
    assert [r["later_versions"].split(": ")[:2] for r in found] == [
        ["issued", "changed"],
        ["issued", "removed"],
    ]


def test_live_a_sheet_with_1_2_and_4_1_totals_only_4_1_and_says_one_was_left_out():
    import csv
    import io

    from calculator.web import page_sheet

    entries = [
        {"award": "1.2", "inputs": {"sales": "1000万"}},
        {"award": "4.1", "inputs": {"investment": "5000万"}},
    ]
    alone = attempt(load_policy(), "4.1", {"investment": "5000万"}, "zh")[0]
    for lang in ("zh", "en"):
        out = json.loads(page_sheet(json.dumps(entries), lang))
        totals = out["sheet"]["totals"]
        assert totals["upper"] == alone["amount"], "only 4.1 is added up"
        assert totals["left_out"] == 1
        assert {"zh": "另有1项未计入", "en": "1 more not counted"}[lang] in totals["headline"]
        left = [c for c in out["sheet"]["cautions"] if "1.2" in c]
        assert len(left) == 1 and {"zh": "未计入合计", "en": "Not counted"}[lang] in left[0]
        rows = list(csv.reader(io.StringIO(out["csv"][1:])))
        header = rows[0]
        first = dict(zip(header, rows[1]))
        amount, draft = header[6], header[9]
        assert first[amount] == "" and first[draft], "the draft's figure only in its own column"
        total = dict(zip(header, rows[3]))
        assert total[amount] == alone["amount"]


def test_live_banner_and_measure_pages_say_what_is_known(tmp_path):
    data = check_file(ROOT / "measures.yaml").loaded.data
    policy = Policy.from_data(data)
    render_site(policy, tmp_path, data)
    home = (tmp_path / "index.md").read_text("utf-8")
    assert "正式版本已于2024年5月11日印发" in home and "其余是否改变尚不清楚" in home
    assert "实施方案》等文件精神" in home, "the preamble carries what is known of the basis"
    assert "没有第一章的适用机构段落" in home, "and the applicability paragraph its absence"
    assert home.count('class="version-mark version-changed"') >= 4, "the domain table's marks"
    assert "11 May 2024" in (tmp_path / "index.en.md").read_text("utf-8")
    m1 = (tmp_path / "measures" / "01.md").read_text("utf-8")
    assert "责任单位：市发展改革委、应急管理局、工业和信息化局" in m1
    assert "正式版本（2024年5月11日）中本条有变化。" in m1, "a notice before the summary"
    assert "最高金额：正式版本已删去（征求意见稿：最高100万元）" in m1
    assert "最高金额：正式版本未给出金额（征求意见稿：最高1000万元）" in m1
    m2 = (tmp_path / "measures" / "02.md").read_text("utf-8")
    assert "正式版本（2024年5月11日）中本条有变化。" in m2
    m4 = (tmp_path / "measures" / "04.md").read_text("utf-8")
    assert "正式版本：尚不清楚" in m4 and "本条是否改变尚不清楚" in m4
    awards = (tmp_path / "awards.md").read_text("utf-8")
    unknown = sum(
        1 for a in policy.awards.values() if policy.standing_of(a, "issued").status == "unknown"
    )
    assert awards.count("version-mark version-unknown") == unknown
    assert (
        awards.count("version-mark version-removed") == 1 and awards.count("version-changed") == 1
    )


# ---- a second version whose text is held (the fixture) -------------------------------------------


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    return versionfixture.make(tmp_path_factory.mktemp("versions"))


def test_the_check_holds_the_second_version_against_its_own_text(issued, tmp_path):
    root, _ = issued
    result = check_file(root / "measures.yaml", root=root)
    assert result.ok, [p.format("measures.yaml") for p in result.problems]
    text = (root / "measures.yaml").read_text(encoding="utf-8")
    # the second version's figure against its own text's phrase
    wrong = text.replace("amount: 8000000", "amount: 9000000", 1)
    (tmp_path / "a.yaml").write_text(wrong, encoding="utf-8")
    problems = check_file(tmp_path / "a.yaml", root=root).problems
    assert len(problems) == 1 and "states 8,000,000" in problems[0].message
    assert problems[0].line == versionfixture.line_of(root, "amount: 8000000")
    # measure 4 said to be the same in a text where its cap changed
    at = text.index("status: changed", text.index("number: 4\n"))
    (tmp_path / "b.yaml").write_text(
        text[:at] + "status: same" + text[at + len("status: changed") :], encoding="utf-8"
    )
    messages = [p.message for p in check_file(tmp_path / "b.yaml", root=root).problems]
    assert any("same, but measure （四） of version 'issued' differs" in m for m in messages)
    # a measure left unknown where the text is held
    at = text.index("status: same", text.index("number: 1\n"))
    (tmp_path / "c.yaml").write_text(
        text[:at] + "status: unknown" + text[at + len("status: same") :], encoding="utf-8"
    )
    messages = [p.message for p in check_file(tmp_path / "c.yaml", root=root).problems]
    assert any("is held: say whether measure 1 is same, changed or removed" in m for m in messages)


def test_the_calculator_follows_the_newest_held_version(issued):
    _, data = issued
    policy = Policy.from_data(json.loads(export_text(data)))  # as the browser reads it
    assert policy.version.id == "issued" and policy.later_versions == ()
    assert "11.3" not in policy.awards and "7.1" in policy.awards
    result, _ = attempt(policy, "4.1", {"investment": "5000万"}, "zh")
    assert result["amount"] == "8000000.00", "最高800万元 in the issued text"
    assert result["version"]["said"].startswith("本估算依据正式版本") and result["later"] == []
    added, _ = attempt(policy, "7.1", {}, "en")
    assert added["amount"] == "1000000.00" and added["bound"] == "upper"
    draft = Policy.from_data(data, "draft")
    assert attempt(draft, "4.1", {"investment": "5000万"}, "zh")[0]["amount"] == "10000000.00"


def test_the_comparison_of_the_two_versions(issued):
    _, data = issued
    said = [c.said.zh for c in compare(view(data, "draft"), view(data, "issued"))]
    assert "奖励4.1：上限 1000万元 → 800万元（“给予资助，最高800万元”）。" in said
    assert any(s.startswith("删去奖励11.3：") for s in said)
    assert any(s.startswith("新增奖励7.1：推广目录节能装备奖励（最高100万元）") for s in said)
    assert any(s.startswith("措施4条文（中文）改为：") and "[-1000-]{+800+}" in s for s in said)
    en = [c.said.en for c in compare(view(data, "draft"), view(data, "issued"))]
    assert any(s.startswith("Award 4.1: cap 10,000,000 yuan") and "8,000,000 yuan" in s for s in en)


def test_the_pages_and_the_changes_page_follow_the_second_version(issued, tmp_path):
    _, data = issued
    written = render_site(Policy.from_data(data), tmp_path, data)
    assert (tmp_path / "changes.md") in written and (tmp_path / "changes.en.md") in written
    changes = (tmp_path / "changes.md").read_text(encoding="utf-8")
    assert "### 征求意见稿 → 正式版本" in changes
    assert "<del>1000</del>" in changes and "<ins>800</ins>" in changes, "the clauses side by side"
    assert "奖励4.1：上限 1000万元 → 800万元" in changes
    m11 = (tmp_path / "measures" / "11.md").read_text(encoding="utf-8")
    assert "11.3" not in m11 and "11.2" in m11
    m7 = (tmp_path / "measures" / "07.md").read_text(encoding="utf-8")
    assert "测算 7.1" in m7 and ("最高100万元" in m7)
    home = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert re.search(r"\*\*正式版本\*\*（2024年5月11日）", home), "the banner names the version"
    assert "尚未收录其文本" not in home
