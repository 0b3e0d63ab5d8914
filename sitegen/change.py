"""A change to the policy data, and reading any revision's state of it (even one older than a
field): the parts every comparison of sitegen/changes.py, sitegen/rulechanges.py reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from calculator.policy import Text

# Kinds of change a reader of the site would notice; the rest (the finder's tags, how a part
# stands in a version) are for reviewers.
PUBLIC = {
    "measure_added",
    "measure_removed",
    "award_added",
    "award_removed",
    "figure",
    "figure_added",
    "figure_removed",
    "boundary",
    "kind",
    "applicants",
    "domains",
    "text",
}


@dataclass(frozen=True)
class Change:
    kind: str
    said: Text
    old: str | None = None  # the texts compared, for a side-by-side view
    new: str | None = None
    lang: str | None = None  # the language of old/new
    where: str = ""  # e.g. "4", "4.1": the measure or award
    field: Text | None = None  # of a text change: which text (条文, 要点, 名称 …)
    brief: Text | None = None  # of a text change: that it changed, without the words


def for_reader(change: Change, lang: str) -> str:
    """A change as a reader in `lang` is told it (the data-edit log and its feeds): a text of the
    other language only said to have changed, without its words."""
    other = change.kind == "text" and change.lang not in (None, lang) and change.brief
    return (change.brief if other else change.said)(lang)


# ---- reading a state of the data, whatever its revision -------------------------------------


def get(node: Any, *keys: Any) -> Any:
    for key in keys:
        if isinstance(node, Mapping):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def text_of(node: Any) -> tuple[str, str]:
    return (str(get(node, "zh") or ""), str(get(node, "en") or ""))


def measures(data: Any) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for chapter in get(data, "chapters") or ():
        for measure in get(chapter, "measures") or ():
            number = get(measure, "number")
            if isinstance(number, int):
                found[number] = measure
    return found


def awards(data: Any) -> dict[str, tuple[int, dict[str, Any]]]:
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, measure in measures(data).items():
        for award in get(measure, "awards") or ():
            award_id = get(award, "id")
            if award_id is not None:
                found[str(award_id)] = (number, award)
    return found
