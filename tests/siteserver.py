"""Serve a built site on 127.0.0.1 for browser tests, as a static host would."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
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
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    extra: dict[str, bytes] = {}
    seen: list[str] | None = None

    def do_GET(self) -> None:
        if self.seen is not None:
            self.seen.append(self.path)  # what a static host's access log would record
        body = self.extra.get(self.path.split("?")[0])
        if body is None:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@contextmanager
def serve(
    root: Path, extra: dict[str, bytes] | None = None, seen: list[str] | None = None
) -> Iterator[str]:
    """Serve root; `extra` maps paths to pages served as well (e.g. a benchmark's page); `seen`
    collects every requested path, as a host's access log would."""
    handler_class = type("Handler", (_Handler,), {"extra": dict(extra or {}), "seen": seen})
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
