"""`python build.py diff`: what a change to measures.yaml does, one sentence a change, so that a
reviewer reads what it does to readers' numbers before merging. A table of edits, each with the
words its sentence must hold in each language, and the command itself in a scratch repository."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys

import pytest

import frozen
from conftest import ROOT
from sitegen.changes import compare

DATA = frozen.data()  # the frozen fixture: staff's data edits move none of these cases


def measure(data, number):
    return next(
        m for ch in data["chapters"] for m in ch.get("measures") or () if m["number"] == number
    )


def award(data, award_id):
    number = int(award_id.split(".")[0])
    return next(a for a in measure(data, number)["awards"] if a["id"] == award_id)


def add_award(d):
    extra = copy.deepcopy(award(d, "2.1"))
    extra["id"] = "2.2"
    extra["name"] = {"zh": "新增的奖励", "en": "An added award"}
    measure(d, 2)["awards"].append(extra)


def remove_award(d):
    m = measure(d, 11)
    m["awards"] = [a for a in m["awards"] if a["id"] != "11.3"]


def cap(d):
    award(d, "4.1")["rule"]["cap"] = {"amount": 8000000, "phrase": "给予资助，最高800万元"}


def rate(d):
    award(d, "4.1")["rule"]["rate"]["percent"] = 25


def no_threshold(d):
    del award(d, "1.1")["rule"]["threshold"]


def boundary(d):
    award(d, "1.1")["rule"]["threshold"]["phrase"] = "一定期限内销售额累计3000万元以上"


def kind(d):
    award(d, "2.1")["rule"]["kind"] = "tiered"


def applicants(d):
    award(d, "2.1")["applicants"]["kinds"].append("public_institution")


def activities(d):
    award(d, "4.1")["activities"] = ["demonstration"]


def domains(d):
    measure(d, 4)["domains"].append("environmental")


def clause(d):
    m = measure(d, 4)
    m["clause"]["zh"] = m["clause"]["zh"].replace("最高1000万元。推动", "最高800万元。推动")


def translation(d):
    m = measure(d, 4)
    m["clause"]["en"] = m["clause"]["en"].replace("Promote", "Encourage", 1)


def standing(d):
    award(d, "4.1")["versions"] = {
        "issued": {
            "status": "changed",
            "source": "reprint",
            "note": {"zh": "上限改为800万元。", "en": "The cap is now 8 million yuan."},
        }
    }


# (edit, kind of change, words of the Chinese sentence, words of the English one)
EDITS = [
    (add_award, "award_added", "新增奖励2.2：新增的奖励", "Award 2.2 added: An added award"),
    (remove_award, "award_removed", "删去奖励11.3：", "Award 11.3 removed:"),
    (
        cap,
        "figure",
        "奖励4.1：上限 1000万元 → 800万元（“给予资助，最高800万元”）",
        "Award 4.1: cap 10,000,000 yuan",
    ),
    (rate, "figure", "奖励4.1：比例 30% → 25%", "Award 4.1: rate 30% → 25%"),
    (
        no_threshold,
        "figure_removed",
        "奖励1.1：门槛 3000万元 已删去",
        "Award 1.1: threshold 30,000,000 yuan",
    ),
    (boundary, "boundary", "门槛本数由不计入改为计入", "it now includes the figure itself"),
    (
        kind,
        "kind",
        "奖励2.1：计算方式由“只给出最高额”改为“分档给予、档次未公布”",
        "Award 2.1: now tiers not published, with a maximum (it was a maximum only)",
    ),
    (
        applicants,
        "applicants",
        "奖励2.1申请对象：企业 → 企业、事业单位",
        "applicants Enterprise → Enterprise, Public institution",
    ),
    (activities, "activities", "奖励4.1查找归类：", "Award 4.1: finder activities"),
    (
        domains,
        "domains",
        "措施4领域：节能领域 → 节能领域、环保领域",
        "Measure 4: domains Energy saving → Energy saving, Environmental protection",
    ),
    (clause, "text", "措施4条文（中文）改为：…", "Measure 4: clause (Chinese) changed:"),
    (translation, "text", "措施4条文（英文）改为：", "[-Promote-]{+Encourage+}"),
    (
        standing,
        "standing",
        "奖励4.1在正式版本中：尚不清楚 → 有变化：上限改为800万元。",
        "Award 4.1 in the issued version: not yet known → changed",
    ),
]


@pytest.mark.parametrize("edit, kind, zh, en", EDITS, ids=[e[0].__name__ for e in EDITS])
def test_each_kind_of_change_is_one_sentence(edit, kind, zh, en):
    after = copy.deepcopy(DATA)
    edit(after)
    found = compare(DATA, after)
    assert len(found) == 1, [c.said.en for c in found]
    (change,) = found
    assert change.kind == kind
    assert zh in change.said.zh, change.said.zh
    assert en in change.said.en, change.said.en


def test_the_same_data_has_no_change():
    assert compare(DATA, copy.deepcopy(DATA)) == []


def test_a_clause_change_shows_the_words_that_changed():
    after = copy.deepcopy(DATA)
    clause(after)
    (text,) = [c for c in compare(DATA, after) if c.kind == "text"]
    assert "[-1000-]{+800+}" in text.said.zh, "numbers whole, never '10' → '8'"
    assert text.old and text.new and text.lang == "zh", "both texts, for a side-by-side view"


# ---- the command, in a scratch repository with a branch off main ---------------------------------


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A copy of what build.py diff needs, the fixture's data and sources, committed on main,
    then a branch that edits a cap."""
    repo = tmp_path_factory.mktemp("diff") / "repo"
    shutil.copytree(frozen.ROOT, repo)
    shutil.copy2(ROOT / "build.py", repo / "build.py")
    for folder in ("sitegen", "calculator", "schema"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    git(repo, "checkout", "-q", "-b", "change")
    text = (repo / "measures.yaml").read_text(encoding="utf-8")
    old = "cap: {amount: 10000000, phrase: 给予资助，最高1000万元}"
    assert text.count(old) >= 1
    text = text.replace(old, "cap: {amount: 8000000, phrase: 给予资助，最高800万元}", 1)
    (repo / "measures.yaml").write_text(text, encoding="utf-8")
    return repo


def run_diff(repo, *args):
    return subprocess.run(
        [sys.executable, "build.py", "diff", *args], cwd=repo, capture_output=True, text=True
    )


def test_the_command_compares_with_where_the_branch_left_main(scratch):
    run = run_diff(scratch)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0].startswith("奖励4.1：上限 1000万元 → 800万元")
    assert any(line.startswith("措施4条文") for line in lines) is False, "the clause is as it was"


def test_the_command_writes_a_job_summary_in_english(scratch):
    run = run_diff(scratch, "main", "--lang", "en", "--markdown")
    assert run.returncode == 0, run.stderr
    head, _, body = run.stdout.partition("\n\n")
    assert head.startswith("### What measures.yaml changes against `") and "(1)" in head
    assert body.strip().startswith("- Award 4.1: cap 10,000,000 yuan (10 million yuan) → 8,000,000")


def test_an_unknown_base_is_one_line_naming_it(scratch):
    run = run_diff(scratch, "no-such-revision")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("build.py diff: ") and "Traceback" not in run.stderr
