"""The calculator, the sheet and offline use in three browser engines, each from Debian's
packages: Chromium, Firefox ESR and WebKitGTK (the engine of every browser on an iPhone, WeChat's
included). One set of flows, run in each through tests/drivers (decisions/0016): a deep link, a
figure typed as a person types it, the sheet (adds from the calculator, a reload, the CSV),
search, a phone's width, and the tools offline after one visit. Every figure is held to what the
live engine computes (browserkit.engine, calculator.web), never written in."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from urllib.parse import unquote, urlparse

import pytest

from browserkit import engine, engine_attrs, sheet_fragment
from calculator.web import page_read, page_sheet
from drivers import ENGINES, Tab
from siteserver import Host, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.engines,
    # Selenium's own WebKitGTK class still passes the driver's address the old way.
    pytest.mark.filterwarnings("ignore:setting remote_server_addr:DeprecationWarning"),
]


@pytest.fixture(scope="module")
def display():
    from drivers.webkit import virtual_display

    with virtual_display() as name:
        yield name


@pytest.fixture(params=ENGINES)
def tab(request, tmp_path):
    """A browser of the engine with a fresh profile, and one page in it."""
    if request.param == "chromium":
        from drivers.chromium import ChromiumTab

        opened = ChromiumTab(request.getfixturevalue("browser"))
    elif request.param == "firefox":
        from drivers.firefox import FirefoxTab

        opened = FirefoxTab(tmp_path)
    else:
        from drivers.webkit import WebKitTab

        opened = WebKitTab(tmp_path, request.getfixturevalue("display"))
    with opened:
        yield opened


def result(tab: Tab) -> dict:
    """The figures #result carries once an estimate is shown."""
    tab.data("result", "bound")
    return tab.js(
        "() => { const d = document.getElementById('result').dataset;"
        " return {amount: d.amount ?? '', eligible: d.eligible, bound: d.bound}; }"
    )


def engine_ready(tab: Tab) -> str:
    """How the page's engine started ("runtime" or "snapshot"), once it is ready."""
    return tab.wait(
        "() => document.querySelector('.calc-status.calc-ready')?.dataset.engine ?? null",
        what="the engine ready",
    )


def foreign(tab: Tab, origin: str) -> list[str]:
    """What the page loaded from any host but the site's own (the Resource Timing entries)."""
    urls = tab.js("() => performance.getEntriesByType('resource').map((e) => e.name)")
    host = urlparse(origin).netloc
    return [u for u in urls if urlparse(u).scheme.startswith("http") and urlparse(u).netloc != host]


# ---- the calculator ------------------------------------------------------------------------------

DEEP_LINKS = [
    ("calculator/#award=1.1&sales=3500万", "1.1", {"sales": "3500万"}, "zh"),
    (
        "en/calculator/#award=23.2&operating_costs=1000万%0A3000万%0A2000万",
        "23.2",
        {"operating_costs": "1000万\n3000万\n2000万"},
        "en",
    ),
]


@pytest.mark.parametrize("path, award, inputs, lang", DEEP_LINKS, ids=["zh", "en"])
def test_a_deep_link_computes_at_once(tab, origin, path, award, inputs, lang):
    tab.goto(f"{origin}/{path}")
    assert result(tab) == engine_attrs(award, inputs)
    headline = tab.text("#result .calc-headline")
    assert headline.startswith(engine(award, inputs, lang)["headline"]), headline
    assert tab.js("() => document.documentElement.lang").startswith(lang)
    assert not foreign(tab, origin)


def reading(award: str, name: str, typed: str) -> dict:
    """How the page should say a typed figure was read: calculator.web.page_read's answer."""
    answer = json.loads(page_read(award, json.dumps({name: typed}), "zh"))
    return answer["fields"][name]


def test_a_figure_typed_as_a_person_types_it_is_read_and_estimated(tab, origin):
    tab.goto(f"{origin}/calculator/#award=4.1")
    engine_ready(tab)
    tab.type("#field-investment", "5000万")  # 万 as an input method gives it
    said = reading("4.1", "investment", "5000万")["reading"]
    tab.wait(
        "(said) => document.querySelector('#field-investment-reading span')?.innerText === said",
        said,
        what=f"the reading {said}",
    )
    assert result(tab) == engine_attrs("4.1", {"investment": "5000万"})
    assert "investment=5000万" in unquote(tab.js("() => location.hash")), "kept in the address"


def test_a_figure_typed_without_its_unit_is_questioned_and_fixed_by_one_press(tab, origin):
    tab.goto(f"{origin}/calculator/#award=4.1")
    engine_ready(tab)
    tab.type("#field-investment", "5000")
    question = reading("4.1", "investment", "5000")["question"]
    shown = tab.wait(
        "() => document.querySelector('#field-investment-reading .field-question')?.innerText",
        what="the question under the field",
    )
    assert shown == question
    assert result(tab) == engine_attrs("4.1", {"investment": "5000"}), "estimated as written"
    tab.click("#field-investment-reading .field-suggest")
    tab.wait(
        "() => document.getElementById('field-investment').value === '5000万'"
        " && !document.querySelector('.field-question')",
        what="the figure rewritten in 万 and the question gone",
    )
    assert result(tab) == engine_attrs("4.1", {"investment": "5000万"})


# ---- the sheet -----------------------------------------------------------------------------------

ADDED = [
    {"award": "4.1", "inputs": {"investment": "5000万"}},
    {"award": "5.2", "inputs": {"cop": "5.2", "investment": "20,000,000"}},
]


def sheet_of(entries: list[dict], lang: str, made: str = "", where: dict | None = None) -> dict:
    """The sheet, its CSV and JSON as the live engine makes them (calculator.web.page_sheet)."""
    return json.loads(page_sheet(json.dumps(entries), lang, made, json.dumps(where or {})))


def test_the_sheet_keeps_what_the_calculator_adds_and_downloads_it_as_csv(tab, origin):
    # Two estimates, each added from its own visit to the calculator (one in each language: the
    # sheet is one for the site), then the sheet opened from the calculator's link.
    for prefix, entry in zip(("", "en/"), ADDED):
        fragment = "&".join(
            f"{k}={v}" for k, v in {"award": entry["award"], **entry["inputs"]}.items()
        )
        tab.goto(f"{origin}/{prefix}calculator/#{fragment}")
        assert result(tab) == engine_attrs(entry["award"], entry["inputs"])
        tab.click("#add-to-sheet")
        tab.wait("() => !!document.querySelector('.calc-added a')", what="the estimate added")
    tab.click(".calc-added a")
    tab.wait("() => location.pathname.endsWith('/en/sheet/')", what="the sheet opened")
    expected = sheet_of(ADDED, "en")["sheet"]["totals"]["upper"]
    assert tab.data("sheet", "upper") == expected

    tab.reload()
    assert tab.data("sheet", "upper") == expected, "kept in this browser"
    shown = tab.js(
        "() => [...document.querySelectorAll('[data-entry][data-award]')]"
        ".map((e) => e.dataset.award)"
    )
    assert shown == [e["award"] for e in ADDED]
    assert tab.value("#e1-investment") == "5000万" and tab.value("#e2-cop") == "5.2"

    name, body = tab.download("#sheet-csv")
    made = tab.js("() => new Date().toLocaleDateString('sv')")  # the reader's date, as written
    assert name.endswith(".csv") and made in name, name
    # The printout's trace: the page it came from and the link that opens this very sheet.
    where = {"site": f"{origin}/en/sheet/", "link": f"{origin}/en/sheet/#{sheet_fragment(ADDED)}"}
    assert body == sheet_of(ADDED, "en", made, where)["csv"].encode("utf-8"), "the engine's CSV"
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header[:3] == ["Entry", "Project", "Award"], "the header first, for spreadsheet tables"
    assert [row[2] for row in rows[:2]] == ["4.1", "5.2"]
    assert any("Draft for public comment" in cell for row in rows for cell in row)


# ---- search --------------------------------------------------------------------------------------

SEARCHES = [("", "碳足迹", "measures/17/"), ("en/", "battery", "en/measures/12/")]


@pytest.mark.parametrize("prefix, query, expected", SEARCHES, ids=["zh", "en"])
def test_search_finds_a_policy_term(tab, origin, prefix, query, expected):
    """Pagefind (wasm) and the policy dictionary with Intl.Segmenter, typed into the box."""
    tab.resize(1280, 900)  # the box itself, not a phone's search button
    tab.goto(f"{origin}/{prefix}")
    tab.click("input.md-search__input")
    tab.type("input.md-search__input", query)
    hrefs = tab.wait(
        "(query) => { const r = document.querySelector('[data-md-component=search-result]');"
        " if (r?.dataset.query !== query || r.dataset.state !== 'done') return null;"
        " return [...r.querySelectorAll('.md-search-result__list a')].map((a) => a.href); }",
        query,
        what=f"the results for {query}",
    )
    paths = [urlparse(h).path for h in hrefs]
    assert any(p.endswith("/" + expected) for p in paths), paths


# ---- a phone's width -----------------------------------------------------------------------------

PHONE = (390, 844)
ON_A_PHONE = {  # each tool page with what it sets once the engine has answered
    "calculator/#award=4.1&investment=5000万": ("result", "bound"),
    "sheet/#e1=4.1&e1.investment=5000万&e2=23.2&e2.operating_costs=1000万%0A3000万&e3=19.1": (
        "sheet",
        "upper",
    ),
}


def test_nothing_is_wider_than_a_phone(tab, origin, tmp_path):
    """A page wider than the screen pans sideways under the reader's thumb."""
    tab.resize(*PHONE)
    wider = {}
    for path, (element, key) in ON_A_PHONE.items():
        for prefix in ("", "en/"):
            tab.goto(f"{origin}/{prefix}{path}")
            tab.data(element, key)
            over = tab.js("() => document.documentElement.scrollWidth - innerWidth")
            if over > 0:
                wider[prefix + path] = over
                tab.screenshot(tmp_path / f"{len(wider)}.png")
    assert not wider, f"{tab.engine}: wider than {PHONE[0]} px by {wider} (see {tmp_path})"


# ---- offline -------------------------------------------------------------------------------------

KEPT = """async (version) => {
  if (!navigator.serviceWorker.controller) return false;
  for (const name of await caches.keys()) {
    if (!name.endsWith(version)) continue;
    const cache = await caches.open(name);
    if (await cache.match(new URL('/assets/pyodide/snapshot.bin', location.origin))) return true;
  }
  return false;
}"""


def build_version(site) -> str:
    """The build's version as sitegen/offline.py writes it into sw.js."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    return re.search(r'"version":"([^"]+)"', text).group(1)


def test_after_one_visit_the_tools_work_offline(tab, built_site):
    host = Host(gzip=True, cache_control="no-cache")
    seen: list[str] = []
    with serve(built_site, host=host, seen=seen) as origin:
        tab.goto(f"{origin}/calculator/#award=4.1&investment=50000000")
        assert result(tab) == engine_attrs("4.1", {"investment": "50000000"})
        assert engine_ready(tab) == "runtime", "a first visit boots the runtime"
        tab.wait(KEPT, build_version(built_site), what="the build kept whole by the worker")

        host.down = True  # no answer at all from now on, as with no network
        asked = len(seen)
        five_two = {"cop": "5.2", "investment": "10000000"}
        tab.goto(f"{origin}/en/calculator/#award=5.2&cop=5.2&investment=10000000")
        assert result(tab) == engine_attrs("5.2", five_two)
        assert engine_ready(tab) == "snapshot", "a later visit starts from the snapshot"
        guessed = set(tab.js(NEIGHBOURS))

        tab.goto(
            f"{origin}/sheet/#e1=4.1&e1.investment=50000000&e2=5.2&e2.cop=5.2"
            "&e2.investment=10000000"
        )
        upper = Decimal(engine("4.1", {"investment": "50000000"})["amount"]) + Decimal(
            engine("5.2", five_two)["amount"]
        )
        assert Decimal(tab.data("sheet", "upper")) == upper
        guessed |= set(tab.js(NEIGHBOURS))

        tab.goto(f"{origin}/en/finder/#organisation=enterprise&domains=energy_saving")
        assert "4.1" in tab.data("finder", "fit").split()
        guessed |= set(tab.js(NEIGHBOURS))

        # The worker looks for a new build (sw.js); Firefox prefetches the page each one's
        # <link rel=next> names (network.prefetch-next), a guess at the reader's next page
        # that the worker, offline, answers with a network error. Nothing else may be asked.
        reached = [p for p in seen[asked:] if p != "/sw.js" and p not in guessed]
        assert not reached, f"{tab.engine}: offline, the tools still asked the host for {reached}"


# The pages a page names as its neighbours (the theme's <link rel=prev/next>).
NEIGHBOURS = """() => [...document.querySelectorAll('link[rel=next], link[rel=prev]')]
  .map((link) => new URL(link.href).pathname)"""
