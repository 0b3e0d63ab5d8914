#!/usr/bin/env python3
"""Build the site from measures.yaml.

python build.py check [PATH]   check PATH (default measures.yaml); problems as FILE:LINE: ...
python build.py                check, render docs/, build the calculator, build site/ and its
                               search index
python build.py serve          the same, served on http://127.0.0.1:8000 with live reload
python build.py clean          remove generated pages and assets from docs/ and site/
python build.py diff [BASE]    what measures.yaml changes against BASE (default: where this
                               branch left main), one sentence a change [--lang en] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent  # Python puts it first on the import path: sitegen imports


def _annotation(text: str) -> str:
    """GitHub's workflow-command escaping."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _check(path: Path, annotate: bool, root: Path | None = None) -> int:
    from sitegen.check import check_file

    result = check_file(path, root=root) if root else check_file(path)
    name = str(path)  # as the user wrote it, so editors can jump to FILE:LINE
    for problem in result.problems:
        print(problem.format(name), file=sys.stderr)  # one line (Problem.format)
        if annotate:  # shown by GitHub on the changed line of the pull request
            title = _annotation(problem.where).replace(",", "%2C").replace(":", "%3A")
            print(
                f"::error file={name},line={problem.line},title={title}::"
                f"{_annotation(problem.message)}"
            )
    if result.ok:
        print(f"{name}: ok")
        return 0
    count = len(result.problems)
    print(f"{name}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
    return 1


MARKDOWN_LIMIT = 30_000  # characters of --markdown per language: both stay under GitHub's
# 65,536-character comment (and far under a job summary's 1 MiB)


def _diff(base: str | None, lang: str, markdown: bool, limit: int) -> int:
    """What the working tree's measures.yaml changes against BASE, one sentence a change."""
    from calculator.terminal import visible_line
    from sitegen.history import (
        NoHistory,
        Unreadable,
        branch_point,
        check_shape,
        compared,
        data_at,
        revision,
    )
    from sitegen.problems import SourceError
    from sitegen.yamlsource import load

    def refuse(message: str) -> int:
        print(visible_line(f"build.py diff: {message}"), file=sys.stderr)
        return 2

    try:
        commit = revision(base) if base is not None else branch_point()
        before = data_at(commit)
    except NoHistory as error:
        return refuse(str(error))
    except Unreadable as error:
        return refuse(f"measures.yaml at {base or commit} {error}")
    try:
        after = load(ROOT / "measures.yaml").data
    except SourceError as error:
        for problem in error.problems:
            print(problem.format("measures.yaml"), file=sys.stderr)
        return 1
    try:
        check_shape(after)
    except Unreadable as error:
        return refuse(f"measures.yaml in the working tree {error}: run build.py check")
    try:
        check_shape(before)
        found = compared(before, after)
    except Unreadable as error:
        return refuse(f"measures.yaml at {base or commit} {error}")
    if markdown:
        print(_markdown(found, commit[:12], lang, limit))
    else:
        for change in found:
            print(visible_line(change.said(lang)))
    return 0


def _markdown(found: list, short: str, lang: str, limit: int) -> str:
    """The changes as a Markdown list for a job summary and a comment: every sentence inert
    (no markup, mention, reference or link of the data's making), at most `limit` characters,
    with a last line saying how many changes were cut."""
    from sitegen.mdtext import inert_on_github

    head = {
        "zh": f"### measures.yaml 相对 `{short}` 的改动（{len(found)}处）",
        "en": f"### What measures.yaml changes against `{short}` ({len(found)})",
    }[lang]
    lines = [f"- {inert_on_github(c.said(lang))}" for c in found]
    if not lines:
        return head + "\n\n" + {"zh": "没有改动。", "en": "No change."}[lang]
    shown, size = [], len(head) + 200  # room for the note
    for line in lines:
        if size + len(line) + 1 > limit:
            break
        shown.append(line)
        size += len(line) + 1
    cut = len(lines) - len(shown)
    if cut:
        shown.append(
            {
                "zh": f"\n……另有 {cut} 处改动未列出（摘要以 {limit:,} 个字符为限）；"
                "运行 `python build.py diff` 查看全部。",
                "en": f"\n… and {cut} more change{'s' if cut != 1 else ''} not shown (the summary "
                f"stops at {limit:,} characters); run `python build.py diff` to read them all.",
            }[lang]
        )
    return head + "\n\n" + "\n".join(shown)


def _prepare(with_runtime: bool = True) -> int:
    """Check once, export, render docs/ (and the runtime): what MkDocs then only serves."""
    from sitegen.assets import AssetError
    from sitegen.pipeline import prepare
    from sitegen.session import SESSION

    try:
        prepared = prepare(with_runtime=with_runtime)
    except AssetError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    SESSION.took(prepared)  # the MkDocs hooks, in this process, build from it (decisions/0018)
    for problem in prepared.problems:
        print(problem.format("measures.yaml"), file=sys.stderr)
    return 1 if prepared.problems else 0


def _prepare_to_serve() -> int:
    """As _prepare; a file that does not pass is served as the page of its problems until a
    save fixes it (sitegen/session.py), rather than ending the preview."""
    from sitegen.session import SESSION, WAITING

    status = _prepare()
    if status and SESSION.problems:
        print(WAITING, file=sys.stderr)
        return 0
    return status


def _mkdocs(*args: str) -> int:
    """MkDocs in this process, as its command line runs it, so that its hooks serve what this
    build prepared instead of preparing again (decisions/0018)."""
    import click
    from mkdocs.__main__ import cli

    # Material prints a notice about its end of life (decisions/0004-site-stack.md); here it
    # would bury the messages that matter.
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.chdir(ROOT)
    try:
        cli.main(list(args), prog_name="mkdocs", standalone_mode=False)
    except click.ClickException as error:  # MkDocs' Abort (strict mode) and its other errors
        error.show()
        return error.exit_code or 1
    except SystemExit as error:
        return error.code if isinstance(error.code, int) else 1
    return 0


def _site() -> int:
    return _mkdocs("build", "--strict", "--clean")


def _precompress() -> int:
    from sitegen.precompress import precompress

    t = precompress(ROOT / "site", ROOT / ".cache" / "precompressed")
    print(
        f"build.py: precompressed {t['files']} files: {t['raw']:,} bytes → "
        f"{t['br']:,} (br), {t['gz']:,} (gz)"
    )
    return 0


def steps(command: str, dev_addr: str = "127.0.0.1:8000") -> list[tuple[str, Callable[[], int]]]:
    """What a command does, in order; it stops at the first step that fails (a non-zero status).
    A build checks and renders once, in `prepare`; MkDocs only serves what was prepared."""
    prepare = ("prepare", _prepare)
    if command == "render":
        return [("prepare", lambda: _prepare(with_runtime=False))]
    if command == "serve":
        serve = ("serve", lambda: _mkdocs("serve", "--dev-addr", dev_addr, "--livereload"))
        return [("prepare", _prepare_to_serve), serve]
    return [
        prepare,  # check, JSON export, docs/, API, runtime, wheel and lock
        ("site", _site),  # mkdocs build --strict: site/ and its search index
        ("offline", _offline),  # the snapshot and the service worker's manifest
        ("precompress", _precompress),  # .br and .gz beside the larger files
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.splitlines()[0])
    parser.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=("build", "check", "render", "serve", "clean", "diff"),
    )
    parser.add_argument(
        "path", nargs="?", help="with check: the file to check; with diff: the base revision"
    )
    parser.add_argument(
        "--root",
        type=Path,
        help="with check: the repository whose sources/ the file names (default: this checkout)",
    )
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="with diff")
    parser.add_argument(
        "--markdown", action="store_true", help="with diff: a Markdown list (job summaries)"
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=MARKDOWN_LIMIT,
        help=f"with diff --markdown: at most this many characters (default {MARKDOWN_LIMIT:,})",
    )
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="with serve: host:port")
    parser.add_argument(
        "--annotate",
        action="store_true",
        default=os.environ.get("GITHUB_ACTIONS") == "true",
        help="with check: also print GitHub annotations (default in GitHub Actions)",
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(Path(args.path or "measures.yaml"), args.annotate, args.root)
    if args.command == "diff":
        return _diff(args.path, args.lang, args.markdown, args.limit)
    if args.path:
        parser.error(f"{args.command} takes no path")
    if args.command == "clean":
        from sitegen.pipeline import clean_generated

        clean_generated()
        shutil.rmtree(ROOT / "site", ignore_errors=True)
        return 0
    for _name, step in steps(args.command, args.dev_addr):
        status = step()
        if status:
            return status
    return 0


def _offline() -> int:
    """The runtime's memory snapshot and the service worker's manifest (decisions/0011)."""
    from sitegen.assets import AssetError
    from sitegen.offline import finish

    try:
        build = finish(ROOT / "site", ROOT / ".cache" / "precompressed")
    except (AssetError, ValueError) as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    print(f"build.py: service worker for build {build['version']}: {len(build['files'])} files")
    return 0


if __name__ == "__main__":
    from calculator.terminal import run

    try:
        # A reader that left (`| head`) ends it quietly; a full or closed output is one line.
        sys.exit(run(main, "build.py"))
    except KeyboardInterrupt:
        sys.exit(130)
