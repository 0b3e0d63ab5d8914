"""A first estimate starts sooner (decisions/0021): the tool pages start the calculation worker
before the theme's stylesheets, and the first estimate imports only the modules it needs. How
much sooner is measured by scripts/bench_site.py (section 4), beside the runtime booted alone."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from browserkit import engine_attrs, result_of
from conftest import ROOT
from sitegen.htmlpost import finish, start_engine_first

TOOL_PAGES = [
    f"{lang}{name}/index.html"
    for lang in ("", "en/")
    for name in ("calculator", "finder", "sheet", "embed")
]

PAGE = """<!doctype html>
<html lang="zh"><head>
<meta charset="utf-8">
<title>t</title>
<link rel="stylesheet" href="../assets/stylesheets/main.css">
<script>var theme = 1;</script>
</head><body><article>
<p>text</p>
<script data-start-engine>
start();
</script>
<div id="calculator"></div>
</article></body></html>"""


def test_the_engine_start_moves_to_the_head_before_any_stylesheet():
    html = start_engine_first(PAGE)
    head, body = html.split("</head>")
    assert "start();" not in body
    assert head.index("data-start-engine") < head.index('rel="stylesheet"')
    assert head.index('<meta charset="utf-8">') < head.index("data-start-engine")
    assert head.index("data-start-engine") < head.index("var theme")
    assert html.count("start();") == 1
    # Everything else stays as it was, in its order.
    moved = re.search(r"\s*<script data-start-engine>.*?</script>", html, re.S)[0]
    assert html.replace(moved, "") == PAGE.replace(
        "\n<script data-start-engine>\nstart();\n</script>", ""
    )


def test_a_page_that_starts_no_engine_is_left_alone():
    page = PAGE.replace("<script data-start-engine>\nstart();\n</script>", "")
    assert start_engine_first(page) == page


def test_the_moved_script_is_allowed_by_the_pages_csp():
    html = finish(PAGE, url="calculator/")
    csp = re.search(r'Content-Security-Policy" content="([^"]*)"', html)[1]
    head = html.split("</head>")[0]
    # The policy comes first, so it governs the script that now follows it, which it names.
    assert head.index("Content-Security-Policy") < head.index("data-start-engine")
    assert csp.count("'sha256-") == 2  # the engine's start and the theme's script


def test_every_tool_page_starts_its_engine_first_and_once(built_site):
    for path in TOOL_PAGES:
        html = (built_site / path).read_text(encoding="utf-8")
        head = html.split("</head>")[0]
        assert html.count("data-start-engine") == 1, path
        start = head.find("data-start-engine")
        assert 0 < start < head.index('rel="stylesheet"'), path
        assert head.rfind("<script", 0, start) == head.index("<script"), path  # the first script
    # Pages without a tool start nothing.
    assert "data-start-engine" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_a_first_estimate_imports_neither_the_finder_nor_the_sheet():
    """The calculator page asks for an estimate and a reading: neither needs the finder's or the
    sheet's modules, which the finder and sheet pages import when they first ask."""
    probe = """
import json, sys
import calculator.web as web
web.load_policy()
fields = json.dumps({"investment": "50000000"})
json.loads(web.page_estimate("4.1", fields, "zh")); json.loads(web.page_read("4.1", fields, "zh"))
after_estimate = sorted(m for m in sys.modules if m.startswith("calculator."))
json.loads(web.page_find("{}", "zh")); json.loads(web.page_sheet("[]", "zh"))
print(json.dumps([after_estimate, sorted(m for m in sys.modules if m.startswith("calculator."))]))
"""
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    first, later = json.loads(run.stdout)
    for module in ("calculator.finder", "calculator.sheet", "calculator.batch", "csv"):
        assert module not in first
    assert {"calculator.finder", "calculator.sheet"} <= set(later)


@pytest.mark.browser
def test_the_early_worker_is_the_one_the_page_uses(page, origin):
    """One worker, started by the head's script and taken over by the page's module: the
    calculator asks for its runtime once and shows the engine's estimate."""
    asked: list[str] = []
    page.context.on("request", lambda r: asked.append(r.url))
    page.goto(f"{origin}/calculator/#award=4.1&investment=50000000")
    assert result_of(page) == engine_attrs("4.1", {"investment": "50000000"})
    for name in ("calculator-worker.js", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert sum(url.endswith(name) for url in asked) == 1, name
