"""The inline diff of a text: numbers and words whole, other characters one by one, as Chinese is
read; a text rewritten past REWRITTEN characters is shown whole rather than diffed."""

from __future__ import annotations

import difflib
import re

_TOKEN = re.compile(r"\d[\d,.]*%?|[A-Za-z]+|.", re.S)


def _tokens(text: str) -> list[str]:
    """Numbers and words whole (1000 → 800 is one change, not '10' → '8'); other characters one
    by one, as Chinese is read."""
    return _TOKEN.findall(text)


def segments(old: str, new: str, lang: str) -> list[tuple[str, str]]:
    """The texts as runs of ('same'|'del'|'ins', text)."""
    a, b = _tokens(old), _tokens(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", "".join(b[j1:j2])))
    return out


def inline(old: str, new: str, lang: str, context: int | None = None) -> str:
    """A short inline diff: '…总投资30%给予资助，最高[-1000-]{+800+}万元。'."""
    context = context or (12 if lang == "zh" else 30)
    runs = segments(old, new, lang)
    out = []
    for i, (op, text) in enumerate(runs):
        first, last = i == 0, i == len(runs) - 1
        if op == "del":
            out.append(f"[-{text}-]")
        elif op == "ins":
            out.append(f"{{+{text}+}}")
        elif first and last:
            out.append(text)
        elif first:
            out.append(("…" if len(text) > context else "") + text[-context:])
        elif last:
            out.append(text[:context] + ("…" if len(text) > context else ""))
        elif len(text) > 2 * context:
            out.append(text[:context] + "…" + text[-context:])
        else:
            out.append(text)
    return "".join(out)


REWRITTEN = 160  # characters deleted and added: past this, an inline diff helps nobody
# What a text said while it was not yet written (the data's first drafts): no words to compare.
PLACEHOLDER = re.compile(r"TRANSLATION PENDING|待补")


def rewritten(old: str, new: str, lang: str) -> bool:
    changed = sum(len(text) for op, text in segments(old, new, lang) if op != "same")
    return changed > REWRITTEN
