#!/usr/bin/env python3
"""Look at the tool pages in each browser engine (tests/drivers: Chromium, Firefox ESR,
WebKitGTK): the calculator with a result and the sheet with entries, in both languages, on a
phone (390 px) and a desktop (1280 px). Output in artifacts/engines/ (not committed).

    .venv/bin/python scripts/engine_screenshots.py [ENGINE ...]   (after python build.py)
"""

from __future__ import annotations

import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from drivers import ENGINES, Tab  # noqa: E402
from siteserver import serve  # noqa: E402

PAGES = {
    "calculator": ("calculator/#award=4.1&investment=5000万", "result", "bound"),
    "sheet": (
        "sheet/#e1=4.1&e1.project=A&e1.investment=5000万&e2=5.2&e2.cop=5.1"
        "&e2.investment=1000万&e3=23.2&e3.operating_costs=1000万%0A3000万&e4=19.1",
        "sheet",
        "upper",
    ),
}
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


def open_tab(engine: str, stack: ExitStack, folder: Path) -> Tab:
    if engine == "chromium":
        from playwright.sync_api import sync_playwright

        from browserkit import ARGS, CHROMIUM
        from drivers.chromium import ChromiumTab

        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        stack.callback(browser.close)
        return stack.enter_context(ChromiumTab(browser))
    if engine == "firefox":
        from drivers.firefox import FirefoxTab

        return stack.enter_context(FirefoxTab(folder))
    from drivers.webkit import WebKitTab, virtual_display

    return stack.enter_context(WebKitTab(folder, stack.enter_context(virtual_display())))


def main() -> None:
    out = ROOT / "artifacts" / "engines"
    out.mkdir(parents=True, exist_ok=True)
    with serve(ROOT / "site") as origin:
        for engine in sys.argv[1:] or ENGINES:
            with ExitStack() as stack, tempfile.TemporaryDirectory() as folder:
                tab = open_tab(engine, stack, Path(folder))
                print(tab.version)
                for size, (width, height) in SIZES.items():
                    for name, (path, element, key) in PAGES.items():
                        for prefix in ("", "en/"):
                            tab.resize(width, height)
                            tab.goto(f"{origin}/{prefix}{path}")
                            tab.data(element, key)
                            over = tab.js("() => document.documentElement.scrollWidth - innerWidth")
                            lang = prefix.strip("/") or "zh"
                            shot = out / f"{engine}-{name}-{lang}-{size}.png"
                            tab.screenshot(shot)
                            print(shot, f"(wider than the window by {over} px)" if over > 0 else "")


if __name__ == "__main__":
    main()
