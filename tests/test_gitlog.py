"""The build's one reading of git (sitegen/gitlog.py, decisions/0018), in a scratch repository:
the first-parent line, a merge dated by the day it reached the branch, each file's last change,
an uncommitted edit, and no repository at all."""

from __future__ import annotations

import os
import subprocess

from sitegen import gitlog, revision


def git(repo, *args, date="2026-01-01T10:00:00+08:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def commit(repo, files: dict[str, str], message: str, date: str):
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-qm",
        message,
        date=date,
    )


def test_one_reading_serves_the_revision_the_changelog_and_the_pages_dates(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(
        repo, {"measures.yaml": "a: 1\n", "docs/index.md": "1"}, "base", "2026-01-01T10:00+08:00"
    )
    git(repo, "checkout", "-q", "-b", "topic")
    # 23:30 in UTC is the next morning in Shenzhen: the page's date is Shenzhen's.
    commit(repo, {"docs/measures/01.md": "x"}, "page", "2026-01-02T23:30:00+00:00")
    commit(repo, {"measures.yaml": "a: 2\n"}, "data", "2026-01-04T10:00+08:00")
    git(repo, "checkout", "-q", "main")
    commit(repo, {"README.md": "not read"}, "other", "2026-01-05T10:00+08:00")
    git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "merge",
        "-q",
        "--no-ff",
        "topic",
        "-m",
        "merge",
        date="2026-01-06T10:00+08:00",
    )

    log = gitlog.read(repo)

    assert log.error is None and not log.shallow and not log.modified
    assert [c.files for c in log.commits] == [
        {"docs/measures/01.md", "measures.yaml"},  # the merge, against its first parent
        {"docs/index.md", "measures.yaml"},
    ], "the first-parent line, only commits of measures.yaml and docs/"
    merge = log.commits[0]
    assert log.of("measures.yaml") == [merge, log.commits[1]]
    assert log.updated("docs/measures/01.md") == "2026-01-06", "dated by the day of the merge"
    assert merge.time == "2026-01-06T10:00:00+08:00", "when it reached the branch"
    assert log.updated("docs/index.md") == "2026-01-01"
    assert log.updated("docs/never.md") is None
    assert revision.current(log) == {
        "commit": merge.commit,
        "date": "2026-01-06",
        "modified": False,
    }

    (repo / "measures.yaml").write_text("a: 3\n", encoding="utf-8")
    assert gitlog.read(repo).modified


def test_page_date_is_shenzhens_day(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, {"docs/a.md": "1"}, "late", "2026-03-01T20:00:00+00:00")  # 04:00 on 2 March
    assert gitlog.read(repo).updated("docs/a.md") == "2026-03-02"


def test_without_a_repository_the_history_says_why(tmp_path):
    log = gitlog.read(tmp_path)
    assert log.error and not log.commits
    assert revision.current(log) is None
