"""Debian's firefox-esr driven by npm's puppeteer-core over WebDriver BiDi (no geckodriver):
a Node process (firefox.mjs beside this file) runs one Firefox with a fresh profile and takes
commands as JSON lines."""

from __future__ import annotations

import itertools
import json
import os
import selectors
import signal
import subprocess
from pathlib import Path
from typing import Any

from drivers import WAIT_S, Tab

FIREFOX = "/usr/bin/firefox-esr"
BRIDGE = Path(__file__).with_name("firefox.mjs")
ROOT = Path(__file__).resolve().parents[2]


class BridgeError(Exception):
    """What puppeteer-core (or Firefox) answered instead of a value."""


class FirefoxTab(Tab):
    engine = "firefox"
    transient = (BridgeError,)

    def __init__(self, folder: Path):
        self.downloads = folder / "downloads"
        self.downloads.mkdir(parents=True)
        self._log = folder / "firefox.log"
        self._stderr = self._log.open("w")
        self._node = subprocess.Popen(
            ["node", str(BRIDGE), FIREFOX, str(self.downloads)],
            cwd=ROOT,  # puppeteer-core from the project's node_modules
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            start_new_session=True,  # its Firefox is ended with it
        )
        self._ids = itertools.count(1)
        self.version = self._call("version", timeout=60)

    def _call(self, op: str, *args: Any, timeout: float = WAIT_S + 30) -> Any:
        request = {"id": next(self._ids), "op": op, "args": list(args)}
        self._node.stdin.write(json.dumps(request) + "\n")
        self._node.stdin.flush()
        with selectors.DefaultSelector() as wait:
            wait.register(self._node.stdout, selectors.EVENT_READ)
            if not wait.select(timeout):
                raise AssertionError(f"firefox: no answer to {op} in {timeout} s")
        line = self._node.stdout.readline()
        if not line:
            raise AssertionError(f"firefox: the driver ended: {self._log.read_text()[-2000:]}")
        answer = json.loads(line)
        assert answer["id"] == request["id"], (answer, request)
        if "error" in answer:
            raise BridgeError(f"{op}: {answer['error']}")
        return answer["value"]

    def goto(self, url: str) -> None:
        self._call("goto", url)

    def reload(self) -> None:
        self._call("reload")

    def js(self, function: str, *args: Any) -> Any:
        return self._call("js", function, list(args))

    def click(self, selector: str) -> None:
        self._call("click", selector)

    def type(self, selector: str, text: str) -> None:
        self._call("type", selector, text)

    def resize(self, width: int, height: int) -> None:
        self._call("resize", width, height)

    def screenshot(self, path: Path) -> None:
        self._call("screenshot", str(path))

    def errors(self) -> list[str]:
        """The page's uncaught errors since last asked."""
        return self._call("errors")

    def close(self) -> None:
        self._node.stdin.close()  # the script closes Firefox and ends
        try:
            self._node.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self._node.pid, signal.SIGKILL)
            self._node.wait()
        self._stderr.close()
