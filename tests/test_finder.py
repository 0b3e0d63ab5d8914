"""The finder in CPython: which awards may fit an organisation, and the reason for every award
left out (tests/cases/finder.yaml); refused answers name their question.

The cases of tests/cases/finder.yaml are worked out by hand from the live data's tags (each
award's domains, activities and applicants), so they follow measures.yaml on purpose
(`test_live_…`): retagging an award turns its cases red until they are redone."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from calculator.api import load_policy
from calculator.finder import find, parse_profile, ranked, related, related_matches
from calculator.inputs import InputError
from calculator.web import page_find
from conftest import ROOT

FINDER_CASES = yaml.safe_load((ROOT / "tests" / "cases" / "finder.yaml").read_text("utf-8"))
ALL = list(load_policy().awards)


def expected_fits(case: dict) -> list[str]:
    return ALL if case["fits"] == "all" else case["fits"]


@pytest.mark.parametrize("case", FINDER_CASES, ids=[c["name"] for c in FINDER_CASES])
def test_live_finder_golden_case(case):
    policy = load_policy()
    matches = find(policy, parse_profile(policy, case["answers"]))
    assert [m.award.id for m in matches] == ALL, "every award, in the order of the document"
    fits = [m.award.id for m in matches if m.fits]
    assert fits == expected_fits(case), (
        f"case {case['name']!r} of tests/cases/finder.yaml now fits {fits}: if an award was added "
        "or removed, or its activities, applicants or domains changed on purpose, redo this case "
        "as the head of tests/cases/finder.yaml explains (CONTRIBUTING.md §3)"
    )
    for m in matches:
        assert m.fits == (not m.reasons), "left out always with a reason, kept never with one"
    if "related" in case:
        assert [m.number for m in related(policy, parse_profile(policy, case["answers"]))] == case[
            "related"
        ]
    for m in matches:
        assert bool(m.because) == m.fits, "a kept award says why, in words of the answers"
    reasons = {m.award.id: m.reasons for m in matches}
    for award, words in (case.get("reasons") or {}).items():
        assert reasons[award], f"{award} should be left out"
        assert any(words in r.zh for r in reasons[award]), (award, [r.zh for r in reasons[award]])
        assert all(r.en and r.en != r.zh for r in reasons[award]), "each reason in English too"
    said = {m.award.id: m.because for m in matches}
    for award, words in (case.get("because") or {}).items():
        assert any(words in b.zh for b in said[award]), (award, [b.zh for b in said[award]])
    if "order" in case:
        profile = parse_profile(policy, case["answers"])
        shown = ranked(policy, matches, related_matches(policy, profile))
        assert shown == [str(i) for i in case["order"]]


def test_every_enterprise_only_award_quotes_its_clause():
    """A restriction to some kinds of organisation always rests on words of its own clause."""
    policy = load_policy()
    restricted = [a for a in policy.awards.values() if a.applicants]
    assert restricted, "the clauses of this policy do name applicants"
    for award in restricted:
        assert policy.measure(award.measure).clause.zh.count(award.applicants.phrase) == 1


BAD_ANSWERS = [
    ({"organisation": "company"}, "organisation", "enterprise"),
    ({"legal_person": "maybe"}, "legal_person", "yes, no"),
    ({"domains": ["energy"]}, "domains", "energy_saving"),
    ({"activities": "standards,nonsense"}, "activities", "standards"),
    ({"roles": ["maker", "baker"]}, "roles", "maker"),
    ({"size": "large"}, "size", "organisation"),
]


@pytest.mark.parametrize("answers, name, words", BAD_ANSWERS, ids=[b[1] for b in BAD_ANSWERS])
def test_bad_answers_name_the_question(answers, name, words):
    with pytest.raises(InputError) as caught:
        parse_profile(load_policy(), answers)
    assert caught.value.name == name and words in caught.value.message.en
    out = json.loads(page_find(json.dumps(answers), "zh"))
    assert out["ok"] is False and list(out["errors"]) == [name]


def test_page_find_gives_every_award_with_reasons_in_the_page_language():
    out = json.loads(page_find(json.dumps({"organisation": "social_organisation"}), "en"))
    assert out["ok"] and [a["award"] for a in out["awards"]] == ALL
    left = {a["award"]: a["reasons"] for a in out["awards"] if not a["fits"]}
    named = [a.id for a in load_policy().awards.values() if a.applicants]
    assert set(left) == {
        i for i in named if "social_organisation" not in load_policy().awards[i].applicants.kinds
    }, "left out exactly where a clause names applicants, and not this kind"
    assert "Enterprise only" in left["26.2"][0] and "支持集群企业" not in left["26.2"][0]
    zh = json.loads(page_find(json.dumps({"organisation": "social_organisation"}), "zh"))
    reason = next(a["reasons"][0] for a in zh["awards"] if a["award"] == "26.2")
    assert "支持集群企业" in reason, "the Chinese reason quotes the clause"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "calculator", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_cli_find_lists_what_fits_and_why_the_rest_is_left_out():
    run = run_cli("find", "--org", "private_non_enterprise", "--activity", "events", "--lang", "en")
    assert run.returncode == 0, run.stderr
    policy = load_policy()
    answers = {"organisation": "private_non_enterprise", "activities": "events"}
    matches = find(policy, parse_profile(policy, answers))
    fits = [m.award for m in matches if m.fits]
    measures = related(policy, parse_profile(policy, answers))
    head, _, rest = run.stdout.partition("\n\n")
    assert head.splitlines()[0] == f"May fit ({len(fits)}):"
    for award in fits:
        assert award.id in head and award.name.en in head
    assert f"Related measures (no amount set) ({len(measures)}):" in rest
    assert all(m.title.en in rest for m in measures)
    left = len(matches) - len(fits)
    assert f"Left out, with the reasons ({left}):" in rest and "Enterprise only" in rest
    zh = run_cli("find", "--org", "private_non_enterprise", "--activity", "events")
    assert f"未列入（及原因）（{left}）：" in zh.stdout and "支持集群企业" in zh.stdout


def test_cli_find_json_matches_the_library():
    run = run_cli("find", "--org", "enterprise", "--domain", "energy_saving", "--json")
    assert run.returncode == 0
    policy = load_policy()
    expected = find(
        policy, parse_profile(policy, {"organisation": "enterprise", "domains": "energy_saving"})
    )
    out = json.loads(run.stdout)
    assert [(a["award"], a["fits"]) for a in out["awards"]] == [
        (m.award.id, m.fits) for m in expected
    ]
    profile = parse_profile(policy, {"organisation": "enterprise", "domains": "energy_saving"})
    assert [m["measure"] for m in out["related"]] == [m.number for m in related(policy, profile)]


def test_cli_find_refuses_a_bad_answer_in_one_line():
    run = run_cli("find", "--org", "company")
    assert run.returncode == 2
    assert run.stderr.strip().startswith("organisation: ") and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def _fixture_policy(broad: tuple[str, ...]):
    """The frozen fixture's data with some activities marked broad, and one role: a code test
    of the rule, whatever the live tags say."""
    import frozen
    from calculator.policy import Policy

    data = frozen.data()
    for activity in data["finder"]["activities"]:
        activity["broad"] = activity["id"] in broad
    data["finder"]["roles"] = [
        {"id": "maker", "label": {"zh": "制造", "en": "Makes"}, "activities": ["demonstration"]},
        {"id": "parks", "label": {"zh": "园区", "en": "Parks"}, "activities": ["parks"]},
    ]
    return Policy.from_data(data)


def test_a_broad_activity_lists_an_award_for_a_role_only_where_it_funds_nothing_narrower():
    """8.1 funds a demonstration alone; 4.2 a park's demonstration. A role that runs
    demonstrations is offered 8.1, and 4.2 only while demonstration is not broad."""
    for broad, fits_4_2 in (((), True), (("demonstration",), False)):
        policy = _fixture_policy(broad)
        assert set(policy.awards["4.2"].activities) >= {"parks", "demonstration"}
        assert policy.awards["8.1"].activities == ("demonstration",)
        kept = {m.award.id: m for m in find(policy, parse_profile(policy, {"roles": "maker"}))}
        assert kept["8.1"].fits and kept["4.2"].fits == fits_4_2
        parks = {m.award.id: m for m in find(policy, parse_profile(policy, {"roles": "parks"}))}
        assert parks["4.2"].fits and not parks["8.1"].fits


def test_what_may_fit_is_ranked_by_how_the_answers_support_it_and_says_so():
    """Chosen activities first, with "matches your answers"; a role's narrower activities next,
    then its broad ones, each "may fit if you are doing it"; nothing ranks a left-out award."""
    from calculator.finder import Support

    policy = _fixture_policy(("demonstration",))
    profile = parse_profile(policy, {"roles": ["maker", "parks"]})
    matches = find(policy, profile)
    support = {m.award.id: m.support for m in matches if m.fits}
    assert support["4.2"] == Support.ROLE and support["8.1"] == Support.ROLE_BROAD
    order = ranked(policy, matches, related_matches(policy, profile))
    assert order.index("4.2") < order.index("8.1")
    because = {m.award.id: m.because for m in matches}
    assert any(
        b.zh.startswith("若您正在做或打算做“建设、运营或改造产业园区”") for b in because["4.2"]
    )
    assert any("May fit if you are doing or planning" in b.en for b in because["8.1"])
    chosen = parse_profile(policy, {"roles": ["maker"], "activities": ["demonstration"]})
    chosen_matches = find(policy, chosen)
    m81 = next(m for m in chosen_matches if m.award.id == "8.1")
    assert m81.support == Support.CHOSEN and "与您的回答相符" in m81.because[-1].zh
    assert all(m.support == Support.OPEN for m in find(policy, parse_profile(policy, {})))
