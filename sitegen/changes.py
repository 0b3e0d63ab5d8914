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

from typing import Any, Iterator, Mapping

from calculator.policy import Text
from calculator.versions import STATUS_WORDS, mid

from .change import PUBLIC, Change, awards, for_reader, get, measures, text_of
from .rulechanges import figures, most_of, rule_changes, shown
from .textdiff import PLACEHOLDER, inline, rewritten, segments

__all__ = [
    "PUBLIC",
    "Change",
    "awards",
    "compare",
    "figures",
    "for_reader",
    "inline",
    "measures",
    "segments",
    "shown",
]


# ---- comparing two states ----------------------------------------------------------------------


def _texts_of_measure(m: Any) -> Iterator[tuple[Text, Any]]:
    yield Text("标题", "title"), get(m, "title")
    yield Text("条文", "clause"), get(m, "clause")
    yield Text("要点", "summary"), get(m, "summary")


def _texts_of_award(a: Any) -> Iterator[tuple[Text, Any]]:
    yield Text("名称", "name"), get(a, "name")
    yield Text("对象", "recipient"), get(a, "recipient")
    for i, c in enumerate(get(a, "conditions") or ()):
        yield Text(f"条件{i + 1}", f"condition {i + 1}"), c
    for i, n in enumerate(get(a, "notes") or ()):
        yield Text(f"说明{i + 1}", f"note {i + 1}"), n


def _text_changes(where: Text, tag: str, old_texts, new_texts) -> Iterator[Change]:
    old_by = {label.en: (label, value) for label, value in old_texts}
    new_by = {label.en: (label, value) for label, value in new_texts}
    for key in list(old_by) + [k for k in new_by if k not in old_by]:
        label = (new_by.get(key) or old_by.get(key))[0]
        before = text_of(old_by.get(key, (None, None))[1])
        after = text_of(new_by.get(key, (None, None))[1])
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
            elif rewritten(before[part], after[part], lang):
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
    return str(get(entry, "status") or "unknown")


def _standing_changes(
    where: Text, tag: str, old: Any, new: Any, labels: Mapping[str, Text]
) -> Iterator[Change]:
    old_v, new_v = get(old, "versions") or {}, get(new, "versions") or {}
    for version in sorted(set(old_v) | set(new_v)):
        a, b = _standing(old_v.get(version)), _standing(new_v.get(version))
        note_a, note_b = (
            text_of(get(old_v.get(version), "note")),
            text_of(get(new_v.get(version), "note")),
        )
        if a == b and note_a == note_b:
            continue
        wa, wb = STATUS_WORDS.get(a, Text(a, a)), STATUS_WORDS.get(b, Text(b, b))
        label = labels.get(version, Text(version, version))
        zh_note = f"：{note_b[0]}" if note_b[0] else "。"
        en_note = f": {note_b[1]}" if note_b[1] else "."
        yield Change(
            "standing",
            Text(
                f"{where.zh}在{label.zh}中：{wa.zh} → {wb.zh}{zh_note}",
                f"{where.en} in the {mid(label).en}: {wa.en} → {wb.en}{en_note}",
            ),
            where=tag,
        )


def _award_changes(
    award_id: str,
    old: Any,
    new: Any,
    labels: Mapping[str, Text],
    names: Mapping[str, Mapping[str, Text]],
) -> Iterator[Change]:
    where = Text(f"奖励{award_id}", f"Award {award_id}")
    yield from rule_changes(where, award_id, get(old, "rule"), get(new, "rule"))
    yield from _list_change(
        "applicants",
        where,
        award_id,
        Text("申请对象", "applicants"),
        _ids(get(old, "applicants", "kinds")),
        _ids(get(new, "applicants", "kinds")),
        names["kind"],
    )
    yield from _list_change(
        "activities",
        where,
        award_id,
        Text("查找归类", "finder activities"),
        _ids(get(old, "activities")),
        _ids(get(new, "activities")),
        names["activity"],
    )
    yield from _text_changes(where, award_id, _texts_of_award(old), _texts_of_award(new))
    yield from _standing_changes(where, award_id, old, new, labels)


def _versions_changes(old: Any, new: Any) -> Iterator[Change]:
    before = {str(get(v, "id")): v for v in get(old, "versions") or ()}
    after = {str(get(v, "id")): v for v in get(new, "versions") or ()}
    for vid in list(before) + [v for v in after if v not in before]:
        a, b = before.get(vid), after.get(vid)
        label = text_of(get(b or a, "label"))
        where = Text(f"版本“{label[0]}”", f"Version '{label[1]}'")
        if a is None or b is None:
            verb = Text("新增", "added") if a is None else Text("删去", "removed")
            yield Change("version", Text(f"{verb.zh}{where.zh}。", f"{where.en} {verb.en}."))
            continue
        if get(a, "date") != get(b, "date"):
            yield Change(
                "version",
                Text(
                    f"{where.zh}的日期：{get(a, 'date')} → {get(b, 'date')}。",
                    f"{where.en}: date {get(a, 'date')} → {get(b, 'date')}.",
                ),
            )
        if bool(get(a, "text")) != bool(get(b, "text")):
            held = get(b, "text", "file")
            yield Change(
                "version",
                Text(
                    f"{where.zh}的文本" + (f"已收录：{held}。" if held else "不再收录。"),
                    f"{where.en}: text " + (f"now held: {held}." if held else "no longer held."),
                ),
            )
        facts_a = [text_of(f) for f in get(a, "facts") or ()]
        facts_b = [text_of(f) for f in get(b, "facts") or ()]
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
        (Text("名称", "name"), get(domain, "name")),
        (Text("范围", "fields"), get(domain, "fields")),
    ]


def _domains_changes(old: Any, new: Any, labels: Mapping[str, Text]) -> Iterator[Change]:
    before = {str(get(d, "id")): d for d in get(old, "domains") or ()}
    after = {str(get(d, "id")): d for d in get(new, "domains") or ()}
    for did in list(before) + [d for d in after if d not in before]:
        a, b = before.get(did), after.get(did)
        name = text_of(get(b or a, "name"))
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
        str(get(item, "id")): Text(*text_of(get(item, field)))
        for data in (old, new)
        for item in get(data, *where) or ()
    }


def _document_texts(data: Any) -> list[tuple[Text, Any]]:
    return [
        (Text("标题", "title"), get(data, "document", "title")),
        (Text("序言", "preamble"), get(data, "document", "preamble")),
        (Text("状态说明", "status note"), get(data, "document", "status", "note")),
    ]


def compare(old: Any, new: Any) -> list[Change]:
    """Every change from one state of the data to another, in the order of the document."""
    labels = {
        str(get(v, "id")): Text(*text_of(get(v, "label")))
        for v in (get(old, "versions") or []) + (get(new, "versions") or [])
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
            title = text_of(get(b or a, "title"))
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
            _ids(get(a, "domains")),
            _ids(get(b, "domains")),
            names["domain"],
        )
        found += _standing_changes(where, str(number), a, b, labels)
        ids = [i for i, (n, _) in old_a.items() if n == number]
        ids += [i for i, (n, _) in new_a.items() if n == number and i not in ids]
        for award_id in ids:
            before, after = old_a.get(award_id), new_a.get(award_id)
            if before is None:
                name = text_of(get(after[1], "name"))
                most = most_of(after[1])
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
                name = text_of(get(before[1], "name"))
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
