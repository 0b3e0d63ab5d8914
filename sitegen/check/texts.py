"""What the check holds of the free texts: summaries, conditions, notes, labels and every
English text.

- Numbers: a text may state only figures of its clause (summaries, conditions, notes, names,
  labels; in English 1000万元 is 10 million yuan, 1亿元 100 million, 30% is 30%); a translation
  (the English clause, paragraph, preamble, title) states exactly the figures of its Chinese.
- English: present, with words, and not shorter than its Chinese.
- No markup (HTML tags or entities, Markdown links, code or emphasis) in any text, nor any other
  Markdown construct (sitegen/mdtext.py: reference links, attribute lists, admonitions, headings,
  tables, lists).
- Dates are real dates.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from .. import mdtext
from ..figures import Quantity, english_quantities, matches, missing_and_extra, not_in, quantities
from .context import Context, DataPath

_MARKUP = re.compile(
    r"<[^<>\n]{0,40}>?|>|&(?:[A-Za-z]{2,10}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});|`|\]\(|\*\*|__"
)
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_LETTER = re.compile(r"[A-Za-z]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\Z")


def _listing(figures: list[Quantity]) -> str:
    seen: list[str] = []
    for q in figures:
        if q.text not in seen:
            seen.append(q.text)
    if not seen:
        return "no figures"
    return ", ".join(seen[:8]) + (", …" if len(seen) > 8 else "")


def stated(text: str, lang: str) -> list[Quantity]:
    return quantities(text) if lang == "zh" else english_quantities(text)


def only_figures_of(
    ctx: Context, path: DataPath, text: Any, lang: str, figures: list[Quantity], what: str
) -> None:
    """The text states no number that is not a figure of `what` (repeats are fine)."""
    if not isinstance(text, str) or ctx.refused_at(path):
        return
    extra = not_in(stated(text, lang), figures)
    if extra:
        listed = ", ".join(f"'{q.text}'" for q in extra[:4])
        ctx.add(
            path,
            f"states {listed}, which {'is' if len(extra) == 1 else 'are'} not "
            f"{'a figure' if len(extra) == 1 else 'figures'} of {what} (its figures: {_listing(figures)})",
        )


def translates(ctx: Context, path: DataPath, en: Any, figures: list[Quantity]) -> None:
    """The English states each figure of its Chinese, as often, and no other (when the Chinese
    is the source's: a Chinese text already refused says enough)."""
    if not isinstance(en, str) or ctx.refused_at(path):
        return
    if path[:-1] + ("zh",) in ctx.found.unverified:
        return
    english = english_quantities(en)
    missing, extra = missing_and_extra(english, figures)
    parts = []
    if missing:
        parts.append("leaves out " + ", ".join(q.text for q in missing[:4]))
    for q in extra[:4]:
        if any(matches(q, f) for f in figures):
            parts.append(f"states '{q.text}' more often than the Chinese")
        else:
            parts.append(f"states '{q.text}', which the Chinese does not")
    if parts:
        ctx.add(
            path, "the translation " + "; ".join(parts) + f" (the Chinese: {_listing(figures)})"
        )


def measure_texts(ctx: Context, path: DataPath, clause: str) -> None:
    """A measure's texts (or a version's entry for it) against the figures of its clause."""
    measure = ctx.at(path)
    title = measure.get("title") or {}
    figures = quantities(clause) + quantities(
        title.get("zh", "") if isinstance(title.get("zh"), str) else ""
    )
    translates(ctx, path + ("clause", "en"), (measure.get("clause") or {}).get("en"), figures)
    translates(ctx, path + ("title", "en"), title.get("en"), quantities(str(title.get("zh", ""))))
    for lang in ("zh", "en"):
        only_figures_of(
            ctx,
            path + ("summary", lang),
            (measure.get("summary") or {}).get(lang),
            lang,
            figures,
            "the clause",
        )
    for k, award in enumerate(measure.get("awards") or ()):
        if not isinstance(award, dict):
            continue
        apath = path + ("awards", k)
        for field, value in _award_texts(award):
            for lang in ("zh", "en"):
                if isinstance(value, dict):
                    only_figures_of(
                        ctx,
                        apath + field + (lang,),
                        value.get(lang),
                        lang,
                        figures,
                        "the clause",
                    )


def _award_texts(award: dict[str, Any]):
    """(path within the award, text object) of every free text of an award."""
    yield ("name",), award.get("name")
    yield ("recipient",), award.get("recipient")
    for i, condition in enumerate(award.get("conditions") or ()):
        yield ("conditions", i), condition
    for i, note in enumerate(award.get("notes") or ()):
        yield ("notes", i), note
    rule = award.get("rule")
    if isinstance(rule, dict):
        for key in ("base", "unit"):
            if isinstance(rule.get(key), dict):
                yield ("rule", key, "label"), rule[key].get("label")
        if isinstance(rule.get("tiers"), dict):
            for key in ("by", "funded_by"):
                yield ("rule", "tiers", key), rule["tiers"].get(key)
        options = rule.get("options")
        if isinstance(options, dict):
            for i, choice in enumerate(options.get("choices") or ()):
                if isinstance(choice, dict):
                    yield ("rule", "options", "choices", i, "label"), choice.get("label")


def file_texts(ctx: Context) -> None:
    """The checks every text of the file gets: markup, English, and the translations outside
    the measures (title, preamble, domains, chapters, paragraphs)."""
    data = ctx.data
    _walk(ctx, data, ())
    document = data.get("document") or {}
    for key in ("title", "preamble"):
        text = document.get(key)
        if isinstance(text, dict) and isinstance(text.get("zh"), str):
            translates(ctx, ("document", key, "en"), text.get("en"), quantities(text["zh"]))
    for i, domain in enumerate(data.get("domains") or ()):
        for key in ("name", "fields"):
            text = domain.get(key) if isinstance(domain, dict) else None
            if isinstance(text, dict) and isinstance(text.get("zh"), str):
                translates(ctx, ("domains", i, key, "en"), text.get("en"), quantities(text["zh"]))
    for c, chapter in enumerate(data.get("chapters") or ()):
        if not isinstance(chapter, dict):
            continue
        title = chapter.get("title")
        if isinstance(title, dict) and isinstance(title.get("zh"), str):
            translates(
                ctx, ("chapters", c, "title", "en"), title.get("en"), quantities(title["zh"])
            )
            source = ctx.found.chapter_source.get(c)
            printed = source.numeral if source else chapter.get("numeral_in_source")
            figures = quantities(title["zh"] + (printed if isinstance(printed, str) else ""))
            note = chapter.get("note")
            if isinstance(note, dict):
                for lang in ("zh", "en"):
                    only_figures_of(
                        ctx,
                        ("chapters", c, "note", lang),
                        note.get(lang),
                        lang,
                        figures,
                        "the chapter's heading",
                    )
        for p, paragraph in enumerate(chapter.get("paragraphs") or ()):
            if isinstance(paragraph, dict) and isinstance(paragraph.get("zh"), str):
                translates(
                    ctx,
                    ("chapters", c, "paragraphs", p, "en"),
                    paragraph.get("en"),
                    quantities(paragraph["zh"]),
                )


def _walk(ctx: Context, node: Any, path: DataPath) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("zh"), str) and isinstance(node.get("en"), str):
            english(ctx, path + ("en",), node["zh"], node["en"])
        for key, value in node.items():
            _walk(ctx, value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk(ctx, value, path + (i,))
    elif isinstance(node, str) and not ctx.refused_at(path):
        control = _CONTROL.search(node)
        if control:
            ctx.add(
                path,
                f"holds the control character U+{ord(control.group()):04X}: remove it "
                "(written as an escape such as \\x01 in quotes)",
            )
        found = _MARKUP.search(node)
        if found:
            ctx.add(
                path,
                f"holds markup ('{found.group()}'): write plain text; the site shows every "
                "text as it is written",
            )
        elif construct := mdtext.construct(node):
            ctx.add(
                path,
                f"holds Markdown ('{construct[0]}', {construct[1]}): write plain text; the site "
                "shows every text as it is written",
            )


def english(ctx: Context, path: DataPath, zh: str, en: str) -> None:
    """The English is there, in words, and not shorter than its Chinese."""
    if ctx.refused_at(path) or ctx.refused_at(path[:-1] + ("zh",)):
        return
    text = en.strip()
    if not text:
        ctx.add(path, "the English is empty: translate the Chinese in full")
    elif not _LETTER.search(text):
        ctx.add(path, f"the English ('{text[:20]}') has no words: translate the Chinese in full")
    elif len(text) < len(zh.strip()):
        ctx.add(
            path,
            f"the English ('{text[:24]}…', {len(text)} characters) is shorter than its Chinese "
            f"({len(zh.strip())} characters): translate it in full",
        )


def real_date(ctx: Context, path: DataPath, text: str, chinese: bool = False) -> None:
    """YYYY-MM-DD (or 2024年5月11日) naming a day of the calendar; a checked date not in the
    future (a day's grace for time zones)."""
    match = (_CHINESE_DATE if chinese else _ISO_DATE).match(text)
    try:
        day = date(*map(int, match.groups())) if match else None
    except ValueError:
        day = None
    if day is None:
        form = "2024年5月11日" if chinese else "YYYY-MM-DD"
        ctx.add(path, f"'{text}' is not a real date (write it as {form})")
    elif not chinese and day > date.today() + timedelta(days=1):
        ctx.add(path, f"'{text}' is in the future: the data cannot have been checked then")
