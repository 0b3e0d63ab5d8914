"""What changed for my estimate (decisions/0019): a sheet entry keeps what it showed (the
estimate's `shown`) and the sheet compares it with what the current data gives, on the frozen
fixture (tests/frozen.py) and a copy of it whose award 4.1 has another cap. The sentences are
those `build.py diff` writes for the same two states (sitegen/changes.py)."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
from decimal import Decimal

import pytest

import frozen
from calculator import memo, web
from calculator.api import attempt
from calculator.money import grouped
from calculator.policy import Policy
from calculator.sheet import SHEET_COLUMNS
from sitegen.changes import compare as diff

OLD_REVISION = {"commit": "a" * 40, "date": "2026-11-26", "modified": False}
NEW_REVISION = {"commit": "b" * 40, "date": "2026-12-01", "modified": False}
NEW_CAP = 8000000


def _award(data, award_id):
    for chapter in data["chapters"]:
        for measure in chapter.get("measures") or ():
            for award in measure.get("awards") or ():
                if award["id"] == award_id:
                    return award
    raise KeyError(award_id)


def _new_data():
    data = copy.deepcopy(frozen.data())
    cap = _award(data, "4.1")["rule"]["cap"]
    assert Decimal(str(cap["amount"])) != NEW_CAP
    cap["amount"] = NEW_CAP
    cap["phrase"] = cap["phrase"].replace("1000万元", "800万元")
    return data


@pytest.fixture(scope="module")
def policies():
    old = dataclasses.replace(frozen.policy(), revision=OLD_REVISION)
    new = dataclasses.replace(Policy.from_data(_new_data()), revision=NEW_REVISION)
    return old, new


def _cap(policy) -> Decimal:
    award = next(a for m in policy.measures for a in m.awards if a.id == "4.1")
    return award.rule.cap.amount


def _kept(policy, award, inputs):
    """An entry as the sheet keeps it once the engine has answered: with what it showed."""
    result, errors = attempt(policy, award, inputs, "zh")
    assert not errors
    return {"award": award, "project": "", "inputs": inputs, "shown": result["shown"]}


def _sheet(policy, entries, lang):
    return json.loads(web.page_sheet(json.dumps(entries), lang, "2026-12-06", policy=policy))


# Above the cap in both: the amount is the cap, so it changes with it; far below: it does not.
ABOVE = {"investment": "500000000"}
BELOW = {"investment": "1000000"}


def test_the_same_data_shows_no_comparison(policies):
    old, _ = policies
    answer = _sheet(old, [_kept(old, "4.1", ABOVE), _kept(old, "4.1", BELOW)], "en")
    assert all("changed" not in line for line in answer["sheet"]["entries"])
    assert answer["sheet"]["totals"]["changed"] == []


def test_another_revision_with_the_same_figures_shows_no_comparison(policies):
    old, _ = policies
    other = dataclasses.replace(old, revision=NEW_REVISION)
    answer = _sheet(other, [_kept(old, "4.1", ABOVE)], "zh")
    assert "changed" not in answer["sheet"]["entries"][0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_changed_cap_says_was_and_now_with_the_diffs_sentence(policies, lang):
    old, new = policies
    entries = [_kept(old, "4.1", ABOVE), _kept(old, "4.1", BELOW)]
    answer = _sheet(new, entries, lang)
    above, below = (
        line["changed"] if "changed" in line else None for line in answer["sheet"]["entries"]
    )
    was = attempt(old, "4.1", ABOVE, lang)[0]["amount"]
    now = attempt(new, "4.1", ABOVE, lang)[0]["amount"]
    assert Decimal(was) == _cap(old) and Decimal(now) == _cap(new) == NEW_CAP
    assert (above["was"], above["now"]) == (was, now)
    words = ("原为", "现为") if lang == "zh" else ("was ", "now ")
    assert f"{words[0]}{grouped(Decimal(was))}" in above["headline"]
    assert f"{words[1]}{grouped(Decimal(now))}" in above["headline"]
    # The sentence build.py diff writes for the same two states of the data.
    said = [c.said(lang) for c in diff(frozen.data(), _new_data()) if c.where == "4.1"]
    assert said and above["said"] == said
    assert OLD_REVISION["commit"][:12] in above["revision_said"]
    # Below the cap the amount stands, but the award changed: said so, with the same sentence.
    assert below["was"] == below["now"] == attempt(new, "4.1", BELOW, lang)[0]["amount"]
    assert below["said"] == said
    totals = answer["sheet"]["totals"]
    assert totals["changed"] == [1, 2]
    assert any(("2项" if lang == "zh" else "2 changed") in note for note in totals["notes"])


def test_the_csv_and_the_json_carry_both_figures(policies):
    old, new = policies
    answer = _sheet(new, [_kept(old, "4.1", ABOVE)], "en")
    rows = list(csv.reader(io.StringIO(answer["csv"][1:])))
    keys = [key for key, _ in SHEET_COLUMNS]
    header, row, total = rows[0], rows[1], rows[2]
    assert header[keys.index("was")] == "Amount when added (yuan)"
    assert row[keys.index("amount")] == answer["sheet"]["entries"][0]["result"]["amount"]
    assert row[keys.index("was")] == answer["sheet"]["entries"][0]["changed"]["was"]
    assert row[keys.index("was")] != row[keys.index("amount")]
    assert answer["sheet"]["entries"][0]["changed"]["said"][0] in row[keys.index("changed")]
    assert total[keys.index("changed")].startswith("Changed since the data was updated: 1")
    kept = json.loads(answer["json"])
    assert kept["entries"][0]["changed"] == answer["sheet"]["entries"][0]["changed"]


def test_entries_kept_before_this_or_of_another_form_show_no_comparison(policies):
    old, new = policies
    plain = {"award": "4.1", "project": "", "inputs": ABOVE}
    odd = [
        plain,
        {**plain, "shown": {**_kept(old, "4.1", ABOVE)["shown"], "form": 0}},
        {**plain, "shown": {**_kept(old, "4.1", ABOVE)["shown"], "award": "5.2"}},
        {**plain, "shown": {"form": memo.FORM, "award": "4.1", "figures": {"cap": {"value": "x"}}}},
        {**plain, "shown": "not a record"},
    ]
    answer = _sheet(new, odd, "zh")
    assert [("changed" in line) for line in answer["sheet"]["entries"]] == [False] * len(odd)
    assert all("result" in line for line in answer["sheet"]["entries"])


def test_what_an_estimate_shows_is_language_neutral_and_names_its_revision(policies):
    old, _ = policies
    zh, en = (attempt(old, "4.1", ABOVE, lang)[0]["shown"] for lang in ("zh", "en"))
    assert zh == en
    assert zh["revision"] == OLD_REVISION and zh["award"] == "4.1"
    assert Decimal(zh["figures"]["cap"]["value"]) == _cap(old)
