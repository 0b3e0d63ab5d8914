"""What this process prepared for MkDocs (decisions/0018): build.py prepares once and runs
MkDocs in the same process; the hooks (sitegen/mkdocs_hooks.py) serve what was prepared.

Under `build.py serve` each rebuild after the first prepares again, once, before its first
language is configured. If measures.yaml then does not pass, `prepared.problems` holds the
check's messages, every page served is the page that lists them (`problems_page`), and the last
policy that passed keeps the navigation; a save that fixes the file rebuilds the site and the
page reloads itself.
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass

from calculator.policy import Policy

from . import gitlog, pipeline
from .render import load_strings


@dataclass
class Session:
    prepared: pipeline.Prepared | None = None  # the last preparation
    good: Policy | None = None  # the last policy that passed the check
    log: gitlog.History | None = None  # the git history read with it
    serving: bool = False  # under `build.py serve`: rebuilds prepare again
    stale: bool = False  # the next build must prepare again (a rebuild of serve)

    def took(self, prepared: pipeline.Prepared) -> None:
        self.prepared, self.stale = prepared, False
        if prepared.policy is not None:
            self.good, self.log = prepared.policy, prepared.log

    @property
    def problems(self) -> list:
        return self.prepared.problems if self.prepared else []


SESSION = Session()
WAITING = "build.py serve: every page shows these problems until measures.yaml is fixed"


def prepare_again() -> None:
    """A rebuild of serve: prepare, and say in the terminal, once, what keeps the pages."""
    SESSION.took(pipeline.prepare())
    for problem in SESSION.problems:
        print(problem.format("measures.yaml"), file=sys.stderr)
    if SESSION.problems:
        print(WAITING, file=sys.stderr)


def problems_page(lang: str) -> str:
    """The page served in place of every page while measures.yaml does not pass: the check's
    FILE:LINE messages, escaped, in the language of the page asked for. The server adds its
    live-reload script, so the page reloads itself when a save fixes the file."""
    t = {key: text(lang) for key, text in load_strings().items()}
    problems = SESSION.problems
    title = t["serve_problems"].replace("{count}", str(len(problems)))
    items = "\n".join(
        f"<li><code>{html.escape(p.format('measures.yaml'))}</code></li>" for p in problems
    )
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; }}
h1 {{ font-size: 1.3rem; color: #a00000; }}
li {{ margin: .5rem 0; }}
code {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<main id="serve-problems">
<h1>{html.escape(title)}</h1>
<p>{html.escape(t["serve_problems_hint"])}</p>
<ol>
{items}
</ol>
</main>
</body>
</html>
"""
