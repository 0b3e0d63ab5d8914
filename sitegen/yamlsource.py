"""Load measures.yaml keeping the line of every value, so each problem can name its line.

PyYAML's composed node tree carries marks; we build plain Python values from it ourselves, which
also lets us refuse duplicate keys (PyYAML would silently keep the last) and read YAML floats as
Decimal (money and rates are never float).

The file comes from a pull request, so the work it can cause is bounded before and while it is
parsed: at most MAX_BYTES (textfile), nesting at most MAX_DEPTH deep (counted by the scanner, so
50,000 brackets stop at the 31st), at most MAX_NODES values, no anchors or aliases (the data
needs none; refusing them rules out the billion-laughs expansion and self-reference), keys that
are words, and numbers of at most MAX_NUMBER_CHARS characters within ±10^MAX_EXPONENT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:  # libyaml, when PyYAML was built with it (the PyPI wheels are)
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - depends on the installation
    CParser = None

from .places import where_of
from .problems import Problem, SourceError
from .textfile import FileRefused, read_text

Path_ = tuple[Any, ...]

MAX_DEPTH = 30  # measures.yaml nests 13 deep
MAX_NODES = 50_000  # measures.yaml has about 3,600 values
MAX_NUMBER_CHARS = 24
MAX_EXPONENT = 15  # no figure reaches 10^15 yuan
MAX_LOAD_PROBLEMS = 50
USE_LIBYAML = True  # tests set it False to hold the pure-Python parser to the same bounds

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)\Z")
_SPECIAL_FLOAT = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}


@dataclass(frozen=True)
class Loaded:
    data: Any
    lines: dict[Path_, int]  # path of keys/indexes → 1-based line of that value
    key_lines: dict[Path_, int] | None = None  # path of a mapping entry → line of its key
    quoted: frozenset[Path_] = frozenset()  # paths of values written in quotes

    def line_of(self, path: Path_) -> int:
        """The line of the value at path, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def key_line_of(self, path: Path_) -> int:
        """The line of the key of the entry at path (for a mapping value that starts below it)."""
        return (self.key_lines or {}).get(tuple(path)) or self.line_of(path)


class _Stop(Exception):
    """A limit was reached: stop reading the file at once."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Bounds:
    """The composer's bounds, shared by both parsers: no aliases or anchors, at most MAX_NODES
    values, at most MAX_DEPTH levels (also for libyaml, whose scanner we cannot reach)."""

    def _bounds(self) -> None:
        self.refusals: list[tuple[int, str]] = []
        self.nodes = 0
        self.depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            self.refusals.append(
                (
                    event.start_mark.line + 1,
                    f"the alias *{event.anchor} is not allowed: write the value out in full",
                )
            )
            return yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        event = self.peek_event()
        if event.anchor is not None:
            self.refusals.append(
                (
                    event.start_mark.line + 1,
                    f"the anchor &{event.anchor} is not allowed: this file uses no anchors or "
                    "aliases; write each value out in full",
                )
            )
            event.anchor = None
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Stop(
                event.start_mark.line + 1,
                f"the file holds more than {MAX_NODES:,} values (measures.yaml needs about "
                "4,000); is it the right file?",
            )
        if self.depth >= MAX_DEPTH:
            raise _Stop(event.start_mark.line + 1, _too_deep())
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _PythonLoader(_Bounds, yaml.SafeLoader):
    """PyYAML's own parser; its scanner also counts nesting before any node is built."""

    def __init__(self, text: str):
        yaml.SafeLoader.__init__(self, text)
        self._bounds()

    def fetch_flow_collection_start(self, TokenClass):  # noqa: N803 (PyYAML's name)
        if self.flow_level >= MAX_DEPTH:
            raise _Stop(self.line + 1, _too_deep())
        super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise _Stop(self.line + 1, _too_deep())
        return super().add_indent(column)


if CParser is not None:

    class _LibyamlLoader(_Bounds, CParser, Composer, SafeConstructor, Resolver):
        """libyaml's events (ten times faster), composed by PyYAML's composer with our bounds."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._bounds()

        def get_single_node(self):
            return Composer.get_single_node(self)


def _loader(text: str) -> _Bounds:
    if USE_LIBYAML and CParser is not None:
        return _LibyamlLoader(text)
    return _PythonLoader(text)


def _too_deep() -> str:
    return f"values are nested more than {MAX_DEPTH} levels deep (measures.yaml needs 13)"


def _number(node: yaml.ScalarNode) -> tuple[Any, str | None]:
    """(value, None) for an int or float within bounds; (text, problem) otherwise."""
    text = node.value
    if len(text) > MAX_NUMBER_CHARS:
        return text, f"'{text[:20]}…' is too long a number ({len(text):,} characters)"
    if node.tag == "tag:yaml.org,2002:int":
        if not _DECIMAL_INT.match(text):
            return text, (
                f"write '{text}' in plain decimal digits (YAML reads a leading 0 as octal, "
                "0x as hexadecimal and 1:30 as sexagesimal)"
            )
        digits = text.replace("_", "").lstrip("+-")
        if len(digits) > MAX_EXPONENT:
            return text, f"'{text}' has more than {MAX_EXPONENT} digits: no figure is that large"
        return int(text.replace("_", "")), None
    clean = text.replace("_", "").lower()
    if clean in _SPECIAL_FLOAT:
        return text, f"'{text}' is not a finite number"
    if ":" in clean:
        return text, f"write '{text}' in plain decimal digits (YAML reads 1:30 as sexagesimal)"
    try:
        value = Decimal(clean)
    except InvalidOperation:
        return text, f"'{text}' is not a number"
    if not value.is_finite():
        return text, f"'{text}' is not a finite number"
    if value and not -MAX_EXPONENT <= value.adjusted() < MAX_EXPONENT:
        return text, f"'{text}' is out of range: no figure is that large or that small"
    return value, None


def _key_problem(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        return "a key must be a plain word"
    if node.tag == _STR:
        return None
    read_as = {
        "tag:yaml.org,2002:bool": "true or false",
        "tag:yaml.org,2002:int": "a number",
        "tag:yaml.org,2002:float": "a number",
        "tag:yaml.org,2002:null": "nothing (null)",
        "tag:yaml.org,2002:timestamp": "a date",
    }.get(node.tag, f"the tag {node.tag}")
    return (
        f"the key '{node.value[:40]}' is read as {read_as}, not as a name: "
        "names are words such as 'title' or 'sales'"
    )


class _Builder:
    def __init__(self, loader: _Bounds):
        self.loader = loader
        self.lines: dict[Path_, int] = {}
        self.key_lines: dict[Path_, int] = {}
        self.quoted: set[Path_] = set()
        self.problems: list[tuple[Path_, int, str]] = []

    def problem(self, path: Path_, line: int, message: str) -> None:
        self.problems.append((path, line, message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        line = self.lines[path] = node.start_mark.line + 1
        if node.tag not in _PLAIN_TAGS:
            self.problem(
                path, line, f"the YAML tag {node.tag} is not allowed here; write plain values"
            )
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                wrong = _key_problem(key_node)
                if wrong:
                    self.problem(path, key_line, wrong)
                    continue
                key = key_node.value
                if key in result:
                    first = self.key_lines.get(path + (key,), self.lines.get(path + (key,)))
                    self.problem(
                        path,
                        key_line,
                        f"duplicate key '{key}': a key may appear only once (first on line {first})",
                    )
                    continue
                self.key_lines[path + (key,)] = key_line
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            value, wrong = _number(node)
            if wrong:
                self.problem(path, line, wrong)
            return value
        if node.style in ('"', "'"):
            self.quoted.add(path)
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text, as the schema expects: 2026-11-24
        return self.loader.construct_object(node, deep=True)


def _syntax_problem(text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    context = error.context or ""
    what = " ".join(str(part) for part in (error.context, error.problem) if part)
    if error.context_mark and context.startswith(
        ("while scanning a quoted scalar", "while parsing a flow")
    ):
        opened = error.context_mark.line + 1
        kind = "quoted text" if "quoted" in context else "bracket"
        if opened != line:
            return Problem(
                opened,
                "YAML syntax",
                f"the {kind} opened here is not closed (YAML stopped at line {line}: "
                f"{error.problem}); close it on this line",
            )
    quote = _runaway_quote(text, line)
    if quote is not None:
        return Problem(
            quote,
            "YAML syntax",
            f"the quoted text opened here runs on to the next quote, lines below (YAML stopped "
            f"at line {line}: {what}); close the quote on this line",
        )
    return Problem(
        line,
        "YAML syntax",
        f"{what} (check indentation, colons and quotes on this line or the one above)",
    )


def _runaway_quote(text: str, error_line: int) -> int | None:
    """The line where a quoted scalar spanning several lines opens before the error, if any.

    measures.yaml quotes only short values on one line; a quote that runs on over lines is
    almost always one left unclosed, which YAML notices only where the text stops making sense.
    """
    scanner = _loader(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if token.start_mark.line + 1 > error_line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
            ):
                return token.start_mark.line + 1
    except (yaml.YAMLError, _Stop):
        pass
    finally:
        scanner.dispose()
    return None


def loads(text: str, where: str = "file") -> Loaded:
    """Parse YAML text; raise SourceError with line-numbered problems if it cannot be read."""
    loader = _loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise SourceError([Problem(1, where, "the file is empty")])
        builder = _Builder(loader)
        data = builder.build(node, ())
    except _Stop as stop:
        raise SourceError([Problem(stop.line, where, stop.message)]) from None
    except yaml.MarkedYAMLError as error:
        raise SourceError([_syntax_problem(text, error)]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise SourceError(
            [Problem(line, "YAML syntax", f"the character {error.character!r} is not allowed")]
        ) from None
    except yaml.YAMLError as error:
        raise SourceError([Problem(1, "YAML syntax", str(error).splitlines()[0])]) from None
    except RecursionError:
        raise SourceError([Problem(1, where, _too_deep())]) from None
    finally:
        loader.dispose()
    found = [(line, "YAML", message) for line, message in loader.refusals]
    found += [(line, where_of(data, path), message) for path, line, message in builder.problems]
    if found:
        found = sorted(dict.fromkeys(found), key=lambda problem: problem[0])
        problems = [Problem(*problem) for problem in found[:MAX_LOAD_PROBLEMS]]
        if len(found) > MAX_LOAD_PROBLEMS:
            problems.append(
                Problem(
                    found[MAX_LOAD_PROBLEMS][0],
                    where,
                    f"and {len(found) - MAX_LOAD_PROBLEMS:,} more problems like these",
                )
            )
        raise SourceError(problems)
    return Loaded(data, builder.lines, builder.key_lines, frozenset(builder.quoted))


def load(path: Path) -> Loaded:
    try:
        text = read_text(path)
    except FileRefused as refused:
        raise SourceError([Problem(refused.line, "file", refused.message)]) from None
    return loads(text)
