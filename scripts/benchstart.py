"""Start-up figures of the calculator, each beside bare Pyodide measured in the same run
(scripts/bench_site.py prints them; decisions/0011 records them).

The site is served as a static host serves it (tests/siteserver.py Host): NAME.gz sent with
`Content-Encoding: gzip`, ETags, `Cache-Control: max-age=600` (the offline case: `no-cache`).
Bare Pyodide: a page that only calls `loadPyodide` on the npm package's runtime as shipped (the
same pyodide.mjs, pyodide.asm.mjs and pyodide.asm.wasm as the site, with their .gz copies, and
npm's python_stdlib.zip), served by the same server. Times are the page's own clock from
navigation start: bare, until loadPyodide resolves; the calculator, until #result carries the
estimate of `calculator/#award=4.1&investment=50000000`.

The site's runtime: the same page as bare Pyodide, on the site's own runtime files (its reduced,
compiled standard library, decisions/0011), `loadPyodide` alone: what the page's first estimate
is held to (issue 21: at most 1.2 times it). The timeline says where a cold first estimate's
time goes, on the page's clock (medians of the cold loopback rounds; decisions/0021).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

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

# The site's own runtime (reduced stdlib), booted alone the same way.
SITE_RUNTIME = BARE.replace(b"/_bare/", b"/assets/pyodide/").replace(
    b"bare Pyodide", b"the site's runtime"
)

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
window.__timeline = [];
const mark = (what) => window.__timeline.push([what, performance.now()]);
// When the page starts its calculation worker, and when each of its messages arrives.
const PageWorker = window.Worker;
window.Worker = function (...args) {
  mark("worker started");
  const worker = new PageWorker(...args);
  worker.addEventListener("message", (e) => {
    const what = e.data.type === "progress" ? `worker: ${e.data.stage}` : `worker: ${e.data.type}`;
    if (!window.__timeline.some(([seen]) => seen === what)) mark(what);
  });
  return worker;
};
window.Worker.prototype = PageWorker.prototype;
document.addEventListener("DOMContentLoaded", () => mark("DOMContentLoaded"));
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


def timed(context, path: str, origin: str, watch: bool, timeline: list | None = None) -> float:
    page = context.new_page()
    fetched = []
    if watch:
        page.add_init_script(WATCH)
        page.on("requestfinished", lambda request: fetched.append(request))
    page.goto(origin + path)
    value = wait_for(page)
    if watch:
        assert page.locator("#result").get_attribute("data-amount") == "10000000.00"
        if timeline is not None:
            timeline.append(events(page, fetched, value))
    return value


def events(page, fetched: list, done: float) -> dict[str, float]:
    """What happened when, in ms from navigation start: each request's end (the page's and its
    worker's), the page's marks (WATCH), and the estimate shown."""
    origin = page.evaluate("performance.timeOrigin")
    found = {what: at for what, at in page.evaluate("window.__timeline")}
    for request in fetched:
        timing = request.timing
        name = urlparse(request.url).path.rsplit("/", 1)[-1] or "page"
        if timing["startTime"] > 0 and timing["responseEnd"] >= 0:
            found.setdefault(
                f"fetched {name}", timing["startTime"] + timing["responseEnd"] - origin
            )
            found.setdefault(f"asked   {name}", timing["startTime"] - origin)
    found["estimate shown"] = done
    return found


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


def cold(browser, origin: str, path: str, timeline: list | None = None) -> float:
    context = browser.new_context(service_workers="block")
    value = timed(context, path, origin, watch=path == DEEP_LINK, timeline=timeline)
    context.close()
    return value


def cold_rounds(browser, origin: str, rounds: int, timeline: list | None = None):
    """Cold triples (bare, site's runtime, calculator) and pairs (bare, snapshot fetched on a
    first visit); each round's calculator events appended to `timeline`."""
    triples, snapshot = [], []
    for _ in range(rounds):
        bare = cold(browser, origin, "/_bench/bare.html")
        site = cold(browser, origin, "/_bench/site-runtime.html")
        triples.append((bare, site, cold(browser, origin, DEEP_LINK, timeline)))
        snapshot.append((bare, None, cold(browser, origin, "/_bench/snapshot-first.html")))
    return triples, snapshot


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


def run(
    browser, site: Path, rounds: int, slow_rounds: int, cold_only: bool = False
) -> tuple[list, dict | None, list]:
    """Rows (label, [(bare, site's runtime or None, ours)]), warm estimates, cold timelines."""
    rows, timeline, warm = [], [], None
    with bench_root(site) as root:
        extra = {
            "/_bench/bare.html": BARE,
            "/_bench/site-runtime.html": SITE_RUNTIME,
            "/_bench/warm.html": WARM,
            "/_bench/snapshot-first.html": SNAPSHOT_FIRST,
        }
        host = Host(cache_control="max-age=600")
        with serve(root, extra=extra, host=host) as origin:
            pairs, snapshot = cold_rounds(browser, origin, rounds, timeline)
            rows.append(("cold, loopback", pairs))
            if cold_only:
                return rows, warm, timeline
            rows.append(("  (not chosen: snapshot fetched on a first visit, loopback)", snapshot))
            repeats = []
            for bare, site_boot, _ in pairs:
                value, how = repeat_visit(browser, origin)
                repeats.append((bare, site_boot, value))
            rows.append((f"repeat visit, new tab (from the {how})", repeats))
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            page.goto(origin + "/_bench/warm.html")
            warm = wait_for(page)
            context.close()
        offline_host = Host(cache_control="no-cache")
        with serve(root, extra=extra, host=offline_host) as origin:
            offline = []
            for bare, site_boot, _ in pairs:
                value, how = repeat_visit(browser, origin, offline_host)
                offline.append((bare, site_boot, value))
            rows.append((f"offline after one visit, no-cache host (from the {how})", offline))
        slow_host = Host(cache_control="max-age=600", link=Link(mbit=10, latency_ms=60))
        with serve(root, extra=extra, host=slow_host) as origin:
            if slow_rounds:
                slow, snapshot = cold_rounds(browser, origin, slow_rounds)
                rows.append(("cold, 10 Mbit/s + 60 ms", slow))
                rows.append(
                    ("  (not chosen: snapshot fetched on a first visit, slow link)", snapshot)
                )
    return rows, warm, timeline


def _ratio(pairs: list[tuple[float, float]]) -> str:
    ratios = [o / b for b, o in pairs]
    median = statistics.median(o for _, o in pairs) / statistics.median(b for b, _ in pairs)
    return f"{median:>5.2f} ({min(ratios):.2f}–{max(ratios):.2f})"


def report(rows, warm, timeline=()) -> None:
    print(
        "4. Start-up: the calculator's first estimate beside stock Pyodide and the site's own "
        "runtime, each booted alone (same run, same server; ratio: median, range)"
    )
    print(
        f"   {'case':<46} {'stock Pyodide':>13} {'site runtime':>12} {'calculator':>11}"
        f"  {'÷ stock':<17} {'÷ site runtime (goal ≤ 1.2)'}"
    )
    for label, rounds in rows:
        bare = statistics.median(b for b, _, _ in rounds)
        ours = statistics.median(o for _, _, o in rounds)
        sites = [(s, o) for _, s, o in rounds if s is not None]
        site = f"{statistics.median(s for s, _ in sites):>9,.0f} ms" if sites else f"{'':>12}"
        baseline = " (÷ cold boots)" if "repeat" in label or "offline" in label else ""
        print(
            f"   {label[:46]:<46} {bare:>10,.0f} ms {site} {ours:>8,.0f} ms"
            f"  {_ratio([(b, o) for b, _, o in rounds]):<17} {_ratio(sites) if sites else ''}"
            f"  [{len(rounds)} rounds]{baseline}"
        )
    if timeline:
        print_timeline(timeline)
    if warm is None:
        return
    trips = statistics.median(warm["trips"])
    python = statistics.median(warm["python"])
    print(
        f"   {'warm estimate in the worker (median of 60)':<58} {'':>14} {trips:>9.2f} ms"
        f"   (Python {python:.2f} ms; goal < 5 ms)"
    )


def print_timeline(timeline: list[dict[str, float]]) -> None:
    """Where a cold first estimate's time goes: each event's median time from navigation start
    over the rounds that saw it, in order."""
    names = {name for round_ in timeline for name in round_}
    medians = {
        name: statistics.median(r[name] for r in timeline if name in r)
        for name in names
        if sum(name in r for r in timeline) * 2 > len(timeline)
    }
    print(
        f"   timeline of a cold first estimate (median of {len(timeline)} rounds, ms from navigation)"
    )
    for name, at in sorted(medians.items(), key=lambda item: item[1]):
        print(f"     {at:>7,.0f}  {name}")
