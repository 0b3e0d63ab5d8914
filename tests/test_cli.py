"""python -m calculator: the public command line (a contract for users' scripts). Its answers
are held to the API's on the live data it reads (calculator.estimate_award), never to
hard-coded amounts, so that a data edit moves none of these tests."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from calculator import estimate_award
from calculator.api import load_policy
from conftest import ROOT


def calc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "calculator", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_list_json_names_every_award_with_its_inputs():
    run = calc("list", "--json", "--lang", "en")
    assert run.returncode == 0
    awards = {a["award"]: a for a in json.loads(run.stdout)}
    assert list(awards) == list(load_policy().awards)
    assert [i["name"] for i in awards["5.2"]["inputs"]] == ["cop", "investment"]
    assert [c["key"] for c in awards["11.2"]["inputs"][0]["choices"]] == [
        "outlet",
        "transfer_station",
        "sorting_center",
    ]
    assert awards["2.1"]["inputs"] == []
    assert awards["23.2"]["inputs"][0]["type"] == "money_list"


def test_estimate_json_contract():
    run = calc("estimate", "4.1", "investment=50000000", "--json", "--lang", "en")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert {"award", "eligible", "amount", "bound", "steps", "conditions"} <= set(out)
    assert out == estimate_award("4.1", {"investment": "50000000"}, "en")


def test_estimate_text_in_chinese():
    run = calc("estimate", "17.2", "certificates=3")
    assert run.returncode == 0
    said = estimate_award("17.2", {"certificates": "3"}, "zh")
    assert run.stdout.startswith(f"17.2  {said['name']}\n{said['headline']}\n")
    assert "计算过程：" in run.stdout and "前提条件（估算假定均已满足）：" in run.stdout


def test_case_by_case_has_no_amount():
    out = json.loads(calc("estimate", "19.1", "--json").stdout)
    assert out["amount"] is None and out["bound"] == "none"


@pytest.mark.parametrize(
    "args, first_word",
    [
        (["estimate", "4.1", "investment=-3"], "investment:"),
        (["estimate", "4.1", "investment=lots", "--lang", "en"], "investment:"),
        (["estimate", "4.1"], "investment:"),
        (["estimate", "4.1", "investment"], "investment:"),
        (["estimate", "99.1"], "award:"),
        (["estimate", "11.3", "level=city", "--lang", "en"], "level:"),
        (["estimate", "4.1", "investment=1", "--lang", "fr"], "python -m calculator"),
        (["frobnicate"], "python -m calculator"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_it(args, first_word):
    run = calc(*args)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(first_word), run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_a_rate_written_as_a_fraction_is_questioned_in_json_and_text():
    run = calc("estimate", "5.1", "energy_saving_rate=0.12", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out == estimate_award("5.1", {"energy_saving_rate": "0.12"}, "zh")
    assert out["questions"][0]["input"] == "energy_saving_rate"
    assert "是否指 12%" in out["questions"][0]["text"] and "不符合条件" not in out["headline"]
    text = calc("estimate", "5.1", "energy_saving_rate=0.12", "--lang", "en").stdout
    assert "Please check:" in text and "did you mean 12%?" in text


def test_figures_as_people_write_them_on_the_command_line():
    for typed in ("伍仟万元整", "RMB 50,000,000", "50 million", "5千万", "5000w"):
        run = calc("estimate", "4.1", f"investment={typed}", "--json")
        assert run.returncode == 0, (typed, run.stderr)
        assert (
            json.loads(run.stdout)["amount"]
            == estimate_award("4.1", {"investment": "5000万"})["amount"]
        )
    refused = calc("estimate", "4.1", "investment=一千五", "--lang", "en")
    assert refused.returncode == 2
    assert refused.stderr.startswith("investment: “一千五” could be read as 1,500 yuan")
