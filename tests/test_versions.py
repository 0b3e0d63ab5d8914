"""Versions of the policy, end to end. The live data (`test_live_…`, following measures.yaml on
purpose: they pin what is known of the issued version of 2024-05-11): known only by facts, the
rest not yet known, and every estimate says so. A test fixture (tests/versionfixture.py) holds a second text that changes a
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
    policy = load_policy()
    assert policy.version.id == "draft" and policy.version.date == "2023-11-02"
    (issued,) = policy.later_versions
    assert (issued.id, issued.date, issued.held) == ("issued", "2024-05-11", False)
    assert issued.issuer.zh == "深圳市发展和改革委员会"
    assert any("新质生产力" in f.text.zh for f in issued.facts), "the basis document changed"
    statuses = {a: policy.standing_of(award, "issued").status for a, award in policy.awards.items()}
    assert statuses.pop("1.1") == statuses.pop("1.2") == "changed"
    assert set(statuses.values()) == {"unknown"}, "nothing else of the issued text is known"
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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_live_every_estimate_says_which_version_it_follows_and_how_the_award_stands_later(lang):
    policy = load_policy()
    first, _ = attempt(policy, "1.2", {"sales": "1000万"}, lang)
    assert first["version"]["id"] == "draft"
    (later,) = first["later"]
    assert later["version"] == "issued" and later["status"] == "changed"
    words = {
        "zh": "正式版本未给出金额：按相关政策予以支持",
        "en": "The issued version gives no figure: support is given in accordance with the "
        "relevant policies",
    }[lang]
    assert words in later["said"]
    other, _ = attempt(policy, "4.1", {"investment": "1000万"}, lang)
    assert other["later"][0]["status"] == "unknown"
    assert {"zh": "尚不清楚", "en": "not yet known"}[lang] in other["later"][0]["said"]


def test_live_command_line_and_batch_say_the_version(tmp_path):
    import csv
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "calculator", "estimate", "1.2", "sales=1000万", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    out = json.loads(run.stdout)
    assert out["version"]["id"] == "draft" and out["later"][0]["status"] == "changed"
    rows = tmp_path / "rows.csv"
    rows.write_text("award,sales\n1.2,1000万\n1.1,5000万\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "calculator", "batch", str(rows), "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    found = list(csv.DictReader(run.stdout.splitlines()))
    assert [r["version"] for r in found] == ["draft", "draft"]
    assert all(r["later_versions"].startswith("issued: changed: ") for r in found)


def test_live_sheet_downloads_say_the_version():
    from calculator.web import page_sheet

    out = json.loads(
        page_sheet(json.dumps([{"award": "1.2", "inputs": {"sales": "1000万"}}]), "zh")
    )
    assert out["sheet"]["entries"][0]["result"]["later"][0]["status"] == "changed"
    assert out["sheet"]["document"]["version"] == "draft"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(out["csv"][1:])))
    assert "正式版本已于2024年5月11日印发" in rows[0][0], "the status row says the issued date"
    header, entry = rows[1], rows[2]
    assert header[-2:] == ["依据版本", "其后版本中"]
    assert entry[-2].startswith("本估算依据征求意见稿") and "按相关政策予以支持" in entry[-1]


def test_live_banner_and_measure_pages_say_what_is_known(tmp_path):
    data = check_file(ROOT / "measures.yaml").loaded.data
    render_site(Policy.from_data(data), tmp_path, data)
    home = (tmp_path / "index.md").read_text("utf-8")
    assert "正式版本已于2024年5月11日印发" in home and "其余是否改变尚不清楚" in home
    assert "11 May 2024" in (tmp_path / "index.en.md").read_text("utf-8")
    m1 = (tmp_path / "measures" / "01.md").read_text("utf-8")
    assert "责任单位：市发展改革委、应急管理局、工业和信息化局" in m1
    marks = re.findall(r'class="version-mark version-(\w+)"[^>]*>([^<]*)<', m1)
    assert marks.count(("changed", "正式版本：有变化")) == 4, (
        "1.1, 1.2: by the buttons, in the table"
    )
    m4 = (tmp_path / "measures" / "04.md").read_text("utf-8")
    assert "正式版本：尚不清楚" in m4 and "本条是否改变尚不清楚" in m4
    awards = (tmp_path / "awards.md").read_text("utf-8")
    assert awards.count("version-mark version-unknown") == 39
    assert awards.count("version-mark version-changed") == 2


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
    assert "奖励4.1：上限 1,000万元 → 800万元（“给予资助，最高800万元”）。" in said
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
    assert "奖励4.1：上限 1,000万元 → 800万元" in changes
    m11 = (tmp_path / "measures" / "11.md").read_text(encoding="utf-8")
    assert "11.3" not in m11 and "11.2" in m11
    m7 = (tmp_path / "measures" / "07.md").read_text(encoding="utf-8")
    assert "测算 7.1" in m7 and ("最高100万元" in m7)
    home = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert re.search(r"\*\*正式版本\*\*（2024年5月11日）", home), "the banner names the version"
    assert "尚未收录其文本" not in home
