"""An award's rule against its clause: each figure agrees with a phrase found once there, the
words a rule rests on are the clause's, inputs exist and are of the type each part reads, a
threshold's phrase has one boundary word, an exact amount's phrase states no maximum."""

from __future__ import annotations

from typing import Any

from calculator import boundary
from calculator.kinds import INPUT_TYPES, RuleKind, find

from .accounting import Words
from .context import Context, DataPath
from .phrases import figure, phrase, words_phrase


def input_ref(ctx: Context, path: DataPath, role: str, kind: RuleKind | None = None) -> None:
    """The input named at path exists and is of a type the part `role` of a rule of `kind`
    reads (calculator/kinds.py)."""
    name = ctx.at(path)
    inputs = ctx.data["inputs"]
    if name not in inputs:
        ctx.add(path, f"unknown input '{name}'; the inputs catalogue has: {', '.join(inputs)}")
        return
    allowed = kind.input_types(role) if kind else INPUT_TYPES[role]
    if inputs[name]["type"] not in allowed:
        ctx.add(
            path,
            f"input '{name}' is of type {inputs[name]['type']}; "
            f"here it must be {' or '.join(allowed)}",
        )


def money(ctx: Context, words: Words, path: DataPath) -> None:
    figure(ctx, words, path + ("amount",), "yuan")


def rule(ctx: Context, words: Words, path: DataPath) -> None:
    """Every field of the rule at path, against the award's clause."""
    rule = ctx.at(path)
    kind = find(rule["kind"])
    for key in ("cap", "amount"):
        if key in rule and not ctx.refused_at(path + (key,)):
            money(ctx, words, path + (key,))
    if kind and kind.exact and "amount" in rule:
        exact_amount(ctx, path + ("amount", "phrase"), rule["amount"].get("phrase"))
    if "rate" in rule and not ctx.refused_at(path + ("rate",)):
        figure(ctx, words, path + ("rate", "percent"), "percent")
    for key in ("base", "unit"):
        if key in rule and not ctx.refused_at(path + (key,)):
            words_phrase(ctx, words, path + (key, "phrase"))
            input_ref(ctx, path + (key, "input"), key, kind)
    if "threshold" in rule and not ctx.refused_within(path + ("threshold",)):
        _threshold(ctx, words, path + ("threshold",))
    if "years" in rule and not ctx.refused_at(path + ("years",)):
        figure(ctx, words, path + ("years", "count"), "years")
    for key in ("tiers", None):
        ppath = path + ((key, "phrase") if key else ("phrase",))
        text = rule.get(key, {}).get("phrase") if key else rule.get("phrase")
        if text is not None and phrase(ctx, ppath, text, words.clause.text):
            words.use(ppath, text)
    if "options" in rule and not ctx.refused_at(path + ("options",)):
        options(ctx, words, path + ("options",), kind)


def _threshold(ctx: Context, words: Words, path: DataPath) -> None:
    threshold = ctx.at(path)
    unit = next(u for u in ("amount", "percent", "value") if u in threshold)
    figure_kind = {"amount": "yuan", "percent": "percent", "value": "number"}[unit]
    figure(ctx, words, path + (unit,), figure_kind)
    input_ref(ctx, path + ("input",), f"threshold:{unit}")
    try:
        boundary.comparison_in(threshold["phrase"])
    except boundary.BoundaryError as error:
        ctx.add(path + ("phrase",), str(error))


def exact_amount(ctx: Context, path: DataPath, phrase: Any) -> None:
    """A fixed amount is exact: its phrase cannot say 最高, 不超过, 上限 or 以内."""
    if not isinstance(phrase, str) or ctx.refused_at(path):
        return
    word = next((w for w in boundary.MAXIMUM_WORDS if w in phrase), None)
    if word:
        ctx.add(
            path,
            f"phrase '{phrase}' says {word}: it states a maximum, not an exact amount; "
            "a fixed rule pays exactly its amount (use kind cap, or rate with a cap)",
        )


def options(ctx: Context, words: Words, path: DataPath, spec: RuleKind | None) -> None:
    """A choice that sets the cap or the amount: each choice once, with the field its kind
    takes."""
    rule = ctx.at(path[:-1])
    input_ref(ctx, path + ("input",), "options", spec)
    kind = rule["kind"]
    field = spec.chooses if spec else "cap"
    other = "cap" if field == "amount" else "amount"
    keys: set[str] = set()
    for i, choice in enumerate(rule["options"]["choices"]):
        cpath = path + ("choices", i)
        if ctx.refused_within(cpath):
            continue
        if choice["key"] in keys:
            ctx.add(cpath + ("key",), f"choice '{choice['key']}' appears twice")
        keys.add(choice["key"])
        if other in choice:
            ctx.add(cpath + (other,), f"a choice of a {kind} rule takes {field}, not {other}")
        if field not in choice and not (spec and spec.choice_may_omit):
            ctx.add(cpath, f"each choice of a {kind} rule needs its {field}")
        chosen = choice.get(field)
        if chosen is not None:
            money(ctx, words, cpath + (field,))
            if spec and spec.exact:
                exact_amount(ctx, cpath + (field, "phrase"), chosen.get("phrase"))
