"""Precompressed copies (.br, .gz) of the site's larger text and WebAssembly files, for hosts
that serve them as they are (nginx gzip_static/brotli_static, Caddy precompressed, …).

Brotli at its best quality takes ~25 s on the 9.6 MB Pyodide runtime, so results are cached in
.cache/precompressed/ by content hash: a rebuild only compresses what changed.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli

SUFFIXES = {
    ".bin",
    ".wasm",
    ".mjs",
    ".js",
    ".json",
    ".css",
    ".html",
    ".xml",
    ".txt",
    ".yaml",
    ".svg",
}
MIN_BYTES = 8 * 1024  # smaller files gain too little to be worth a second request path
# The runtime's memory snapshot (31 MB) changes with every change of the rules: Brotli's best
# quality would take ~25 s on each build for 13% fewer bytes than quality 9 (1.6 s).
LARGE_BYTES, LARGE_QUALITY = 16 * 1024 * 1024, 9


def _cached(cache: Path, digest: str, kind: str, make) -> bytes:
    path = cache / f"{digest}.{kind}"
    if path.exists():
        return path.read_bytes()
    data = make()
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def sent_bytes(path: Path, cache: Path, packed: bool = False) -> int:
    """What a static host sends for a file when the reader's browser accepts gzip (README,
    Hosting): its NAME.gz where precompress() writes one (or, `packed`, where the service worker
    fetches the .gz itself), else the file as it is. Cached as precompress() caches it."""
    size = path.stat().st_size
    if not packed and (path.suffix not in SUFFIXES or size < MIN_BYTES):
        return size
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    return len(_cached(cache, digest, "gz", lambda: gzip.compress(raw, 9, mtime=0)))


def precompress(site: Path, cache: Path) -> dict[str, int]:
    """Write NAME.br and NAME.gz beside each eligible file; returns byte totals."""
    totals = {"files": 0, "raw": 0, "br": 0, "gz": 0}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in SUFFIXES or path.stat().st_size < MIN_BYTES:
            continue
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        quality = LARGE_QUALITY if len(raw) >= LARGE_BYTES else 11
        kind = "br" if quality == 11 else f"br{quality}"
        br = _cached(cache, digest, kind, lambda: brotli.compress(raw, quality=quality))
        gz = _cached(cache, digest, "gz", lambda: gzip.compress(raw, 9, mtime=0))
        path.with_name(path.name + ".br").write_bytes(br)
        path.with_name(path.name + ".gz").write_bytes(gz)
        totals["files"] += 1
        totals["raw"] += len(raw)
        totals["br"] += len(br)
        totals["gz"] += len(gz)
    return totals
