"""Amounts as people write them (tests/cases/amounts.yaml), the questions asked where a figure
looks like a slip (a figure in 万 read as yuan, a rate written as a spreadsheet stores it, a 0, a
yearly list item that could be two years), and properties of the one reader: every accepted form
reads back to the same Decimal, and nothing is read two ways. Estimates run on the frozen
fixture (tests/frozen.py), so that staff's data edits move none of these cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import frozen
from calculator.amounts import MAX_YUAN, ReadError, read_amount, read_amounts
from calculator.inputs import read_fields
from calculator.messages import say
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
        ("4.1", {"investment": "五千"}, "是否指 5000万元"),  # numerals with no unit: yuan
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
        ("4.1", {"investment": "RMB 5000"}),  # the currency was written: yuan is meant
        ("4.1", {"investment": "5k"}),  # a scale was written
        ("4.1", {"investment": "50000"}),  # 5万元: not implausible by this rule
        ("5.2", {"cop": "5", "investment": "5000万"}),
        ("17.2", {"certificates": "3"}),  # a count, not money
        ("5.1", {"energy_saving_rate": "12"}),
        ("5.1", {"energy_saving_rate": "0.12%"}),  # written with its sign: 0.12% is meant
        ("5.1", {"energy_saving_rate": "1"}),
        ("23.2", {"operating_costs": "1000万；0"}),  # a year with no costs, among others
        ("23.2", {"operating_costs": "1,500,000\n2,000,000"}),  # 000 is no year of its own
    ],
)
def test_no_question_where_the_figure_is_plausible_or_its_unit_was_written(award, inputs):
    assert estimate_award(award, inputs, "zh")["questions"] == []


def test_the_question_in_english_has_no_chinese_but_the_unit_to_type():
    result = estimate_award("4.1", {"investment": "5000"}, "en")
    text = result["questions"][0]["text"]
    assert "Did you mean 50,000,000 yuan" in text and "type 50,000,000 or 5000万" in text
    assert "给予" not in text


def _suggested(award: str, inputs: dict) -> dict:
    policy = frozen.policy()
    return read_fields(policy, policy.awards[award], inputs)


def test_a_rate_written_as_a_spreadsheet_stores_it_is_questioned_with_a_fix():
    """0.12 on award 5.1 (≥10% saving): read as 0.12%, as typed, but asked about, the answer
    not a verdict, and one press writes 12%, which the rule then meets."""
    result = estimate_award("5.1", {"energy_saving_rate": "0.12"}, "zh")
    assert result["amount"] == "0" and result["eligible"] is False, "the figure as read"
    assert "是否指 12%" in result["questions"][0]["text"]
    assert result["headline"] == say("headline_check").zh != say("headline_not_eligible").zh
    english = estimate_award("5.1", {"energy_saving_rate": "0.12"}, "en")
    assert "did you mean 12%" in english["questions"][0]["text"]
    field = _suggested("5.1", {"energy_saving_rate": "0.12"})["energy_saving_rate"]
    assert field["suggest"].zh == "12%" and "0.12%" in field["reading"].zh
    fixed = estimate_award("5.1", {"energy_saving_rate": field["suggest"].zh}, "zh")
    assert fixed["eligible"] and fixed["questions"] == [] and Decimal(fixed["amount"]) > 0
    typed = estimate_award("5.1", {"energy_saving_rate": "12"}, "zh")
    same = ("amount", "eligible", "bound", "headline", "steps", "inputs")
    assert {k: fixed[k] for k in same} == {k: typed[k] for k in same}


@pytest.mark.parametrize(
    "award, inputs, name",
    [
        ("4.1", {"investment": "0"}, "investment"),
        ("4.1", {"investment": "0元"}, "investment"),
        ("5.1", {"energy_saving_rate": "0"}, "energy_saving_rate"),
        ("17.2", {"certificates": "0"}, "certificates"),
        ("5.2", {"cop": "0", "investment": "5000万"}, "cop"),
        ("23.2", {"operating_costs": "0；0"}, "operating_costs"),
    ],
)
def test_a_zero_is_asked_about_not_judged(award, inputs, name):
    result = estimate_award(award, inputs, "zh")
    assert [q["input"] for q in result["questions"]] == [name]
    assert result["questions"][0]["text"] == say("zero_input").zh
    assert result["amount"] == "0" and result["eligible"] is False, "the figure stays honest"
    assert result["headline"] == say("headline_check").zh, "asking, not 不符合条件"
    assert estimate_award(award, inputs, "en")["headline"] == say("headline_check").en


@pytest.mark.parametrize(
    "typed, years",
    [
        ("1000万\t2000万\t3000万", ["10000000", "20000000", "30000000"]),  # an Excel row
        ("1000万\n2000万\n3000万\n", ["10000000", "20000000", "30000000"]),  # an Excel column
        ("10,000,000\t20,000,000\t", ["10000000", "20000000"]),
        ("1000万 2000万", ["10000000", "20000000"]),
        ("1000万   2000万", ["10000000", "20000000"]),
        ("1000 2000", ["1000", "2000"]),
        ("1000万,2000万", ["10000000", "20000000"]),  # a comma after a unit ends an amount
        ("1000万，2000万，3000万", ["10000000", "20000000", "30000000"]),
        ("1000万, 2000万", ["10000000", "20000000"]),
        ("50 000 000  60 000 000", ["50000000", "60000000"]),
        ("50 million 60 million", ["50000000", "60000000"]),
        ("伍仟万元整；壹亿元整", ["50000000", "100000000"]),
        ("RMB 1,000,000\tRMB 2,000,000", ["1000000", "2000000"]),
    ],
)
def test_yearly_lists_as_typed_or_pasted(typed, years):
    assert [a.value for a in read_amounts(typed)] == [Decimal(y) for y in years]
    assert all(not a.could_be for a in read_amounts(typed)), "none of these could be two things"


@pytest.mark.parametrize(
    "typed, read, could_be",
    [
        ("500,600", ["500600"], ["500", "600"]),
        ("100 200 300", ["100200300"], ["100", "200", "300"]),
        ("1000万；500,600", ["10000000", "500600"], ["500", "600"]),
    ],
)
def test_a_list_item_that_could_be_several_years_is_read_as_written_and_questioned(
    typed, read, could_be
):
    """500,600: one year of 500,600 yuan (a comma followed by three digits is a thousands
    separator), or two years? Read one way, said back, questioned, with a fix for the other."""
    result = estimate_award("23.2", {"operating_costs": typed}, "zh")
    assert [q["input"] for q in result["questions"]] == ["operating_costs"]
    assert f"若是{len(could_be)}年" in result["questions"][0]["text"]
    assert [a.value for a in read_amounts(typed)] == [Decimal(r) for r in read]
    field = _suggested("23.2", {"operating_costs": typed})["operating_costs"]
    fixed = read_amounts(field["suggest"].zh)
    assert [a.value for a in fixed][-len(could_be) :] == [Decimal(c) for c in could_be]
    after = estimate_award("23.2", {"operating_costs": field["suggest"].zh})["questions"]
    assert not [q for q in after if "若是" in q["text"]], "the years are years now"


# ---- properties: every form reads back; nothing is read two ways ------------------------------

FEN = st.integers(min_value=0, max_value=int(MAX_YUAN * 100) - 1).map(lambda n: Decimal(n) / 100)
_FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
_DAXIE = "零壹贰叁肆伍陆柒捌玖"
_XIAOXIE = "零一二三四五六七八九"


def _scaled(value: Decimal, power: int, word: str) -> str:
    return format(value.scaleb(-power).normalize(), "f") + word


def _section(n: int, digits: str, places: str) -> str:
    """Under 10,000 in Chinese numerals, 零 where places are skipped: 1005 → 壹仟零伍."""
    out, zero, started = "", False, False
    for value, place in ((1000, places[2]), (100, places[1]), (10, places[0]), (1, "")):
        digit = n // value % 10
        if digit == 0:
            zero = zero or started
            continue
        out += ("零" if zero else "") + digits[digit] + place
        zero, started = False, True
    return out


def _numerals(n: int, digits: str = _DAXIE, places: str = "拾佰仟") -> str:
    """A whole number as written on a cheque (or in ordinary numerals): 壹亿零伍佰万."""
    if n == 0:
        return "零"
    text, skipped = "", False
    for value, unit in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if value == 0:
            skipped = skipped or bool(text)
            continue
        if text and (skipped or value < 1000):
            text += "零"
        text += _section(value, digits, places) + unit
        skipped = False
    return text


def _cheque(value: Decimal) -> str:
    whole, cents = divmod(int(value * 100), 100)
    jiao, fen = divmod(cents, 10)
    tail = "整" if not cents else ""
    tail += f"{_DAXIE[jiao]}角" if jiao else ""
    tail += ("零" if fen and not jiao else "") + (f"{_DAXIE[fen]}分" if fen else "")
    return f"人民币{_numerals(whole)}元{tail}"


def _mixed(n: int) -> str:
    """1亿2000万, 3万零500: digits with 亿 and 万."""
    yi, wan, ones = n // 10**8, n // 10**4 % 10**4, n % 10**4
    text = f"{yi}亿" if yi else ""
    if wan:
        text += ("零" if yi and wan < 1000 else "") + f"{wan}万"
    if ones:
        text += ("零" if (yi or wan) and (ones < 1000 or not wan) else "") + str(ones)
    return text or "0"


WRITERS = {
    "plain": lambda v: format(v, "f"),
    "commas": lambda v: format(v, ","),
    "spaces": lambda v: format(v, ",").replace(",", " "),
    "full width": lambda v: format(v, ",").translate(_FULL_WIDTH),
    "yuan": lambda v: format(v, ",") + "元",
    "RMB": lambda v: "RMB " + format(v, ","),
    "CNY after": lambda v: format(v, ",") + " CNY",
    "¥": lambda v: "¥" + format(v, ","),
    "yuan (English)": lambda v: format(v, ",") + " yuan",
    "万": lambda v: _scaled(v, 4, "万"),
    "万元整": lambda v: _scaled(v, 4, "万元整"),
    "人民币…万元": lambda v: "人民币" + _scaled(v, 4, "万元"),
    "万元人民币": lambda v: _scaled(v, 4, "万元人民币"),
    "w": lambda v: _scaled(v, 4, "w"),
    "W": lambda v: _scaled(v, 4, "W"),
    "千万": lambda v: _scaled(v, 7, "千万"),
    "亿": lambda v: _scaled(v, 8, "亿"),
    "千元": lambda v: _scaled(v, 3, "千元"),
    "thousand": lambda v: _scaled(v, 3, " thousand"),
    "k": lambda v: _scaled(v, 3, "k"),
    "million": lambda v: _scaled(v, 6, " million"),
    "M": lambda v: _scaled(v, 6, "M"),
    "billion yuan": lambda v: _scaled(v, 9, " billion yuan"),
    "bn": lambda v: _scaled(v, 9, "bn"),
    "大写 (cheque)": _cheque,
}
WHOLE_WRITERS = {
    "大写": _numerals,
    "小写": lambda n: _numerals(n, _XIAOXIE, "十百千"),
    "小写 with 两": lambda n: _numerals(n, _XIAOXIE.replace("二", "两"), "十百千"),
    "digits with 亿 and 万": _mixed,
}


@settings(max_examples=300, deadline=None)
@given(value=FEN, writer=st.sampled_from(sorted(WRITERS)))
def test_every_accepted_form_reads_back_to_the_same_decimal(value, writer):
    text = WRITERS[writer](value)
    assert read_amount(text).value == value, text


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(min_value=0, max_value=10**12 - 1), writer=st.sampled_from(sorted(WHOLE_WRITERS))
)
def test_every_whole_amount_in_numerals_reads_back(n, writer):
    text = WHOLE_WRITERS[writer](n)
    assert read_amount(text).value == n, text
    assert read_amount(text + "元整").value == n


_DIGIT = dict(zip(_XIAOXIE, range(10)))
_PLACE = {"十": 10, "百": 100, "千": 1000}


def _reference(text: str, shortened: bool) -> int:
    """How a reader of Chinese takes ordinary numerals: the textbook reading, or (shortened) the
    spoken one, where a last digit straight after a place or a section stands for the next place
    down (一千五 = 1,500, 一万五 = 15,000) and a section after 亿 with no 万 stands in 万
    (一亿五千 = 1.5亿)."""
    yi = wan = section = 0
    digit, last, zero, wan_seen, yi_zero, previous = None, None, False, False, False, ""
    for char in text:
        if char == "零":
            zero, digit, yi_zero = True, None, yi_zero or previous == "亿"
        elif char in _DIGIT:
            digit = _DIGIT[char]
        elif char in _PLACE:
            section += (1 if digit is None else digit) * _PLACE[char]
            digit, last, zero = None, _PLACE[char], False
        elif char == "万":
            wan, section, digit, last, zero = section + (digit or 0), 0, None, 10**4, False
            wan_seen = True
        elif char == "亿":
            yi, wan, section = wan * 10**4 + section + (digit or 0), 0, 0
            digit, last, zero, wan_seen = None, 10**8, False, False
        previous = char
    tail = digit or 0
    if shortened and digit is not None and not zero and last and last >= 100:
        tail = digit * last // 10
    if shortened and yi and not wan_seen and not yi_zero and section and digit is None:
        section *= 10**4
    return yi * 10**8 + wan * 10**4 + section + tail


@settings(max_examples=3000, deadline=None)
@given(text=st.text(alphabet="零一二两三四五六七八九十百千万亿", min_size=1, max_size=7))
def test_nothing_in_numerals_is_read_two_ways(text):
    """Whatever the reader accepts, the textbook and the spoken readings agree on, and it reads
    as they do; where they differ (一千五, 一万五, 一亿五千), it refuses, with both."""
    try:
        value = read_amount(text).value
    except ReadError:
        return
    plain = text.replace("两", "二")
    assert value == _reference(plain, shortened=False) == _reference(plain, shortened=True), text


@pytest.mark.parametrize(
    "text, numerals",
    [
        ("一千五", "一千五"),
        ("三百五", "三百五"),
        ("一万五", "一万五"),
        ("3万5", "三万五"),
        ("一亿五千", "一亿五千"),
        ("一亿五", "一亿五"),
        ("1亿5000", "一亿五千"),
    ],
)
def test_what_the_two_readings_disagree_on_is_refused(text, numerals):
    assert _reference(numerals, shortened=False) != _reference(numerals, shortened=True)
    with pytest.raises(ReadError) as refused:
        read_amount(text)
    assert (
        "也可以读作" in refused.value.message.zh and "could be read as" in refused.value.message.en
    )


SEPARATORS = ["\t", "\n", "\r\n", "；", ";", "、", "  ", " ", ",", "，", ", "]


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(st.integers(min_value=1, max_value=9999), min_size=2, max_size=5),
    separator=st.sampled_from(SEPARATORS),
    unit=st.sampled_from(["万", "万元", "元", "w", " million", "亿"]),
)
def test_a_list_written_with_units_reads_as_its_years_whatever_separates_them(
    values, separator, unit
):
    text = separator.join(f"{v}{unit}" for v in values)
    read = read_amounts(text)
    assert [a.value for a in read] == [read_amount(f"{v}{unit}").value for v in values], text
    assert not any(a.could_be for a in read)


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(st.integers(min_value=1, max_value=999), min_size=2, max_size=4),
    separator=st.sampled_from([",", "，", " "]),
)
def test_a_list_that_reads_one_way_as_a_number_and_another_as_years_is_never_silent(
    values, separator
):
    """500,600 or 500 600: a thousands separator, or a separator of years? Read as written (one
    figure), with the years it could be kept for the question; never silently one year."""
    assume(all(len(str(v)) == 3 for v in values[1:]))
    text = separator.join(str(v) for v in values)
    (read,) = read_amounts(text)
    assert read.value == Decimal("".join(str(v) for v in values))
    assert [Decimal(p) for p in read.could_be] == [Decimal(v) for v in values], text


def test_a_comma_after_digits_that_is_no_thousands_separator_is_refused_with_its_readings():
    for text in ("10,000,000, 20,000,000", "8000000,9000000", "1, 500"):
        with pytest.raises(ReadError) as refused:
            read_amounts(text)
        assert "无法确定" in refused.value.message.zh, text
