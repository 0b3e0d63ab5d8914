"""`build.py serve` as staff use it (decisions/0018), in a scratch clone on a free port: a
measures.yaml that does not pass is shown in the browser as the check's FILE:LINE messages,
escaped (never a request that hangs), and once in the terminal; a save that fixes it reloads the
page to the site; a save of measures.yaml, or of a file under overrides/ or templates/, rebuilds
the site once."""

from __future__ import annotations

import contextlib
import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from sitegen.check import check_file
from scratch import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.browser]
BUILT = "Building documentation..."  # MkDocs' line at the start of each build of serve
DONE = "Reloading browsers"  # and at the end of each rebuild that finished
BROKEN = "<b>x</b>: 1\n"  # a field the check refuses, with markup its message must escape


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 60) -> str:
    """The page as served; a request the server leaves hanging fails the test."""
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.read().decode("utf-8")


def clone_of(where: Path) -> Path:
    """A scratch clone (the live checkout is never edited by a test), set up as by ./dev.sh."""
    clone = where / "repo"
    subprocess.run(["git", "clone", "--quiet", "--local", str(ROOT), str(clone)], check=True)
    for shared in (".venv", "node_modules", ".cache"):
        if (ROOT / shared).exists():
            (clone / shared).symlink_to(ROOT / shared)
    return clone


@contextlib.contextmanager
def serving(clone: Path):
    """`build.py serve` in the clone on a free port, until it serves: (origin, its log)."""
    port = free_port()
    log = clone / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=clone,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        wait_until(lambda: "Serving on" in log.read_text("utf-8"), "the server to start", 600, 0.5)
        yield f"http://127.0.0.1:{port}/", log
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    clone = clone_of(tmp_path_factory.mktemp("serve"))
    with serving(clone) as (origin, log):
        yield clone, origin, log


def builds(log: Path) -> tuple[int, int]:
    """Builds started, rebuilds finished."""
    text = log.read_text("utf-8")
    return text.count(BUILT), text.count(DONE)


def rebuilt_once(log: Path, before: tuple[int, int]) -> None:
    """One build after a save, and no second one after it has finished."""
    wait_until(lambda: builds(log)[1] > before[1], "the rebuild", 240, 0.5)
    time.sleep(3)  # a second build would start within the watcher's half-second poll
    assert builds(log)[0] == before[0] + 1, log.read_text("utf-8")[-3000:]


def test_a_broken_file_is_a_page_of_its_messages_and_a_fix_reloads_to_the_site(served, browser):
    clone, origin, log = served
    measures = clone / "measures.yaml"
    good = measures.read_text("utf-8")
    page = browser.new_context().new_page()
    page.goto(origin + "measures/04/")
    assert page.locator("article.md-content__inner").count() == 1
    before = builds(log)
    measures.write_text(good + BROKEN, encoding="utf-8")
    said = [p.format("measures.yaml") for p in check_file(measures, root=clone).problems]
    assert said, "the edit must break the file"
    rebuilt_once(log, before)
    body = fetch(origin + "measures/04/", timeout=60)
    assert 'id="serve-problems"' in body
    for message in said:
        assert html.escape(message) in body, (message, body[:3000])
    assert "<b>x</b>" not in body, "a message's text is escaped"
    assert fetch(origin + "en/", timeout=60).count('id="serve-problems"') == 1
    terminal = log.read_text("utf-8")
    assert terminal.count(said[0]) == 1, "the terminal says each problem once"
    # The page open in the browser shows the problems by itself, then the site once fixed.
    page.wait_for_selector("#serve-problems", timeout=60_000)
    before = builds(log)
    measures.write_text(good, encoding="utf-8")
    rebuilt_once(log, before)
    page.wait_for_selector("article.md-content__inner", timeout=60_000)
    assert 'id="serve-problems"' not in fetch(origin + "measures/04/")
    page.context.close()


@pytest.mark.parametrize(
    "edited", ["measures.yaml", "overrides/assets/site.css", "templates/measure.md.j2"]
)
def test_a_save_rebuilds_once(served, edited):
    clone, origin, log = served
    path = clone / edited
    text = path.read_text("utf-8")
    mark = f"saved {time.time_ns()}"
    comment = {".yaml": f"# {mark}\n", ".css": f"/* {mark} */\n", ".j2": f"{{# {mark} #}}\n"}
    before = builds(log)
    path.write_text(text + comment[path.suffix], encoding="utf-8")
    rebuilt_once(log, before)
    if edited.startswith("overrides/"):
        assert mark in fetch(origin + "assets/site.css"), "the preview serves the saved file"
    assert re.search(r'class="md-content', fetch(origin + "measures/04/"))


def test_serve_started_on_a_broken_file_shows_its_problems_until_it_is_fixed(tmp_path):
    """A fresh clone whose file does not pass: the preview starts all the same (no page of the
    history made yet), every page lists the problems, and the fix brings the site."""
    clone = clone_of(tmp_path)
    measures = clone / "measures.yaml"
    good = measures.read_text("utf-8")
    measures.write_text(good + BROKEN, encoding="utf-8")
    said = [p.format("measures.yaml") for p in check_file(measures, root=clone).problems]
    with serving(clone) as (origin, log):
        body = fetch(origin + "measures/04/")
        assert 'id="serve-problems"' in body and html.escape(said[0]) in body
        before = builds(log)
        measures.write_text(good, encoding="utf-8")
        rebuilt_once(log, before)
        assert re.search(r'class="md-content', fetch(origin + "changes/"))
