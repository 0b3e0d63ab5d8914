#!/usr/bin/env python3
"""Do the sources the site cites still answer? Every `url` of the versions' sources in
measures.yaml (the issuing authority's site, a reprint's page, an application notice later) is
asked for, and each one that does not answer well is reported: an HTTP error, no answer within
the timeout, a redirect to another host (the page may have moved), or not HTML/text/PDF.

    .venv/bin/python scripts/check_sources.py [PATH] [--markdown] [--timeout SECONDS]

Exit 0: every source answered; 1: some did not (the report says which, on which line of the
file); 2: the file itself could not be read. The weekly workflow
(.github/workflows/sources.yml) opens an issue with the --markdown report when it exits 1.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.problems import SourceError  # noqa: E402
from sitegen.yamlsource import load  # noqa: E402

AGENT = "sz-sep-calculator source check"
ACCEPTED = ("text/html", "text/plain", "application/pdf", "application/xhtml+xml")


@dataclass(frozen=True)
class Cited:
    url: str
    where: str  # versions[1].sources[0] (issued › reprint)
    line: int


@dataclass(frozen=True)
class Answer:
    cited: Cited
    ok: bool
    said: str  # what happened, in a few words


def cited(path: Path) -> Iterator[Cited]:
    """Every source address of the file, with where it stands."""
    loaded = load(path)
    for v, version in enumerate(loaded.data.get("versions") or ()):
        for s, source in enumerate(version.get("sources") or ()):
            if source.get("url"):
                at = ("versions", v, "sources", s, "url")
                where = f"versions[{v}].sources[{s}] ({version.get('id')} › {source.get('id')})"
                yield Cited(str(source["url"]), where, loaded.line_of(at))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects within the same host are followed; to another host, reported."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlparse(newurl).hostname != urlparse(req.full_url).hostname:
            raise urllib.error.HTTPError(newurl, code, f"moved to {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def ask(item: Cited, timeout: float) -> Answer:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(item.url, headers={"User-Agent": AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            response.read(1024)  # the page begins: it answers
    except urllib.error.HTTPError as error:
        said = error.msg if str(error.msg).startswith("moved to") else f"HTTP {error.code}"
        return Answer(item, False, said)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Answer(item, False, f"no answer ({reason})")
    if kind not in ACCEPTED:
        return Answer(item, False, f"answers with {kind}, not a page")
    return Answer(item, True, f"HTTP {response.status}")


def report(answers: list[Answer], file: str, markdown: bool) -> str:
    failed = [a for a in answers if not a.ok]
    if markdown:
        lines = [
            f"The weekly source check found {len(failed)} of {len(answers)} cited sources "
            "not answering. Check each page; if it moved, give its new address (`url`) and the "
            "date it was read (`accessed`) in measures.yaml, or say in the source's `note` that "
            "it is gone.",
            "",
        ]
        # The addresses come from the data: inside code spans, where no Markdown or mention works
        # (a backtick, which could close the span, is written as %60, as in the address).
        lines += [
            f"- `{a.cited.url.replace('`', '%60')}` — {file} line {a.cited.line}: {a.said}"
            for a in failed
        ]
        return "\n".join(lines) + "\n"
    return "".join(
        f"{file}:{a.cited.line}: {a.cited.where}: {a.cited.url}: {a.said}\n" for a in answers
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check_sources.py", description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "measures.yaml"))
    parser.add_argument("--markdown", action="store_true", help="only the failures, for an issue")
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args(argv)
    try:
        items = list(cited(Path(args.path)))
    except SourceError as error:
        for problem in error.problems:
            print(problem.format(args.path), file=sys.stderr)
        return 2
    answers = [ask(item, args.timeout) for item in items]
    sys.stdout.write(report(answers, Path(args.path).name, args.markdown))
    return 1 if any(not a.ok for a in answers) else 0


if __name__ == "__main__":
    sys.exit(main())
