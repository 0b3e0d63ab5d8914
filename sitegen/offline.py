"""The service worker's manifest (decisions/0011): build.py writes it into site/sw.js after
`mkdocs build`, so the worker, and with it the cache it keeps, changes whenever any file of the
build changes.

- files: every file of the site a reader may be served (pages, assets, runtime, search index),
  each with the first 16 hex digits of its sha-256; the worker keeps a file only if its bytes
  match. Left out: sw.js itself, the .br/.gz copies (the host sends them in the file's place),
  source maps, and the theme's search files that this site does not use.
- precache: what one visit to a tool page keeps at once: the calculator, finder and sheet pages
  in both languages, every file they load, and the runtime with the wheel, lock and snapshot.
- packed: large files the worker fetches as their .gz copy (precompress.py writes it) and
  unpacks itself, so that a host that does not compress them (GitHub Pages sends
  application/octet-stream as it is) does not send the 31 MB snapshot whole.
- version: a hash of `files`.

The calculation worker (assets/calculator-worker.js) gets its own line, SNAPSHOT: the build's
version (so it reads the snapshot from this build's cache only, never another's on the same
origin) and the snapshot's whole sha-256 (checked before the bytes are restored). `version` hashes
the worker as its source has it (SNAPSHOT null), so the line it gets does not change it; `files`
holds the worker's bytes as served.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

TOOL_PAGES = ("calculator", "finder", "sheet")
PACKED_BYTES = 16 * 1024 * 1024  # the snapshot; precompress.py writes a .gz of every .bin
MARKER = "const BUILD = null;"
WORKER = "assets/calculator-worker.js"
SNAPSHOT_FILE = "assets/pyodide/snapshot.bin"
_SNAPSHOT_LINE = re.compile(r"^const SNAPSHOT = .*;$", re.M)
SNAPSHOT_NULL = "const SNAPSHOT = null;"
_SKIP = re.compile(r"(\.(br|gz|map)$|^sw\.js$|^assets/javascripts/(lunr|workers)/)")
# Pages are kept as they are visited; a feed (.xml, in every head) is for feed readers.
_NOT_KEPT = ("", ".html", ".xml")
_LINKED = re.compile(r"""(?:src|href)="([^"#?]+)""")


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _source_hash(path: Path, relative: str) -> str:
    """A file's hash for the build's version: the worker as its source has it (SNAPSHOT null)."""
    if relative != WORKER:
        return _hash(path)
    text = _SNAPSHOT_LINE.sub(SNAPSHOT_NULL, path.read_text(encoding="utf-8"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _linked(page: Path, site: Path) -> set[str]:
    """Files of the site that a page links to (scripts, styles, icons), as site paths."""
    found = set()
    for ref in _LINKED.findall(page.read_text(encoding="utf-8")):
        target = (page.parent / ref).resolve()
        if ref.startswith(("http:", "https:", "/", "data:")) or target.suffix in _NOT_KEPT:
            continue
        if target.is_file() and site in target.parents:
            found.add(target.relative_to(site).as_posix())
    return found


def manifest(site: Path) -> dict:
    site = site.resolve()
    files = {
        path.relative_to(site).as_posix(): _source_hash(path, path.relative_to(site).as_posix())
        for path in sorted(site.rglob("*"))
        if path.is_file() and not _SKIP.search(path.relative_to(site).as_posix())
    }
    pages = [f"{lang}{name}/index.html" for lang in ("", "en/") for name in TOOL_PAGES]
    precache = set(pages)
    for page in pages:
        precache |= _linked(site / page, site)
    # Our own scripts import one another and start the calculation worker: keep them all.
    precache |= {p for p in files if re.fullmatch(r"assets/[^/]+\.(js|css)", p)}
    precache |= {p for p in files if p.startswith("assets/pyodide/")}
    missing = sorted(precache - set(files))
    if missing:
        raise ValueError(f"the service worker would keep files the site lacks: {missing}")
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    packed = sorted(p for p in precache if (site / p).stat().st_size >= PACKED_BYTES)
    return {"version": version, "precache": sorted(precache), "packed": packed, "files": files}


def write_service_worker(site: Path) -> dict:
    """Put the build's manifest into site/sw.js; returns it."""
    worker = site / "sw.js"
    text = worker.read_text(encoding="utf-8")
    if MARKER not in text:
        raise ValueError(f"{worker} lacks the line {MARKER!r}")
    build = manifest(site)
    if WORKER in build["files"] and SNAPSHOT_FILE in build["files"]:
        build["files"][WORKER] = _tell_worker(site, build["version"])
    worker.write_text(
        text.replace(MARKER, f"const BUILD = {json.dumps(build, separators=(',', ':'))};"),
        encoding="utf-8",
    )
    return build


def _tell_worker(site: Path, version: str) -> str:
    """Write the build's version and the snapshot's sha-256 into the calculation worker (a new
    file in its place: a hard-linked copy of the site is never written through; its precompressed
    copies, now stale, removed); returns the worker's hash as served."""
    path = site / WORKER
    digest = hashlib.sha256((site / SNAPSHOT_FILE).read_bytes()).hexdigest()
    line = f"const SNAPSHOT = {json.dumps({'version': version, 'sha256': digest})};"
    text = path.read_text(encoding="utf-8")
    if not _SNAPSHOT_LINE.search(text):
        raise ValueError(f"{path} lacks the line {SNAPSHOT_NULL!r}")
    fresh = path.with_name(path.name + ".new")
    fresh.write_text(_SNAPSHOT_LINE.sub(line, text, count=1), encoding="utf-8")
    fresh.replace(path)
    for stale in (".gz", ".br"):
        path.with_name(path.name + stale).unlink(missing_ok=True)
    return _hash(path)


def first_visit_files(site: Path) -> list[str]:
    """The runtime a tool page's worker fetches on a first visit (calculator-worker.js): the
    runtime's files, its reduced standard library, the lock and our wheel. The snapshot is not
    among them: only the service worker fetches it, after the visit."""
    from .assets import RUNTIME_FILES

    runtime_dir = site / "assets" / "pyodide"
    lock = json.loads((runtime_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    (package,) = lock["packages"].values()
    names = [*RUNTIME_FILES, "python_stdlib.zip", "pyodide-lock.json", package["file_name"]]
    return [f"assets/pyodide/{name}" for name in names]


def stamp_downloads(site: Path, cache: Path) -> dict[str, tuple[int, int]]:
    """Write on each tool page and the embeddable calculator (<html data-download="FIRST LATER">)
    what a first visit downloads, as a host sends it (gzip), so that the page can say it while
    the runtime loads: FIRST, the runtime; LATER, what the service worker keeps afterwards in the
    background for later and offline visits (the manifest's precache less what the visit fetched:
    the snapshot above all). Run before the manifest is made, which then hashes the stamped
    pages."""
    from .precompress import sent_bytes

    build = manifest(site)
    runtime = first_visit_files(site)

    def sent(path: str) -> int:
        return sent_bytes(site / path, cache, packed=path in build["packed"])

    first = sum(sent(p) for p in runtime)
    stamped = {}
    for lang in ("", "en/"):
        for name in (*TOOL_PAGES, "embed"):  # the embeddable calculator loads the same runtime
            page = f"{lang}{name}/index.html"
            if not (site / page).exists():
                continue
            fetched = {page, *runtime, *_linked(site / page, site)}
            later = sum(sent(p) for p in build["precache"] if p not in fetched)
            html = (site / page).read_text(encoding="utf-8")
            stamp = f'<html data-download="{first} {later}" '
            (site / page).write_text(html.replace("<html ", stamp, 1), encoding="utf-8")
            stamped[page] = (first, later)
    return stamped


def finish(site: Path, cache: Path | None = None) -> dict:
    """After `mkdocs build`: the runtime's memory snapshot for this build's wheel, what a first
    visit downloads written on the tool pages, then the service worker's manifest of the
    finished site."""
    from .runtime import SNAPSHOT, make_snapshot

    runtime_dir = site / "assets" / "pyodide"
    lock = json.loads((runtime_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    (package,) = lock["packages"].values()
    make_snapshot(runtime_dir, runtime_dir / package["file_name"], package["sha256"])
    assert (runtime_dir / SNAPSHOT).exists()
    stamp_downloads(site, cache or site.parent / ".cache" / "precompressed")
    return write_service_worker(site)
