"""One small interface to drive the site in three browser engines, each from Debian's packages:
Chromium (Playwright), Firefox ESR (npm's puppeteer-core over WebDriver BiDi) and WebKitGTK
(Selenium through WebKitWebDriver, MiniBrowser on a virtual X display). tests/test_engines.py
runs the same flows through it in each; see decisions/0016.

A Tab is one browser with a fresh profile (nothing kept from another test: no cache, no storage,
no service worker) and one page in it. What a person does goes through the engine's own input
(a click, keys typed); what the test reads is asked of the page in JavaScript.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from browserkit import ENGINE_TIMEOUT

ENGINES = ("chromium", "firefox", "webkit")
WAIT_S = ENGINE_TIMEOUT / 1000  # a cold Pyodide boot on a loaded 2-core machine


class Tab(ABC):
    engine: str  # "chromium", "firefox" or "webkit"
    version: str  # the browser's own word for its version
    downloads: Path | None = None  # where the engine saves a download, if it saves to a folder
    transient: tuple[type[Exception], ...] = ()  # what a question asked mid-navigation may raise

    @abstractmethod
    def goto(self, url: str) -> None:
        """Open url and wait for its load event."""

    @abstractmethod
    def reload(self) -> None: ...

    @abstractmethod
    def js(self, function: str, *args: Any) -> Any:
        """Call a JavaScript function (its source, e.g. "(id) => ...") in the page with args
        (JSON values); a promise is awaited. Returns its value as JSON gives it."""

    @abstractmethod
    def click(self, selector: str) -> None:
        """Click the element as a person does (the engine's own pointer input)."""

    @abstractmethod
    def type(self, selector: str, text: str) -> None:
        """Focus the field and type text into it, key by key as the engine's input sends it."""

    @abstractmethod
    def resize(self, width: int, height: int) -> None:
        """Make the page's viewport width × height CSS pixels."""

    @abstractmethod
    def screenshot(self, path: Path) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    # ---- built on the above, the same in every engine -----------------------------------------

    def wait(self, function: str, *args: Any, what: str, timeout: float = WAIT_S) -> Any:
        """Poll function until it returns a truthy value; that value. (Polled from outside:
        the site's CSP forbids the string eval that in-page waiting would use.)"""
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            try:
                value = self.js(function, *args)
            except self.transient as error:  # the page is navigating
                value, last = None, error
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"{self.engine}: never {what} (last error: {last})")

    def data(self, element_id: str, key: str, timeout: float = WAIT_S) -> str:
        """data-KEY of #element_id once the page sets it (the tool pages set theirs only when
        the engine has answered what is shown)."""
        return self.wait(
            "(id, key) => document.getElementById(id)?.dataset[key] ?? null",
            element_id,
            key,
            what=f"#{element_id}[data-{key}]",
            timeout=timeout,
        )

    def text(self, selector: str) -> str | None:
        return self.js("(s) => document.querySelector(s)?.innerText ?? null", selector)

    def value(self, selector: str) -> str | None:
        return self.js("(s) => document.querySelector(s)?.value ?? null", selector)

    def download(self, selector: str) -> tuple[str, bytes]:
        """Click selector and return the file the engine saves: its name and bytes."""
        assert self.downloads is not None
        before = set(self.downloads.iterdir())
        self.click(selector)
        deadline = time.monotonic() + WAIT_S
        sizes: dict[Path, int] = {}
        while time.monotonic() < deadline:
            for path in set(self.downloads.iterdir()) - before:
                if path.suffix in (".part", ".wkdownload") or path.name.startswith("."):
                    continue  # still being written
                size = path.stat().st_size
                if size and sizes.get(path) == size:  # written and unchanged since last look
                    return path.name, path.read_bytes()
                sizes[path] = size
            time.sleep(0.2)
        raise AssertionError(f"{self.engine}: no download from {selector} in {self.downloads}")

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
