"""The browser code's shape (decisions/0019), read from its files: the worker's protocol declared
once (overrides/assets/protocol.js) and matching calculator/web.py; no page or worker spelling a
message kind itself; one addToSheet; no polling; no inline script in a template; the embed's
message spelled alike by the embed and the host's script; Biome pinned."""

from __future__ import annotations

import inspect
import json
import re

from conftest import ROOT
from calculator import web

ASSETS = ROOT / "overrides" / "assets"
PROTOCOL = (ASSETS / "protocol.js").read_text(encoding="utf-8")
SCRIPTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(ASSETS.glob("*.js"))}
_QUESTION = re.compile(r'^  (\w+): \{ call: "(\w+)", fields: \[([^\]]*)\] \},$', re.M)


def _questions() -> dict[str, tuple[str, list[str]]]:
    found = {}
    for kind, call, fields in _QUESTION.findall(PROTOCOL):
        found[kind] = (call, re.findall(r'"(\w+)"', fields))
    return found


def test_each_question_kind_is_one_function_of_calculator_web_with_its_arguments():
    questions = _questions()
    assert set(questions) == {"estimate", "read", "find", "sheet"}
    for kind, (call, fields) in questions.items():
        function = getattr(web, call)
        names = [p for p in inspect.signature(function).parameters if p != "policy"]
        assert len(names) == len(fields), (kind, names, fields)
    page_functions = {name for name in dir(web) if name.startswith("page_")}
    assert page_functions == {call for call, _ in questions.values()}


def test_no_script_but_the_protocol_spells_a_message_kind():
    kinds = [*_questions(), "progress", "ready", "failed"]
    spelled = re.compile(
        r"""(?:ask|drop)\(\s*["'`]|(?:type|kind|stage)\s*===?\s*["'`](?:%s)["'`]|type:\s*["'`](?:%s)["'`]"""
        % ("|".join(kinds), "|".join(kinds))
    )
    for name, text in SCRIPTS.items():
        if name == "protocol.js":
            continue
        assert not spelled.search(text), (name, spelled.search(text).group(0))
    assert 'from "./protocol.js"' in SCRIPTS["calculator-worker.js"]
    assert 'from "./protocol.js"' in SCRIPTS["engine.js"]


def test_one_add_to_sheet_and_no_polling():
    defined = [n for n, t in SCRIPTS.items() if re.search(r"function addToSheet\(", t)]
    assert defined == ["sheet-store.js"]
    for page in ("calculator.js", "finder.js"):
        assert re.search(r"\baddToSheet\(", SCRIPTS[page]), page
        assert "appendEntry" not in SCRIPTS[page], page
    for name, text in SCRIPTS.items():
        assert "setInterval" not in text, name


def test_library_modules_do_nothing_when_imported():
    """engine.js, sheet-store.js and protocol.js only declare; each page module has one entry."""
    for name in ("engine.js", "sheet-store.js", "protocol.js"):
        top = [
            line
            for line in SCRIPTS[name].splitlines()
            if line and not line.startswith((" ", "}", ")", "]", "//", "import", "export"))
        ]
        assert [line for line in top if not line.startswith(("const ", "let ", "function "))] == []
        assert not re.search(r"^(document|window|navigator|for |if )", SCRIPTS[name], re.M), name
    for name in ("calculator.js", "finder.js", "sheet.js", "embed.js", "embedding.js", "search.js"):
        assert re.findall(r"^\w.*\(\);$", SCRIPTS[name], re.M) == ["main();"], name


def test_no_template_has_an_inline_script():
    """The pages' own scripts are files (CSP: no inline script of ours); JSON data blocks are
    data, not scripts."""
    tag = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
    for path in sorted((ROOT / "templates").glob("*.j2")) + sorted(
        (ROOT / "overrides").rglob("*.html")
    ):
        for found in tag.finditer(path.read_text(encoding="utf-8")):
            if 'type="application/json"' in found["attrs"]:
                continue
            assert 'src="' in found["attrs"] and not found["body"].strip(), (path, found[0][:80])


def test_the_embed_and_the_host_spell_the_same_message():
    declared = re.search(r'export const EMBED_HEIGHT = "([^"]+)";', PROTOCOL)[1]
    host = (ROOT / "templates" / "embed-host.js").read_text(encoding="utf-8")
    assert f'"{declared}"' in host
    assert "EMBED_HEIGHT" in SCRIPTS["embed.js"]


def test_the_linter_is_pinned_and_run_before_the_tests():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = package["devDependencies"]["@biomejs/biome"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/@biomejs/biome"]["version"] == version
    dev = (ROOT / "dev.sh").read_text(encoding="utf-8")
    for tier in dev.split("exec .venv/bin/python -m pytest")[:-1]:
        assert "lint_js" in tier.rsplit("python_env", 1)[-1]
