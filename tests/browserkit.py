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
