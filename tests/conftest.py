"""Shared fixtures: the project root, the case tables, and a site built once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from siteserver import serve

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "awards.yaml").read_text(encoding="utf-8"))
BAD_INPUTS = yaml.safe_load(
    (ROOT / "tests" / "cases" / "bad_inputs.yaml").read_text(encoding="utf-8")
)


def pytest_sessionstart(session):
    """Write the data revision (as every build does) before any test loads the policy: the
    in-process engine caches what it read, and a test comparing it with a command-line or
    browser run must not depend on whether a build ran first (a clean checkout has no file)."""
    from sitegen import revision

    revision.write(revision.current())


def pytest_collection_modifyitems(items):
    """A test that needs the built site is marked `site`, whatever its file: the fast tier
    (`./dev.sh test --fast`) leaves out what would build the whole site."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.site)


def case_id(case: dict) -> str:
    return f"{case['award']}: {case.get('name', case.get('field'))}"


@pytest.fixture(scope="session")
def policy():
    from calculator.policy import Policy
    from sitegen.check import check_file

    result = check_file(ROOT / "measures.yaml")
    assert result.ok, [p.format("measures.yaml") for p in result.problems]
    return Policy.from_data(result.loaded.data)


# The repository the test build names for reports (sitegen/project.py): a reserved example host.
TEST_REPOSITORY = "https://git.example.org/sz-sep/calculator"


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build the whole site once (python build.py: check, render, wheel, mkdocs --strict)."""
    run = subprocess.run(
        [sys.executable, "build.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SITE_REPOSITORY": TEST_REPOSITORY},
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return ROOT / "site"


# -- browser fixtures: the built site on 127.0.0.1, Debian chromium, a page watched for requests


@pytest.fixture(scope="module")
def origin(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from browserkit import ARGS, CHROMIUM, ColdBrowser

    assert shutil.which(CHROMIUM), "Debian's chromium is part of the setup (README)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield ColdBrowser(browser)
        browser.close()


@pytest.fixture
def page(browser, origin):
    """A fresh page that fails the test if it asks any host but the site's own."""
    context = browser.new_context()
    page = context.new_page()
    foreign: list[str] = []
    host = urlparse(origin).netloc

    def watch(request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != host:
            foreign.append(request.url)

    page.on("request", watch)
    context.on("request", watch)  # the Web Worker's requests too
    yield page
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"
