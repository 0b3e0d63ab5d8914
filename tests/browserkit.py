"""Helpers for the browser tests (Debian's chromium through Playwright); the fixtures that use
them (origin, browser, page) are in conftest.py."""

from __future__ import annotations

from urllib.parse import urlencode

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


class ColdBrowser:
    """The browser with the site's service worker blocked in every context it opens, unless a
    test asks for it (service_workers="allow"): each test starts cold, as a first visit, and
    nothing one test's worker keeps can answer another's requests (decisions/0011)."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("service_workers", "block")
        return self._browser.new_context(**options)

    def new_page(self, **options):
        options.setdefault("service_workers", "block")
        return self._browser.new_page(**options)

    def __getattr__(self, name):
        return getattr(self._browser, name)


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


def cold_transfer(
    browser, origin: str, path: str, site, ready: str | None = None
) -> dict[str, int]:
    """What a first visit to `path` fetches, in a fresh context (empty cache), until the network
    is idle (and, with `ready`, a selector, until the page shows it: a worker's downloads can
    pause longer than "idle" waits for): each file's bytes as a static host sends it with gzip,
    i.e. its precompressed NAME.gz when build.py wrote one (sitegen/precompress.py), else the
    file as it is (a response with no file behind it, such as a 404, counts as its body)."""
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(origin + path)
    page.wait_for_load_state("networkidle")
    if ready:
        page.locator(ready).wait_for(timeout=ENGINE_TIMEOUT)
    sizes = {}
    for response in responses:
        url = urlparse(response.url).path
        local = Path(site) / unquote(url).lstrip("/")
        if local.is_dir():
            local = local / "index.html"
        gz = local.with_name(local.name + ".gz")
        if response.ok and local.is_file():
            sizes[url] = (gz if gz.exists() else local).stat().st_size
        else:
            sizes[url] = len(response.body())
    context.close()
    return sizes


def engine(award: str, inputs: dict, lang: str = "zh") -> dict:
    """What the calculator's Python gives for these inputs on the live data the site is built
    from: the browser tests hold the page to it, never to hard-coded figures, so that a data edit
    moves none of them (the figures themselves are pinned by tests/cases/awards.yaml)."""
    from calculator import estimate_award

    return estimate_award(award, inputs, lang)


def engine_attrs(award: str, inputs: dict) -> dict:
    """engine()'s answer as #result carries it (data-amount, data-eligible, data-bound)."""
    r = engine(award, inputs)
    return {
        "amount": "" if r["amount"] is None else r["amount"],
        "eligible": str(r["eligible"]).lower(),
        "bound": r["bound"],
    }


def sheet_fragment(entries: list[dict]) -> str:
    """The fragment of a sheet's share link (e1=award&e1.name=value…), as sheet.js writes it."""
    params = {}
    for i, entry in enumerate(entries, start=1):
        params[f"e{i}"] = entry["award"]
        if entry.get("project"):
            params[f"e{i}.project"] = entry["project"]
        for name, value in entry["inputs"].items():
            params[f"e{i}.{name}"] = value
    return urlencode(params)
