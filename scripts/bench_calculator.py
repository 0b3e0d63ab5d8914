#!/usr/bin/env python3
"""Time to the first figures on a cold load (the calculator's first estimate; the combined
sheet's total of four entries from a shared link), beside bare Pyodide booting from the same
files.

Both run in one session of Debian's chromium, against the built site served on 127.0.0.1,
each round in a fresh browser context (empty cache), alternating so that machine noise hits
both alike. Compare the ratio, not the absolute times.

    .venv/bin/python scripts/bench_calculator.py [--rounds N]     (after python build.py)
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from browserkit import ARGS, CHROMIUM  # noqa: E402
from siteserver import serve  # noqa: E402

from benchstart import wait_for  # noqa: E402  (polled from outside: the CSP forbids eval)

import benchstart  # noqa: E402

DEEP_LINK = "/calculator/#award=4.1&investment=50000000"
# A shared link to a sheet of four entries, opened in a fresh browser: each entry is read and
# the sheet is asked on load.
FINDER_LINK = (
    "/sheet/#e1=4.1&e1.investment=50000000&e2=5.2&e2.cop=5.2&e2.investment=10000000&e3=3.1&e4=19.1"
)

# Bare Pyodide: the npm runtime as shipped (the site's standard library is reduced and compiled,
# decisions/0011), no package, no page around it; see scripts/benchstart.py.
BARE = benchstart.BARE.replace(b"window.__done", b"window.__booted")

# Records when the page first shows its figures, in the page's own clock (ms since navigation):
# #result's estimate on the calculator, the total on the sheet page.
WATCH = """
new MutationObserver((_, observer) => {
  const r = document.querySelector('#result[data-bound], #sheet[data-upper]');
  if (r) { window.__result = performance.now(); observer.disconnect(); }
}).observe(document, { subtree: true, attributes: true, childList: true });
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    bare_ms: list[float] = []
    calc_ms: list[float] = []
    finder_ms: list[float] = []
    with (
        benchstart.bench_root(ROOT / "site") as root,
        serve(root, extra={"/_bench/bare.html": BARE}) as origin,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(args.rounds):
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            page.goto(origin + "/_bench/bare.html")
            bare_ms.append(wait_for(page, "window.__booted"))
            context.close()

            context = browser.new_context(service_workers="block")
            context.add_init_script(WATCH)
            page = context.new_page()
            page.goto(origin + DEEP_LINK)
            calc_ms.append(wait_for(page, "window.__result"))
            assert page.locator("#result").get_attribute("data-amount") == "10000000.00"
            context.close()

            context = browser.new_context(service_workers="block")
            context.add_init_script(WATCH)
            page = context.new_page()
            page.goto(origin + FINDER_LINK)
            finder_ms.append(wait_for(page, "window.__result"))
            assert (
                page.locator("#sheet").get_attribute("data-upper") == "14000000.00"
            )  # 10,000,000 + 3,000,000 + 1,000,000
            context.close()
        browser.close()
    print(
        f"{'round':>6}  {'bare Pyodide boot':>18}  {'calculator result':>18}  {'ratio':>6}"
        f"  {'sheet, 4 entries':>16}  {'ratio':>6}"
    )
    rows = list(zip(bare_ms, calc_ms, finder_ms))
    medians = tuple(statistics.median(column) for column in zip(*rows))
    for label, (b, c, f) in [
        *((str(i), r) for i, r in enumerate(rows, start=1)),
        ("median", medians),
    ]:
        print(
            f"{label:>6}  {b:>15.0f} ms  {c:>15.0f} ms  {c / b:>6.2f}  {f:>12.0f} ms  {f / b:>6.2f}"
        )


if __name__ == "__main__":
    main()
