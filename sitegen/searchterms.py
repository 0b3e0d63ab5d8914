"""The Chinese search dictionary: the policy's own terms, generated from measures.yaml.

Readers search for the words the text uses: 首台（套）, 碳足迹, 工业上楼, 飞地园区, the title of a
measure, the name of an award. A general-purpose segmenter splits many of these (碳足迹 → 碳 /
足迹), and a search that matches the pieces alone finds any page with 碳. The site's search
script (overrides/assets/search.js) reads this dictionary and requires each term it finds in a
query to match as one phrase (decisions/0008-search.md).

Terms, all from the data (nothing listed by hand):
- measure titles, award names, domain names;
- the items of the domains' field lists (大气污染、水污染 …, cut at 等);
- words the text sets in quotation marks (“工业上楼”, “互联网+回收”) or book-title marks;
- the inner items of enumerations (、 on both sides, or 、 before and 等 after);
- a bracketed variant written out (首台（套） → 首台套);
- a core shared by several terms as their beginning or end (产品碳足迹, 碳足迹评价 → 碳足迹),
  if the text puts different characters on each side of it (not 安全应, always followed by 急).
"""

from __future__ import annotations

import json
import re
from collections import Counter

from calculator.policy import Policy

HAN = r"\u4e00-\u9fff"
_ITEM = re.compile(rf"^[{HAN}0-9A-Za-z+]{{2,12}}$")
_QUOTED = re.compile(r"[“「《]([^”」》]{2,20})[”」》]")
_BETWEEN = re.compile(r"(?<=、)([^、，。；：“”（）]{2,10})(?=、|等)")
_BRACKETED = re.compile(rf"([{HAN}]{{2}})（([{HAN}])）")
_CORE_LENGTHS = (3, 4)


def _texts(policy: Policy) -> list[str]:
    texts = [policy.document.preamble.zh] if getattr(policy.document, "preamble", None) else []
    for chapter in policy.chapters:
        texts.append(chapter.title.zh)
        texts += [p.text.zh for p in chapter.paragraphs]
        for m in chapter.measures:
            texts += [m.title.zh, m.clause.zh]
    return texts


def _free_on_both_sides(core: str, corpus: str) -> bool:
    """A word is followed, and preceded, by more than one character in the text; 安全应 is
    always followed by 急, so it is a piece of a word, not a word."""
    at = [m.start() for m in re.finditer(re.escape(core), corpus)]
    after = {corpus[i + len(core) : i + len(core) + 1] for i in at}
    before = {corpus[i - 1 : i] if i else "" for i in at}
    return len(after) > 1 and len(before) > 1


def terms(policy: Policy) -> list[str]:
    """The dictionary, longest first (the order a forward longest-match segmenter wants)."""
    found: set[str] = set()
    for m in policy.measures:
        found.add(m.title.zh)
        found.update(a.name.zh for a in m.awards)
    for d in policy.domains:
        found.add(d.name.zh)
        for item in re.split(r"[、，]|和", d.fields.zh):
            item = item.split("等")[0]
            if _ITEM.match(item):
                found.add(item)
    texts = _texts(policy)
    for text in texts:
        found.update(t.strip() for t in _QUOTED.findall(text))
        found.update(t for t in _BETWEEN.findall(text) if _ITEM.match(t))
        for head, tail in _BRACKETED.findall(text):
            found.update({f"{head}{tail}", f"{head}（{tail}）"})
    corpus = "\n".join(texts)
    edges: Counter[str] = Counter()
    for term in found:
        for n in _CORE_LENGTHS:
            if len(term) > n:
                edges.update({term[:n], term[-n:]})
    found.update(
        core
        for core, count in edges.items()
        if count >= 2
        and corpus.count(core) >= 3
        and re.fullmatch(f"[{HAN}]+", core)
        and _free_on_both_sides(core, corpus)
    )
    return sorted((t for t in found if len(t) >= 2), key=lambda t: (-len(t), t))


def dictionary_json(policy: Policy) -> str:
    """What search.js loads with the index: {"terms": [...]}."""
    return json.dumps({"terms": terms(policy)}, ensure_ascii=False, separators=(",", ":"))


def jieba_userdict(policy: Policy) -> str:
    """The same terms in jieba's user-dictionary format (word, frequency), for the lunr variant
    measured in decisions/0008-search.md."""
    return "".join(f"{t} 1000\n" for t in terms(policy) if " " not in t)
