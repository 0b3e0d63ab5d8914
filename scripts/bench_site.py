#!/usr/bin/env python3
"""Site figures, each beside a baseline measured in the same run:

1. A full build of both languages (python build.py) beside MkDocs alone rebuilding the same
   generated pages (the theme's own cost).
2. What a measure page transfers (every request, as served, and as a compressing host would send
   it using the precompressed copies), beside the calculator page.
3. `build.py serve`: from saving a change to measures.yaml to the new figure in the browser,
   beside the same for a change to a hand-written page asset (the server's own reload cost).
4. Start-up (scripts/benchstart.py): the calculator's first estimate cold on loopback, cold over
   a slow link (10 Mbit/s shared by all requests, 60 ms each, throttled at the server), on a
   repeat visit (same browser, new tab) and offline after one visit, each beside bare Pyodide
   booting the same runtime in the same run, and (cold) beside the site's own runtime booted
   alone, with a timeline of where a cold first estimate's time goes; and a warm estimate in
   the worker.

    .venv/bin/python scripts/bench_site.py [--only start] [--rounds N] [--cold-only]
    (after python build.py)
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from browserkit import ARGS, CHROMIUM  # noqa: E402
from siteserver import serve  # noqa: E402

import benchstart  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def builds() -> None:
    full = timed([PY, "build.py"])
    mkdocs = timed([PY, "-m", "mkdocs", "build", "--strict", "--clean"])
    timed([PY, "build.py"])  # leave site/ as build.py makes it
    print("1. Build (both languages)")
    print(f"   python build.py (check, pages, wheel, mkdocs, precompress): {full:6.1f} s")
    print(
        f"   baseline: mkdocs build alone:                               {mkdocs:6.1f} s"
        f"   ratio {full / mkdocs:.2f}"
    )


def transfer(browser, origin: str, path: str) -> tuple[int, int, int, list[str]]:
    page = browser.new_context(service_workers="block").new_page()
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
    page.goto(origin + path)
    if "calculator" in path:
        page.locator("#result[data-bound]").wait_for(timeout=180_000)
    page.wait_for_load_state("networkidle")
    raw = sum(sizes.values())
    site = ROOT / "site"
    br = gz = 0
    for url, size in sizes.items():
        local = site / urlparse(url).path.lstrip("/")
        local = local / "index.html" if local.is_dir() else local
        br += (
            local.with_name(local.name + ".br").stat().st_size
            if local.with_name(local.name + ".br").exists()
            else size
        )
        gz += (
            local.with_name(local.name + ".gz").stat().st_size
            if local.with_name(local.name + ".gz").exists()
            else size
        )
    page.context.close()
    return raw, br, gz, [u for u in sizes if "/pyodide/" in u]


def transfers(browser, origin: str) -> None:
    print("2. Transfer on a cold load (bytes: as served / brotli / gzip)")
    for label, path in (
        ("measure page /measures/04/", "/measures/04/"),
        ("baseline: calculator page", "/calculator/#award=4.1&investment=50000000"),
    ):
        raw, br, gz, runtime = transfer(browser, origin, path)
        print(f"   {label:<32} {raw:>11,} / {br:>10,} / {gz:>10,}   runtime files: {len(runtime)}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_reload(browser) -> None:
    port = free_port()
    server = subprocess.Popen(
        [PY, "build.py", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    measures = ROOT / "measures.yaml"
    css = ROOT / "overrides" / "assets" / "site.css"
    original, original_css = measures.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    try:
        page = browser.new_page()
        for _ in range(120):
            try:
                page.goto(f"http://127.0.0.1:{port}/awards/")
                break
            except Exception:
                time.sleep(0.5)
        page.wait_for_selector("text=4.1")
        # The change a staff member makes: a summary sentence of measure 4.
        marker = "（基准测试）"
        start = time.perf_counter()
        measures.write_text(
            original.replace("summary:\n          zh: ", "summary:\n          zh: " + marker, 4),
            encoding="utf-8",
        )
        page.goto(f"http://127.0.0.1:{port}/measures/04/")
        deadline = time.time() + 60
        while marker not in page.content() and time.time() < deadline:
            time.sleep(0.2)
            page.reload()
        data_s = time.perf_counter() - start
        start = time.perf_counter()
        css.write_text(original_css + "\n/* bench */\n", encoding="utf-8")
        deadline = time.time() + 60
        while time.time() < deadline:
            page.reload()
            if "/* bench */" in page.evaluate("fetch('/assets/site.css').then(r => r.text())"):
                break
            time.sleep(0.2)
        asset_s = time.perf_counter() - start
        print("3. build.py serve: change saved → visible in the browser")
        print(f"   a summary in measures.yaml (check, pages, calculator): {data_s:6.1f} s")
        print(
            f"   baseline: overrides/assets/site.css:                   {asset_s:6.1f} s"
            f"   ratio {data_s / asset_s:.2f}"
        )
    finally:
        measures.write_text(original, encoding="utf-8")
        css.write_text(original_css, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
        timed([PY, "build.py"])  # the generated files follow the restored measures.yaml again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        choices=("build", "transfer", "reload", "start"),
        action="append",
        help="run only these sections (repeatable); default: all",
    )
    parser.add_argument("--rounds", type=int, default=5, help="start-up rounds on loopback")
    parser.add_argument("--slow-rounds", type=int, default=3, help="start-up rounds, slow link")
    parser.add_argument(
        "--cold-only", action="store_true", help="start-up: only the cold loopback rounds"
    )
    parser.add_argument(
        "--site", type=Path, default=ROOT / "site", help="start-up: a built site (default site/)"
    )
    args = parser.parse_args()
    only = set(args.only or ("build", "transfer", "reload", "start"))
    if "build" in only:
        builds()
    with serve(ROOT / "site") as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        if "transfer" in only:
            transfers(browser, origin)
        if "reload" in only:
            live_reload(browser)
        if "start" in only:
            rows, warm, timeline = benchstart.run(
                browser, args.site, args.rounds, args.slow_rounds, args.cold_only
            )
            benchstart.report(rows, warm, timeline)
        browser.close()
    shutil.rmtree(ROOT / "build", ignore_errors=True)


if __name__ == "__main__":
    main()
