"""scripts/check_sources.py, which the weekly workflow runs: each cited source asked for, against
a local server that answers, fails, moves to another host, sends no page, or never answers."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

import frozen
from conftest import ROOT

ROUTES = {
    "/page": (200, "text/html; charset=utf-8"),
    "/notice.pdf": (200, "application/pdf"),
    "/gone": (404, "text/html"),
    "/binary": (200, "application/octet-stream"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the standard library's name
        if self.path == "/moved":
            self.send_response(301)
            # the same server under another host name: a page that moved elsewhere
            self.send_header("Location", f"http://localhost:{self.server.server_port}/page")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(3)
        status, kind = ROUTES.get(self.path.split("?")[0], (200, "text/html"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(b"<!doctype html><p>page</p>")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def data_citing(tmp_path, base: str, paths: list[str]):
    """The fixture's versions, the issued one citing these addresses (all the script reads)."""
    data = {"versions": frozen.data()["versions"]}
    issued = data["versions"][1]
    issued["sources"] = [
        {
            "id": f"s{i}",
            "kind": "third_party",
            "label": {"zh": "来源", "en": "A source"},
            "url": base + p,
            "accessed": "2026-12-01",
        }
        for i, p in enumerate(paths)
    ]
    path = tmp_path / "measures.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run(*args):
    return subprocess.run(
        [sys.executable, "scripts/check_sources.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_each_source_that_does_not_answer_well_is_named_on_its_line(tmp_path, server):
    paths = ["/page", "/notice.pdf", "/gone", "/moved", "/binary", "/slow"]
    path = data_citing(tmp_path, server, paths)
    result = run(str(path), "--timeout", "1")
    assert result.returncode == 1, result.stderr
    said = dict(line.split(": ", 3)[2:] for line in result.stdout.splitlines())
    assert said[server + "/page"] == "HTTP 200" and said[server + "/notice.pdf"] == "HTTP 200"
    assert said[server + "/gone"] == "HTTP 404"
    assert said[server + "/moved"].startswith("moved to http://localhost:")
    assert said[server + "/binary"] == "answers with application/octet-stream, not a page"
    assert said[server + "/slow"].startswith("no answer")
    lines = (tmp_path / "measures.yaml").read_text("utf-8").split("\n")
    for line in result.stdout.splitlines():
        number, url = int(line.split(":")[1]), line.split(": ")[2]
        assert url in lines[number - 1], "named on the line that gives the address"


def test_the_issue_report_lists_only_the_failures_inertly(tmp_path, server):
    path = data_citing(tmp_path, server, ["/page", "/gone?x=`@mention`"])
    result = run(str(path), "--markdown", "--timeout", "2")
    assert result.returncode == 1
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert len(items) == 1 and "/gone?x=%60@mention%60" in items[0], items
    assert items[0].startswith("- `") and items[0].count("`") == 2, "the address in one code span"


def test_all_answering_exits_0(tmp_path, server):
    assert run(str(data_citing(tmp_path, server, ["/page"]))).returncode == 0


def test_an_unreadable_file_exits_2_naming_its_line(tmp_path):
    bad = tmp_path / "measures.yaml"
    bad.write_text("versions: [\n", encoding="utf-8")
    result = run(str(bad))
    assert result.returncode == 2 and "measures.yaml:" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_live_data_cites_its_sources_with_https():
    """What the workflow checks on main: the live file's addresses (never fetched here)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import check_sources

    found = list(check_sources.cited(ROOT / "measures.yaml"))
    assert found and all(c.url.startswith("https://") for c in found)
