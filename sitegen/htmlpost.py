"""Finishing touches on each built page, applied by the MkDocs hook (build and serve alike).

- A Content-Security-Policy meta tag: only the site's own origin; 'wasm-unsafe-eval' so Pyodide
  can compile WebAssembly; never 'unsafe-eval' or 'unsafe-inline'. The theme's few inline
  scripts are allowed by their sha256, computed here from the page itself.
- An accessible name for the theme's search dialog (axe: aria-dialog-name), without overriding
  the theme's templates.
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


def csp_for(html: str) -> str:
    hashes = sorted(
        {
            "'sha256-"
            + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            + "'"
            for body in _executable_inline_scripts(html)
        }
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


def add_csp(html: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp_for(html)}">'
    return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + "\n    " + meta, html, count=1)


def label_search_dialog(html: str, label: str) -> str:
    return html.replace(
        'data-md-component="search" role="dialog">',
        f'data-md-component="search" role="dialog" aria-label="{label}">',
        1,
    )


def finish(html: str, search_label: str) -> str:
    return add_csp(label_search_dialog(html, search_label))
