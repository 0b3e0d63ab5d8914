"""The git history a build needs, read once per build (decisions/0018) and passed on: the data
revision (sitegen/revision.py), the changelog of the changes and history pages
(sitegen/history.py) and each page's last-updated date (the MkDocs hook).

One `git log` of this branch's first-parent line, limited to measures.yaml and docs/, with the
files each commit changed against its first parent: a change that came in by a merge is dated
by the merge, the day it reached this branch. Besides it, whether the clone is shallow and
whether measures.yaml has uncommitted changes. Without git or a checkout, `error` says why and
the callers say the history is not available, never guess.
"""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURES = "measures.yaml"
PATHS = (MEASURES, "docs/")
# The site's dates are Shenzhen's: UTC+8 all year since 1991 (no timezone database needed).
TIMEZONE = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")
_START = "\x1e"  # record separator: begins each commit's line in the log
_FORMAT = _START + "%H %at %ad %cs %cI %P"


@dataclass(frozen=True)
class Commit:
    commit: str
    parents: tuple[str, ...]
    date: str  # author date, YYYY-MM-DD as its author's clock read (the changelog's)
    authored: int  # author time, seconds since the epoch (pages' last-updated dates)
    committed: str  # committer date, YYYY-MM-DD (the data revision's)
    time: str = ""  # committer date, ISO 8601: when it reached the branch
    files: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class History:
    commits: tuple[Commit, ...] = ()  # newest first
    shallow: bool = False
    modified: bool = False  # measures.yaml in the working tree differs from the last commit
    error: str | None = None  # why git could not be read here

    def of(self, path: str) -> list[Commit]:
        """The commits that changed a file (a path from the repository's root), newest first."""
        return [c for c in self.commits if path in c.files]

    def updated(self, path: str) -> str | None:
        """The day a file last changed on this branch (YYYY-MM-DD, Shenzhen time), or None."""
        found = next((c for c in self.commits if path in c.files), None)
        if found is None:
            return None
        return datetime.datetime.fromtimestamp(found.authored, TIMEZONE).date().isoformat()


def _git(root: Path, *args: str) -> tuple[bool, str]:
    try:
        run = subprocess.run(["git", *args], cwd=root, capture_output=True)
    except OSError as error:
        return False, f"git cannot run here ({error})"
    said = (run.stdout if run.returncode == 0 else run.stderr).decode("utf-8", "replace")
    if run.returncode != 0:
        lines = said.strip().splitlines()
        return False, lines[-1] if lines else "git failed"
    return True, said


def parse(log: str) -> tuple[Commit, ...]:
    commits = []
    for record in log.split(_START)[1:]:
        head, *names = record.split("\n")
        commit, authored, date, committed, time, *parents = head.split()
        files = frozenset(name for name in names if name)
        commits.append(Commit(commit, tuple(parents), date, int(authored), committed, time, files))
    return tuple(commits)


def read(root: Path = ROOT) -> History:
    """The history of measures.yaml and docs/ in the checkout at `root`."""
    ok, shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if not ok:
        return History(error=shallow)
    ok, log = _git(
        root,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--name-only",
        "--date=short",
        f"--format={_FORMAT}",
        "--",
        *PATHS,
    )
    if not ok:
        return History(shallow=shallow.strip() == "true", error=log)
    _, status = _git(root, "status", "--porcelain", "--", MEASURES)
    return History(parse(log), shallow.strip() == "true", bool(status.strip()))
