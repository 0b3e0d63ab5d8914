"""The rule kinds are defined once (calculator/kinds.py): the schema, the check, the estimate,
describe and the diff read the registry, so a kind added there, and only there, is taken by all
of them. Shown with a test-only kind (tests/extra_kind.py) on the frozen fixture (tests/frozen.py).
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

import frozen
from calculator import kinds
from calculator.api import attempt
from calculator.describe import describe, headline
from calculator.money import money_text
from calculator.policy import Policy
from extra_kind import KIND, NAME
from sitegen.changes import compare
from sitegen.check import schema as check_schema
from sitegen.yamlsource import load

REPO = Path(__file__).resolve().parent.parent
# Award 17.2 of the fixture: a cap for each certificate; as the test kind, the same figure is an
# amount for each certificate.
PER_UNIT = "kind: per_unit\n"
CAP = "cap: {amount: 100000, phrase: 给予不超过10万元的资助}"


@pytest.fixture
def registered():
    """The test kind in the registry for one test, taken out after it."""
    kinds.register(KIND)
    try:
        yield KIND
    finally:
        del kinds.KINDS[NAME]


def _as_extra_kind(tmp_path: Path) -> Path:
    text = frozen.TEXT
    assert text.count(PER_UNIT) == 1 and text.count(CAP) == 1, "the fixture is frozen"
    text = text.replace(PER_UNIT, f"kind: {NAME}\n").replace(CAP, CAP.replace("cap:", "amount:"))
    path = tmp_path / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unregistered_kind_is_refused_by_the_schema(tmp_path):
    problems = frozen.check(_as_extra_kind(tmp_path)).problems
    assert [p.message for p in problems if NAME in p.message] == [
        f"must be one of {', '.join(kinds.KINDS)}, not '{NAME}'"
    ]


def test_a_registered_kind_is_taken_by_the_schema_and_the_check(tmp_path, registered):
    assert frozen.check(_as_extra_kind(tmp_path)).problems == []
    schema = check_schema.schema()
    rule = schema["$defs"]["rule"]
    assert NAME in rule["properties"]["kind"]["enum"]
    assert NAME in rule["description"] and "an amount for each unit" in str(rule["properties"])


def test_the_check_reads_the_fields_and_the_exactness_of_a_kind(tmp_path, registered):
    path = _as_extra_kind(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f"kind: {NAME}\n",
            f"kind: {NAME}\n" + " " * 14 + "years: {count: 2, phrase: 对单个证书}\n",
        ),
        encoding="utf-8",
    )
    messages = [p.message for p in frozen.check(path).problems]
    assert messages == [
        f"a {NAME} rule takes no years (years belongs to per_year): remove it, or change the kind"
    ]
    kinds.KINDS[NAME] = dataclasses.replace(KIND, exact=True)
    messages = [p.message for p in frozen.check(_as_extra_kind(tmp_path)).problems]
    assert messages == [
        "phrase '给予不超过10万元的资助' says 不超过: it states a maximum, not an exact amount; "
        "a fixed rule pays exactly its amount (use kind cap, or rate with a cap)"
    ]


def test_a_registered_kind_estimates_and_is_described(tmp_path, registered):
    policy = Policy.from_data(load(_as_extra_kind(tmp_path)).data)
    award = next(a for a in policy.awards.values() if a.rule.kind == NAME)
    result, errors = attempt(policy, award.id, {"certificates": "3"}, "en")
    assert errors == {}
    assert Decimal(result["amount"]) == 3 * award.rule.amount.amount
    assert result["bound"] == "upper"
    assert describe(award.rule).en == f"At most {award.rule.amount.amount:,} yuan per certificate"
    assert headline(award.rule) == money_text(award.rule.amount.amount)


def test_the_diff_says_a_change_to_a_registered_kind_in_its_words(tmp_path, registered):
    said = [c.said.en for c in compare(frozen.data(), load(_as_extra_kind(tmp_path)).data)]
    assert any("now at most a sum per unit (it was a maximum per unit)" in s for s in said), said


def test_the_schema_file_carries_the_registrys_kinds():
    """schema/measures.schema.json (what editors read) holds the kinds the check puts in; after
    adding a kind, `python -c 'from sitegen.check.schema import write; write()'`."""
    committed = (REPO / "schema" / "measures.schema.json").read_text(encoding="utf-8")
    assert committed == check_schema.schema_text()


_NAMED = re.compile(r'(?<![\w(])"(fixed|tiered|per_unit|per_year|case_by_case)"')


def test_a_kinds_name_appears_in_the_registry_and_its_messages_only():
    """Outside calculator/kinds.py a kind's name is only a key of its words (messages.py, or
    the site's strings.yaml through t(...)). `rate` and `cap` are field names too, not looked for."""
    found = []
    for folder in ("calculator", "sitegen"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if path.name in ("kinds.py", "messages.py"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _NAMED.search(line):
                    found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert found == []
