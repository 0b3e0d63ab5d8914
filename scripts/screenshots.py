#!/usr/bin/env python3
"""Look at the site as a person would: screenshots (desktop and phone, both languages), the
search dialog with results, the tool pages with answers, and a measure page, a result and a
sheet printed to PDF. Output in artifacts/ (not committed).

    .venv/bin/python scripts/screenshots.py [PAGE ...]   (after python build.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from browserkit import ARGS, CHROMIUM  # noqa: E402
from siteserver import serve  # noqa: E402

FINDER = "finder/#roles=maker&domains=energy_saving&organisation=enterprise&legal_person=yes"
SHEET = (
    "sheet/#e1=4.1&e1.project=A&e1.investment=5000万&e2=5.2&e2.project=A&e2.cop=5.1"
    "&e2.investment=1000万&e3=23.2&e3.operating_costs=1000万%0A3000万&e4=19.1"
)
PAGES = [
    "",
    "en/",
    "measures/04/",
    "en/measures/04/",
    "awards/",
    "chapters/09/",
    "calculator/#award=4.1&investment=5000",
    "en/calculator/#award=23.2&operating_costs=1000万%0A3000万",
    FINDER,
    "en/" + FINDER,
    SHEET,
    "en/" + SHEET,
    "changes/",
    "en/changes/",
    "measures/01/",
]
# What each tool page sets once the engine has answered.
READY = {
    "calculator": "#result[data-bound]",
    "finder": "#finder[data-fit]",
    "sheet": "#sheet[data-upper]",
}
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
SEARCHES = {"": "碳足迹", "en/": "carbon footprint"}  # the search dialog with its results


def main() -> None:
    out = ROOT / "artifacts"
    out.mkdir(exist_ok=True)
    pages = sys.argv[1:] or PAGES
    with serve(ROOT / "site") as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size, (w, h) in SIZES.items():
            page = browser.new_page(viewport={"width": w, "height": h})
            for path in pages:
                page.goto(f"{origin}/{path}")
                for tool, ready in READY.items():
                    if tool in path:
                        page.locator(ready).wait_for(timeout=120_000)
                name = (path.split("#")[0].strip("/").replace("/", "-") or "home") + f"-{size}.png"
                page.screenshot(path=out / name, full_page=True)
                print(out / name)
            for lang, query in SEARCHES.items():
                page.goto(f"{origin}/{lang}measures/04/")
                page.keyboard.press("s")
                page.locator("input.md-search__input").fill(query)
                page.locator(f"[data-md-component=search-result][data-query='{query}']").wait_for()
                page.wait_for_timeout(400)  # the theme's opening transition
                name = f"search-{lang.strip('/') or 'zh'}-{size}.png"
                page.screenshot(path=out / name)
                print(out / name)
            page.close()
        page = browser.new_page()
        page.goto(f"{origin}/measures/04/")
        page.pdf(path=out / "measure-04.pdf", format="A4")
        page.goto(f"{origin}/calculator/#award=4.1&investment=50000000")
        page.locator("#result[data-bound]").wait_for(timeout=120_000)
        page.pdf(path=out / "calculator-4.1.pdf", format="A4")
        page.goto(f"{origin}/{SHEET}")
        page.locator(READY["sheet"]).wait_for(timeout=120_000)
        page.pdf(path=out / "sheet.pdf", prefer_css_page_size=True)
        print(out / "measure-04.pdf")
        browser.close()


if __name__ == "__main__":
    main()
