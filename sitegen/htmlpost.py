"""Finishing touches on each built page, applied by the MkDocs hook (build and serve alike).

- A Content-Security-Policy meta tag: only the site's own origin; 'wasm-unsafe-eval' so Pyodide
  can compile WebAssembly; never 'unsafe-eval' or 'unsafe-inline'. The theme's few inline
  scripts are allowed by their sha256, computed here from the page itself. (Only the preview of
  `build.py serve` allows inline scripts: its server adds one to each page as it sends it.)
- What the site search indexes (Pagefind, decisions/0008-search.md): the page's article only
  (not the navigation, which names every measure on every page), without the draft banner, the
  pager to the previous and next measure or the last-updated line; on pages other than a
  measure's (chapters, lists, home), at a lower weight, so that the measure a term is about
  ranks above a page that lists it among others.
- The tool pages' engine start (templates/_engine.md.j2, `<script data-start-engine>`) moved
  from the article to the top of the head, right after the charset, before the theme's
  stylesheets: an inline script after a stylesheet waits for it, and the calculation worker, the
  longest wait of a first visit, should start first (decisions/0021).
- No <link rel="alternate" hreflang> in the head: the theme reads every such link as the root
  of another language and fetches `<link>/sitemap.xml` from it; the i18n plugin's links point
  at the page itself, so every page asked for two sitemaps that do not exist (404s). The
  language switch in the header keeps its links to the same page in the other language.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPES = ("application/json", "application/ld+json")


def _executable_inline_scripts(html: str) -> list[str]:
    bodies = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs") or ""
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.I)
        if kind and kind.group(1).lower() in _DATA_TYPES:
            continue  # data, never executed
        bodies.append(match.group("body"))
    return bodies


def csp_for(html: str, live: bool = False) -> str:
    """`live`: under `build.py serve`, whose server adds an inline live-reload script to every
    page as it sends it (a new one each time, so no hash can name it): inline scripts run."""
    hashes = (
        ["'unsafe-inline'"]
        if live
        else sorted(
            {
                "'sha256-"
                + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
                + "'"
                for body in _executable_inline_scripts(html)
            }
        )
    )
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    ).replace("  ", " ")


def add_csp(html: str, live: bool = False) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp_for(html, live)}">'
    return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + "\n    " + meta, html, count=1)


_MEASURE_PAGE = re.compile(r"^(en/)?measures/\d\d/$")
# The record of the site's own data edits quotes old wording, and the embed (embed/) is the
# calculator page again, for iframes: neither is ever a search result.
_NOT_INDEXED = re.compile(r"^(en/)?(history|embed)/$")
LIST_PAGE_WEIGHT = "0.5"
_ALTERNATE = re.compile(r"""\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">""")
_IGNORED = ('class="draft-banner"', 'class="md-source-file"', 'class="measure-pager"')


_ENGINE_START = re.compile(r"\n?<script\b[^>]*\bdata-start-engine\b[^>]*>.*?</script>", re.S)
_CHARSET = re.compile(r"<meta charset=[^>]*>")


def start_engine_first(html: str) -> str:
    """The engine's start script, if the page has one, as the first script of the head."""
    start = _ENGINE_START.search(html)
    if start is None:
        return html
    html = html[: start.start()] + html[start.end() :]
    charset = _CHARSET.search(html)
    if charset is None or charset.start() > html.find("</head>"):
        raise ValueError("a page that starts the engine has no <meta charset> in its head")
    script = start.group(0).strip()
    return html[: charset.end()] + "\n      " + script + html[charset.end() :]


def drop_alternate_links(html: str) -> str:
    head_end = html.find("</head>")
    return _ALTERNATE.sub("", html[:head_end]) + html[head_end:]


def mark_for_search(html: str, url: str) -> str:
    """Pagefind's attributes: index the article; ignore banner, last-updated line and pager;
    weigh pages other than measures' less; leave the data-edit log out."""
    if _NOT_INDEXED.match(url):
        return html
    weight = "" if _MEASURE_PAGE.match(url) else f' data-pagefind-weight="{LIST_PAGE_WEIGHT}"'
    html = html.replace(
        '<article class="md-content__inner md-typeset">',
        f'<article class="md-content__inner md-typeset" data-pagefind-body{weight}>',
        1,
    )
    for marker in _IGNORED:
        html = html.replace(marker, marker + " data-pagefind-ignore", 1)
    return html


def finish(html: str, url: str | None = None, live: bool = False) -> str:
    """Every page: CSP and no alternate links; pages (not 404.html): what search indexes; tool
    pages: the engine started first."""
    html = start_engine_first(drop_alternate_links(html))
    if url is not None:
        html = mark_for_search(html, url)
    return add_csp(html, live)
