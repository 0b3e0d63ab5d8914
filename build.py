#!/usr/bin/env python3
"""Build the site from measures.yaml.

python build.py check [PATH]   check PATH (default measures.yaml); problems as FILE:LINE: ...
python build.py                check, render docs/, build the calculator, build site/ and its
                               search index
python build.py serve          the same, served on http://127.0.0.1:8000 with live reload
python build.py clean          remove generated pages and assets from docs/ and site/
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))


def _annotation(text: str) -> str:
    """GitHub's workflow-command escaping."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _check(path: Path, annotate: bool) -> int:
    from sitegen.check import check_file

    result = check_file(path)
    name = str(path)  # as the user wrote it, so editors can jump to FILE:LINE
    for problem in result.problems:
        print(problem.format(name), file=sys.stderr)
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


def _prepare(with_runtime: bool = True) -> int:
    from sitegen.assets import AssetError
    from sitegen.pipeline import prepare

    try:
        problems = prepare(with_runtime=with_runtime)
    except AssetError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem.format("measures.yaml"), file=sys.stderr)
    return 1 if problems else 0


def _mkdocs(*args: str) -> int:
    # Material prints a multi-line notice about its end of life on every build; it is recorded in
    # decisions/0004-site-stack.md, and here it would bury the messages that matter.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.call([sys.executable, "-m", "mkdocs", *args], cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.splitlines()[0])
    parser.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=("build", "check", "render", "serve", "clean"),
    )
    parser.add_argument("path", nargs="?", help="with check: the file to check")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="with serve: host:port")
    parser.add_argument(
        "--annotate",
        action="store_true",
        default=os.environ.get("GITHUB_ACTIONS") == "true",
        help="with check: also print GitHub annotations (default in GitHub Actions)",
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(Path(args.path or "measures.yaml"), args.annotate)
    if args.path:
        parser.error(f"{args.command} takes no path")
    if args.command == "clean":
        from sitegen.pipeline import clean_generated

        clean_generated()
        shutil.rmtree(ROOT / "site", ignore_errors=True)
        return 0
    if args.command == "render":
        return _prepare(with_runtime=False)
    status = _prepare()
    if status:
        return status
    if args.command == "serve":
        # Become the server (exec), so that stopping build.py stops it: a child left running
        # would keep regenerating docs/ with the code it loaded.
        os.chdir(ROOT)
        os.execve(
            sys.executable,
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr, "--livereload"],
            {**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    status = _mkdocs("build", "--strict", "--clean")
    if status == 0:
        status = _search_index()
    if status == 0:
        status = _offline()
    if status == 0:
        from sitegen.precompress import precompress

        t = precompress(ROOT / "site", ROOT / ".cache" / "precompressed")
        print(
            f"build.py: precompressed {t['files']} files: {t['raw']:,} bytes → "
            f"{t['br']:,} (br), {t['gz']:,} (gz)"
        )
    return status


def _offline() -> int:
    """The runtime's memory snapshot and the service worker's manifest (decisions/0010)."""
    from sitegen.assets import AssetError
    from sitegen.offline import finish

    try:
        build = finish(ROOT / "site")
    except (AssetError, ValueError) as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    print(f"build.py: service worker for build {build['version']}: {len(build['files'])} files")
    return 0


PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
# Pagefind's ready-made interfaces; the site drives the theme's own search box with
# overrides/assets/search.js and its JavaScript API, so these are not shipped.
PAGEFIND_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def _search_index() -> int:
    """The search index of site/ (decisions/0008-search.md): Pagefind's extended build (it
    segments Chinese), one index per <html lang>, written to site/pagefind/."""
    if not PAGEFIND.exists():
        print(
            "build.py: node_modules/.bin/pagefind is missing: run ./dev.sh (npm ci)",
            file=sys.stderr,
        )
        return 1
    run = subprocess.run(
        [str(PAGEFIND), "--site", "site", "--quiet"], cwd=ROOT, capture_output=True, text=True
    )
    if run.returncode != 0:
        print(run.stdout + run.stderr, file=sys.stderr)
        return run.returncode
    for name in PAGEFIND_UNUSED:
        (ROOT / "site" / "pagefind" / name).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
