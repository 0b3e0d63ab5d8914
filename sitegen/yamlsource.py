"""Load measures.yaml keeping the line of every value, so each problem can name its line.

PyYAML's composed node tree carries marks; we build plain Python values from it ourselves, which
also lets us refuse duplicate keys (PyYAML would silently keep the last) and read YAML floats as
Decimal (money and rates are never float).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .places import where_of
from .problems import Problem, SourceError

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Loaded:
    data: Any
    lines: dict[Path_, int]  # path of keys/indexes → 1-based line of that value

    def line_of(self, path: Path_) -> int:
        """The line of the value at path, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def _scalar(node: yaml.ScalarNode, loader: yaml.SafeLoader) -> Any:
    if node.tag == "tag:yaml.org,2002:float":
        text = node.value.replace("_", "").lower()
        special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
        try:
            return Decimal(special.get(text, text))
        except InvalidOperation:
            return node.value
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # dates stay text, as the schema expects: 2026-11-24
    return loader.construct_object(node, deep=True)


_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


def _build(
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    problems: list[tuple],
    loader: yaml.SafeLoader,
    where: str,
) -> Any:
    lines[path] = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        problems.append(
            (path, lines[path], f"the YAML tag {node.tag} is not allowed here; write plain values")
        )
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, loader) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                problems.append((path, key_node.start_mark.line + 1, "a key must be a plain word"))
                continue
            if key in result:
                problems.append(
                    (
                        path,
                        key_node.start_mark.line + 1,
                        f"duplicate key '{key}': a key may appear only once "
                        f"(first on line {lines[path + (key,)]})",
                    )
                )
                continue
            result[key] = _build(value_node, path + (key,), lines, problems, loader, where)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, path + (i,), lines, problems, loader, where)
            for i, item in enumerate(node.value)
        ]
    value = _scalar(node, loader)
    if isinstance(value, Decimal) and not value.is_finite():
        problems.append((path, lines[path], f"'{node.value}' is not a finite number"))
        return node.value
    return value


def loads(text: str, where: str = "file") -> Loaded:
    """Parse YAML text; raise SourceError with line-numbered problems if it cannot be read."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise SourceError([Problem(1, where, "the file is empty")])
        lines: dict[Path_, int] = {}
        problems: list[tuple] = []  # (path, line, message)
        data = _build(node, (), lines, problems, loader, where)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise SourceError(
            [
                Problem(
                    line,
                    "YAML syntax",
                    f"{what} (check indentation, colons and quotes on this line or the one above)",
                )
            ]
        )
    except yaml.YAMLError as error:
        raise SourceError([Problem(1, "YAML syntax", str(error).splitlines()[0])])
    finally:
        loader.dispose()
    if problems:
        raise SourceError(
            [Problem(line, where_of(data, path), message) for path, line, message in problems]
        )
    return Loaded(data, lines)


def load(path: Path) -> Loaded:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError([Problem(1, "file", f"cannot be read: {error.strerror or error}")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError([Problem(line, "file", "is not UTF-8 text; save it as UTF-8")])
    if "\0" in text:
        raise SourceError([Problem(1, "file", "is not a text file")])
    return loads(text.lstrip("\ufeff"))
