"""Hand-computed cases for every award (tests/cases/awards.yaml), and refused inputs.

The golden cases follow the live data on purpose (`test_live_…`): they pin each figure of
measures.yaml as a person computed it, so a data edit that changes a figure turns its cases red
until they are recomputed (CONTRIBUTING.md). Every other test here holds the engine's behaviour
on the frozen fixture (tests/frozen.py), which data edits never move."""

from __future__ import annotations

import re

import pytest

import frozen
from calculator import InputError, estimate_award
from calculator.api import load_policy
from conftest import BAD_INPUTS, CASES, case_id

CONTRACT = ("eligible", "amount", "bound")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
SAMPLE = {
    "money": "5000",
    "money_list": "1000万；2000万",
    "percent": "12",
    "number": "5.2",
    "count": "2",
    "choice": "",
}


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_live_golden_case(case):
    result = estimate_award(case["award"], case["inputs"], "en")
    got = {k: result[k] for k in CONTRACT}
    draft = {k: result["draft"][k] for k in ("amount", "bound")} if result["draft"] else None
    assert (got, draft) == (case["expect"], case.get("draft")), (
        f"award {case['award']} now gives {got} (the draft's figure apart: {draft}): if its "
        "figures or its standing changed on purpose, recompute this case in "
        "tests/cases/awards.yaml (CONTRIBUTING.md §3)"
    )
    assert result["award"] == case["award"]
    assert result["steps"], "every estimate explains itself"


def test_live_every_award_has_a_golden_case():
    covered = {case["award"] for case in CASES}
    awards = set(load_policy().awards)
    assert not awards - covered, (
        f"awards with no hand-computed case in tests/cases/awards.yaml: {sorted(awards - covered)}"
        " (CONTRIBUTING.md §3: an added award needs its cases)"
    )
    assert not covered - awards, (
        f"cases for awards the data no longer has: {sorted(covered - awards)}"
        " (CONTRIBUTING.md §3: remove them with the award)"
    )


@pytest.mark.parametrize("case", BAD_INPUTS, ids=case_id)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_input_is_refused_naming_the_input(case, lang):
    with pytest.raises(InputError) as caught:
        frozen.estimate(case["award"], case["inputs"], lang)
    assert caught.value.name == case["field"]
    assert case[lang] in caught.value.message(lang)


def test_capped_rate_shows_the_whole_working():
    result = frozen.estimate("4.1", {"investment": "50000000"}, "en")
    assert "30% × approved total investment 50,000,000 = 15,000,000 yuan" in result["steps"]
    assert "15,000,000 is above the cap of 10,000,000 → 10,000,000" in result["steps"]
    assert "The cap is reached at a base of 33,333,333.33 yuan." in result["steps"]
    assert result["cap_reached_at"] == "33333333.33"
    assert result["phrases"] == ["经核定的总投资", "总投资30%", "给予资助，最高1000万元"]
    zh = frozen.estimate("4.1", {"investment": "50000000"}, "zh")["steps"]
    assert "15,000,000元 超过上限 10,000,000元（给予资助，最高1000万元）→ 10,000,000元" in zh


def test_english_results_hold_no_chinese():
    """The phrases each figure rests on are quoted in the Chinese steps and highlighted in the
    clause; the English words carry no Chinese fragment."""
    for award in frozen.policy().awards.values():
        inputs = {i.name: SAMPLE[i.type] for i in frozen.policy().input_specs(award)}
        if award.rule.options:
            inputs[award.rule.options.input] = award.rule.options.choices[-1].key
        result = frozen.estimate(award.id, inputs, "en")
        words = [result["headline"], *result["steps"], *(q["text"] for q in result["questions"])]
        words += [i["reading"] for i in result["inputs"]]
        assert not [w for w in words if CJK.search(w.replace("万", ""))], award.id


def test_conditions_are_those_of_the_award():
    result = frozen.estimate("12.1", {"investment": "1"}, "zh")
    assert result["conditions"] == [c.zh for c in frozen.policy().awards["12.1"].conditions]


def test_outlet_without_cap_says_so():
    result = frozen.estimate("11.2", {"facility": "outlet", "investment": "100"}, "en")
    assert any("publishes no cap" in step for step in result["steps"])


def test_tiers_not_published_say_so():
    zh = frozen.estimate("5.1", {"energy_saving_rate": "12"}, "zh")
    assert any("未公布各档标准" in step for step in zh["steps"])


def test_revenue_scale_award_claims_no_tiers():
    # 23.3: 按照园区内安全节能环保企业营业收入规模给予奖励，最高不超过500万元 — a basis and a cap, no 分档
    zh = frozen.estimate("23.3", {}, "zh")
    assert not any("分档" in step for step in zh["steps"])
    assert any("营业收入规模" in note and "未设档次" in note for note in zh["notes"])
    en = frozen.estimate("23.3", {}, "en")
    assert not any("tiered" in step for step in en["steps"])


def test_years_beyond_the_limit_are_named():
    result = frozen.estimate("23.2", {"operating_costs": "1；1；1；1；1"}, "en")
    assert (
        "Year 4 onwards is not counted: the text grants it for 3 years at most." in result["steps"]
    )
    zh = frozen.estimate("23.2", {"operating_costs": "1；1；1；1；1"}, "zh")
    assert "第4年起不计（最长补贴3年）。" in zh["steps"]


def test_amounts_are_decimal_strings_never_float():
    result = frozen.estimate("1.1", {"sales": "30000000.01"}, "en")
    assert result["amount"] == "600000.00" and isinstance(result["amount"], str)
    assert any("600,000.0002" in step for step in result["steps"]), "exact until the end"
