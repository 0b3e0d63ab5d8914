"""The site search's index (decisions/0008-search.md): Pagefind's extended build (it segments
Chinese) over the built site, one index per <html lang>, written to <site>/pagefind/. Run by the
MkDocs hook after every build, `build.py serve`'s rebuilds included (it takes well under a
second), so the preview searches as the published site does."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
# Pagefind's ready-made interfaces; the site drives the theme's own search box with
# overrides/assets/search.js and its JavaScript API, so these are not shipped.
PAGEFIND_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class IndexError_(RuntimeError):
    """Pagefind is missing or failed; the message says what to do."""


def build_index(site: Path) -> None:
    if not PAGEFIND.exists():
        raise IndexError_("node_modules/.bin/pagefind is missing: run ./dev.sh (npm ci)")
    run = subprocess.run(
        [str(PAGEFIND), "--site", str(site), "--quiet"], cwd=ROOT, capture_output=True, text=True
    )
    if run.returncode != 0:
        raise IndexError_("pagefind failed:\n" + run.stdout[-2000:] + run.stderr[-2000:])
    for name in PAGEFIND_UNUSED:
        (site / "pagefind" / name).unlink(missing_ok=True)
