"""The data against one text of the source: a measure's clause (its awards, their ids, rules and
tags, the numbers listed as not figures, every number accounted for, the free texts about it),
or a paragraph (its period of validity and date). The draft's measures and a later version's
changed ones go through the same functions, each against its own text."""

from __future__ import annotations

from . import texts
from .accounting import Clause, Use, Words, account
from .context import Context, DataPath
from .finder import award_tags
from .phrases import figure, phrase
from .rules import rule


def not_figures(ctx: Context, path: DataPath, clause: Clause) -> None:
    """The phrases listed under `not_figures` at path, each found once in the text."""
    entries = ctx.at(path).get("not_figures") or ()
    for i, _ in enumerate(entries):
        ppath = path + ("not_figures", i, "phrase")
        listed = ctx.value(ppath)
        if listed is None:
            continue
        if phrase(ctx, ppath, listed, clause.text, clause.within):
            clause.covered.append(Use(ppath, 0, listed, None, None))


def clause_figures(
    ctx: Context, path: DataPath, text: str, number: int, ids: dict[str, DataPath]
) -> None:
    """The measure at path (or a version's entry for it) against the clause `text` of measure
    `number`; `ids` holds the award ids used so far."""
    clause = Clause(text)
    not_figures(ctx, path, clause)
    for k, _ in enumerate(ctx.at(path).get("awards") or (), start=1):
        ctx.guarded(award, ctx, path + ("awards", k - 1), Words(clause, k), number, ids)
    if not ctx.refused_within(path):
        account(ctx, path + ("clause", "zh"), clause)
    texts.measure_texts(ctx, path, text)


def award(
    ctx: Context, path: DataPath, words: Words, number: int, ids: dict[str, DataPath]
) -> None:
    """Award N.k: its id, the numbers it lists as not figures, its rule and its tags."""
    expected = f"{number}.{words.award}"
    award_id = ctx.value(path + ("id",))
    if award_id is not None:
        if award_id in ids:
            ctx.add(
                path + ("id",),
                f"award id {award_id} is used twice (first on line {ctx.line_of(ids[award_id])})",
            )
        elif award_id != expected:
            ctx.add(
                path + ("id",),
                f"award {words.award} of measure {number} must have id {expected}, not {award_id}",
            )
        ids.setdefault(award_id, path + ("id",))
    not_figures(ctx, path, words.clause)
    if not ctx.refused_at(path + ("rule",)):
        ctx.guarded(rule, ctx, words, path + ("rule",))
    ctx.guarded(award_tags, ctx, words, path)


def paragraph_figures(ctx: Context, path: DataPath, text: str) -> None:
    """A paragraph's period of validity and its date of effect, and every number of it."""
    paragraph = ctx.at(path)
    clause = Clause(text, "paragraph")
    not_figures(ctx, path, clause)
    validity = paragraph.get("validity")
    if validity and not ctx.refused_within(path + ("validity",)):
        figure(ctx, Words(clause), path + ("validity", "years"), "years")
    effective = paragraph.get("effective_date")
    if effective and not ctx.refused_within(path + ("effective_date",)):
        epath = path + ("effective_date",)
        in_text = effective["in_text"]
        if in_text not in text:
            ctx.add(epath + ("in_text",), f"'{in_text}' is not in this paragraph")
        else:
            clause.covered.append(Use(epath + ("in_text",), 0, in_text, None, None))
            if effective["published"]:
                texts.real_date(ctx, epath + ("in_text",), in_text, chinese=True)
    if not ctx.refused_within(path):
        account(ctx, path + ("zh",), clause)
