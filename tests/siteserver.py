"""Serve a built site on 127.0.0.1 for browser tests and benchmarks, as a static host would.

By default, files as they are (Python's SimpleHTTPRequestHandler). With `host=Host(...)`, as a
configured static host: NAME.gz sent in NAME's place with `Content-Encoding: gzip` to browsers
that accept it, a Cache-Control header, ETags (a revalidation costs one round trip), and
optionally a slow link (`Link`): every response waits a latency, then all responses share one
bandwidth, throttled here at the server, where it reaches a Web Worker's and a service worker's
requests too (Chromium's network emulation does not).
"""

from __future__ import annotations

import email.utils
import functools
import http.server
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".yaml": "text/yaml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".whl": "application/zip",
    ".bin": "application/octet-stream",
}


class Link:
    """One shared link: `mbit` per second for all responses together, `latency_ms` before
    each response's first byte."""

    def __init__(self, mbit: float, latency_ms: float):
        self.rate = mbit * 1_000_000 / 8  # bytes per second
        self.latency = latency_ms / 1000
        self._lock = threading.Lock()
        self._free_at = time.monotonic()

    def send(self, wfile, data: bytes, chunk: int = 16 * 1024) -> None:
        for start in range(0, len(data), chunk):
            piece = data[start : start + chunk]
            with self._lock:  # reserve the link's next free slot for this piece
                now = time.monotonic()
                begin = max(now, self._free_at)
                self._free_at = begin + len(piece) / self.rate
                done = self._free_at
            time.sleep(max(0.0, done - time.monotonic()))
            wfile.write(piece)


@dataclass
class Host:
    gzip: bool = True
    cache_control: str = "max-age=600"
    link: Link | None = None
    root: list[Path] = field(default_factory=list)  # set by serve(); swap [0] to swap sites
    down: bool = False  # True: every connection is closed unanswered, as with no network


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    extra: dict[str, bytes] = {}
    seen: list[str] | None = None
    host: Host | None = None

    def do_GET(self) -> None:
        if self.seen is not None:
            self.seen.append(self.path)  # what a static host's access log would record
        body = self.extra.get(self.path.split("?")[0])
        if self.host is not None and self.host.down:
            self.close_connection = True  # no answer at all: the browser sees a network error
        elif body is not None:
            self._send(200, {"Content-Type": "text/html; charset=utf-8"}, body)
        elif self.host is not None:
            self._as_host()
        else:
            super().do_GET()

    def translate_path(self, path: str) -> str:
        if self.host is not None:  # the site may be swapped between requests
            self.directory = str(self.host.root[0])
        return super().translate_path(path)

    def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        if self.host and self.host.link:
            time.sleep(self.host.link.latency)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.host and self.host.link:
            self.host.link.send(self.wfile, body)
        else:
            self.wfile.write(body)

    def _as_host(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self._send(301, {"Location": self.path.split("?")[0] + "/"})
                return
            path = path / "index.html"
        if not path.is_file():
            self._send(404, {"Content-Type": "text/plain"}, b"not found")
            return
        headers = {"Content-Type": self.guess_type(str(path)), "Vary": "Accept-Encoding"}
        served = path
        gz = path.with_name(path.name + ".gz")
        if self.host.gzip and "gzip" in self.headers.get("Accept-Encoding", "") and gz.is_file():
            served = gz
            headers["Content-Encoding"] = "gzip"
        stat = served.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        headers["ETag"] = etag
        headers["Last-Modified"] = email.utils.formatdate(stat.st_mtime, usegmt=True)
        headers["Cache-Control"] = self.host.cache_control
        if self.headers.get("If-None-Match") == etag:
            self._send(304, {k: v for k, v in headers.items() if k != "Content-Type"})
            return
        self._send(200, headers, served.read_bytes())

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@contextmanager
def serve(
    root: Path,
    extra: dict[str, bytes] | None = None,
    seen: list[str] | None = None,
    host: Host | None = None,
) -> Iterator[str]:
    """Serve root; `extra` maps paths to pages served as well (e.g. a benchmark's page); `seen`
    collects every requested path, as a host's access log would; `host` serves as a configured
    static host does (see Host), its `root[0]` the folder served, which may be swapped."""
    if host is not None:
        host.root[:] = [Path(root)]
    handler_class = type(
        "Handler", (_Handler,), {"extra": dict(extra or {}), "seen": seen, "host": host}
    )
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
