"""Start-up figures of the calculator, each beside bare Pyodide measured in the same run
(scripts/bench_site.py prints them; decisions/0011 records them).

The site is served as a static host serves it (tests/siteserver.py Host): NAME.gz sent with
`Content-Encoding: gzip`, ETags, `Cache-Control: max-age=600` (the offline case: `no-cache`).
Bare Pyodide: a page that only calls `loadPyodide` on the npm package's runtime as shipped (the
same pyodide.mjs, pyodide.asm.mjs and pyodide.asm.wasm as the site, with their .gz copies, and
npm's python_stdlib.zip), served by the same server. Times are the page's own clock from
navigation start: bare, until loadPyodide resolves; the calculator, until #result carries the
estimate of `calculator/#award=4.1&investment=50000000`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from siteserver import Host, Link, serve  # noqa: E402

DEEP_LINK = "/calculator/#award=4.1&investment=50000000"
RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")

BARE = b"""<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module">
import { loadPyodide } from "/_bare/pyodide.mjs";
await loadPyodide({ indexURL: "/_bare/" });
window.__done = performance.now();
</script>"""

# What a first visit would take if it fetched the memory snapshot (decisions/0011 chose not to):
# the site's runtime restored from snapshot.bin, downloaded now, until a first estimate.
SNAPSHOT_FIRST = b"""<!doctype html><meta charset="utf-8"><title>snapshot on a first visit</title>
<script type="module">
import { loadPyodide } from "/assets/pyodide/pyodide.mjs";
const snapshot = fetch("/assets/pyodide/snapshot.bin").then((r) => r.arrayBuffer());
const pyodide = await loadPyodide({ indexURL: "/assets/pyodide/", _loadSnapshot: snapshot });
const answer = pyodide.pyimport("calculator.web").page_estimate("4.1", '{"investment": "50000000"}', "zh");
if (JSON.parse(answer).result.amount !== "10000000.00") throw new Error(answer);
window.__done = performance.now();
</script>"""

# Warm estimates: the site's own worker, asked one question at a time once it is ready.
WARM = b"""<!doctype html><meta charset="utf-8"><title>warm estimates</title>
<script type="module">
const worker = new Worker("/assets/calculator-worker.js", { type: "module" });
const ready = new Promise((done) => worker.addEventListener("message", function once(e) {
  if (e.data.type === "ready") { worker.removeEventListener("message", once); done(); }
}));
await ready;
const trips = [], python = [];
for (let i = 0; i < 60; i++) {
  const start = performance.now();
  const answer = await new Promise((done) => {
    worker.onmessage = (e) => done(e.data);
    worker.postMessage({ kind: "estimate", id: i, award: "4.1", lang: "zh",
                         fields: { investment: String(10000000 + i * 1000) } });
  });
  trips.push(performance.now() - start);
  python.push(answer.ms);
}
window.__done = { trips, python };
</script>"""

WATCH = """
new MutationObserver((_, observer) => {
  if (document.querySelector('#result[data-bound]')) {
    window.__done = performance.now(); observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, childList: true });
"""


def wait_for(page, expression: str = "window.__done", timeout_s: float = 300):
    """Poll from outside the page: the site's CSP (rightly) forbids evaluating strings in it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(expression)


@contextmanager
def bench_root(site: Path):
    """A folder served as the host's root: the site's entries (linked) and /_bare/, the npm
    runtime as shipped, with the site's .gz copies of the files they share."""
    npm = ROOT / "node_modules" / "pyodide"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for entry in site.iterdir():
            os.symlink(entry, root / entry.name)
        bare = root / "_bare"
        bare.mkdir()
        for name in RUNTIME:
            assert (npm / name).read_bytes() == (site / "assets/pyodide" / name).read_bytes()
            os.symlink(site / "assets/pyodide" / name, bare / name)
            os.symlink(site / "assets/pyodide" / (name + ".gz"), bare / (name + ".gz"))
        os.symlink(npm / "python_stdlib.zip", bare / "python_stdlib.zip")
        os.symlink(npm / "pyodide-lock.json", bare / "pyodide-lock.json")
        yield root


def timed(context, path: str, origin: str, watch: bool) -> float:
    page = context.new_page()
    if watch:
        page.add_init_script(WATCH)
    page.goto(origin + path)
    value = wait_for(page)
    if watch:
        assert page.locator("#result").get_attribute("data-amount") == "10000000.00"
    return value


def engine_of(page) -> str:
    return page.locator(".calc-status.calc-ready").get_attribute("data-engine") or "?"


def kept(page) -> None:
    """Until the service worker controls the page and keeps the snapshot."""
    wait_for(
        page,
        """(async () => Boolean(navigator.serviceWorker.controller) &&
              (await caches.keys()).length > 0 &&
              Boolean(await caches.match(new URL("/assets/pyodide/snapshot.bin", location.href))))()""",
    )


def cold(browser, origin: str, path: str) -> float:
    context = browser.new_context(service_workers="block")
    value = timed(context, path, origin, watch=path == DEEP_LINK)
    context.close()
    return value


def cold_rounds(browser, origin: str, rounds: int) -> tuple[list, list]:
    """Cold pairs (bare, calculator) and pairs (bare, snapshot fetched on a first visit)."""
    pairs, snapshot = [], []
    for _ in range(rounds):
        bare = cold(browser, origin, "/_bench/bare.html")
        pairs.append((bare, cold(browser, origin, DEEP_LINK)))
        snapshot.append((bare, cold(browser, origin, "/_bench/snapshot-first.html")))
    return pairs, snapshot


def repeat_visit(browser, origin: str, host: Host | None = None) -> tuple[float, str]:
    """First visit, the service worker keeps the build, then a new tab (offline if host)."""
    context = browser.new_context(service_workers="allow")
    context.add_init_script(WATCH)
    first = context.new_page()
    first.goto(origin + DEEP_LINK)
    wait_for(first)
    kept(first)
    first.close()
    if host is not None:
        host.down = True
        context.set_offline(True)
    page = context.new_page()
    page.goto(origin + DEEP_LINK)
    value = wait_for(page)
    assert page.locator("#result").get_attribute("data-amount") == "10000000.00"
    how = engine_of(page)
    context.close()
    if host is not None:
        host.down = False
    return value, how


def run(browser, site: Path, rounds: int, slow_rounds: int) -> list[tuple]:
    rows = []
    with bench_root(site) as root:
        extra = {
            "/_bench/bare.html": BARE,
            "/_bench/warm.html": WARM,
            "/_bench/snapshot-first.html": SNAPSHOT_FIRST,
        }
        host = Host(cache_control="max-age=600")
        with serve(root, extra=extra, host=host) as origin:
            pairs, snapshot = cold_rounds(browser, origin, rounds)
            rows.append(("cold, loopback", pairs))
            rows.append(("  (not chosen: snapshot fetched on a first visit, loopback)", snapshot))
            repeats = []
            for bare, _ in pairs:
                value, how = repeat_visit(browser, origin)
                repeats.append((bare, value))
            rows.append((f"repeat visit, new tab (from the {how})", repeats))
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            page.goto(origin + "/_bench/warm.html")
            warm = wait_for(page)
            context.close()
        offline_host = Host(cache_control="no-cache")
        with serve(root, extra=extra, host=offline_host) as origin:
            offline = []
            for bare, _ in pairs:
                value, how = repeat_visit(browser, origin, offline_host)
                offline.append((bare, value))
            rows.append((f"offline after one visit, no-cache host (from the {how})", offline))
        slow_host = Host(cache_control="max-age=600", link=Link(mbit=10, latency_ms=60))
        with serve(root, extra=extra, host=slow_host) as origin:
            if slow_rounds:
                slow, snapshot = cold_rounds(browser, origin, slow_rounds)
                rows.append(("cold, 10 Mbit/s + 60 ms", slow))
                rows.append(
                    ("  (not chosen: snapshot fetched on a first visit, slow link)", snapshot)
                )
    return rows, warm


def report(rows, warm) -> None:
    print(
        "4. Start-up: the calculator's first estimate beside bare Pyodide (same run, same server)"
    )
    print(f"   {'case':<58} {'bare Pyodide':>14} {'calculator':>12} {'ratio':>6}  range")
    for label, pairs in rows:
        bare = statistics.median(b for b, _ in pairs)
        ours = statistics.median(o for _, o in pairs)
        ratios = [o / b for b, o in pairs]
        baseline = "cold bare" if "repeat" in label or "offline" in label else ""
        print(
            f"   {label:<58} {bare:>11,.0f} ms {ours:>9,.0f} ms {ours / bare:>6.2f}"
            f"  {min(ratios):.2f}–{max(ratios):.2f} ({len(pairs)} rounds) {baseline}"
        )
    trips = statistics.median(warm["trips"])
    python = statistics.median(warm["python"])
    print(
        f"   {'warm estimate in the worker (median of 60)':<58} {'':>14} {trips:>9.2f} ms"
        f"   (Python {python:.2f} ms; goal < 5 ms)"
    )
