"""Issue 20, items 3 and 4: what a pull request's data makes build.py and the command line write
is inert and bounded, and no argument, file or output makes either one show a traceback.

Item 3, pull-request output: the job summary and comment (`build.py diff --markdown`) escape
Markdown, mentions, references and links in every quoted text and stop below GitHub's limits
with a note of what was cut; the diff job waits for the check; no line of data starts a line of
the check's output (a CI log obeys `::command::` lines).
Item 4: `build.py diff` validates its revision (never an option of git), reads any BASE or
working tree without a traceback; every command of build.py and of the calculator says a closed
or full output as an output error, quietly stops when its reader leaves, shows escapes in echoed
text visibly, and refuses `-o` naming the input before anything is truncated."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import frozen
from scratch import git
from conftest import ROOT

GITHUB_COMMENT_LIMIT = 65_536
HOSTILE = (
    "Hostile # Heading @octocat ![img](https://phish.example/i.png) [link](https://phish.example) "
    "see #12 and https://phish.example/x www.phish.example"
)


@pytest.fixture
def repo(tmp_path):
    """The fixture's data and the code, committed on main; the working tree is the test's."""
    repo = tmp_path / "repo"
    shutil.copytree(frozen.ROOT, repo)
    shutil.copy2(ROOT / "build.py", repo / "build.py")
    for folder in ("sitegen", "calculator", "schema"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    return repo


def build(repo, *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "build.py", *args], cwd=repo, capture_output=True, **kwargs
    )


def one_line_error(run: subprocess.CompletedProcess, code: int, start: str) -> str:
    err = run.stderr.decode("utf-8")
    assert run.returncode == code, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith(start), err
    return err


def edit(repo, old: str, new: str) -> None:
    path = repo / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---- item 3: pull-request output -------------------------------------------------------------


def edit_data(repo, change) -> None:
    """measures.yaml loaded, changed by `change(data, awards)`, and written back."""
    path = repo / "measures.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    awards = [
        a
        for ch in data["chapters"]
        for m in ch.get("measures") or ()
        for a in m.get("awards") or ()
    ]
    change(data, awards)
    text = yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")


class _Plain(yaml.SafeDumper):
    def ignore_aliases(self, data):  # measures.yaml has no anchors: each value written out
        return True


def test_pr_summary_escapes_markdown_mentions_references_and_links(repo):
    def add_hostile_award(data, awards):
        measure = next(
            m for ch in data["chapters"] for m in ch.get("measures") or () if m["number"] == 2
        )
        extra = dict(measure["awards"][0], id="2.2", name={"zh": HOSTILE, "en": HOSTILE})
        measure["awards"].append(extra)

    edit_data(repo, add_hostile_award)
    run = build(repo, "diff", "main", "--lang", "en", "--markdown")
    out = run.stdout.decode("utf-8")
    assert run.returncode == 0, run.stderr
    head, body = out.split("\n\n", 1)
    assert head.startswith("### ")
    assert all(line.startswith("- ") for line in body.strip().splitlines()), body
    assert "![" not in body and "](" not in body and "# " not in body, "no Markdown"
    shown = html.unescape(body)  # what GitHub's text filters read, once Markdown is rendered
    assert not re.search(r"@\w", shown), "no mention"
    assert not re.search(r"#\d", shown), "no reference"
    assert "https://" not in shown and "www." not in shown, "no bare link"
    assert HOSTILE in shown.replace("\u200b", ""), "shown as written"


def test_pr_summary_and_comment_stay_under_githubs_limit_with_a_note_of_what_was_cut(repo):
    def long_awards(data, awards):
        """41 awards added, each with a long name (the case of 41 long notes: 69,796)."""
        measures = [m for ch in data["chapters"] for m in ch.get("measures") or ()]
        for i in range(41):
            measure = measures[i % len(measures)]
            extra = dict(awards[0], id=f"{measure['number']}.{10 + i}")
            extra["name"] = {"zh": "很长的奖励名称。" * 120, "en": f"A long award name {i}. " * 80}
            measure.setdefault("awards", []).append(extra)

    edit_data(repo, long_awards)
    parts = []
    for lang in ("zh", "en"):
        run = build(repo, "diff", "main", "--lang", lang, "--markdown")
        assert run.returncode == 0, run.stderr
        parts.append(run.stdout.decode("utf-8"))
    comment = parts[0] + "\n" + parts[1]  # as the workflow writes diff.md
    uncut = build(repo, "diff", "main", "--lang", "en", "--markdown", "--limit", "10000000")
    assert len(uncut.stdout.decode("utf-8")) > 40_000, "the case is big enough to need the cap"
    assert len(comment) < GITHUB_COMMENT_LIMIT
    assert len(comment.encode("utf-8")) < 1024 * 1024
    assert re.search(r"… and \d+ more changes not shown", parts[1]), parts[1][-300:]
    assert re.search(r"另有 \d+ 处改动未列出", parts[0])


def workflow() -> dict:
    return yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text("utf-8"))


def test_pr_diff_job_runs_after_the_check():
    needs = workflow()["jobs"]["diff"].get("needs")
    assert needs == "check" or "check" in (needs or ()), needs


def test_pr_diff_job_never_echoes_the_data_to_its_log():
    """A step's standard output is read for workflow commands: the summary goes to files only."""
    for step in workflow()["jobs"]["diff"]["steps"]:
        if "build.py diff" in step.get("run", ""):
            assert "tee" not in step["run"] and "> diff.md" in step["run"]


STOP = "\n::stop-commands::token\n::warning::data"


def test_check_output_never_lets_data_start_a_line(repo):
    """A phrase quoted in a message (with a line break of its own) stays on its message's line,
    plain and with --annotate."""
    edit(
        repo,
        "phrase: 给予资助，最高1000万元}",
        'phrase: "给予资助，最高1000万元' + STOP.replace("\n", "\\n") + '"}',
    )
    for args in ((), ("--annotate",)):
        run = build(repo, "check", *args)
        assert run.returncode == 1
        for line in (run.stdout + run.stderr).decode("utf-8").splitlines():
            assert line.startswith(("measures.yaml:", "::error file=measures.yaml,line=")), line
        assert "::stop-commands::" in run.stderr.decode("utf-8"), "quoted, on its own line"


# ---- item 4: build.py diff and every command's output -------------------------------------------


def test_diff_option_after_double_dash_is_no_option_of_git(repo, tmp_path):
    target = tmp_path / "written-by-git"
    run = build(repo, "diff", "--", f"--output={target}")
    one_line_error(run, 2, "build.py diff: ")
    assert not list(tmp_path.glob("written-by-git*")), "git show wrote a file"


@pytest.mark.parametrize("base", [b"\xff\xfe", b"main:measures.yaml", b"HEAD^{tree}", b"-p"])
def test_diff_bad_base_is_one_line(repo, base):
    run = subprocess.run(
        [sys.executable.encode(), b"build.py", b"diff", b"--", base], cwd=repo, capture_output=True
    )
    one_line_error(run, 2, "build.py diff: ")


@pytest.mark.parametrize(
    "bad",
    [
        lambda text: text.encode("gb18030"),
        lambda text: (text.split("\nchapters:")[0] + "\nchapters: 5\n").encode("utf-8"),
        lambda text: b"- just\n- a list\n",
    ],
    ids=["gb18030", "chapters_5", "a_list"],
)
def test_diff_unreadable_base_is_one_line(repo, bad):
    (repo / "measures.yaml").write_bytes(bad(frozen.TEXT))
    git(repo, "commit", "-qam", "bad")
    git(repo, "tag", "bad")
    (repo / "measures.yaml").write_text(frozen.TEXT, encoding="utf-8")
    err = one_line_error(build(repo, "diff", "bad"), 2, "build.py diff: measures.yaml at bad ")
    assert "cannot be read" in err or "is not" in err


def test_diff_working_tree_not_utf8_is_its_line(repo):
    (repo / "measures.yaml").write_bytes(frozen.TEXT.encode("gb18030"))
    run = build(repo, "diff", "main")
    assert run.returncode == 1 and "Traceback" not in run.stderr.decode("utf-8")
    assert re.match(r"measures\.yaml:\d+: ", run.stderr.decode("utf-8"))


@pytest.mark.parametrize(
    "tree", ["chapters: 5", "chapters: [5]", "document: [1]"], ids=["chapters_5", "list", "doc"]
)
def test_diff_working_tree_of_the_wrong_shape_is_one_line(repo, tree):
    (repo / "measures.yaml").write_text(
        frozen.TEXT.split("\nchapters:")[0].replace("\ndocument:", "\nold_document:")
        + "\n"
        + tree
        + "\n",
        encoding="utf-8",
    )
    run = build(repo, "diff", "main")
    err = run.stderr.decode("utf-8")
    assert run.returncode in (0, 2) and "Traceback" not in err, err


def shell(repo, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command + "; echo status=${PIPESTATUS[0]} >&2"],
        cwd=repo,
        capture_output=True,
        env={**os.environ, "PY": sys.executable},
    )


CAP = (
    "cap: {amount: 10000000, phrase: 给予资助，最高1000万元}",
    "cap: {amount: 8000000, phrase: 给予资助，最高800万元}",
)


def test_diff_into_head_0_is_quiet(repo):
    edit(repo, *CAP)
    run = shell(repo, '"$PY" build.py diff main | head -0')
    assert run.stderr.decode("utf-8") == "status=0\n"


@pytest.mark.parametrize(
    "command", ["diff main", "check", "diff main --markdown"], ids=["diff", "check", "markdown"]
)
def test_build_py_full_or_closed_output_is_an_output_error(repo, command):
    if command.startswith("diff"):
        edit(repo, *CAP)  # a change to say (the check, untouched, says ok)
    for redirect in ("> /dev/full", ">&-"):
        run = shell(repo, f'"$PY" build.py {command} {redirect}')
        err = run.stderr.decode("utf-8")
        assert "Traceback" not in err and "Exception ignored" not in err, err
        assert err.startswith("build.py: cannot write standard output: "), err
        assert err.endswith("status=3\n"), err


def calc(*args, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "calculator", *args], cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE
    )


def test_cli_escape_in_award_id_is_shown_not_obeyed():
    run = calc("estimate", "\x1b]0;pwned\x07\x1b[2J4.1", "--lang", "en")
    assert run.returncode == 2
    assert b"\x1b" not in run.stderr and b"\x07" not in run.stderr
    assert b"\\x1b]0;pwned\\x07\\x1b[2J4.1" in run.stderr


def test_cli_escape_in_csv_cell_is_shown_not_obeyed(tmp_path):
    sheet = tmp_path / "in.csv"
    sheet.write_text(
        "award,project,investment\n4.1,\x1b]8;;https://phish.example\x07p,50000000\n"
        "4.1,\u202eevil,50000000\n\x1b[2J4.1,p,50000000\n",
        encoding="utf-8",
    )
    run = calc("batch", str(sheet), "--lang", "en")
    assert run.returncode == 1
    for stream in (run.stdout, run.stderr):
        assert b"\x1b" not in stream and b"\x07" not in stream
        assert "\u202e".encode() not in stream
    assert b"\\x1b[2J4.1" in run.stderr and b"\\u202eevil" in run.stdout
    assert b"\\x1b]8;;https://phish.example\\x07p" in run.stdout


@pytest.mark.parametrize(
    "args", [("list",), ("list", "--json"), ("estimate", "4.1", "investment=5000万"), ("find",)]
)
def test_cli_full_or_closed_output_is_an_output_error(args):
    for target in ("/dev/full", None):
        if target:
            with open(target, "wb") as full:
                run = calc(*args, stdout=full)
        else:
            run = subprocess.run(
                ["bash", "-c", '"$PY" -m calculator "$@" >&-', "-", *args],
                cwd=ROOT,
                capture_output=True,
                env={**os.environ, "PY": sys.executable},
            )
        err = run.stderr.decode("utf-8")
        assert run.returncode == 3, err
        assert err.startswith("python -m calculator: cannot write standard output: "), err
        assert err.count("\n") == 1


def test_cli_into_head_0_is_quiet():
    run = shell(ROOT, '"$PY" -m calculator list | head -0')
    assert run.stderr.decode("utf-8") == "status=0\n"


def good_sheet(tmp_path: Path) -> Path:
    sheet = tmp_path / "in.csv"
    sheet.write_text("award,investment\n" + "4.1,50000000\n" * 200, encoding="utf-8")
    return sheet


def test_batch_full_output_is_said_of_the_output_not_the_input(tmp_path):
    sheet = good_sheet(tmp_path)
    for args in (("-o", "/dev/full"), ()):
        with open("/dev/full", "wb") as full:
            run = calc("batch", str(sheet), *args, stdout=full)
        err = run.stderr.decode("utf-8")
        assert run.returncode == 3, err
        assert str(sheet) not in err and "cannot write" in err, err
        assert err.count("\n") == 1


def test_batch_broken_pipe_is_quiet_and_not_the_inputs_fault(tmp_path):
    sheet = good_sheet(tmp_path)
    run = shell(tmp_path, f'cd {ROOT} && "$PY" -m calculator batch {sheet} | head -0')
    assert run.stderr.decode("utf-8") == "status=0\n"


@pytest.mark.parametrize("spelling", ["same", "dotted", "hardlink"])
def test_batch_output_equal_to_input_is_refused_before_truncating(tmp_path, spelling):
    sheet = good_sheet(tmp_path)
    before = sheet.read_bytes()
    if spelling == "same":
        output = str(sheet)
    elif spelling == "dotted":
        output = str(tmp_path / "." / "in.csv")
    else:
        os.link(sheet, tmp_path / "link.csv")
        output = str(tmp_path / "link.csv")
    run = calc("batch", str(sheet), "-o", output)
    err = run.stderr.decode("utf-8")
    assert (
        run.returncode == 2
        and err == f"{output}: is the input file; write the estimates to another file\n"
    )
    assert sheet.read_bytes() == before
