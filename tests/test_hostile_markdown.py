"""Issue 20, item 1: no text of measures.yaml becomes markup, on a page or anywhere else.

Two lines hold. The check refuses Markdown syntax in any text, on its line (sitegen/mdtext.py);
and the pages make every text inert wherever it lands (an element, a Markdown paragraph, a
heading, a link's words, a table cell, the front matter), so data that somehow passed would still
be shown as written. The second line is tested by rendering every page of the frozen fixture
with each construct appended to every text, converting the pages with Python-Markdown and the
extensions of mkdocs.yml, and comparing the elements with those of a benign copy."""

from __future__ import annotations

import html as html_module
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

import frozen
from calculator.policy import Policy
from conftest import ROOT
from sitegen.mdtext import construct, inert
from sitegen.render import render_site

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<where>[^:]+): (?P<what>.+)$")
TITLE = "en: Deepen safety and emergency services"  # measure 2's English title in the fixture

# The constructs of issue 20 (and their neighbours), each as a hostile contributor wrote it.
CONSTRUCTS = {
    "reference_link_to_javascript": "[the notice][a]\n\n[a]: javascript:alert(document.cookie)",
    "reference_link_to_outside_url": "[apply here][b]\n\n[b]: https://phish.example/apply",
    "attribute_list_onclick": 'safety\n{: #withdrawn onclick="alert(1)" }',
    "attribute_list_inline": "safety {: .md-button onclick=alert(1) }",
    "admonition": '\n\n!!! danger "Danger — measure withdrawn"\n    This measure is withdrawn.',
    "heading": "\n\n# Danger — measure withdrawn",
    "table": "\n\n| a | b |\n| --- | --- |\n| c | d |",
    "list": "\n\n- call this number",
    "numbered_list": "\n\n3) call this number",
    "setext_heading": "\nDanger\n======",
    "image": "![logo](https://phish.example/logo.png)",
}


def check_edit(tmp_path: Path, new: str) -> tuple[int, list[re.Match], str, int]:
    """The fixture with measure 2's English title replaced (a YAML string with escapes)."""
    text = frozen.TEXT
    assert text.count(TITLE) == 1
    path = tmp_path / "measures.yaml"
    path.write_text(text.replace(TITLE, "en: " + new), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "build.py", "check", str(path), "--root", str(frozen.ROOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in run.stderr + run.stdout
    problems = [m for m in map(LINE.match, run.stderr.splitlines()) if m]
    return run.returncode, problems, run.stderr, text[: text.index(TITLE)].count("\n") + 1


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_check_refuses_markdown_construct_on_its_line(tmp_path, name):
    payload = "Deepen safety and emergency services " + CONSTRUCTS[name]
    quoted = '"' + payload.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    code, problems, stderr, line = check_edit(tmp_path, quoted)
    assert code == 1
    said = [p for p in problems if p["where"] == "measure 2 › title.en"]
    assert said and int(said[0]["line"]) == line, stderr
    assert re.search(r"holds (Markdown|markup) \('", said[0]["what"]), stderr
    assert "internal error" not in stderr


@pytest.mark.parametrize(
    "text",
    [
        "These measures take effect on [date not yet set] and are valid for 5 years.",
        "As a percentage: 12 means 12%.",
        "Products (first set) - the developer's; 20+8 clusters #1 in 3.5 years!",
        "Step 1. Apply; step 2) wait.",
    ],
)
def test_check_leaves_plain_prose_alone(text):
    assert construct(text) is None


def test_construct_names_what_it_found():
    assert construct("x [a][b]") == ("][", "a reference link")
    assert construct("x\n[b]: https://phish.example/") == ("[b]:", "a link definition")
    assert construct("x {: #i onclick=y }")[1] == "an attribute list"
    assert construct('!!! danger "x"') == ("!!!", "an admonition")
    assert construct("\n# x") == ("#", "a heading")
    assert construct("a | b") == ("|", "a table")


# --- The pages: every text made inert wherever it lands --------------------------------------

PAYLOAD = "".join(CONSTRUCTS.values()) + ' \\*x\\* *e* _f_ ~~s~~ "q" back\\'


def _with_texts(node, suffix: str):
    """Every bilingual text of the data with suffix appended (ids, phrases, numbers kept)."""
    if isinstance(node, dict):
        if isinstance(node.get("zh"), str) and isinstance(node.get("en"), str):
            return {
                **{k: _with_texts(v, suffix) for k, v in node.items()},
                "zh": node["zh"] + suffix,
                "en": node["en"] + suffix,
            }
        return {k: _with_texts(v, suffix) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_texts(v, suffix) for v in node]
    return node


def _extensions() -> list:
    """mkdocs.yml's Markdown extensions (the slugify function is a Python tag there)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loose)
    return [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]


class _Loose(yaml.SafeLoader):
    pass


_Loose.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


class _Elements(HTMLParser):
    """Each element: its tag, its attributes' names, and where it links to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        links = tuple(v for k, v in attrs if k in ("href", "src"))
        self.found.append((tag, tuple(sorted(k for k, _ in attrs)), links))
        self.attributes += [(tag, k, v or "") for k, v in attrs]


def _site(tmp_path: Path, suffix: str) -> dict[str, tuple[dict, _Elements, str]]:
    data = _with_texts(frozen.data(), suffix)
    docs = tmp_path / "docs"
    render_site(Policy.from_data(data), docs, data)
    pages = {}
    extensions = _extensions()
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        html = markdown.markdown(body, extensions=extensions)
        elements = _Elements()
        elements.feed(html)
        pages[str(path.relative_to(docs))] = (yaml.safe_load(front), elements, html)
    return pages


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return _site(tmp_path_factory.mktemp("hostile"), " " + PAYLOAD)


@pytest.fixture(scope="module")
def benign(tmp_path_factory):
    return _site(tmp_path_factory.mktemp("benign"), " plain words")


def test_hostile_texts_make_no_element_on_any_page(hostile, benign):
    assert hostile.keys() == benign.keys()
    for page, (_, elements, _) in hostile.items():
        assert elements.found == benign[page][1].found, page


def test_reference_links_lead_nowhere(hostile):
    for page, (_, elements, _) in hostile.items():
        for tag, name, value in elements.attributes:
            if name in ("href", "src"):
                assert not value.startswith("javascript:"), page
                assert "phish.example" not in value, page


def test_attribute_lists_add_no_attribute(hostile):
    for page, (_, elements, _) in hostile.items():
        assert not [a for a in elements.attributes if a[1].startswith("on")], page
        assert not [a for a in elements.attributes if a[2] == "withdrawn"], page


def test_admonitions_headings_and_tables_stay_text(hostile):
    page = "measures/02.en.md"
    _, elements, html = hostile[page]
    assert 'class="admonition' not in html
    shown = html_module.unescape(html)
    assert '!!! danger "Danger — measure withdrawn"' in shown  # shown as written
    assert "<h1>Danger" not in html and "# Danger — measure withdrawn" in shown
    assert "| a | b | | --- | --- |" in shown


def test_front_matter_keeps_every_title_as_written(hostile):
    """A backslash or a quote of a text cannot end the YAML string early (the whole payload is
    there, to its last character) or break the front matter (it parsed)."""
    held = 0
    for page, (front, _, _) in hostile.items():
        for key in ("title", "description"):
            value = html_module.unescape(str(front.get(key, "")))
            if "javascript:alert" in value:
                assert '"q" back\\' in value, (page, key, value[-40:])
                held += 1
    assert held > 60


def test_inert_is_the_same_text_in_html_and_in_markdown():
    text = 'a [x][y] {: #i } # | *b* <c> & "d" \\ 1.'
    html = markdown.markdown(str(inert(text)), extensions=_extensions())
    parsed = _Elements()
    parsed.feed(html)
    assert [e[0] for e in parsed.found] == ["p"]
    shown = re.sub(r"</?p>", "", html)
    assert html_module.unescape(shown) == text
    assert str(inert("1. item")).startswith("&#49;") and str(inert("- item")).startswith("&#45;")
