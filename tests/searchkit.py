"""The query set of tests/cases/search.yaml run through the real search box of a built site in
Chromium, as a reader would: type, wait for the results, read their addresses in order.

Used by tests/test_search.py (the floor) and scripts/search_eval.py (the figures of
decisions/0008-search.md); both count hits the same way."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml
from playwright.sync_api import Page

CASES_FILE = Path(__file__).resolve().parent / "cases" / "search.yaml"
MEASURE = re.compile(r"^/(en/)?measures/(\d\d)/$")
RESULT = "[data-md-component=search-result]"


def cases() -> dict[str, list[dict]]:
    return yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))


def result_paths(page: Page, query: str, timeout: float = 20.0) -> list[str]:
    """Type `query` into the search box of the page that is open; the paths of the results in
    order. Our search script marks the result list with the query it answered
    (data-query, data-state); the theme's own search does not, so for it the list is read once it has held
    still for 800 ms."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # the theme reads the query on key events, as when a person types
    deadline = time.monotonic() + timeout
    marked = page.locator(RESULT).get_attribute("data-state") is not None
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        if marked:
            done = page.evaluate(
                """q => { const el = document.querySelector('[data-md-component=search-result]');
                          return el.dataset.query === q && el.dataset.state === 'done' }""",
                query,
            )
            if done:
                return _paths(page)
        else:
            now = _paths(page)
            meta = page.locator(f"{RESULT} .md-search-result__meta").inner_text()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since > 0.8 and meta.strip():
                return now
        time.sleep(0.05)
    raise TimeoutError(f"no results settled for {query!r}")


def _paths(page: Page) -> list[str]:
    hrefs = page.evaluate(
        """() => [...document.querySelectorAll(
                 '[data-md-component=search-result] .md-search-result__list > li')]
              .map(li => li.querySelector('a') && li.querySelector('a').href)
              .filter(Boolean)"""
    )
    return [urlparse(h).path for h in hrefs]


def measure_of(path: str, lang: str) -> int | None:
    """The measure number a result path is the page of, in the site's language; else None."""
    m = MEASURE.match(path)
    if not m or bool(m.group(1)) != (lang == "en"):
        return None
    return int(m.group(2))


@dataclass
class Score:
    lang: str
    total: int = 0
    top1: int = 0
    top3: int = 0
    mixed: int = 0  # queries whose results include a page of the other language
    misses: list[str] = field(default_factory=list)

    def add(self, case: dict, paths: list[str]) -> None:
        self.total += 1
        found = [measure_of(p, self.lang) for p in paths]
        if found[:1] and found[0] in case["measures"]:
            self.top1 += 1
        if any(n in case["measures"] for n in found[:3]):
            self.top3 += 1
        else:
            self.misses.append(f"{case['query']} → {paths[:3]}")
        other = [p for p in paths if p.startswith("/en/") != (self.lang == "en")]
        if other:
            self.mixed += 1

    def line(self) -> str:
        return (
            f"{self.lang}: top-1 {self.top1}/{self.total} ({self.top1 / self.total:.0%}), "
            f"top-3 {self.top3}/{self.total} ({self.top3 / self.total:.0%}), "
            f"mixed languages in {self.mixed}"
        )


def run(page: Page, origin: str, lang: str, queries: list[dict]) -> Score:
    score = Score(lang)
    page.goto(f"{origin}/{'en/' if lang == 'en' else ''}")
    for case in queries:
        score.add(case, result_paths(page, case["query"]))
    return score
