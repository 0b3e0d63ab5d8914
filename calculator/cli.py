"""python -m calculator: list the awards, estimate one, find those that may fit, or a CSV of
estimates. Bad input: exit 2, one line naming it, no traceback (batch: each bad row on its own
line, the good rows computed)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import contextmanager
from typing import Iterator, Sequence, TextIO

from .api import describe_award, estimate_award, load_policy, revision_said
from .batch import CsvOut, RowProblem, run_batch
from .describe import headline
from .finder import find, matches_dicts, parse_profile, ranked, related_dicts, related_matches
from .inputs import InputError
from .messages import say
from .policy import Text
from .terminal import Guarded, OutputError, json_visible, run, visible, visible_line

_HEAD = {
    "steps": Text("计算过程", "Steps"),
    "conditions": Text(
        "前提条件（估算假定均已满足）", "Conditions (the estimate assumes all are met)"
    ),
    "notes": Text("说明", "Notes"),
    "inputs": Text("填写的数字（读作）", "Your figures, as read"),
    "questions": Text("请核对", "Please check"),
    "fits": Text("可能适用", "May fit"),
    "left_out": Text("未列入（及原因）", "Left out, with the reasons"),
    "related": Text("相关措施（未规定金额）", "Related measures (no amount set)"),
    "no_figure": Text("无公开金额", "no published figure"),
    "at_most": Text("最高：", "at most: "),
    "revision": Text("数据版本", "Data revision"),
    "command": Text("重现此估算", "To reproduce this estimate"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        self.exit(2, f"{self.prog}: {visible_line(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m calculator",
        description="Award estimates for the Shenzhen measures (draft).",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    listing = sub.add_parser("list", help="every award and its inputs")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.add_argument("--lang", choices=("zh", "en"), default="zh")
    one = sub.add_parser("estimate", help="estimate one award: AWARD name=value ...")
    one.add_argument("award", help="award id, e.g. 4.1")
    one.add_argument("values", nargs="*", metavar="name=value")
    one.add_argument("--json", action="store_true", help="machine-readable output")
    one.add_argument("--lang", choices=("zh", "en"), default="zh")
    finder = sub.add_parser("find", help="which awards may fit an organisation, and why not")
    finder.add_argument("--organisation", "--org", help="enterprise, public_institution, ...")
    finder.add_argument("--legal-person", choices=("yes", "no"), help="registered legal person?")
    finder.add_argument(
        "--domain", action="append", default=[], help="a domain id (repeat, or separate by commas)"
    )
    finder.add_argument(
        "--role", action="append", default=[], help="what it makes or does: a role id (repeat)"
    )
    finder.add_argument(
        "--activity", action="append", default=[], help="an activity id (repeat, or commas)"
    )
    finder.add_argument("--json", action="store_true", help="machine-readable output")
    finder.add_argument("--lang", choices=("zh", "en"), default="zh")
    many = sub.add_parser("batch", help="one estimate per row of a CSV file")
    many.add_argument("file", help="CSV with columns award, [project], and input names")
    many.add_argument("-o", "--output", help="write the estimates here (default: standard output)")
    many.add_argument("--lang", choices=("zh", "en"), default="zh")
    return parser


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _batch(args: argparse.Namespace) -> int:
    """Exit 0: every row computed; 1: some rows were bad (the good ones are still written);
    2: the file could not be read at all (or -o names it); 3: the output could not be written."""
    name = visible_line(args.file)
    if not os.path.isfile(args.file):  # a FIFO or a device would be read forever
        reason = "does not exist" if not os.path.exists(args.file) else "is not a regular file"
        print(f"{name}: {reason}", file=sys.stderr)
        return 2
    if args.output and _same_file(args.file, args.output):  # before anything is truncated
        print(
            f"{visible_line(args.output)}: is the input file; write the estimates to another file",
            file=sys.stderr,
        )
        return 2
    try:
        handle = open(args.file, encoding="utf-8-sig", newline="")
    except OSError as error:
        print(f"{name}: cannot be read ({error.strerror or error})", file=sys.stderr)
        return 2
    with handle, _output(args) as out:  # an output that fails is said by terminal.run
        return _rows(args, name, handle, CsvOut(out))


def _rows(args: argparse.Namespace, name: str, handle: TextIO, writer: CsvOut) -> int:
    bad, line = 0, 0
    try:
        for item in run_batch(handle, args.lang):
            if isinstance(item, RowProblem):
                bad += 1
                line = item.line
                print(f"{name}:{item.line}: {visible_line(item.message)}", file=sys.stderr)
            else:
                line = int(item["line"])
                writer.write(item)
    except UnicodeDecodeError:
        print(f"{name}:{line + 1}: is not UTF-8 text", file=sys.stderr)
        return 2
    except OSError as error:  # reading the input (writing raises OutputError)
        print(f"{name}:{line + 1}: cannot be read ({error.strerror or error})", file=sys.stderr)
        return 2
    return 1 if bad else 0


@contextmanager
def _output(args: argparse.Namespace) -> Iterator[TextIO]:
    if not args.output:
        yield sys.stdout
        return
    try:
        out = open(args.output, "w", encoding="utf-8", newline="")
    except OSError as error:
        raise OutputError(args.output, error) from None
    guarded = Guarded(out, args.output)
    try:
        yield guarded  # type: ignore[misc]
        guarded.flush()
    finally:
        try:
            out.close()
        except OSError as error:  # after a failed write, the close fails the same way
            if sys.exc_info()[0] is None:
                raise OutputError(args.output, error) from None


def _show(text: str = "") -> None:
    """A line of the answer, every control character in it shown as an escape."""
    print(visible(text))


def _print_json(text: str) -> None:
    print(json_visible(text))


def _pairs(items: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(
                item,
                Text(
                    "应写成 name=value，例如 sales=3000万",
                    "write it as name=value, such as sales=30000000",
                ),
            )
        if name in values:  # never keep one and drop the other silently
            given = f"{name}={values[name]}, {name}={value}"
            raise InputError(name, say("repeated_input", values=given))
        values[name] = value
    return values


def _print_list(lang: str, as_json: bool) -> None:
    policy = load_policy()
    awards = [describe_award(policy, a, lang) for a in policy.awards.values()]
    if as_json:
        _print_json(json.dumps(awards, ensure_ascii=False, indent=2))
        return
    for a in awards:
        inputs = " ".join(
            f"{i['name']}="
            + ("|".join(c["key"] for c in i["choices"]) if i["choices"] else i["type"])
            for i in a["inputs"]
        )
        _show(f"{a['award']:>5}  {a['name']}" + (f"  [{inputs}]" if inputs else ""))


def _print_estimate(result: dict, lang: str) -> None:
    colon = "：" if lang == "zh" else ":"
    _show(f"{result['award']}  {result['name']}")
    _show(result["headline"])
    if result["draft"]:  # a later version gives no figure: the draft's is said as the draft's
        _show(result["draft"]["headline"])
    _show(result["version"]["said"])
    for later in result["later"]:
        _show(later["said"])
    if result["inputs"]:
        _show(f"\n{_HEAD['inputs'](lang)}{colon}")
        for item in result["inputs"]:
            _show(f"  {item['label']} {item['reading']}")
    if result["questions"]:
        _show(f"\n{_HEAD['questions'](lang)}{colon}")
        for item in result["questions"]:
            _show(f"  ! {item['label']}{colon}{' ' if lang == 'en' else ''}{item['text']}")
    for key in ("steps", "conditions", "notes"):
        if result[key]:
            _show(f"\n{_HEAD[key](lang)}{colon}")
            for line in result[key]:
                _show(f"  - {line}")
    _print_application(result["application"], lang)
    _show(f"\n{_HEAD['revision'](lang)}{colon}{revision_said(result['revision'], lang)}")
    _show(f"{_HEAD['command'](lang)}{colon}{result['command']}")


def _print_application(application: dict, lang: str) -> None:
    """How to apply: which version, then each field (not yet known, or with its source)."""
    colon = "：" if lang == "zh" else ":"
    intro, *rows = application["lines"]
    _show(f"\n{say('apply_heading')(lang)}{colon}")
    _show(f"  {intro}")
    for line in rows:
        _show(f"  - {line}")


def _find(args: argparse.Namespace) -> None:
    policy = load_policy()
    profile = parse_profile(
        policy,
        {
            "organisation": args.organisation,
            "legal_person": args.legal_person,
            "domains": ",".join(args.domain),
            "roles": ",".join(args.role),
            "activities": ",".join(args.activity),
        },
    )
    lang = args.lang
    matches = find(policy, profile)
    measures = related_matches(policy, profile)
    order = ranked(policy, matches, measures)
    if args.json:
        out = {
            "awards": matches_dicts(matches, lang),
            "related": related_dicts(measures, lang),
            "order": order,
        }
        _print_json(json.dumps(out, ensure_ascii=False, indent=2))
        return
    # What may fit, in the order the page shows it: best supported first.
    fits = sorted((m for m in matches if m.fits), key=lambda m: order.index(m.award.id))
    measures = sorted(measures, key=lambda r: order.index(f"m{r.measure.number}"))
    left = [m for m in matches if not m.fits]

    def counted(key: str, n: int) -> str:
        return f"{_HEAD[key](lang)}（{n}）：" if lang == "zh" else f"{_HEAD[key](lang)} ({n}):"

    _show(counted("fits", len(fits)))
    for m in fits:
        most = headline(m.award.rule) or _HEAD["no_figure"]
        most_text = f"{_HEAD['at_most'](lang)}{most(lang)}"
        shown = f"（{most_text}）" if lang == "zh" else f" ({most_text})"
        _show(f"  {m.award.id:>5}  {m.award.name(lang)}{shown}")
    if measures:
        _show("\n" + counted("related", len(measures)))
        for r in measures:
            _show(f"  {r.measure.number:>5}  {r.measure.title(lang)}")
    _show("\n" + counted("left_out", len(left)))
    for m in left:
        _show(f"  {m.award.id:>5}  {m.award.name(lang)}")
        for reason in m.reasons:
            _show(f"         - {reason(lang)}")


def main(argv: Sequence[str] | None = None) -> int:
    return run(lambda: _encoded(argv), "python -m calculator")


def _encoded(argv: Sequence[str] | None) -> int:
    try:
        return _main(argv)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", "?")
        sys.stderr.write(
            f"python -m calculator: standard output cannot show Chinese text (encoding {encoding}); "
            "write to a file with -o FILE, or set PYTHONIOENCODING=utf-8\n"
        )
        return 2


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "batch":
        return _batch(args)
    try:
        if args.command == "list":
            _print_list(args.lang, args.json)
            return 0
        if args.command == "find":
            _find(args)
            return 0
        result = estimate_award(args.award, _pairs(args.values), args.lang)
    except InputError as problem:
        print(visible_line(f"{problem.name}: {problem.message(args.lang)}"), file=sys.stderr)
        return 2
    if args.json:
        _print_json(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print_estimate(result, args.lang)
    return 0
