"""python -m calculator: list the awards, estimate one, find those that may fit, or a CSV of
estimates. Bad input: exit 2, one line naming it, no traceback (batch: each bad row on its own
line, the good rows computed)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from .api import describe_award, estimate_award, load_policy
from .batch import run_batch, write_csv
from .describe import headline
from .finder import find, matches_dicts, parse_profile
from .inputs import InputError
from .policy import Text

_HEAD = {
    "steps": Text("计算过程", "Steps"),
    "conditions": Text(
        "前提条件（估算假定均已满足）", "Conditions (the estimate assumes all are met)"
    ),
    "notes": Text("说明", "Notes"),
    "fits": Text("可能适用", "May fit"),
    "left_out": Text("未列入（及原因）", "Left out, with the reasons"),
    "no_figure": Text("无公开金额", "no published figure"),
    "at_most": Text("最高：", "at most: "),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        self.exit(2, f"{self.prog}: {message}\n")


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
        "--activity", action="append", default=[], help="an activity id (repeat, or commas)"
    )
    finder.add_argument("--json", action="store_true", help="machine-readable output")
    finder.add_argument("--lang", choices=("zh", "en"), default="zh")
    many = sub.add_parser("batch", help="one estimate per row of a CSV file")
    many.add_argument("file", help="CSV with columns award, [project], and input names")
    many.add_argument("-o", "--output", help="write the estimates here (default: standard output)")
    many.add_argument("--lang", choices=("zh", "en"), default="zh")
    return parser


def _batch(args: argparse.Namespace) -> int:
    """Exit 0: every row computed; 1: some rows were bad (the good ones are still written);
    2: the file could not be read at all."""
    try:
        with open(args.file, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = (
            "is not UTF-8 text"
            if isinstance(error, UnicodeDecodeError)
            else f"cannot be read ({error.strerror or error})"
        )
        print(f"{args.file}: {reason}", file=sys.stderr)
        return 2
    rows, problems = run_batch(text, args.lang)
    for problem in problems:
        print(f"{args.file}:{problem.line}: {problem.message}", file=sys.stderr)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                write_csv(rows, out)
        except OSError as error:
            print(f"{args.output}: cannot be written ({error.strerror or error})", file=sys.stderr)
            return 2
    else:
        write_csv(rows, sys.stdout)
    return 1 if problems else 0


def _pairs(items: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(
                item,
                Text(
                    "应写成 name=value，例如 sales=35000000",
                    "write it as name=value, such as sales=35000000",
                ),
            )
        values[name.strip()] = value
    return values


def _print_list(lang: str, as_json: bool) -> None:
    policy = load_policy()
    awards = [describe_award(policy, a, lang) for a in policy.awards.values()]
    if as_json:
        print(json.dumps(awards, ensure_ascii=False, indent=2))
        return
    for a in awards:
        inputs = " ".join(
            f"{i['name']}="
            + ("|".join(c["key"] for c in i["choices"]) if i["choices"] else i["type"])
            for i in a["inputs"]
        )
        print(f"{a['award']:>5}  {a['name']}" + (f"  [{inputs}]" if inputs else ""))


def _print_estimate(result: dict, lang: str) -> None:
    print(f"{result['award']}  {result['name']}")
    print(result["headline"])
    for key in ("steps", "conditions", "notes"):
        if result[key]:
            print(f"\n{_HEAD[key](lang)}:")
            for line in result[key]:
                print(f"  - {line}")


def _find(args: argparse.Namespace) -> None:
    policy = load_policy()
    profile = parse_profile(
        policy,
        {
            "organisation": args.organisation,
            "legal_person": args.legal_person,
            "domains": ",".join(args.domain),
            "activities": ",".join(args.activity),
        },
    )
    lang = args.lang
    matches = find(policy, profile)
    if args.json:
        print(json.dumps(matches_dicts(matches, lang), ensure_ascii=False, indent=2))
        return
    fits = [m for m in matches if m.fits]
    left = [m for m in matches if not m.fits]
    print(f"{_HEAD['fits'](lang)} ({len(fits)}):")
    for m in fits:
        most = headline(m.award.rule) or _HEAD["no_figure"]
        print(f"  {m.award.id:>5}  {m.award.name(lang)} ({_HEAD['at_most'](lang)}{most(lang)})")
    print(f"\n{_HEAD['left_out'](lang)} ({len(left)}):")
    for m in left:
        print(f"  {m.award.id:>5}  {m.award.name(lang)}")
        for reason in m.reasons:
            print(f"         - {reason(lang)}")


def main(argv: Sequence[str] | None = None) -> int:
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
        print(f"{problem.name}: {problem.message(args.lang)}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print_estimate(result, args.lang)
    return 0
