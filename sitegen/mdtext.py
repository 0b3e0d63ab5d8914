"""Data texts and Markdown: what the check refuses, and how the pages make any text inert.

The pages are Markdown (Jinja2 templates rendered by sitegen/render.py, then Python-Markdown with
the extensions of mkdocs.yml). A text of measures.yaml must never become markup there, so both
lines hold:

- `construct(text)`: the first Markdown construct a text holds (a reference link or its
  definition, an attribute list, an admonition, a heading, a table, a list, a rule), for the
  check to refuse with its line (sitegen/texts.py; HTML, links, code and emphasis are refused
  there already).
- `inert(text)`: the text escaped for HTML *and* Markdown, the same in both contexts: every
  character Markdown or an extension reads as syntax becomes a character reference, which
  Markdown passes through and the browser shows as the character. A line break becomes a space
  (a text is one paragraph of a page), so nothing of a text ever starts a line of the page.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# Each Markdown construct the check refuses, by what it is called in the message.
_CONSTRUCTS = (
    ("a reference link", re.compile(r"\][ \t]?\[")),
    ("a link definition", re.compile(r"^[ \t]*\[[^\]\n]*\]:", re.M)),
    ("an attribute list", re.compile(r"\{[ \t]*[:#.][^}\n]*\}?")),
    ("an admonition", re.compile(r"^[ \t]*(?:!!!|\?\?\?)", re.M)),
    ("a heading", re.compile(r"^[ \t]*#{1,6}(?:[ \t]|$)", re.M)),
    ("a table", re.compile(r"\|")),
    ("a list item", re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]", re.M)),
    (
        "a rule or a heading's underline",
        re.compile(r"^[ \t]*(?:={2,}|-{3,}|\*{3,}|_{3,})[ \t]*$", re.M),
    ),
    ("an image", re.compile(r"!\[")),
    ("an escape", re.compile(r"\\[\\`*_{}\[\]()#+\-.!|<>]")),
)

# HTML's own, as markupsafe (Jinja2's `e`) writes them.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
# What Markdown (or one of the site's extensions) may read as syntax anywhere in a line.
_SPECIAL = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]#!|~^"} | {
    ord(c): entity for c, entity in _HTML.items()
}
_LINE_START = re.compile(r"\A([-+]|\d{1,9}(?=[.)]))")
_BREAK = re.compile(r"\s*[\r\n]\s*")


def construct(text: str) -> tuple[str, str] | None:
    """(the text of it, what it is) for the first Markdown construct of a text, or None."""
    found = []
    for name, pattern in _CONSTRUCTS:
        match = pattern.search(text)
        if match:
            found.append((match.start(), match.group().strip() or match.group(), name))
    if not found:
        return None
    _, shown, name = min(found)
    return shown[:24], name


def escape_part(text: str) -> str:
    """Part of a line of text, escaped for HTML and Markdown (its spaces kept as they are)."""
    return _BREAK.sub(" ", text).translate(_SPECIAL)


def inert(text: object) -> Markup:
    """A text as it is shown, in HTML or in Markdown: no character of it can be markup there.
    Already escaped HTML (Markup) is returned as it is."""
    if hasattr(text, "__html__"):
        return Markup(text)
    escaped = escape_part(str(text).strip())
    # A list marker or a numbered item can only start the text (the line breaks are gone).
    escaped = _LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), escaped)
    return Markup(escaped)


# What GitHub makes of plain text in a comment or a job summary, besides Markdown: @mentions
# (a notification to whoever is named), #123 and owner/repo#123 references (a back-link on that
# issue), and bare addresses (a link). A zero-width space, written as a reference, breaks each
# while the reader still sees the same characters.
_ZWSP = "&#8203;"
_GITHUB = re.compile(r"@|(?<=&#35;)|(?<=:)(?=//)|(?<=\bwww)(?=\.)", re.I)


def inert_on_github(text: object) -> str:
    """A text for a GitHub comment or job summary: inert() and no mention, reference or link."""
    return _GITHUB.sub(lambda m: m.group() + _ZWSP, str(inert(text)))
