#!/usr/bin/env python3
"""Top-1 and top-3 hit rates of the site's search on the query set (tests/cases/search.yaml),
typed into the real search box of a built site in Chromium (tests/searchkit.py).

    .venv/bin/python scripts/search_eval.py [--site DIR] [--misses]    (after python build.py)

Used to choose the engine (decisions/0008-search.md): build each candidate's site, run this on
each, compare."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from browserkit import ARGS, CHROMIUM  # noqa: E402
from searchkit import cases, run  # noqa: E402
from siteserver import serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--lang", choices=("zh", "en"), help="one language only")
    parser.add_argument("--misses", action="store_true", help="list the queries missed in top 3")
    args = parser.parse_args()
    with serve(args.site) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for lang, queries in cases().items():
            if args.lang and lang != args.lang:
                continue
            page = browser.new_context().new_page()
            score = run(page, origin, lang, queries)
            print(score.line(), flush=True)
            if args.misses:
                for miss in score.misses:
                    print("   miss:", miss)
            page.context.close()
        browser.close()


if __name__ == "__main__":
    main()
