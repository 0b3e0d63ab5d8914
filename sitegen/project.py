"""Where this copy of the site lives as a project: the repository readers report problems to.

The pages under docs/ are committed, so they cannot hold anything that depends on where the
site is built; they name the project's places by tokens (`project:issues`), which the MkDocs
hook resolves as each page is built (sitegen/mkdocs_hooks.py). The repository is, in order:
`extra.project.repository` in mkdocs.yml; the SITE_REPOSITORY environment variable (the deploy
workflow sets it from GitHub's own variables); the https address of this checkout's `origin`
remote. A copy with none of these (a local preview of an unpublished checkout) says so in its
footer, and its report links lead to the data page's section on reporting.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r"project:(repository|issues|new-issue)\b")
_SSH = re.compile(r"^git@(?P<host>[\w.-]+):(?P<path>[\w.-]+/[\w.-]+?)(?:\.git)?$")
_HTTPS = re.compile(r"^https://(?P<host>[\w.-]+)/(?P<path>[\w.-]+/[\w.-]+?)(?:\.git)?/?$")


def _https(address: str) -> str | None:
    """An https address of a repository from a remote's address (https or scp-like ssh)."""
    address = address.strip()
    for pattern in (_HTTPS, _SSH):
        match = pattern.match(address)
        if match:
            return f"https://{match['host']}/{match['path']}"
    return None


@functools.cache  # read once per process: build and serve ask it once per language
def _origin() -> str | None:
    try:
        run = subprocess.run(
            ["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return None
    return _https(run.stdout) if run.returncode == 0 else None


def repository(configured: str | None = None) -> str | None:
    for found in (configured, os.environ.get("SITE_REPOSITORY")):
        if found:
            return _https(found)
    return _origin()


def links(repo: str | None) -> dict[str, str]:
    """What each token becomes: the repository's pages, or the data page's section on
    reporting where this copy knows no repository."""
    if not repo:
        fallback = "data.md#report"
        return {"repository": fallback, "issues": fallback, "new-issue": fallback}
    return {"repository": repo, "issues": f"{repo}/issues", "new-issue": f"{repo}/issues/new"}


def resolve(markdown: str, repo: str | None, root: str = "") -> str:
    """A page's tokens replaced; `root` leads from the page to docs/ for the fallback."""
    found = links(repo)

    def target(match: re.Match) -> str:
        value = found[match.group(1)]
        return value if repo else root + value

    return TOKEN.sub(target, markdown)
