"""Properties of every award that takes an amount: never negative, never above the cap or
rate × base, and never less for a larger base."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import estimate, load_policy, parse

POLICY = load_policy()
RATED = [a for a in POLICY.awards.values() if a.rule.base is not None]
FEN = st.integers(min_value=0, max_value=10**14).map(lambda n: Decimal(n) / 100)  # ≤ 1e12 yuan


def _inputs(award, base: Decimal) -> dict[str, str]:
    """Inputs that meet any threshold and pick each choice, with `base` as the base."""
    raw: dict[str, str] = {}
    rule = award.rule
    if rule.threshold is not None and rule.threshold.input != rule.base.input:
        raw[rule.threshold.input] = str(rule.threshold.value + 1)
    if rule.options is not None:
        raw[rule.options.input] = rule.options.choices[0].key
    raw[rule.base.input] = str(base)
    return raw


def _run(award, raw):
    parsed = parse(POLICY, award, raw)
    assert not parsed.errors, parsed.errors
    return estimate(POLICY, award, parsed.values)


def _caps(award):
    rule = award.rule
    caps = [rule.cap.amount] if rule.cap else []
    if rule.options:
        choice = rule.options.choices[0]
        caps = [choice.cap.amount] if choice.cap else ([] if choice.no_cap else caps)
    return caps


@pytest.mark.parametrize("award", RATED, ids=lambda a: a.id)
@settings(max_examples=150, deadline=None)
@given(base=FEN)
def test_bounded_by_cap_and_rate(award, base):
    result = _run(award, _inputs(award, base))
    assert result.amount is not None and result.amount >= 0
    years = award.rule.years.count if award.rule.years else 1
    for cap in _caps(award):
        assert result.amount <= cap * years
    # rate × base, allowing only the half-fen of the final rounding
    assert result.amount <= base * award.rule.rate.fraction * years + Decimal("0.005")


@pytest.mark.parametrize("award", RATED, ids=lambda a: a.id)
@settings(max_examples=150, deadline=None)
@given(a=FEN, b=FEN)
def test_monotone_in_the_base(award, a, b):
    low, high = sorted((a, b))
    assert _run(award, _inputs(award, low)).amount <= _run(award, _inputs(award, high)).amount


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30))
def test_any_typed_text_is_a_value_or_a_message(text):
    award = POLICY.awards["4.1"]
    parsed = parse(POLICY, award, {"investment": text})
    if parsed.errors:
        assert set(parsed.errors) == {"investment"}
        assert parsed.errors["investment"].zh and parsed.errors["investment"].en
    else:
        assert parsed.values["investment"] >= 0
