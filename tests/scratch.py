"""Helpers of the tests that work in a scratch repository or wait on another process: one `git`
with a fixed identity (a fresh machine has none configured), one bounded wait."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any, Callable


def git(cwd: Path | str, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def wait_until(check: Callable[[], Any], what: str, timeout_s: float = 120, every: float = 0.2):
    """The first true value `check` gives within `timeout_s`, asked every `every` seconds."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"waited {timeout_s:.0f} s for {what}")
