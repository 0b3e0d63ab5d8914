"""The JSON Schema's refusals, said for staff: each at its line, in words (a quoted number, a
field a rule's kind does not take, money not in whole yuan). The paths it refused are kept, so a
later check skips them and one mistake gives one message.

The rule's kinds in the schema (their names, and the fields each takes) are the registry's
(calculator/kinds.py), put in when the schema is read; the committed file carries the same, for
editors (`write()` rewrites it; a test holds it fresh)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema

from calculator import kinds

from ..places import where_of
from ..problems import Problem
from ..yamlsource import Loaded
from .context import MAX_PROBLEMS, DataPath

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMA_PATH = ROOT / "schema" / "measures.schema.json"

_RULE_FIELDS = (
    "base",
    "rate",
    "cap",
    "amount",
    "options",
    "unit",
    "years",
    "tiers",
    "phrase",
    "threshold",
)


def _and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _belongs(field: str) -> str:
    """Which kinds take a field, to say why a kind does not (calculator/kinds.py)."""
    taking = kinds.taking(field)
    others = [name for name in kinds.KINDS if name not in taking]
    if len(others) == 1 and len(taking) > 1:
        return f"every kind but {others[0]}"
    return _and(taking)


# -- the rule's kinds, from the registry ---------------------------------------------------------


def _kind_branch(kind: kinds.RuleKind) -> dict[str, Any]:
    then: dict[str, Any] = {}
    if kind.required:
        then["required"] = list(kind.required)
    if kind.one_of:
        then["anyOf"] = [{"required": [name]} for name in kind.one_of]
    then["propertyNames"] = {"enum": ["kind", *kind.fields]}
    return {"if": {"properties": {"kind": {"const": kind.name}}}, "then": then}


def with_kinds(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with the rule's kinds as the registry defines them: the names, what each is,
    and the fields each takes (so the check and editors read the same kinds as the calculator)."""
    rule = schema["$defs"]["rule"]
    every = kinds.KINDS.values()
    rule["properties"]["kind"]["enum"] = [k.name for k in every]
    rule["properties"]["kind"]["description"] = (
        "; ".join(f"{k.name}: {k.about}" for k in every) + "."
    )
    rule["allOf"] = [_kind_branch(k) for k in every]
    takes = "; ".join(
        f"{k.name}: {', '.join(f for f in k.fields if f not in ('threshold', 'options'))}"
        for k in every
    )
    rule["description"] = (
        f"An award's rule: its kind and the fields that kind takes ({takes}; options and "
        "threshold where the kind allows). A field the kind does not take is refused, never "
        "silently ignored."
    )
    return schema


def schema() -> dict[str, Any]:
    """schema/measures.schema.json with the registry's kinds."""
    return with_kinds(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def schema_text() -> str:
    """The schema file as it should be written (tests hold the committed file to it)."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def _short(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _looks_numeric(value: Any) -> bool:
    if not isinstance(value, str) or len(value) >= 30:
        return False
    try:
        Decimal(value.replace(",", "").strip())
    except ArithmeticError:
        return False
    return True


def _type_message(error: jsonschema.ValidationError, path: DataPath, quoted: bool = False) -> str:
    want = error.validator_value
    value = error.instance
    if want in ("integer", "number") and _looks_numeric(value):
        if quoted:
            return f"must be a number, not the text '{value}': remove the quotes"
        return f"must be a number in plain digits, not '{value}' (YAML reads it as text)"
    if want == "integer" and isinstance(value, Decimal):
        if path[-1:] == ("amount",):
            return (
                f"must be whole yuan, not {_short(value)}: money is counted in whole yuan "
                "(1000万元 is 10000000)"
            )
        return f"must be a whole number, not {_short(value)}"
    if want == "integer":
        return f"must be a whole number, not {_short(value)}"
    if want == "number":
        return f"must be a number, not {_short(value)}"
    return f"must be {want}, not {_short(value)}"


def _schema_message(error: jsonschema.ValidationError, path: DataPath, quoted: bool = False) -> str:
    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing field '{missing}'"
    if v == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in error.instance if k not in known)
        return f"unknown field {', '.join(repr(e) for e in extra)} (a typo?)"
    if v == "type":
        return _type_message(error, path, quoted)
    if v == "enum":
        return f"must be one of {', '.join(map(str, error.validator_value))}, not {_short(error.instance)}"
    if v == "pattern" and path == ("document", "source", "checked"):
        return f"{_short(error.instance)} is not a date written YYYY-MM-DD"
    if v == "pattern" and path == ("document", "source", "file"):
        return (
            f"{_short(error.instance)} must name a .txt file under sources/ in this repository; "
            "the text cannot be held against the source until it does"
        )
    if v == "pattern":
        return f"{_short(error.instance)} does not have the expected form"
    if v in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return f"{_short(error.instance)} is out of range ({v} {error.validator_value})"
    if v in ("anyOf", "oneOf") and error.schema.get("anyOf"):
        needs = [next(iter(s.get("required", ["?"]))) for s in error.validator_value]
        return f"needs one of: {', '.join(needs)}"
    if v == "minItems":
        return f"needs at least {error.validator_value} item(s)"
    if v == "uniqueItems":
        return "lists the same item twice"
    if v == "minLength":
        return (
            "is empty" if not error.instance.strip() else f"is too short: {_short(error.instance)}"
        )
    if v == "maxLength":
        return (
            f"is too long ({len(error.instance):,} characters; at most {error.validator_value:,})"
        )
    if v in ("minProperties", "maxProperties"):
        return "needs input, phrase and exactly one of amount, percent or value"
    return error.message if len(error.message) < 160 else error.message[:157] + "..."


def _property_name_problem(
    loaded: Loaded, error: jsonschema.ValidationError, path: DataPath
) -> tuple[DataPath, str] | None:
    """A key the schema refused by its name: an input name, or a field a rule's kind lacks."""
    key = error.instance
    container = loaded.data
    for step in path:
        container = container[step]
    if path[:1] == ("inputs",) and len(path) == 1:
        return path + (key,), (
            f"the input name '{key}' must be a word of lower-case letters and _, starting with a "
            "letter (such as 'sales')"
        )
    if path[-1:] == ("rule",) or "kind" in container:
        known = {"kind", *_RULE_FIELDS}
        if key not in known:  # reported as an unknown field already
            return None
        kind = container.get("kind")
        return path + (key,), (
            f"a {kind} rule takes no {key} ({key} belongs to {_belongs(key)}): remove it, "
            "or change the kind"
        )
    return None


def schema_problems(loaded: Loaded) -> tuple[list[Problem], set[DataPath]]:
    """The schema's problems, and the paths of the values it refused."""
    validator = jsonschema.Draft202012Validator(schema())
    problems = []
    refused: set[DataPath] = set()
    for count, error in enumerate(validator.iter_errors(loaded.data)):
        if count == MAX_PROBLEMS:  # the rest would not be shown; the file is far off already
            refused.add(())
            break
        # Report the deepest cause of a oneOf/anyOf that is about one branch only.
        if error.validator == "oneOf" and error.context:
            error = jsonschema.exceptions.best_match(error.context)
        path = tuple(error.absolute_path)
        if "propertyNames" in error.schema_path:
            named = _property_name_problem(loaded, error, path)
            if named:
                key_path, message = named
                refused.add(key_path)
                problems.append(
                    Problem(loaded.key_line_of(key_path), where_of(loaded.data, key_path), message)
                )
            continue
        if error.validator == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            refused.update(path + (k,) for k in error.instance if k not in known)
        elif error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            refused.add(path + (missing,))
        else:
            refused.add(path)
        problems.append(
            Problem(
                loaded.line_of(path),
                where_of(loaded.data, path),
                _schema_message(error, path, path in loaded.quoted),
            )
        )
    return problems, refused


def write() -> None:
    """Rewrite schema/measures.schema.json with the registry's kinds (after adding a kind)."""
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
