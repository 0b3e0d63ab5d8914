"""Helpers for the browser tests (Debian's chromium through Playwright); the fixtures that use
them (origin, browser, page) are in conftest.py."""

from __future__ import annotations

from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
# As root in a container, and with Chromium's own background traffic switched off.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ENGINE_TIMEOUT = 120_000  # ms: a cold Pyodide boot on a loaded 2-core machine


def result_of(page: Page) -> dict:
    """The figures #result carries once an estimate is shown."""
    result = page.locator("#result[data-bound]")
    result.wait_for(timeout=ENGINE_TIMEOUT)
    return {k: result.get_attribute(f"data-{k}") for k in ("amount", "eligible", "bound")}


def data_attr(page: Page, element_id: str, attribute: str) -> str:
    """A data- attribute of #element_id, once set: the finder and the sheet set theirs only when
    the engine has answered the current state (and drop them as soon as it changes). Polled, as
    the pages' CSP forbids the string eval that wait_for_function uses."""
    import time

    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + ENGINE_TIMEOUT / 1000
    while time.monotonic() < deadline:
        try:
            value = page.evaluate(
                "([id, key]) => document.getElementById(id)?.dataset[key]", [element_id, attribute]
            )
        except PlaywrightError:  # the page is still navigating
            value = None
        if value is not None:
            return value
        time.sleep(0.1)
    raise AssertionError(f"#{element_id} never got data-{attribute}")
