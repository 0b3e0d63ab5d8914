"""The site's service worker (overrides/sw.js, decisions/0011), in Chromium, against the built
site served under a base path (/proj/, as a GitHub Pages project site) by a host that sends
gzip and `Cache-Control: no-cache`:

- after one visit to the calculator, the calculator, the finder and the sheet work offline, in
  both languages, started from the memory snapshot;
- a new build replaces the old cache whole: a server that mixes two builds' files is refused,
  the old build stays in use, and once the server holds the new build entire it takes over and
  the old cache is gone; every kept file is the new build's;
- the worker of `build.py serve` (sw.js without a manifest) removes the caches and itself;
- issue 20, item 5: the snapshot is restored only from this build's cache and only if its bytes
  have the build's sha-256 (another site on a shared origin can write into its caches); a kept
  file whose bytes changed is never served; a page of a newer build, fetched while the old
  worker is in charge, runs with the newer build's styles, never the old ones.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browserkit import ENGINE_TIMEOUT, data_attr, engine, engine_attrs, result_of
from siteserver import Host, serve
from sitegen.offline import write_service_worker
from scratch import wait_until

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
BASE = "/proj"
MARK = "\n// build B\n"
CSS_MARK = "\n/* build B */\n"
# The estimates the tests ask for, as the live engine gives them (never hard-coded figures).
FOUR_ONE_IN = {"investment": "50000000"}
FOUR_ONE = engine_attrs("4.1", FOUR_ONE_IN)
FIVE_TWO = {"cop": "5.2", "investment": "10000000"}


def _copy(site: Path, target: Path) -> Path:
    """The built site at target/proj/, hard-linked: files changed later are replaced, never
    written through."""
    shutil.copytree(site, target / BASE.strip("/"), copy_function=os.link)
    return target / BASE.strip("/")


def _replace(path: Path, text: str) -> None:
    """A new file in path's place, without the precompressed copies of the old one."""
    for old in (path, path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")):
        old.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def builds(built_site, tmp_path_factory):
    """A: the build. B: A with an edited asset and its own manifest. M: B's worker beside A's
    asset (a host caught mid-deploy). DEV: A with the worker as `build.py serve` serves it."""
    tmp = tmp_path_factory.mktemp("builds")
    a = _copy(built_site, tmp / "a")
    b = _copy(built_site, tmp / "b")
    engine_js = (a / "assets" / "engine.js").read_text(encoding="utf-8")
    _replace(b / "assets" / "engine.js", engine_js + MARK)
    site_css = (a / "assets" / "site.css").read_text(encoding="utf-8")
    _replace(b / "assets" / "site.css", site_css + CSS_MARK)
    page_07 = (a / "measures" / "07" / "index.html").read_text(encoding="utf-8")
    _replace(b / "measures" / "07" / "index.html", page_07 + "<!-- build B -->\n")
    source = (ROOT / "overrides" / "sw.js").read_text(encoding="utf-8")
    _replace(b / "sw.js", source)
    write_service_worker(b)
    m = _copy(b, tmp / "m")
    _replace(m / "assets" / "engine.js", engine_js)
    # N: B's files behind A's worker (a host or CDN that still hands out the old sw.js).
    n = _copy(b, tmp / "n")
    _replace(n / "sw.js", (a / "sw.js").read_text(encoding="utf-8"))
    dev = _copy(built_site, tmp / "dev")
    _replace(dev / "sw.js", source)
    # X: a build whose snapshot was made by another build of the runtime (its build id differs).
    x = _copy(built_site, tmp / "x")
    snapshot = bytearray((a / "assets" / "pyodide" / "snapshot.bin").read_bytes())
    snapshot[16:48] = bytes(range(32))  # the header's 256-bit build id
    for old in ("", ".gz", ".br"):
        (x / "assets" / "pyodide" / f"snapshot.bin{old}").unlink(missing_ok=True)
    (x / "assets" / "pyodide" / "snapshot.bin").write_bytes(snapshot)
    # The worker fetches the snapshot as its .gz copy (sitegen/offline.py, "packed").
    (x / "assets" / "pyodide" / "snapshot.bin.gz").write_bytes(gzip.compress(snapshot, 1))
    _replace(x / "sw.js", source)
    write_service_worker(x)
    return {
        "A": a.parent,
        "B": b.parent,
        "M": m.parent,
        "N": n.parent,
        "DEV": dev.parent,
        "X": x.parent,
        "b_site": b,
        "x_site": x,
    }


@pytest.fixture
def host(builds):
    host = Host(gzip=True, cache_control="no-cache")
    host.seen = []
    with serve(builds["A"], host=host, seen=host.seen) as origin:
        yield origin, host


@pytest.fixture
def context(browser, host):
    origin, _ = host
    context = browser.new_context(service_workers="allow")
    foreign: list[str] = []

    def watch(request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https") and url.netloc != urlparse(origin).netloc:
            foreign.append(request.url)

    context.on("request", watch)
    yield context
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


CACHES = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = {};
    for (const request of await cache.keys()) {
      const body = await (await cache.match(request)).arrayBuffer();
      const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
      out[name][new URL(request.url).pathname] = Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
    }
  }
  return out;
}"""


# Asks for the newest sw.js and waits for the worker it brings to end its install.
INSTALL_OUTCOME = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  await registration.update().catch(() => null);
  const worker = registration.installing || registration.waiting;
  if (!worker) return "no new worker";
  return await new Promise((done) => {
    const check = () => { if (worker.state !== "installing") done(worker.state); };
    worker.addEventListener("statechange", check);
    check();
  });
}"""


def caches_of(page) -> dict[str, dict[str, str]]:
    return page.evaluate(CACHES)


def kept_whole(page, site: Path) -> str:
    """Waits until the page is controlled and one cache holds the build's precache list;
    returns the cache's name."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    version = text.split('"version":"')[1].split('"')[0]

    def done():
        if not page.evaluate("() => Boolean(navigator.serviceWorker.controller)"):
            return None
        for name, files in caches_of(page).items():
            if name.endswith(version) and f"{BASE}/assets/pyodide/snapshot.bin" in files:
                return name
        return None

    return wait_until(done, f"build {version} kept whole")


def engine_started_from(page) -> str:
    return page.locator(".calc-status.calc-ready").get_attribute("data-engine")


def test_after_one_visit_the_tools_work_offline_in_both_languages(context, host, builds):
    origin, server = host
    page = context.new_page()
    page.goto(f"{origin}{BASE}/calculator/#award=4.1&investment=50000000")
    assert result_of(page) == FOUR_ONE
    assert engine_started_from(page) == "runtime", "a first visit boots the runtime"
    kept_whole(page, builds["A"] / BASE.strip("/"))
    # The 31 MB snapshot travels as its .gz copy, whatever the host compresses.
    assert f"{BASE}/assets/pyodide/snapshot.bin.gz" in server.seen
    assert f"{BASE}/assets/pyodide/snapshot.bin" not in server.seen

    # Offline: the browser's own emulation (which does not reach the service worker's requests)
    # and a host that answers nothing.
    context.set_offline(True)
    server.down = True
    asked = len(server.seen)
    page = context.new_page()
    page.goto(f"{origin}{BASE}/calculator/#award=5.2&cop=5.2&investment=10000000")
    assert result_of(page) == engine_attrs("5.2", FIVE_TWO)
    assert engine_started_from(page) == "snapshot"

    page.goto(f"{origin}{BASE}/en/finder/#organisation=enterprise&domains=energy_saving")
    assert "4.1" in data_attr(page, "finder", "fit").split()
    assert engine_started_from(page) == "snapshot"

    page.goto(
        f"{origin}{BASE}/sheet/#e1=4.1&e1.investment=50000000&e2=5.2&e2.cop=5.2&e2.investment=10000000"
    )
    upper = sum(Decimal(engine(*e)["amount"]) for e in (("4.1", FOUR_ONE_IN), ("5.2", FIVE_TWO)))
    assert Decimal(data_attr(page, "sheet", "upper")) == upper
    assert engine_started_from(page) == "snapshot"

    reached = [p for p in server.seen[asked:] if not p.startswith(f"{BASE}/sw.js")]
    assert not reached, f"offline, the tools still asked the host for {reached}"

    # A page never visited is not kept: offline, the worker says so, and where the tools are.
    page.goto(f"{origin}{BASE}/measures/07/")
    assert "此页面未保存在本设备上" in page.locator("#offline").inner_text()
    page.locator("#offline a").first.click()
    page.locator(".calc-status.calc-ready").wait_for(timeout=ENGINE_TIMEOUT)
    assert page.url == f"{origin}{BASE}/calculator/"


def test_a_new_build_replaces_the_old_cache_whole_never_mixed(context, host, builds):
    origin, server = host
    page = context.new_page()
    page.goto(f"{origin}{BASE}/calculator/#award=4.1&investment=50000000")
    result_of(page)
    old = kept_whole(page, builds["A"] / BASE.strip("/"))
    before = caches_of(page)

    # Mid-deploy: B's worker, but A's engine.js. B's install must fail and change nothing.
    server.root[0] = builds["M"]
    page.reload()
    assert result_of(page) == FOUR_ONE

    outcome = page.evaluate(INSTALL_OUTCOME)
    assert outcome == "redundant", outcome
    # Once no install is under way, the old build's cache is all there is, as it was.
    wait_until(
        lambda: page.evaluate(
            "async () => !(await navigator.serviceWorker.getRegistration()).installing"
        )
        and list(caches_of(page)) == [old],
        "the mixed build's cache removed",
    )
    assert caches_of(page) == before, "a mixed build changed the cache"

    # The whole of B: it installs, takes over, and A's cache goes.
    server.root[0] = builds["B"]
    page.reload()
    result_of(page)
    new = kept_whole(page, builds["b_site"])
    assert new != old
    wait_until(lambda: list(caches_of(page)) == [new], "the old build's cache deleted")

    page.reload()
    assert result_of(page) == FOUR_ONE
    served = page.evaluate("async () => (await fetch('../assets/engine.js')).text()")
    assert served.endswith(MARK), "the page still runs the old build's engine.js"
    for path, digest in caches_of(page)[new].items():
        file = builds["B"] / path.lstrip("/")
        if file.is_dir() or path.endswith("/"):
            file = file / "index.html"
        assert hashlib.sha256(file.read_bytes()).hexdigest() == digest, f"{path} is not B's"


def test_a_snapshot_of_another_runtime_build_falls_back_to_a_normal_start(context, host, builds):
    origin, server = host
    server.root[0] = builds["X"]
    page = context.new_page()
    page.goto(f"{origin}{BASE}/calculator/#award=4.1&investment=50000000")
    result_of(page)
    kept_whole(page, builds["x_site"])
    page = context.new_page()
    page.goto(f"{origin}{BASE}/en/calculator/#award=4.1&investment=50000000")
    assert result_of(page) == FOUR_ONE
    assert engine_started_from(page) == "runtime"
    assert not page.locator(".calc-failed").count(), "a fallback that worked is no failure"


def test_the_worker_of_build_py_serve_removes_itself_and_the_caches(context, host, builds):
    origin, server = host
    page = context.new_page()
    page.goto(f"{origin}{BASE}/calculator/#award=4.1&investment=50000000")
    result_of(page)
    kept_whole(page, builds["A"] / BASE.strip("/"))

    server.root[0] = builds["DEV"]
    page.evaluate(
        "async () => (await navigator.serviceWorker.getRegistration()).update().catch(() => null)"
    )
    wait_until(
        lambda: page.evaluate(
            "async () => !(await navigator.serviceWorker.getRegistration()) && !(await caches.keys()).length"
        ),
        "the worker unregistered and the caches removed",
    )
    page.goto(f"{origin}{BASE}/calculator/#award=4.1&investment=50000000")
    assert result_of(page) == FOUR_ONE
    assert engine_started_from(page) == "runtime"


SNAPSHOT_PATH = f"{BASE}/assets/pyodide/snapshot.bin"
# The build's snapshot as the host has it, put into a cache; `flip`: its last byte changed (in
# the zeroed end of the runtime's memory: such a snapshot still restores).
PLANT = """async ([name, url, flip]) => {
  const planted = new Uint8Array(await (await fetch(url, { cache: "no-store" })).arrayBuffer());
  if (flip) planted[planted.length - 1] ^= 1;
  await (await caches.open(name)).put(url, new Response(planted));
}"""


def snapshot_bytes(builds) -> bytes:
    return (builds["A"] / SNAPSHOT_PATH.lstrip("/")).read_bytes()


def test_snapshot_in_another_sites_cache_is_never_restored(context, host, builds):
    """The build's own snapshot, planted in a cache that is not this build's (as another site
    on the origin could), before the first visit: the engine boots the runtime."""
    origin, _ = host
    page = context.new_page()
    page.goto(f"{origin}{BASE}/measures/07/")
    page.evaluate(PLANT, ["another-site", f"{origin}{SNAPSHOT_PATH}", False])
    page.goto(f"{origin}{BASE}/calculator/#award=4.1&investment=50000000")
    assert result_of(page) == FOUR_ONE
    assert engine_started_from(page) == "runtime"


def test_snapshot_whose_bytes_are_not_the_builds_is_never_restored(context, host, builds):
    """This build's cache, its snapshot entry replaced by other bytes (one byte of the snapshot
    changed: it would still restore): the engine boots the runtime, and the answer is right."""
    origin, _ = host
    page = context.new_page()
    page.goto(f"{origin}{BASE}/calculator/#award=4.1&investment=50000000")
    result_of(page)
    name = kept_whole(page, builds["A"] / BASE.strip("/"))
    page.evaluate(PLANT, [name, f"{origin}{SNAPSHOT_PATH}", True])
    planted = caches_of(page)[name][SNAPSHOT_PATH]
    assert planted != hashlib.sha256(snapshot_bytes(builds)).hexdigest()
    page = context.new_page()
    page.goto(f"{origin}{BASE}/en/calculator/#award=4.1&investment=50000000")
    assert result_of(page) == FOUR_ONE
    assert engine_started_from(page) == "runtime"


def test_a_kept_file_whose_bytes_changed_is_not_served(context, host, builds):
    origin, _ = host
    page = context.new_page()
    page.goto(f"{origin}{BASE}/calculator/#award=4.1&investment=50000000")
    result_of(page)
    name = kept_whole(page, builds["A"] / BASE.strip("/"))
    css = f"{origin}{BASE}/assets/site.css"
    page.evaluate(
        "async ([name, url]) => (await caches.open(name)).put(url, new Response('body{display:none}'))",
        [name, css],
    )
    served = page.evaluate("async (url) => (await fetch(url)).text()", css)
    assert served == (builds["A"] / BASE.strip("/") / "assets" / "site.css").read_text("utf-8")


def test_a_newer_builds_page_never_gets_the_old_builds_styles(context, host, builds):
    """A's worker keeps A; the host now serves B (its sw.js still A's, so A's worker stays in
    charge). A page A never kept, changed in B, comes from the host: its styles must be B's too.
    (A page the same in both builds may run with either build's styles, as long as they are one
    build's.)"""
    origin, server = host
    page = context.new_page()
    page.goto(f"{origin}{BASE}/calculator/#award=4.1&investment=50000000")
    result_of(page)
    kept_whole(page, builds["A"] / BASE.strip("/"))
    server.root[0] = builds["N"]
    page.goto(f"{origin}{BASE}/measures/07/")
    assert page.evaluate("() => Boolean(navigator.serviceWorker.controller)")
    styles = page.evaluate(
        "async () => (await fetch(document.querySelector('link[href$=\"site.css\"]').href)).text()"
    )
    assert styles.endswith(CSS_MARK), "a page of build B was given build A's site.css"
