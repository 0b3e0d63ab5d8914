"""Every Chinese text is the source's, word for word: the title, the preamble, the domains'
fields, each chapter's paragraphs (whole and in order), each measure's title and clause. Where a
text differs, the message shows the first difference, and nothing else is held against it."""

from __future__ import annotations

from ..figures import chinese_numeral
from ..outline import SourceChapter, SourceMeasure
from . import texts
from .clauses import paragraph_figures
from .context import Context, DataPath


def difference(text: str, expected: str, line: int, offset: int = 0) -> str:
    """Where text first differs from the expected source text (on source line `line`, starting
    `offset` characters into it)."""
    i = next(
        (k for k, (a, b) in enumerate(zip(text, expected)) if a != b),
        min(len(text), len(expected)),
    )
    where = f"it differs from source line {line} at character {offset + i + 1}"
    if i == len(text):
        return f"{where}: the file stops short; the source goes on '{expected[i : i + 12]}')"
    if i == len(expected):
        return f"{where}: the source ends there; the file goes on '{text[i : i + 12]}')"
    return f"{where}: the source has '{expected[i : i + 12]}', the file has '{text[i : i + 12]}')"


def in_source(ctx: Context, path: DataPath, text: str) -> None:
    """text must appear in the source exactly (for parts of a line, such as the domains)."""
    lines = ctx.source.lines
    if text in "\n".join(lines):
        return
    best, best_len = None, 0
    for number, line in enumerate(lines, start=1):
        start = line.find(text[:4]) if len(text) >= 4 else -1
        if start < 0:
            continue
        n = next(
            (k for k, (a, b) in enumerate(zip(line[start:], text)) if a != b),
            min(len(line) - start, len(text)),
        )
        if n > best_len:
            best, best_len = (number, line, start), n
    if best is None:
        ctx.differs(path, "is not verbatim in the source text (no source line has it)")
        return
    number, line, start = best
    ctx.differs(
        path,
        "is not verbatim in the source text (" + difference(text, line[start:], number, start),
    )


def document(ctx: Context) -> None:
    source = ctx.source
    title = ctx.value(("document", "title", "zh"))
    if title is not None and title != source.title:
        ctx.differs(
            ("document", "title", "zh"),
            "is not the title of the source (" + difference(title, source.title, 1),
        )
    preamble = ctx.value(("document", "preamble", "zh"))
    if preamble is not None and preamble != source.preamble:
        line = source.lines.index(source.preamble) + 1 if source.preamble else 1
        ctx.differs(
            ("document", "preamble", "zh"),
            "is not the preamble of the source (" + difference(preamble, source.preamble, line),
        )
    checked = ctx.value(("document", "source", "checked"))
    if checked is not None:
        texts.real_date(ctx, ("document", "source", "checked"), checked)


def domains(ctx: Context) -> None:
    seen: set[str] = set()
    for i, domain in enumerate(ctx.data["domains"]):
        if domain["id"] in seen:
            ctx.add(("domains", i, "id"), f"domain id '{domain['id']}' appears twice")
        seen.add(domain["id"])
        fields = ctx.value(("domains", i, "fields", "zh"))
        name = ctx.value(("domains", i, "name", "zh"))
        if fields is None or name is None:
            continue
        in_source(ctx, ("domains", i, "fields", "zh"), fields)
        if not fields.endswith(name):
            ctx.add(
                ("domains", i, "name", "zh"),
                f"the source lists this domain's fields ending in its name; "
                f"'{name}' does not end the fields text",
            )


def measure_text(ctx: Context, path: DataPath, source: SourceMeasure) -> None:
    """A measure's short title and clause are the source's."""
    heading = f"（{chinese_numeral(source.number)}）"
    title = ctx.value(path + ("title", "zh"))
    if title is not None and title != source.title:
        ctx.differs(
            path + ("title", "zh"),
            f"is not the short title of measure {heading} in the source ("
            + difference(title, source.title, source.line, len(heading)),
        )
    given = ctx.value(path + ("clause", "zh"))
    if given is not None and given != source.clause:
        ctx.differs(
            path + ("clause", "zh"),
            "is not verbatim in the source text ("
            + difference(given, source.clause, source.line, len(heading + source.title) + 1),
        )


# -- a chapter's paragraphs: its source text, whole and in order -----------------------------


def chapter_paragraphs(ctx: Context, path: DataPath, source: SourceChapter) -> None:
    """The paragraphs of a chapter, in order, are its source text, whole."""
    paragraphs = ctx.at(path).get("paragraphs")
    if paragraphs is None:
        if source.paragraphs and not source.measures:
            ctx.add(
                path + ("number",),
                f"the source has {len(source.paragraphs)} paragraph(s) under this chapter; "
                "give them under paragraphs:",
            )
        return
    body = "\n".join(text for _, text in source.paragraphs)
    at = 0
    last = path + ("paragraphs",)
    for p, _ in enumerate(paragraphs):
        ppath = path + ("paragraphs", p)
        _paragraph_id(ctx, ppath)
        text = ctx.value(ppath + ("zh",))
        if text is None:
            continue
        last = ppath + ("zh",)
        at, verbatim = _paragraph_at(ctx, ppath + ("zh",), text, body, at, source)
        if verbatim:  # figures are held against the source's words only
            ctx.guarded(paragraph_figures, ctx, ppath, text)
    rest = body[at:].lstrip("\n")
    if rest:
        ctx.add(
            last,
            f"the source goes on after this paragraph: '{rest[:24]}…' is missing from "
            f"chapter {source.number}",
        )


def _paragraph_id(ctx: Context, path: DataPath) -> None:
    ids = ctx.found.paragraph_ids
    pid = ctx.value(path + ("id",))
    if pid is not None:
        if pid in ids:
            ctx.add(
                path + ("id",),
                f"paragraph id '{pid}' is used twice (first on line {ctx.line_of(ids[pid])})",
            )
        ids.setdefault(pid, path + ("id",))


def _sentences_end(body: str, at: int, sentences: int) -> int:
    """The position after `sentences` sentences (ending in 。) from `at`, within one line."""
    line_end = body.find("\n", at)
    line_end = len(body) if line_end < 0 else line_end
    for _ in range(sentences):
        stop = body.find("。", at, line_end)
        if stop < 0:
            return line_end
        at = stop + 1
    return at


def _paragraph_at(
    ctx: Context, path: DataPath, text: str, body: str, at: int, source: SourceChapter
) -> tuple[int, bool]:
    """Match one paragraph at position `at` of the chapter's text: (where the next paragraph
    starts, whether this one is the source's text there)."""
    here = body[at:].lstrip("\n")
    at = len(body) - len(here)
    if not here:
        ctx.differs(
            path, f"is not in chapter {source.number} of the source: the chapter ends before it"
        )
        return at, False
    # As many sentences of the source as the paragraph has: where a wrong paragraph ends.
    end = _sentences_end(body, at, max(1, text.count("。")))
    if here.startswith(text):
        stop = at + len(text)
        if text.endswith("。"):
            return stop, True
        end = _sentences_end(body, stop, 1)
        ctx.differs(
            path,
            f"stops inside a sentence: the source goes on '{body[stop : min(end, stop + 12)]}' "
            "(a paragraph ends where its sentence ends, with 。)",
        )
        return end, False
    found = body.find(text, at)
    if found > at and text.endswith("。") and body[found - 1] in "。\n":
        skipped = body[at:found].replace("\n", "")
        ctx.differs(
            path,
            f"the source has '{skipped[:24]}…' before this paragraph: a paragraph is "
            "missing or cut short",
        )
        return found + len(text), False
    if text in body:
        line = _source_position(source, body.index(text))[0]
        ctx.differs(
            path,
            f"repeats text the chapter already has ('{text[:16]}…', from source line {line}) "
            f"where the source has '{body[at:end][:16]}…': each paragraph is the next text of "
            "the source",
        )
        return end, False
    line, offset = _source_position(source, at)
    ctx.differs(
        path,
        "is not verbatim in the source text (" + difference(text, body[at:end], line, offset),
    )
    return end, False


def _source_position(source: SourceChapter, at: int) -> tuple[int, int]:
    """(source line, offset in it) of position `at` in the chapter's joined text."""
    for number, text in source.paragraphs:
        if at <= len(text):
            return number, at
        at -= len(text) + 1
    return (source.paragraphs[-1][0] if source.paragraphs else source.line), 0
