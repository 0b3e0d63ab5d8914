"""Amounts as people write them (tests/cases/amounts.yaml), and the question asked where a figure
looks typed in 万 but was read as yuan. Estimates run on the frozen fixture (tests/frozen.py), so
that staff's data edits move none of these cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

import frozen
from calculator.amounts import read_amount
from calculator.inputs import read_fields
from conftest import ROOT
from frozen import estimate as estimate_award

AMOUNTS = yaml.safe_load((ROOT / "tests" / "cases" / "amounts.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", AMOUNTS, ids=[c["typed"] for c in AMOUNTS])
def test_each_way_of_writing_an_amount_reads_as_its_yuan(case):
    assert read_amount(case["typed"]).value == Decimal(case["yuan"])
    result = estimate_award("4.1", {"investment": case["typed"]}, "zh")
    expected = min(Decimal(case["yuan"]) * Decimal("0.3"), Decimal(10_000_000))
    assert Decimal(result["amount"]) == expected.quantize(Decimal("0.01"))
    for lang in ("zh", "en"):
        if lang in case:
            policy = frozen.policy()
            shown = read_fields(policy, policy.awards["4.1"], {"x": 1})
            assert shown == {}, "an unknown field is not read"
            read = estimate_award("4.1", {"investment": case["typed"]}, lang)["inputs"]
            assert read == [
                {"name": "investment", "label": read[0]["label"], "reading": case[lang]}
            ]


@pytest.mark.parametrize(
    "award, inputs, asked",
    [
        ("4.1", {"investment": "5000"}, "是否指 5000万元（50,000,000元）？如是，请填写“5000万”"),
        ("1.1", {"sales": "3500"}, "一定期限内销售额累计超过3000万元"),
        ("23.2", {"operating_costs": "1000万；800"}, "是否指 800万元（8,000,000元）"),
        ("11.2", {"facility": "sorting_center", "investment": "60"}, "上限200万元"),
    ],
)
def test_a_figure_under_1wan_against_figures_in_wan_is_questioned(award, inputs, asked):
    result = estimate_award(award, inputs, "zh")
    assert len(result["questions"]) == 1 and asked in result["questions"][0]["text"]
    policy = frozen.policy()
    fields = read_fields(policy, policy.awards[award], inputs)
    assert any(asked in f.get("question", frozen.NO_TEXT).zh for f in fields.values()), (
        "shown while typing"
    )


@pytest.mark.parametrize(
    "award, inputs",
    [
        ("4.1", {"investment": "5000元"}),  # the unit was written: yuan is meant
        ("4.1", {"investment": "50000"}),  # 5万元: not implausible by this rule
        ("4.1", {"investment": "0"}),
        ("5.2", {"cop": "5", "investment": "5000万"}),
        ("17.2", {"certificates": "3"}),  # a count, not money
    ],
)
def test_no_question_where_the_figure_is_plausible_or_its_unit_was_written(award, inputs):
    assert estimate_award(award, inputs, "zh")["questions"] == []


def test_the_question_in_english_has_no_chinese_but_the_unit_to_type():
    result = estimate_award("4.1", {"investment": "5000"}, "en")
    text = result["questions"][0]["text"]
    assert "Did you mean 50,000,000 yuan" in text and "type 50,000,000 or 5000万" in text
    assert "给予" not in text
