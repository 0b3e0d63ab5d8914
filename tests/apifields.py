"""The fields of API v1 and their types, as its JSON Schemas describe them: the snapshot that
tests/test_api.py holds the schemas to (tests/fixtures/api-v1-fields.json), so that a field of
v1 removed, made optional or given another type fails a test (a breaking change is v2).

    python tests/apifields.py --add    freeze the fields added since the snapshot; refuses, and
                                       changes nothing, if any frozen field is gone or changed

A field is `file: path` (`award: figures.list[].value`) with its JSON types (a reference is
followed; `anyOf` is the union of its alternatives) and whether it is required.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "fixtures" / "api-v1-fields.json"


def _types(schema: dict, defs: dict) -> set[str]:
    if "$ref" in schema:
        return _types(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in schema:
        return set().union(*(_types(s, defs) for s in schema["anyOf"]))
    if "const" in schema:
        return {{str: "string", bool: "boolean", int: "integer"}[type(schema["const"])]}
    kind = schema.get("type", [])
    return set(kind if isinstance(kind, list) else [kind])


def _walk(schema: dict, defs: dict, path: str, required: bool, out: dict) -> None:
    if "$ref" in schema:
        _walk(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, path, required, out)
        return
    if path:
        entry = out.setdefault(path, {"types": set(), "required": required})
        entry["types"] |= _types(schema, defs)
    for alternative in schema.get("anyOf", []):
        _walk(alternative, defs, path, required, out)
    needed = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        _walk(sub, defs, f"{path}.{name}" if path else name, name in needed, out)
    if "items" in schema:
        _walk(schema["items"], defs, f"{path}[]", True, out)


def fields(schemas: dict[str, dict]) -> dict[str, dict[str, Any]]:
    """{'award: standing.figure': {'types': ['string'], 'required': True}, …}"""
    out: dict[str, dict[str, Any]] = {}
    for kind, schema in sorted(schemas.items()):
        found: dict = {}
        _walk(schema, schema.get("$defs", {}), "", True, found)
        for path, entry in found.items():
            out[f"{kind}: {path}"] = {
                "types": sorted(entry["types"]),
                "required": entry["required"],
            }
    return dict(sorted(out.items()))


def breaks(frozen: dict, current: dict) -> list[str]:
    """What the current fields break of the frozen ones: removed, made optional, retyped."""
    found = []
    for name, was in frozen.items():
        now = current.get(name)
        if now is None:
            found.append(f"{name}: removed")
            continue
        if now["types"] != was["types"]:
            found.append(f"{name}: type {was['types']} → {now['types']}")
        if was["required"] and not now["required"]:
            found.append(f"{name}: no longer required")
    return found


def dump(found: dict) -> str:
    """One field a line, so that a review sees each field frozen."""
    lines = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in found.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def current() -> dict:
    sys.path.insert(0, str(ROOT))
    from sitegen.apischema import schemas

    return fields(schemas())


def main(argv: list[str]) -> int:
    if argv != ["--add"]:
        print(__doc__, file=sys.stderr)
        return 2
    frozen = json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else {}
    now = current()
    broken = breaks(frozen, now)
    if broken:
        print("v1 would break (publish these as v2 instead):", *broken, sep="\n  ", file=sys.stderr)
        return 1
    added = sorted(set(now) - set(frozen))
    merged = dict(sorted({**frozen, **{k: now[k] for k in added}}.items()))
    SNAPSHOT.write_text(dump(merged), encoding="utf-8")
    print(f"{SNAPSHOT.relative_to(ROOT)}: {len(added)} field(s) added", *added, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
