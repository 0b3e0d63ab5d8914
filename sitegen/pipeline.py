"""One way from data to site: check → export → render → assets, once per build (decisions/0018).
build.py prepares, then MkDocs serves what was prepared; under `build.py serve` the MkDocs hook
prepares again on each rebuild, so an edit to measures.yaml shows at once. The result, `Prepared`,
carries the checked policy and the build's one reading of git to the hooks (sitegen/session.py)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
import hashlib
import shutil
from pathlib import Path

from calculator.policy import Policy

from . import apiv1, assets, feeds, gitlog, revision, runtime
from .check import check_file
from .export import export_text
from .problems import Problem
from . import render
from .render import render_site
from .searchterms import dictionary_json

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MEASURES = ROOT / "measures.yaml"
CALCULATOR_JSON = ROOT / "calculator" / "data" / "measures.json"
RUNTIME_DIR = DOCS / "assets" / "pyodide"
DOWNLOADS = DOCS / "downloads"
API = DOCS / "api" / apiv1.VERSION  # generated, not committed; served as /api/v1/ (decisions/0013)
SEARCH_TERMS = DOCS / "assets" / "search" / "terms.json"  # served as /assets/search/terms.json


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def _copy_if_changed(source: Path, target: Path) -> None:
    if not target.exists() or target.read_bytes() != source.read_bytes():
        shutil.copyfile(source, target)


def _calculator_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "calculator").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    # The wheel carries bytecode of the runtime's Python (sitegen/runtime.py).
    digest.update(runtime.TOOL.read_bytes())
    digest.update((assets.NPM_PYODIDE / "package.json").read_bytes())
    return digest.hexdigest()


def export(data: dict) -> bool:
    """Write the JSON export; True if it changed."""
    return _write_if_changed(CALCULATOR_JSON, export_text(data))


@dataclass(frozen=True)
class Prepared:
    """What one preparation made: the checked policy (None if the file did not pass, with its
    problems) and the git history it was read with."""

    policy: Policy | None
    problems: list[Problem] = field(default_factory=list)
    log: gitlog.History = field(default_factory=gitlog.History)


def prepare(with_runtime: bool = True) -> Prepared:
    """Bring docs/ up to date with measures.yaml; the problems if the file does not pass."""
    result = check_file(MEASURES)
    if not result.ok:
        return Prepared(None, result.problems)
    data = result.loaded.data
    export(data)
    log = gitlog.read(ROOT)
    current = revision.current(log)
    revision.write(current)
    policy = Policy.from_data(data)
    history = render.read_history(log)  # the changelog, once for the pages and the feeds
    render_site(policy, DOCS, data, history)
    feeds.write(DOCS, feeds.feeds(feeds.history_of(history), policy, feeds.site_settings()))
    apiv1.write(dataclasses.replace(policy, revision=current), API)
    _write_if_changed(SEARCH_TERMS, dictionary_json(policy) + "\n")
    for name, source in render.DOWNLOADS.items():
        _write_if_changed(DOWNLOADS / name, (ROOT / source).read_text(encoding="utf-8"))
    if with_runtime:
        _runtime()
    return Prepared(policy, [], log)


def _runtime() -> None:
    """The Pyodide runtime, the calculator's wheel (rebuilt when its code changed) and the lock."""
    assets.copy_runtime(RUNTIME_DIR)
    stamp = RUNTIME_DIR / ".calculator-fingerprint"
    fingerprint = _calculator_fingerprint()
    lock = RUNTIME_DIR / "pyodide-lock.json"
    stale = (
        not lock.exists()
        or not stamp.exists()
        or stamp.read_text() != fingerprint
        or not any(RUNTIME_DIR.glob("*.whl"))
    )
    if stale:
        wheel = assets.build_wheel(RUNTIME_DIR)
    else:
        (wheel,) = RUNTIME_DIR.glob("*.whl")
    compiled = runtime.compiled_stdlib(wheel)
    _copy_if_changed(compiled / "python_stdlib.zip", RUNTIME_DIR / "python_stdlib.zip")
    if stale:
        runtime.add_bytecode(wheel, compiled / "pyc")
        assets.write_lock(RUNTIME_DIR, wheel)
        stamp.write_text(fingerprint)


def clean_generated() -> None:
    """Remove every generated page and asset from docs/ (hand-written assets live in overrides/)."""
    for path in list(DOCS.glob("*.md")) + [
        DOCS / "chapters",
        DOCS / "measures",
        DOCS / "feed.xml",  # the feeds (sitegen/feeds.py); the measures' go with measures/
        DOCS / "feed.en.xml",
        DOWNLOADS,
        API.parent,
        RUNTIME_DIR,
        SEARCH_TERMS.parent,
    ]:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
