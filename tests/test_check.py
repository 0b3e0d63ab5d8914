"""`python build.py check`: the live file passes; broken files are refused, every problem on its
own line as `FILE:LINE: where: what`, exit 1, never a traceback. The broken files are edits of
the frozen fixture (tests/frozen.py), checked against the fixture's own source text, so that a
data edit of the live file moves none of them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frozen
from conftest import ROOT

MEASURES = frozen.TEXT
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<where>[^:]+): (?P<what>.+)$")


def check(path: Path) -> tuple[int, list[re.Match], str]:
    """`python build.py check PATH`, its sources/ those of the fixture project."""
    run = subprocess.run(
        [sys.executable, "build.py", "check", str(path), "--root", str(frozen.ROOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in run.stderr + run.stdout
    problems = [m for m in map(LINE.match, run.stderr.splitlines()) if m]
    return run.returncode, problems, run.stderr


def mutated(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """The fixture with the one occurrence of `old` replaced; the line where `new` starts."""
    assert MEASURES.count(old) == 1, f"{old!r} must occur once, found {MEASURES.count(old)}"
    at = MEASURES.index(old)
    path = tmp_path / "measures.yaml"
    path.write_text(MEASURES.replace(old, new), encoding="utf-8")
    return path, MEASURES[:at].count("\n") + 1


def block(number: int) -> str:
    """The text of one measure, from its `- number:` line to the next measure or chapter."""
    start = MEASURES.index(f"      - number: {number}\n")
    end = min(
        i
        for i in (
            MEASURES.find("      - number: ", start + 1),
            MEASURES.find("\n  - number: ", start + 1),
        )
        if i > 0
    )
    return MEASURES[start:end]


def test_live_file_passes_the_check():
    run = subprocess.run(
        [sys.executable, "build.py", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "measures.yaml: ok" in run.stdout


def test_syntax_error_names_its_line(tmp_path):
    path, line = mutated(tmp_path, "      - number: 4\n", "      - number: 4\n        oops: [\n")
    code, problems, _ = check(path)
    assert code == 1 and len(problems) == 1
    assert problems[0]["where"] == "YAML syntax"
    # YAML notices an unclosed bracket a line or two after it opens
    assert line + 1 <= int(problems[0]["line"]) <= line + 3


def test_missing_measure(tmp_path):
    """Measure 7 deleted: one problem, beside the measure it followed (the last of its chapter)."""
    path, _ = mutated(tmp_path, block(7), "")
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("      - number: 6\n")].count("\n") + 1
    code, problems, _ = check(path)
    assert code == 1
    assert [(int(p["line"]), p["where"]) for p in problems] == [(line, "measure 6 › number")]
    assert "measure 7 （七）支持节能装备创新与推广 is missing" in problems[0]["what"]


def test_duplicate_number(tmp_path):
    """Measure 8 numbered 7: one problem on that line, not one for every later measure."""
    path, line = mutated(tmp_path, "      - number: 8\n", "      - number: 7\n")
    code, problems, _ = check(path)
    assert code == 1
    assert [(int(p["line"]), p["what"]) for p in problems] == [
        (line, "number is 7, but '支持先进环保技术研发应用' is measure 8 （八） of the source")
    ]


def test_cap_that_is_not_a_number(tmp_path):
    old = "cap: {amount: 10000000, phrase: 给予资助，最高1000万元}"
    path, line = mutated(tmp_path, old, "cap: {amount: 一千万, phrase: 给予资助，最高1000万元}")
    code, problems, _ = check(path)
    assert code == 1
    assert [(int(p["line"]), p["where"], p["what"]) for p in problems] == [
        (line, "measure 4 › award 4.1 › rule.cap.amount", "must be a whole number, not '一千万'")
    ]


def test_clause_differing_by_one_character(tmp_path):
    path, line = mutated(
        tmp_path, "支持深圳湾总部基地、香蜜湖片区", "支持深圳湾总部基础、香蜜湖片区"
    )
    code, problems, _ = check(path)
    assert code == 1 and len(problems) == 1
    p = problems[0]
    assert int(p["line"]) == line and p["where"] == "measure 4 › clause.zh"
    assert (
        "source line 13" in p["what"]
        and "'地、香蜜湖片区" in p["what"]
        and "'础、香蜜湖片区" in p["what"]
    )


# One change to the real file, and the one problem it must cause: (old, new, where, words).
# The problem is reported on the changed line.
ONE_PROBLEM = [
    (
        "cap: {amount: 10000000, phrase: 给予资助，最高1000万元}",
        "cap: {amount: 1000000, phrase: 给予资助，最高1000万元}",
        "measure 4 › award 4.1 › rule.cap.amount",
        "states 10,000,000 (1000万元)",
    ),
    (
        "cap: {amount: 100000000, phrase: 最高不超过1亿元}",
        "cap: {amount: 10000000, phrase: 最高不超过1亿元}",
        "measure 23 › award 23.1 › rule.cap.amount",
        "states 100,000,000 (1亿元)",
    ),
    ('- id: "4.2"', '- id: "4.1"', "measure 4 › award 4.1 › id", "award id 4.1 is used twice"),
    (
        "rate: {percent: 30, phrase: 总投资30%}",
        "rate: {percent: 30, phrase: 总投资的30%}",
        "measure 4 › award 4.1 › rule.rate.phrase",
        "is not in the clause",
    ),
    (
        "phrase: 年整体综合节能率达到10%以上\n",
        "phrase: 年整体综合节能率达到10%\n",
        "measure 5 › award 5.1 › rule.threshold.phrase",
        "boundary word",
    ),
    (
        "rate: {percent: 2, phrase: 最高2%}",
        "rate: {percent: 2, phrase: 最高2%以上}",
        "measure 1 › award 1.1 › rule.rate.phrase",
        "is not in the clause",
    ),
    # the finder's tags and vocabulary
    (
        "applicants: {kinds: [enterprise], phrase: 支持集群企业}",
        "applicants: {kinds: [company], phrase: 支持集群企业}",
        "measure 26 › award 26.2 › applicants.kinds[0]",
        "unknown organisation kind 'company'",
    ),
    (
        "applicants: {kinds: [enterprise], phrase: 支持集群企业}",
        "applicants: {kinds: [enterprise], phrase: 支持集群的企业}",
        "measure 26 › award 26.2 › applicants.phrase",
        "is not in the clause",
    ),
    (
        "applicants: {kinds: [enterprise], phrase: 支持集群企业}",
        "applicants: {kinds: [enterprise], phrase: 企业}",
        "measure 26 › award 26.2 › applicants.phrase",
        "lengthen it",
    ),
    (
        "    phrase: 已登记注册，具备独立法人资格\n",
        "    phrase: 已登记注册并具备独立法人资格\n",
        "finder.requirement.phrase",
        "is not in paragraph 'applicability'",
    ),
]


@pytest.mark.parametrize("old, new, where, words", ONE_PROBLEM, ids=[c[3] for c in ONE_PROBLEM])
def test_one_change_one_problem_on_its_line(tmp_path, old, new, where, words):
    path, line = mutated(tmp_path, old, new)
    code, problems, _ = check(path)
    assert code == 1
    assert [(int(p["line"]), p["where"]) for p in problems] == [(line, where)]
    assert words in problems[0]["what"]


def test_duplicate_key(tmp_path):
    old = "cap: {amount: 10000000, phrase: 给予资助，最高1000万元}\n"
    indent = MEASURES[: MEASURES.index(old)].rsplit("\n", 1)[1]
    path, line = mutated(tmp_path, old, old + indent + old)
    code, problems, _ = check(path)
    assert code == 1
    assert any(int(p["line"]) == line + 1 and "duplicate key 'cap'" in p["what"] for p in problems)


def test_unknown_field_is_named(tmp_path):
    path, line = mutated(tmp_path, "      - number: 4\n", "      - number: 4\n        titel: x\n")
    code, problems, _ = check(path)
    assert code == 1
    assert any("unknown field 'titel'" in p["what"] for p in problems)


def test_a_schema_error_does_not_hide_other_measures_problems(tmp_path):
    text = MEASURES.replace(
        "cap: {amount: 10000000, phrase: 给予资助，最高1000万元}",
        "cap: {amount: 一千万, phrase: 给予资助，最高1000万元}",
    )
    text = text.replace(
        "支持建设安保教育培训基地", "支持建设安保教育培训基础"
    )  # measure 2's clause
    path = tmp_path / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    code, problems, _ = check(path)
    assert code == 1
    assert {p["where"] for p in problems} == {
        "measure 4 › award 4.1 › rule.cap.amount",
        "measure 2 › clause.zh",
    }


def test_all_problems_at_once(tmp_path):
    text = MEASURES.replace(
        "cap: {amount: 10000000, phrase: 给予资助，最高1000万元}",
        "cap: {amount: 1000000, phrase: 给予资助，最高1000万元}",
    )
    text = text.replace("支持深圳湾总部基地", "支持深圳湾总部基础")
    path = tmp_path / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    code, problems, stderr = check(path)
    assert code == 1 and len(problems) == 2
    assert "2 problems" in stderr


@pytest.mark.parametrize(
    "content, where, words",
    [
        (b"", "file", "empty"),
        (b"\xff\xfe\x00garbage", "file", "not UTF-8"),
        (b"- just\n- a list\n", "file", "must be a mapping"),
        ("document: [\n".encode(), "YAML syntax", ""),
        (
            MEASURES.replace(
                "amount: 10000000, phrase: 给予资助", "amount: .nan, phrase: 给予资助"
            ).encode(),
            "measure 4 › award 4.1 › rule.cap.amount",
            "finite",
        ),
        (MEASURES.replace("  - number: 1\n", "\t- number: 1\n", 1).encode(), "YAML syntax", ""),
        (b"document: !!python/object:os.system {}\n", "document", "tag"),
        (b"document: {source: just-a-string}\nchapters: 7\n", "document", "missing field"),
    ],
    ids=["empty", "not-utf8", "a-list", "unclosed", "nan", "tab", "python-tag", "wrong-shapes"],
)
def test_any_content_gives_messages_not_tracebacks(tmp_path, content, where, words):
    path = tmp_path / "measures.yaml"
    path.write_bytes(content)
    code, problems, stderr = check(path)
    assert code == 1 and problems, stderr
    assert any(p["where"] == where and words in p["what"] for p in problems), stderr


def test_missing_file(tmp_path):
    code, problems, _ = check(tmp_path / "nope.yaml")
    assert code == 1 and problems[0]["where"] == "file" and "cannot be read" in problems[0]["what"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_whatever_the_file_holds_the_check_answers_with_problems(tmp_path, data):
    """Random damage to the fixture (lines dropped, repeated or cut): problems, never a crash."""
    lines = MEASURES.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "repeat", "cut", "indent"]))
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]) - 1)))]
        else:
            lines[i] = "  " + lines[i]
    path = tmp_path / "damaged.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = frozen.check(path)  # in-process
    for problem in result.problems:
        assert problem.line >= 1 and problem.where and problem.message
        assert "internal error" not in problem.message, problem  # the last guard never speaks


def test_unknown_activity_and_an_activity_no_award_uses(tmp_path):
    path, line = mutated(
        tmp_path,
        "activities: [parks, retrofit, digital, demonstration]",
        "activities: [parks, retrofit, digitl, demonstration]",
    )
    code, problems, _ = check(path)
    assert code == 1
    assert [(int(p["line"]), p["where"]) for p in problems] == [
        (line, "measure 4 › award 4.2 › activities[2]")
    ]
    assert "unknown activity 'digitl'" in problems[0]["what"]
    assert "digital" in problems[0]["what"], "the message lists the known activities"

    text = MEASURES
    for tag in ("digital, ", ", digital"):  # untag every award: the activity is unused
        text = text.replace(tag, "")
    path.write_text(text, encoding="utf-8")
    code, problems, _ = check(path)
    assert code == 1 and len(problems) == 1
    assert "no award lists activity 'digital'" in problems[0]["what"]
    assert problems[0]["where"] == "finder.activities[3].id"
