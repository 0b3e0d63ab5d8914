"""A reader's name for a place in measures.yaml: 'measure 4 › award 4.1 › rule.cap.amount'."""

from __future__ import annotations

from typing import Any

_ITEMS = {"chapters": "chapter", "measures": "measure", "awards": "award"}


def where_of(data: Any, path: tuple[Any, ...]) -> str:
    parts: list[str] = []
    rest: list[str] = []
    node = data
    for i, key in enumerate(path):
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            rest.extend(f"[{k}]" if isinstance(k, int) else str(k) for k in path[i:])
            break
        prev = path[i - 1] if i else None
        if prev in _ITEMS and isinstance(key, int) and isinstance(node, dict):
            name = node.get("id" if prev == "awards" else "number", key + 1)
            if prev == "measures":  # a measure number says enough; drop its chapter
                parts = [p for p in parts if not p.startswith("chapter ")]
            parts.append(f"{_ITEMS[prev]} {name}")
            rest = []
        else:
            rest.append(f"[{key}]" if isinstance(key, int) else str(key))
    text = ".".join(rest).replace(".[", "[")
    return " › ".join(parts + ([text] if text else [])) or "file"
