"""Debian's chromium through Playwright (the launch recipe of tests/browserkit.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from drivers import WAIT_S, Tab


class ChromiumTab(Tab):
    engine = "chromium"
    transient = (PlaywrightError,)

    def __init__(self, browser: Browser):
        # Service workers allowed: this context is new, so nothing is kept from another test.
        self._context = browser.new_context(service_workers="allow", accept_downloads=True)
        self._page = self._context.new_page()
        self._page.set_default_timeout(WAIT_S * 1000)
        self.version = browser.version

    def goto(self, url: str) -> None:
        self._page.goto(url, wait_until="load")

    def reload(self) -> None:
        self._page.reload(wait_until="load")

    def js(self, function: str, *args: Any) -> Any:
        return self._page.evaluate(f"(args) => ({function})(...args)", list(args))

    def click(self, selector: str) -> None:
        self._page.click(selector)

    def type(self, selector: str, text: str) -> None:
        self._page.focus(selector)
        self._page.keyboard.type(text)  # a character with no key (万) comes as an IME's text

    def resize(self, width: int, height: int) -> None:
        self._page.set_viewport_size({"width": width, "height": height})

    def screenshot(self, path: Path) -> None:
        self._page.screenshot(path=path, full_page=True)

    def download(self, selector: str) -> tuple[str, bytes]:
        with self._page.expect_download() as download:
            self.click(selector)
        return download.value.suggested_filename, Path(download.value.path()).read_bytes()

    def close(self) -> None:
        self._context.close()
