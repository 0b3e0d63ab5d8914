"""What a change to the policy data does, in sentences a reviewer or a reader can follow.

One comparison of two states of measures.yaml (raw data, so that any revision can be read, even
one older than a field), used three ways: `python build.py diff` (a pull request against where
it left main), the changes page (one version of the document against another, where both texts
are held), and the public changelog (each commit of measures.yaml against its parent).

    compare(old, new) → [Change]: award added or removed; a figure changed, from → to, with its
    phrase; a boundary word changed; a rule's kind; applicants, activities or domains; any text
    (clause, translation, title, summary, names, conditions, notes), with a short inline diff;
    and how a part stands in a later version.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator, Mapping

from calculator import boundary
from calculator.memo import (
    FIGURE_NAMES,
    Figure,
    figure_change,
    figure_shown,
    kind_change,
    option_figure_name,
    standing_change,
)
from calculator.policy import Text

# Kinds of change a reader of the site would notice; the rest (the finder's tags, how a part
# stands in a version) are for reviewers.
PUBLIC = {
    "measure_added",
    "measure_removed",
    "award_added",
    "award_removed",
    "figure",
    "figure_added",
    "figure_removed",
    "boundary",
    "kind",
    "applicants",
    "domains",
    "text",
}


@dataclass(frozen=True)
class Change:
    kind: str
    said: Text
    old: str | None = None  # the texts compared, for a side-by-side view
    new: str | None = None
    lang: str | None = None  # the language of old/new
    where: str = ""  # e.g. "4", "4.1": the measure or award
    field: Text | None = None  # of a text change: which text (条文, 要点, 名称 …)
    brief: Text | None = None  # of a text change: that it changed, without the words


# ---- reading a state of the data, whatever its revision -------------------------------------


def _get(node: Any, *keys: Any) -> Any:
    for key in keys:
        if isinstance(node, Mapping):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def _text(node: Any) -> tuple[str, str]:
    return (str(_get(node, "zh") or ""), str(_get(node, "en") or ""))


def measures(data: Any) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for chapter in _get(data, "chapters") or ():
        for measure in _get(chapter, "measures") or ():
            number = _get(measure, "number")
            if isinstance(number, int):
                found[number] = measure
    return found


def awards(data: Any) -> dict[str, tuple[int, dict[str, Any]]]:
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, measure in measures(data).items():
        for award in _get(measure, "awards") or ():
            award_id = _get(award, "id")
            if award_id is not None:
                found[str(award_id)] = (number, award)
    return found


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def figures(rule: Any) -> dict[str, Figure]:
    """Every figure of a rule, by a key that stays the same when the figure changes."""
    found: dict[str, Figure] = {}

    def put(key: str, name: Text, value: Any, unit: str, phrase: Any) -> None:
        number = _decimal(value)
        if number is not None:
            found[key] = Figure(name, number, unit, str(phrase or ""))

    for key in ("cap", "amount"):
        put(key, FIGURE_NAMES[key], _get(rule, key, "amount"), "yuan", _get(rule, key, "phrase"))
    put(
        "rate",
        FIGURE_NAMES["rate"],
        _get(rule, "rate", "percent"),
        "percent",
        _get(rule, "rate", "phrase"),
    )
    threshold = _get(rule, "threshold")
    for field_name, unit in (("amount", "yuan"), ("percent", "percent"), ("value", "number")):
        if _get(threshold, field_name) is not None:
            put(
                "threshold",
                FIGURE_NAMES["threshold"],
                threshold[field_name],
                unit,
                threshold.get("phrase"),
            )
    put(
        "years",
        FIGURE_NAMES["years"],
        _get(rule, "years", "count"),
        "years",
        _get(rule, "years", "phrase"),
    )
    for choice in _get(rule, "options", "choices") or ():
        key, label = _get(choice, "key"), Text(*_text(_get(choice, "label")))
        for money in ("cap", "amount"):
            put(
                f"{money}:{key}",
                option_figure_name(money, label, str(key)),
                _get(choice, money, "amount"),
                "yuan",
                _get(choice, money, "phrase"),
            )
    return found


def _boundary(phrase: str) -> str | None:
    try:
        return boundary.comparison_in(phrase)
    except boundary.BoundaryError:
        return None


_SAYS_OF = {
    ">": Text("不计入", "excludes the figure itself"),
    ">=": Text("计入", "includes the figure itself"),
    "<": Text("不计入", "excludes the figure itself"),
    "<=": Text("计入", "includes the figure itself"),
}


# ---- the inline diff of a text ---------------------------------------------------------------


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


# ---- comparing two states ----------------------------------------------------------------------


def _texts_of_measure(m: Any) -> Iterator[tuple[Text, Any]]:
    yield Text("标题", "title"), _get(m, "title")
    yield Text("条文", "clause"), _get(m, "clause")
    yield Text("要点", "summary"), _get(m, "summary")


def _texts_of_award(a: Any) -> Iterator[tuple[Text, Any]]:
    yield Text("名称", "name"), _get(a, "name")
    yield Text("对象", "recipient"), _get(a, "recipient")
    for i, c in enumerate(_get(a, "conditions") or ()):
        yield Text(f"条件{i + 1}", f"condition {i + 1}"), c
    for i, n in enumerate(_get(a, "notes") or ()):
        yield Text(f"说明{i + 1}", f"note {i + 1}"), n


def _text_changes(where: Text, tag: str, old_texts, new_texts) -> Iterator[Change]:
    old_by = {label.en: (label, value) for label, value in old_texts}
    new_by = {label.en: (label, value) for label, value in new_texts}
    for key in list(old_by) + [k for k in new_by if k not in old_by]:
        label = (new_by.get(key) or old_by.get(key))[0]
        before = _text(old_by.get(key, (None, None))[1])
        after = _text(new_by.get(key, (None, None))[1])
        for lang, part, name in (
            ("zh", 0, Text("中文", "Chinese")),
            ("en", 1, Text("英文", "English")),
        ):
            if before[part] == after[part]:
                continue
            brief = Text(
                f"{where.zh}{label.zh}（{name.zh}）有改动。",
                f"{where.en}: {label.en} ({name.en}) changed.",
            )
            if PLACEHOLDER.search(before[part]):  # a text not yet written then: it is added
                before = ("", before[1]) if part == 0 else (before[0], "")
            if not before[part] or not after[part]:
                verb = Text("新增", "added") if not before[part] else Text("删去", "removed")
                said = Text(
                    f"{where.zh}{label.zh}（{name.zh}）{verb.zh}。",
                    f"{where.en}: {label.en} ({name.en}) {verb.en}.",
                )
            elif _rewritten(before[part], after[part], lang):
                said = Text(
                    f"{where.zh}{label.zh}（{name.zh}）改写（改动较多，全文见页面）。",
                    f"{where.en}: {label.en} ({name.en}) rewritten (too many changes to list; "
                    "see the page).",
                )
            else:
                diff = inline(before[part], after[part], lang)
                said = Text(
                    f"{where.zh}{label.zh}（{name.zh}）改为：{diff}",
                    f"{where.en}: {label.en} ({name.en}) changed: {diff}",
                )
            yield Change("text", said, before[part], after[part], lang, tag, label, brief)


REWRITTEN = 160  # characters deleted and added: past this, an inline diff helps nobody
# What a text said while it was not yet written (the data's first drafts): no words to compare.
PLACEHOLDER = re.compile(r"TRANSLATION PENDING|待补")


def _rewritten(old: str, new: str, lang: str) -> bool:
    changed = sum(len(text) for op, text in segments(old, new, lang) if op != "same")
    return changed > REWRITTEN


def _ids(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _list_change(
    kind: str,
    where: Text,
    tag: str,
    name: Text,
    old: list[str],
    new: list[str],
    labels: Mapping[str, Text] | None = None,
) -> Iterator[Change]:
    if old == new:
        return
    labels = labels or {}

    def words(ids: list[str], lang: str) -> str:
        join = "、" if lang == "zh" else ", "
        return join.join(labels[i](lang) if i in labels else i for i in ids) or "—"

    yield Change(
        kind,
        Text(
            f"{where.zh}{name.zh}：{words(old, 'zh')} → {words(new, 'zh')}。",
            f"{where.en}: {name.en} {words(old, 'en')} → {words(new, 'en')}.",
        ),
        where=tag,
    )


def _standing(entry: Any) -> str:
    return str(_get(entry, "status") or "unknown")


def _standing_changes(
    where: Text, tag: str, old: Any, new: Any, labels: Mapping[str, Text]
) -> Iterator[Change]:
    old_v, new_v = _get(old, "versions") or {}, _get(new, "versions") or {}
    for version in sorted(set(old_v) | set(new_v)):
        a, b = _standing(old_v.get(version)), _standing(new_v.get(version))
        note_a, note_b = (
            _text(_get(old_v.get(version), "note")),
            _text(_get(new_v.get(version), "note")),
        )
        if a == b and note_a == note_b:
            continue
        label = labels.get(version, Text(version, version))
        note = Text(*note_b) if note_b[0] else None
        yield Change("standing", standing_change(where, label, a, b, note), where=tag)


def _award_changes(
    award_id: str,
    old: Any,
    new: Any,
    labels: Mapping[str, Text],
    names: Mapping[str, Mapping[str, Text]],
) -> Iterator[Change]:
    where = Text(f"奖励{award_id}", f"Award {award_id}")
    kind_old, kind_new = _get(old, "rule", "kind"), _get(new, "rule", "kind")
    if kind_old != kind_new:
        yield Change("kind", kind_change(where, kind_old, kind_new), where=award_id)
    before, after = figures(_get(old, "rule")), figures(_get(new, "rule"))
    for key in list(before) + [k for k in after if k not in before]:
        a, b = before.get(key), after.get(key)
        change = figure_change(where, a, b)
        if change:
            yield Change(change[0], change[1], where=award_id)
        if a and b and key == "threshold":
            wa, wb = _boundary(a.phrase), _boundary(b.phrase)
            if wa and wb and wa != wb:
                yield Change(
                    "boundary",
                    Text(
                        f"{where.zh}：门槛的边界词改变（“{a.phrase}” → “{b.phrase}”）："
                        f"门槛本数由{_SAYS_OF[wa].zh}改为{_SAYS_OF[wb].zh}。",
                        f"{where.en}: the threshold's boundary word changed (“{a.phrase}” → "
                        f"“{b.phrase}”): it now {_SAYS_OF[wb].en} (it {_SAYS_OF[wa].en}).",
                    ),
                    where=award_id,
                )
    yield from _list_change(
        "applicants",
        where,
        award_id,
        Text("申请对象", "applicants"),
        _ids(_get(old, "applicants", "kinds")),
        _ids(_get(new, "applicants", "kinds")),
        names["kind"],
    )
    yield from _list_change(
        "activities",
        where,
        award_id,
        Text("查找归类", "finder activities"),
        _ids(_get(old, "activities")),
        _ids(_get(new, "activities")),
        names["activity"],
    )
    yield from _text_changes(where, award_id, _texts_of_award(old), _texts_of_award(new))
    yield from _standing_changes(where, award_id, old, new, labels)


def _versions_changes(old: Any, new: Any) -> Iterator[Change]:
    before = {str(_get(v, "id")): v for v in _get(old, "versions") or ()}
    after = {str(_get(v, "id")): v for v in _get(new, "versions") or ()}
    for vid in list(before) + [v for v in after if v not in before]:
        a, b = before.get(vid), after.get(vid)
        label = _text(_get(b or a, "label"))
        where = Text(f"版本“{label[0]}”", f"Version '{label[1]}'")
        if a is None or b is None:
            verb = Text("新增", "added") if a is None else Text("删去", "removed")
            yield Change("version", Text(f"{verb.zh}{where.zh}。", f"{where.en} {verb.en}."))
            continue
        if _get(a, "date") != _get(b, "date"):
            yield Change(
                "version",
                Text(
                    f"{where.zh}的日期：{_get(a, 'date')} → {_get(b, 'date')}。",
                    f"{where.en}: date {_get(a, 'date')} → {_get(b, 'date')}.",
                ),
            )
        if bool(_get(a, "text")) != bool(_get(b, "text")):
            held = _get(b, "text", "file")
            yield Change(
                "version",
                Text(
                    f"{where.zh}的文本" + (f"已收录：{held}。" if held else "不再收录。"),
                    f"{where.en}: text " + (f"now held: {held}." if held else "no longer held."),
                ),
            )
        facts_a = [_text(f) for f in _get(a, "facts") or ()]
        facts_b = [_text(f) for f in _get(b, "facts") or ()]
        for fact in facts_b:
            if fact not in facts_a:
                yield Change(
                    "version",
                    Text(
                        f"{where.zh}新增已知事实：{fact[0]}", f"{where.en}: fact added: {fact[1]}"
                    ),
                )
        for fact in facts_a:
            if fact not in facts_b:
                yield Change(
                    "version",
                    Text(
                        f"{where.zh}删去已知事实：{fact[0]}", f"{where.en}: fact removed: {fact[1]}"
                    ),
                )


def _domain_texts(domain: Any) -> list[tuple[Text, Any]]:
    return [
        (Text("名称", "name"), _get(domain, "name")),
        (Text("范围", "fields"), _get(domain, "fields")),
    ]


def _domains_changes(old: Any, new: Any, labels: Mapping[str, Text]) -> Iterator[Change]:
    before = {str(_get(d, "id")): d for d in _get(old, "domains") or ()}
    after = {str(_get(d, "id")): d for d in _get(new, "domains") or ()}
    for did in list(before) + [d for d in after if d not in before]:
        a, b = before.get(did), after.get(did)
        name = _text(_get(b or a, "name"))
        where = Text(name[0] or did, name[1] or did)
        if a is None or b is None:
            verb = Text("新增", "added") if a is None else Text("删去", "removed")
            yield Change("domains", Text(f"{verb.zh}{where.zh}。", f"{where.en} {verb.en}."))
            continue
        yield from _text_changes(where, did, _domain_texts(a), _domain_texts(b))
        yield from _standing_changes(where, did, a, b, labels)


def _names(old: Any, new: Any, where: tuple[str, ...], field: str) -> dict[str, Text]:
    """Ids of a vocabulary (organisation kinds, activities, domains) → their labels."""
    return {
        str(_get(item, "id")): Text(*_text(_get(item, field)))
        for data in (old, new)
        for item in _get(data, *where) or ()
    }


def _document_texts(data: Any) -> list[tuple[Text, Any]]:
    return [
        (Text("标题", "title"), _get(data, "document", "title")),
        (Text("序言", "preamble"), _get(data, "document", "preamble")),
        (Text("状态说明", "status note"), _get(data, "document", "status", "note")),
    ]


def compare(old: Any, new: Any) -> list[Change]:
    """Every change from one state of the data to another, in the order of the document."""
    labels = {
        str(_get(v, "id")): Text(*_text(_get(v, "label")))
        for v in (_get(old, "versions") or []) + (_get(new, "versions") or [])
    }
    names = {
        "kind": _names(old, new, ("finder", "organisations"), "label"),
        "activity": _names(old, new, ("finder", "activities"), "label"),
        "domain": _names(old, new, ("domains",), "name"),
    }
    found: list[Change] = list(_versions_changes(old, new))
    found += _domains_changes(old, new, labels)
    found += _text_changes(
        Text("文件", "The document"), "", _document_texts(old), _document_texts(new)
    )
    old_m, new_m = measures(old), measures(new)
    old_a, new_a = awards(old), awards(new)
    for number in sorted(set(old_m) | set(new_m)):
        where = Text(f"措施{number}", f"Measure {number}")
        a, b = old_m.get(number), new_m.get(number)
        if a is None or b is None:
            title = _text(_get(b or a, "title"))
            kind = "measure_added" if a is None else "measure_removed"
            verb = Text("新增", "added") if a is None else Text("删去", "removed")
            found.append(
                Change(
                    kind,
                    Text(
                        f"{verb.zh}{where.zh}：{title[0]}。", f"{where.en} {verb.en}: {title[1]}."
                    ),
                    where=str(number),
                )
            )
            continue
        found += _text_changes(where, str(number), _texts_of_measure(a), _texts_of_measure(b))
        found += _list_change(
            "domains",
            where,
            str(number),
            Text("领域", "domains"),
            _ids(_get(a, "domains")),
            _ids(_get(b, "domains")),
            names["domain"],
        )
        found += _standing_changes(where, str(number), a, b, labels)
        ids = [i for i, (n, _) in old_a.items() if n == number]
        ids += [i for i, (n, _) in new_a.items() if n == number and i not in ids]
        for award_id in ids:
            before, after = old_a.get(award_id), new_a.get(award_id)
            if before is None:
                name = _text(_get(after[1], "name"))
                most = _most(after[1])
                found.append(
                    Change(
                        "award_added",
                        Text(
                            f"新增奖励{award_id}：{name[0]}"
                            + (f"（{most.zh}）" if most else "")
                            + "。",
                            f"Award {award_id} added: {name[1]}"
                            + (f" ({most.en})" if most else "")
                            + ".",
                        ),
                        where=award_id,
                    )
                )
            elif after is None:
                name = _text(_get(before[1], "name"))
                found.append(
                    Change(
                        "award_removed",
                        Text(
                            f"删去奖励{award_id}：{name[0]}。",
                            f"Award {award_id} removed: {name[1]}.",
                        ),
                        where=award_id,
                    )
                )
            else:
                found += _award_changes(award_id, before[1], after[1], labels, names)
    return found


def _most(award: Any) -> Text | None:
    shown_figures = figures(_get(award, "rule"))
    for key in ("cap", "amount"):
        if key in shown_figures:
            f = shown_figures[key]
            prefix = Text("最高", "up to ") if key == "cap" else Text("", "")
            return Text(prefix.zh + figure_shown(f).zh, prefix.en + figure_shown(f).en)
    return None
