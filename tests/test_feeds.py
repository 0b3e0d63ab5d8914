"""The Atom feeds of the data's edits (sitegen/feeds.py, decisions/0020): parsed back with
feedparser, as a feed reader would, and held to RFC 4287's essentials by this file's own reading
of the XML; each measure's feed holds only that measure's changes; hostile texts stay text; a
shallow clone or a copy without git builds feeds that say so. In a scratch repository (the frozen
fixture and the code), a change merged into main appears as one new entry with its sentences in
both languages, in the whole feed and its measure's feed, and in no other measure's."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

import frozen
from scratch import git
import workedexample
from calculator.policy import Text
from conftest import ROOT
from sitegen import feeds
from sitegen.changes import PUBLIC, Change, compare, for_reader
from sitegen.history import FIRST, Entry, unreadable

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
SITE = feeds.Site(Text("站", "Site"), Text("作者", "Author"))


# ---- reading a feed back ----------------------------------------------------------------------


def essentials(text: str, lang: str) -> ET.Element:
    """RFC 4287's requirements this site's feeds must meet, read from the XML itself."""
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert root.get(XML_LANG) == feeds.LANG_TAGS[lang]
    for name in ("id", "title", "updated"):  # exactly one each (4.1.1)
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text.strip()
    assert RFC3339.fullmatch(root.find(f"{ATOM}updated").text)
    assert root.find(f"{ATOM}id").text.startswith("urn:uuid:")
    selfs = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(selfs) == 1 and selfs[0].get("href").endswith("feed.xml")
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):  # 4.1.2
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.fullmatch(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}title").text.strip()
        ids.append(entry.find(f"{ATOM}id").text)
        alternates = [x for x in entry.findall(f"{ATOM}link") if x.get("rel") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("href")
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html" and content.text
    assert all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == len(ids)
    # newest first, the feed's updated the newest entry's
    times = [instant(e.find(f"{ATOM}updated").text) for e in root.findall(f"{ATOM}entry")]
    assert times == sorted(times, reverse=True)
    assert not times or instant(root.find(f"{ATOM}updated").text) == times[0]
    return root


def instant(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def parsed(text: str, lang: str):
    """The feed as feedparser reads it, after the essentials."""
    essentials(text, lang)
    found = feedparser.parse(text.encode("utf-8"))
    assert not found.bozo, found.get("bozo_exception")
    assert found.version == "atom10"
    assert found.feed.title_detail.language == feeds.LANG_TAGS[lang]
    return found


class _Items(HTMLParser):
    def __init__(self):
        super().__init__()
        self.items, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self._open = []

    def handle_endtag(self, tag):
        if tag == "li" and self._open is not None:
            self.items.append("".join(self._open))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)


def sentences(entry) -> list[str]:
    """An entry's sentences as a reader sees them (the inline diff's marks are tags there)."""
    reader = _Items()
    reader.feed(entry.content[0].value)
    return reader.items


def as_seen(sentence: str) -> str:
    """A sentence of build.py diff as it reads once its [-…-]{+…+} marks are tags."""
    return re.sub(r"\[-|-\]|\{\+|\+\}", "", sentence)


# ---- the feeds as a function of the history ---------------------------------------------------


def edited(change):
    data = frozen.data()
    change(data)
    return compare(frozen.data(), data)


def cap_of(award_id, amount):
    def change(data):
        for chapter in data["chapters"]:
            for measure in chapter.get("measures") or ():
                for award in measure.get("awards") or ():
                    if award["id"] == award_id:
                        award["rule"]["cap"]["amount"] = amount

    return change


def history(*entries, error=None) -> feeds.History:
    return feeds.History(tuple(entries), error, "2026-01-01T00:00:00+08:00")


@pytest.fixture(scope="module")
def sample():
    """Three edits: the first publication, measure 4's cap, then one of measure 2's awards and
    a domain's name (no measure's), newest first."""
    four = edited(cap_of("4.1", 8000000))
    two = edited(cap_of("2.1", 1234567))
    assert four and two
    domain = Change("domains", Text("领域改名。", "A domain renamed."), where="safety")
    return history(
        Entry("c" * 40, "2026-03-02", (*two, domain), "2026-03-02T10:00:00+08:00"),
        Entry("b" * 40, "2026-02-01", tuple(four), "2026-02-01T09:30:00+08:00"),
        Entry("a" * 40, "2026-01-01", (FIRST,), "2026-01-01T08:00:00+08:00"),
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_whole_feed_has_every_edit_with_its_sentences(sample, lang):
    policy = frozen.policy()
    found = parsed(feeds.feed(sample, policy, SITE, lang, None), lang)
    assert len(found.entries) == 3
    newest = found.entries[0]
    expected = [as_seen(for_reader(c, lang)) for c in sample.entries[0].changes]
    assert sentences(newest) == expected
    assert newest.updated == "2026-03-02T10:00:00+08:00"
    assert found.feed.updated == newest.updated
    assert found.feed.author == SITE.author(lang)
    assert newest.link.endswith(("" if lang == "zh" else "en/") + "history/#2026-03-02")
    assert sentences(found.entries[2]) == [FIRST.said(lang)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_measure_feed_holds_only_that_measures_changes(sample, lang):
    policy = frozen.policy()
    made = feeds.tools()
    for measure in policy.measures:
        found = parsed(feeds.feed(sample, policy, SITE, lang, measure.number, made), lang)
        every = [s for e in found.entries for s in sentences(e)]
        wanted = [
            as_seen(for_reader(c, lang))
            for e in sample.entries
            for c in e.changes
            if feeds.measure_of(c.where) == measure.number
        ]
        assert every == wanted, measure.number
        assert found.feed.link.endswith(f"measures/{measure.number:02d}/")
    four = parsed(feeds.feed(sample, policy, SITE, lang, 4), lang)
    assert [e.updated for e in four.entries] == ["2026-02-01T09:30:00+08:00"]
    # A measure none of the edits touched: a valid feed with no entry.
    quiet = parsed(feeds.feed(sample, policy, SITE, lang, 5), lang)
    assert quiet.entries == [] and quiet.feed.updated == sample.fallback_time


def test_the_feeds_updated_is_the_latest_instant_whatever_the_committers_offsets():
    change = edited(cap_of("4.1", 8000000))
    sample = history(  # 03:30Z is later than 10:00+08:00 (02:00Z), though it sorts first as text
        Entry("f" * 40, "2026-03-02", tuple(change), "2026-03-02T03:30:00Z"),
        Entry("e" * 40, "2026-03-02", tuple(change), "2026-03-02T10:00:00+08:00"),
    )
    found = parsed(feeds.feed(sample, frozen.policy(), SITE, "zh", None), "zh")
    assert found.feed.updated == "2026-03-02T03:30:00Z"


def test_measure_of_reads_measures_and_awards_only():
    assert feeds.measure_of("4") == 4 and feeds.measure_of("12.3") == 12
    assert feeds.measure_of("") is None and feeds.measure_of("safety") is None


def test_ids_are_the_same_wherever_the_site_is_and_links_follow_its_address(sample):
    policy = frozen.policy()
    here = feedparser.parse(feeds.feed(sample, policy, SITE, "en", 4))
    hosted = feeds.Site(SITE.name, SITE.author, "https://example.org/policy/")
    there = feedparser.parse(feeds.feed(sample, policy, hosted, "en", 4))
    assert here.feed.id == there.feed.id
    assert [e.id for e in here.entries] == [e.id for e in there.entries]
    # relative to the feed (en/measures/04/feed.xml) without an address; absolute with one
    assert here.entries[0].link == "../../../en/history/#2026-02-01"
    assert there.entries[0].link == "https://example.org/policy/en/history/#2026-02-01"
    assert there.feed.links[0].href == "https://example.org/policy/en/measures/04/feed.xml"
    # and every feed and language has its own ids
    zh = feedparser.parse(feeds.feed(sample, policy, SITE, "zh", 4))
    whole = feedparser.parse(feeds.feed(sample, policy, SITE, "en", None))
    assert len({here.feed.id, zh.feed.id, whole.feed.id}) == 3
    assert here.entries[0].id not in {e.id for e in zh.entries + whole.entries}


def test_every_feed_of_the_policy_is_written(sample):
    policy = frozen.policy()
    written = feeds.feeds(sample, policy, SITE)
    numbers = [m.number for m in policy.measures]
    assert set(written) == {"feed.xml", "feed.en.xml"} | {
        f"measures/{n:02d}/feed{suffix}.xml" for n in numbers for suffix in ("", ".en")
    }
    for path, text in written.items():
        parsed(text, "en" if path.endswith(".en.xml") else "zh")


HOSTILE = "<script>alert(1)</script> & </content><entry> \x01\x0b \ud800 ]]>"


def test_hostile_texts_stay_text_in_valid_xml():
    """Texts of a commit's data land in the feed as text: XML-escaped, HTML-escaped within the
    content, and characters XML cannot hold replaced (a commit's data is not checked)."""
    change = Change("text", Text(f"措施4：{HOSTILE}", f"Measure 4: {HOSTILE}"), where="4")
    feed = feeds.feed(
        history(Entry("d" * 40, "2026-04-01", (change,), "2026-04-01T00:00:00Z")),
        frozen.policy(),
        SITE,
        "en",
        4,
    )
    root = essentials(feed, "en")
    (entry,) = root.findall(f"{ATOM}entry")
    content = entry.find(f"{ATOM}content").text  # the HTML, once unescaped by XML
    assert "<script>" not in content and "&lt;script&gt;" in content
    assert "\x01" not in feed and "\ufffd" in content
    title = entry.find(f"{ATOM}title").text
    assert title.startswith("Measure 4: <script>alert(1)</script> &")  # text, as written
    found = parsed(feed, "en")
    assert "alert(1)" in html.unescape(found.entries[0].content[0].value)


def test_a_commit_that_could_not_be_read_is_a_note_in_the_whole_feed_only():
    note = unreadable("is not UTF-8 text (byte 3)")
    sample = history(Entry("e" * 40, "2026-05-01", (note,), "2026-05-01T00:00:00Z"))
    whole = parsed(feeds.feed(sample, frozen.policy(), SITE, "en", None), "en")
    assert sentences(whole.entries[0]) == [note.said.en]
    assert parsed(feeds.feed(sample, frozen.policy(), SITE, "en", 4), "en").entries == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_history_the_feed_says_so_in_its_subtitle_and_one_entry(lang):
    sample = history(error="this checkout is shallow")
    for measure in (None, 4):
        found = parsed(feeds.feed(sample, frozen.policy(), SITE, lang, measure), lang)
        (entry,) = found.entries
        said = feeds.load_strings()["chg_no_history"](lang)
        assert entry.title == said and "this checkout is shallow" in entry.content[0].value
        assert said in found.feed.subtitle and "this checkout is shallow" in found.feed.subtitle
        assert entry.updated == found.feed.updated == sample.fallback_time


def test_a_long_history_keeps_the_latest_edits_and_says_so():
    change = edited(cap_of("4.1", 8000000))
    many = [
        Entry(f"{i:040x}", "2026-01-01", tuple(change), f"2026-01-01T00:00:{i % 60:02d}Z")
        for i in range(feeds.LIMIT + 5)
    ]
    found = feedparser.parse(feeds.feed(history(*many), frozen.policy(), SITE, "en", None))
    assert len(found.entries) == feeds.LIMIT
    assert str(feeds.LIMIT) in found.feed.subtitle


def test_site_settings_take_the_address_from_site_url(monkeypatch, tmp_path):
    monkeypatch.setenv("SITE_URL", "https://example.org/policy")
    assert feeds.site_settings().url == "https://example.org/policy/"
    monkeypatch.setenv("SITE_URL", "not an address")
    assert feeds.site_settings().url is None
    monkeypatch.delenv("SITE_URL")
    live = feeds.site_settings()
    assert live.name.zh and live.name.en and live.author.zh and live.author.en
    assert feeds.site_settings(tmp_path / "missing.yml").author.en  # a copy without it


# ---- in a scratch repository: the build, a merged change, a shallow clone ---------------------


def render(repo, **env):
    run = subprocess.run(
        [sys.executable, "build.py", "render"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    return repo / "docs"


def read(docs: Path, relative: str, lang: str):
    return parsed((docs / relative).read_text(encoding="utf-8"), lang)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """main: the frozen fixture and the code; then a branch of two commits (measure 4's cap by
    CONTRIBUTING's worked example, then award 2.1's English name), merged into main."""
    repo = tmp_path_factory.mktemp("feeds") / "repo"
    shutil.copytree(frozen.ROOT, repo)
    for name in ("build.py", "pyproject.toml", "mkdocs.yml"):
        shutil.copy2(ROOT / name, repo / name)
    for folder in ("sitegen", "calculator", "schema", "templates"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-q", "-b", "cap")
    workedexample.apply(repo)
    git(repo, "commit", "-qam", "measure 4's cap")
    text = (repo / "measures.yaml").read_text(encoding="utf-8")
    name = next(
        a["name"]["en"]
        for ch in frozen.data()["chapters"]
        for m in ch.get("measures") or ()
        for a in m.get("awards") or ()
        if a["id"] == "2.1"
    )
    assert text.count(f"en: {name}\n") == 1
    (repo / "measures.yaml").write_text(
        text.replace(f"en: {name}\n", f"en: {name} (renamed)\n"), encoding="utf-8"
    )
    git(repo, "commit", "-qam", "award 2.1's name")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge cap", "cap")
    return repo


def data_at(repo, revision):
    from sitegen.yamlsource import loads

    shown = subprocess.run(
        ["git", "show", f"{revision}:measures.yaml"], cwd=repo, capture_output=True, check=True
    )
    return loads(shown.stdout.decode("utf-8")).data


@pytest.mark.slow
def test_a_merged_change_is_one_new_entry_in_both_languages(scratch):
    docs = render(scratch)
    before, after = data_at(scratch, "HEAD^1"), data_at(scratch, "HEAD")
    merged = [c for c in compare(before, after) if c.kind in PUBLIC]
    assert any(c.kind == "figure" and c.where == "4.1" for c in merged)
    assert any(c.where == "2.1" for c in merged)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=scratch, capture_output=True, text=True, check=True
    ).stdout.strip()
    for lang in ("zh", "en"):
        suffix = "" if lang == "zh" else ".en"
        whole = read(docs, f"feed{suffix}.xml", lang)
        # the merge alone: the branch's two commits are not listed again (the base, the first
        # publication, is no change a reader sees: the log leaves it out too)
        assert len(whole.entries) == 1
        newest = whole.entries[0]
        assert sentences(newest) == [as_seen(for_reader(c, lang)) for c in merged]
        assert head[:12] in newest.content[0].value
        four = read(docs, f"measures/04/feed{suffix}.xml", lang)
        assert len(four.entries) == 1 and four.entries[0].updated == newest.updated
        assert sentences(four.entries[0]) == [
            as_seen(for_reader(c, lang)) for c in merged if feeds.measure_of(c.where) == 4
        ]
        two = read(docs, f"measures/02/feed{suffix}.xml", lang)
        assert all("4.1" not in s for e in two.entries for s in sentences(e))
        assert sentences(two.entries[0]) == [
            as_seen(for_reader(c, lang)) for c in merged if feeds.measure_of(c.where) == 2
        ]
        five = read(docs, f"measures/05/feed{suffix}.xml", lang)
        assert five.entries == []
    # The same history built again, under an address: the same ids, absolute links.
    first = read(docs, "feed.en.xml", "en")
    again = read(render(scratch, SITE_URL="https://example.org/x/"), "feed.en.xml", "en")
    assert [e.id for e in again.entries] == [e.id for e in first.entries]
    assert again.entries[0].link.startswith("https://example.org/x/en/history/#")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["shallow", "no-git"])
def test_a_shallow_clone_or_a_copy_without_git_builds_feeds_that_say_so(scratch, tmp_path, how):
    copy = tmp_path / "copy"
    if how == "shallow":
        git(tmp_path, "clone", "-q", "--depth", "1", f"file://{scratch}", str(copy))
    else:
        shutil.copytree(scratch, copy, ignore=shutil.ignore_patterns(".git", ".cache", "docs"))
    docs = render(copy)
    for relative, lang in (("feed.xml", "zh"), ("measures/04/feed.en.xml", "en")):
        found = read(docs, relative, lang)
        said = feeds.load_strings()["chg_no_history"](lang)
        assert [e.title for e in found.entries] == [said]
        assert said in found.feed.subtitle


# ---- the built site: where the feeds are, how pages name them ---------------------------------

_HEAD_FEED = re.compile(
    r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">'
)


def test_every_page_names_its_languages_feed_and_a_measure_page_its_own(built_site):
    pages = [p for p in built_site.rglob("index.html") if "assets" not in p.parts]
    assert len(pages) > 100
    for page in pages:
        relative = page.relative_to(built_site).as_posix()
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        hrefs = _HEAD_FEED.findall(head)
        lang = "en" if relative.startswith("en/") else "zh"
        whole = (page.parent / hrefs[0]).resolve()
        assert whole == (built_site / ("en/" if lang == "en" else "") / "feed.xml").resolve()
        measure = re.fullmatch(r"(en/)?measures/(\d\d)/index\.html", relative)
        assert len(hrefs) == (2 if measure else 1), relative
        if measure:
            assert (page.parent / hrefs[1]).resolve() == page.parent / "feed.xml"
            # the subscribe link's words are on every measure page: never a search answer
            body = page.read_text(encoding="utf-8")
            assert '<p class="feed-subscribe" data-pagefind-ignore>' in body, relative
    for feed in [built_site / "feed.xml", *built_site.glob("measures/*/feed.xml")]:
        parsed(feed.read_text(encoding="utf-8"), "zh")
        english = built_site / "en" / feed.relative_to(built_site)
        parsed(english.read_text(encoding="utf-8"), "en")


def test_the_service_worker_never_precaches_a_feed(built_site):
    import json

    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    build = json.loads(re.search(r"const BUILD = (\{.*?\});\n", worker).group(1))
    assert "feed.xml" in build["files"]  # served like any file of the build
    assert not [p for p in build["precache"] if p.endswith(".xml")]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
def test_subscribe_links_lead_to_the_feeds_and_the_theme_asks_for_no_sitemap_beside_them(
    page, origin, lang
):
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    for path, feed in (("changes/", "feed.xml"), ("measures/04/", "measures/04/feed.xml")):
        page.goto(f"{origin}/{lang}{path}")
        page.wait_for_load_state("networkidle")
        link = page.locator("a.feed-link")
        assert link.is_visible()
        href = link.evaluate("a => a.href")
        assert href == f"{origin}/{lang}{feed}"
        text = page.request.get(href).text()
        assert parsed(text, "en" if lang else "zh").feed.title
        # the head's links, as the theme's script left them
        rels = page.eval_on_selector_all(
            'link[type="application/atom+xml"]', "links => links.map(l => l.rel)"
        )
        assert rels and set(rels) == {"alternate feed"}
    sitemaps = [u for u in asked if u.endswith("sitemap.xml")]
    assert all(u == f"{origin}/sitemap.xml" for u in sitemaps), sitemaps


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
def test_an_entrys_link_opens_its_day_on_the_log(page, origin, lang):
    from urllib.parse import urljoin

    address = f"{origin}/{lang}feed.xml"
    found = parsed(page.request.get(address).text(), "en" if lang else "zh")
    assert found.entries, "the live history has edits of measures.yaml"
    link = urljoin(address, found.entries[-1].link)  # the oldest: a day folded away below
    assert link.startswith(f"{origin}/{lang}history/#")
    page.goto(link)
    page.wait_for_load_state("networkidle")
    day = link.rsplit("#", 1)[1]
    assert page.evaluate(f"document.getElementById({day!r}).closest('details').open")
    opened = page.eval_on_selector_all("details.history-day", "ds => ds.filter(d => d.open)")
    assert len(opened) == 1
