"""Issue 20, item 2: one bad commit of measures.yaml never breaks a later build. A commit whose
file cannot be read (saved as GB18030, a Chinese Windows editor's default; a work-in-progress
`chapters: 5`) is left out of the changelog with a note saying so, the next good commit is
compared with the last good one before it, and `build.py render` succeeds. Each case is a scratch
repository (the fixture's data and the code) with the bad commit followed by a fix."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

import frozen
from scratch import git
from conftest import ROOT


def commit(repo, message, raw: bytes):
    (repo / "measures.yaml").write_bytes(raw)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


def bad_gb18030(text: str) -> bytes:
    return text.encode("gb18030")


def bad_chapters_five(text: str) -> bytes:
    return (text.split("\nchapters:")[0] + "\nchapters: 5\n").encode("utf-8")


def bad_not_yaml(text: str) -> bytes:
    return (text + "\n  - [unclosed\n").encode("utf-8")


BAD = [bad_gb18030, bad_chapters_five, bad_not_yaml]


def scratch(tmp_path, bad):
    """main: the fixture; then the bad commit; then the fix (the fixture again)."""
    repo = tmp_path / "repo"
    shutil.copytree(frozen.ROOT, repo)
    for name in ("build.py", "pyproject.toml"):  # the data page names the wheel (pyproject)
        shutil.copy2(ROOT / name, repo / name)
    for folder in ("sitegen", "calculator", "schema", "templates"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    text = frozen.TEXT
    commit(repo, "bad", bad(text))
    commit(repo, "fixed", text.encode("utf-8"))
    return repo


def changelog_of(repo) -> list[str]:
    """The changelog's English sentences, newest first, as the changes page takes them (and the
    first publication, which a commit compared with nothing would also say)."""
    program = (
        "from sitegen.changes import PUBLIC\n"
        "from sitegen.history import changelog\n"
        "for e in changelog(PUBLIC | {'first'}):\n"
        "    for c in e.changes: print(c.said.en)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], cwd=repo, capture_output=True, text=True, check=True
    )
    return run.stdout.splitlines()


@pytest.mark.parametrize("bad", BAD, ids=[b.__name__ for b in BAD])
def test_bad_commit_is_a_note_in_the_changelog_and_the_next_is_compared_with_the_last_good(
    tmp_path, bad
):
    repo = scratch(tmp_path, bad)
    said = changelog_of(repo)
    notes = [s for s in said if s.startswith("This commit's measures.yaml could not be read")]
    assert len(notes) == 1, said
    # The fix is compared with the base (no change), not with nothing (a second "first").
    assert said == [notes[0], "The data was first published."], said


def test_gb18030_commit_is_named_as_not_utf8(tmp_path):
    said = changelog_of(scratch(tmp_path, bad_gb18030))
    assert any("is not UTF-8 text" in s for s in said), said


def test_chapters_five_commit_is_named_as_the_wrong_shape(tmp_path):
    said = changelog_of(scratch(tmp_path, bad_chapters_five))
    assert any("not the shape of measures.yaml" in s for s in said), said


@pytest.mark.parametrize("bad", [bad_gb18030, bad_chapters_five], ids=["gb18030", "chapters_5"])
def test_render_after_a_bad_commit_succeeds_and_the_page_says_so(tmp_path, bad):
    repo = scratch(tmp_path, bad)
    run = subprocess.run(
        [sys.executable, "build.py", "render"], cwd=repo, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    page = (repo / "docs" / "history.en.md").read_text(encoding="utf-8")
    assert "This commit&#39;s measures.yaml could not be read" in page  # the data-edit log
    # A second render reads the remembered changelog (.cache/) and says the same.
    again = subprocess.run([sys.executable, "build.py", "render"], cwd=repo, capture_output=True)
    assert again.returncode == 0
    assert (repo / "docs" / "history.en.md").read_text(encoding="utf-8") == page
