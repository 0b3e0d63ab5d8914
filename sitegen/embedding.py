"""What the embedding/ page shows (templates/embedding.md.j2, decisions/0013): the snippet a host
copies, and the parameters the embed takes. The host's script is templates/embed-host.js, one
file, shown in the snippet as it is; the site's own address is not known when the site is built
(any host, any base path), so it is a placeholder that assets/embedding.js fills in as the page
is read."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from calculator.policy import LANGS, Policy, Text

ROOT = Path(__file__).resolve().parent.parent
HOST_SCRIPT = ROOT / "templates" / "embed-host.js"
PLACEHOLDER = "ADDRESS-OF-THIS-SITE/"  # replaced in the browser by the site's own address
EXAMPLE = "#award=4.1&investment=5000万"


def snippet(lang: str, title: str) -> str:
    """The snippet as HTML for a <pre><code>: escaped, the site's address in a span that
    assets/embedding.js fills in."""
    path = "embed/" if lang == "zh" else "en/embed/"
    address = f'<span data-embed-address="{path}">{PLACEHOLDER}{path}</span>'
    frame = (
        f'&lt;iframe src="{address}{html.escape(EXAMPLE)}" title="{html.escape(title)}"\n'
        '        data-sz-sep-embed style="width: 100%; height: 900px; border: 0"&gt;&lt;/iframe&gt;'
    )
    script = html.escape(HOST_SCRIPT.read_text(encoding="utf-8"))
    return f"{frame}\n&lt;script&gt;\n{script}&lt;/script&gt;"


def inputs(policy: Policy) -> list[dict[str, Any]]:
    """Every input an award may take in the fragment: its name, kind, label, and the awards
    that ask for it."""
    asked: dict[str, list[str]] = {}
    for award in policy.awards.values():
        for name in award.rule.input_names():
            asked.setdefault(name, []).append(award.id)
    return [
        {
            "name": name,
            "type": str(entry["type"]),
            "label": Text.of(entry["label"]),
            "awards": asked[name],
        }
        for name, entry in policy.inputs.items()
        if name in asked
    ]


def context(policy: Policy, strings: dict[str, Text]) -> dict[str, Any]:
    title = strings["calculator"]
    return {
        "snippets": {lang: snippet(lang, title(lang)) for lang in LANGS},
        "embed_inputs": inputs(policy),
        "example": EXAMPLE,
    }


def wheel_name() -> str:
    """The calculator's wheel as build.py names it (pyproject.toml), served under
    assets/pyodide/."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return f"{project['name'].replace('-', '_')}-{project['version']}-py3-none-any.whl"
