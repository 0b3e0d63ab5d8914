"""The embeddable calculator (embed/, en/embed/; decisions/0013), as another site embeds it: the
built site on one port, a host page on another (another origin) made of the very snippet the
embedding/ page gives, in Chromium. The estimate appears inside the frame and is the live
engine's; the frame's height follows the result; the parent hears the height and nothing else;
no request leaves the two servers; axe finds no serious violation."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from browserkit import ENGINE_TIMEOUT, engine, engine_attrs
from siteserver import serve
from test_quality import AXE, AXE_TAGS

FRAGMENT = "#award=4.1&investment=50000000"
INPUTS = {"investment": "50000000"}


def snippet(page, origin: str, lang: str) -> str:
    """The code the embedding/ page offers, as a reader copies it (its address filled in)."""
    page.goto(f"{origin}/{lang}embedding/")
    code = page.locator("#embed-snippet")
    expect(code).to_contain_text(f"{origin}/{lang}embed/")
    return code.inner_text()


@pytest.fixture
def host(browser, origin):
    """A page on another origin, made of the embedding/ page's snippet; every request of the
    browser watched: none may go beyond the two servers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    hosts: list[str] = []

    def open_host(lang: str, fragment: str = FRAGMENT, width: str | None = None):
        code = snippet(page, origin, lang)
        src = f"{origin}/{lang}embed/"
        start = code.index(src) + len(src)
        code = code[:start] + fragment + code[code.index('"', start) :]
        if width:
            code = code.replace("width: 100%", f"width: {width}")
        body = f"<!doctype html><html lang='en'><title>Host</title><h1>A district's page</h1>{code}"
        body += "<p id='after'>After the calculator.</p>"
        server = serve(Path(tmp), extra={"/host.html": body.encode("utf-8")})
        url = server.__enter__()
        servers.append(server)
        hosts.append(urlparse(url).netloc)
        page.goto(f"{url}/host.html")
        return page

    servers: list = []
    with tempfile.TemporaryDirectory() as tmp:
        yield open_host
        context.close()
        for server in servers:
            server.__exit__(None, None, None)
    allowed = {urlparse(origin).netloc, *hosts}
    foreign = [
        u
        for u in requests
        if urlparse(u).scheme in ("http", "https", "ws", "wss")
        and urlparse(u).netloc not in allowed
    ]
    assert foreign == [], f"requests beyond the two servers: {foreign}"


def frame_height(page) -> float:
    return page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")


def settle(page, differs_from: float | None = None) -> float:
    """The iframe's height once it has stopped changing (and, if given, left a height)."""
    deadline = time.monotonic() + 20
    last, steady = -1.0, 0
    while time.monotonic() < deadline:
        now = frame_height(page)
        steady = steady + 1 if now == last else 0
        last = now
        if steady >= 5 and (differs_from is None or now != differs_from):
            return now
        time.sleep(0.1)
    raise AssertionError(f"the frame's height did not settle (last {last})")


def content_fits(frame) -> bool:
    """Nothing is cut off or scrolls inside the frame."""
    return frame.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
def test_on_another_origin_the_estimate_appears_and_the_frame_fits_it(host, origin, lang):
    page = host(lang)
    page.evaluate("window.heard = []; addEventListener('message', e => heard.push(e.data))")
    frame = page.frame_locator("iframe")
    result = frame.locator("#result[data-bound]")
    result.wait_for(timeout=ENGINE_TIMEOUT)
    said = engine("4.1", INPUTS, "en" if lang else "zh")
    assert {k: result.get_attribute(f"data-{k}") for k in ("amount", "eligible", "bound")} == (
        engine_attrs("4.1", INPUTS)
    )
    expect(frame.locator(".calc-headline")).to_have_text(said["headline"])
    # The draft's status line and the link to the full site are in the frame.
    expect(frame.locator(".draft-banner")).to_be_visible()
    expect(frame.locator("#embed-full")).to_be_visible()
    expect(frame.locator(".calc-versions")).to_contain_text(said["version"]["said"])

    # The frame is as tall as its content, result included: nothing scrolls inside it.
    with_result = settle(page)
    inner = page.frames[1]
    assert urlparse(inner.url).netloc == urlparse(origin).netloc != urlparse(page.url).netloc
    assert content_fits(inner)

    # The result goes as the figure is cleared: the frame follows, shorter; and back again.
    field = frame.locator("#field-investment")
    field.fill("")
    expect(frame.locator("#result")).to_be_hidden()
    without = settle(page, differs_from=with_result)
    assert without < with_result and content_fits(inner)
    field.fill("50000000")
    result.wait_for(timeout=ENGINE_TIMEOUT)
    assert settle(page, differs_from=without) == pytest.approx(with_result, abs=2)

    # What the parent heard: heights, and nothing typed or computed.
    heard = page.evaluate("window.heard")
    assert heard and all(set(m) == {"type", "height"} for m in heard), heard
    assert all(m["type"] == "sz-sep-embed:height" and m["height"] > 0 for m in heard)
    assert "50000000" not in str(heard) and said["amount"] not in str(heard)


@pytest.mark.browser
def test_the_embed_keeps_nothing_and_its_links_open_a_new_tab(browser, origin):
    """A guest on another site's page: no service worker, even where the browser allows one;
    the full-site link carries the estimate and opens in a new tab."""
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    page.goto(f"{origin}/embed/{FRAGMENT}")
    page.locator("#result[data-bound]").wait_for(timeout=ENGINE_TIMEOUT)
    expect(page.locator(".calc-status.calc-ready")).to_be_visible()
    time.sleep(1)  # the calculator page registers its worker at this point
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    expect(page.locator("#add-to-sheet")).to_be_hidden()
    with context.expect_page() as opened:
        page.locator("#embed-full").click()
    full = opened.value
    # A new tab starts at about:blank: wait until it has its address (the load may be slow).
    full.wait_for_url(lambda url: url.startswith(origin), wait_until="commit")
    assert urlparse(full.url).path == "/calculator/"
    assert urlparse(full.url).fragment == FRAGMENT[1:]
    assert page.url.endswith(f"/embed/{FRAGMENT}")  # the frame's page stays where it was
    context.close()


@pytest.mark.browser
def test_the_embed_shows_no_site_navigation_and_no_search(page, origin):
    page.goto(f"{origin}/en/embed/#award=17.2&certificates=2")
    page.locator("#result[data-bound]").wait_for(timeout=ENGINE_TIMEOUT)
    for absent in (".md-header", ".md-sidebar", ".md-search", ".md-tabs"):
        assert page.locator(absent).count() == 0, absent
    expect(page.locator(".embed-footer [data-report-footer]")).to_be_visible()
    scripts = page.eval_on_selector_all("script[src]", "s => s.map(x => x.getAttribute('src'))")
    assert not [s for s in scripts if "search" in s or "bundle" in s]


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["embed/" + FRAGMENT, "embed/#award=4.1&investment=5000", "embedding/"]
)
@pytest.mark.parametrize("lang", ["", "en/"])
def test_no_serious_accessibility_violation_on_the_embed_pages(page, origin, lang, path):
    page.goto(f"{origin}/{lang}{path}")
    if path.startswith("embed/"):
        expect(page.locator(".field-reading:visible").first).to_be_visible(timeout=ENGINE_TIMEOUT)
        page.locator("#result[data-bound]").wait_for(timeout=ENGINE_TIMEOUT)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("tags => axe.run(document, {runOnly: tags})", AXE_TAGS)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_embed_and_the_api_are_not_in_the_search_index(built_site):
    found = [p for p in (built_site / "pagefind").rglob("*") if p.is_file()]
    assert found, "the search index is built"
    for lang in ("", "en/"):
        html = (built_site / lang / "embed" / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" not in html
        assert 'name="site-offline" content="off"' in html
