"""A second version of the policy whose text is held, made from the frozen fixture's data for the
tests (tests/frozen.py; never published): it changes a figure (4.1: 最高1000万元 → 最高800万元), removes an award (11.3, its
sentence gone from the clause) and adds one (7.1: 给予最高100万元奖励 in measure 7, which had none).

    make(tmp) → (root, data): a scratch repository root with measures.yaml and both texts under
    sources/, and the data as written there.
"""

from __future__ import annotations

import copy
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

import frozen
from sitegen.yamlsource import load

DRAFT = frozen.SOURCE
ISSUED_FILE = "sources/policy-issued.zh.txt"
CAP_4_1 = ("给予资助，最高1000万元", "给予资助，最高800万元")
SENTENCE_11_3 = "培育再生资源回收龙头企业，对经认定的国家、省级再生资源回收重点联系企业，给予一次性20万元、10万元的奖励。"
ADDED_7 = "对纳入推广目录的节能装备，给予最高100万元奖励。"


def _measure(data: dict[str, Any], number: int) -> dict[str, Any]:
    return next(
        m for ch in data["chapters"] for m in ch.get("measures") or () if m["number"] == number
    )


def _drop_last_sentence(text: str, lang: str) -> str:
    """A summary without its last sentence (the one about the award that is gone)."""
    end = "。" if lang == "zh" else ". "
    body = text.rstrip()
    cut = body[:-1].rfind(end) if lang == "zh" else body.rfind(end)
    return body[: cut + 1] if cut >= 0 else body


IN_4 = "的总投资30%"  # before 4.1's cap in measure 4 (measure 6 says 给予资助，最高1000万元 too)


def _issued_text(draft: str) -> str:
    before, after = IN_4 + CAP_4_1[0], IN_4 + CAP_4_1[1]
    assert draft.count(before) == 1 and draft.count(SENTENCE_11_3) == 1
    text = draft.replace(before, after).replace(SENTENCE_11_3, "")
    m7 = next(line for line in text.split("\n") if line.startswith("（七）"))
    return text.replace(m7, m7 + ADDED_7)


def _changed(measure: dict[str, Any], clause_zh: str, clause_en: str, awards: list, summary=None):
    entry = {
        "status": "changed",
        "note": {"zh": "测试用的改动。", "en": "A change made for the tests."},
        "clause": {"zh": clause_zh, "en": clause_en},
        "awards": awards,
    }
    if summary:
        entry["summary"] = summary
    return entry


def _plain(node: Any) -> Any:
    """Decimal (as the loader reads YAML floats) back as a float for the YAML writer."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return float(node) if isinstance(node, Decimal) else node


def make(tmp: Path) -> tuple[Path, dict[str, Any]]:
    root = tmp / "repo"
    (root / "sources").mkdir(parents=True)
    shutil.copy2(DRAFT, root / "sources" / DRAFT.name)
    draft_text = DRAFT.read_text(encoding="utf-8")
    issued_text = _issued_text(draft_text)
    (root / ISSUED_FILE).write_text(issued_text, encoding="utf-8")

    data = frozen.data()
    issued = data["versions"][1]
    assert issued["id"] == "issued"
    issued["text"] = {"file": ISSUED_FILE, "checked": "2026-11-26"}
    for ch in data["chapters"]:
        for m in ch.get("measures") or ():
            m["versions"] = {"issued": {"status": "same"}}
            for a in m.get("awards") or ():
                a.pop("versions", None)

    m4 = _measure(data, 4)
    awards4 = copy.deepcopy(m4["awards"])
    awards4[0]["rule"]["cap"] = {"amount": 8000000, "phrase": CAP_4_1[1]}
    en4 = m4["clause"]["en"]
    first = en4.index("10 million yuan")  # 4.1's cap comes first in the clause
    en4 = en4[:first] + "8 million yuan" + en4[first + len("10 million yuan") :]
    m4["versions"]["issued"] = _changed(
        m4,
        m4["clause"]["zh"].replace(CAP_4_1[0], CAP_4_1[1]),
        en4,
        awards4,
        summary={
            "zh": m4["summary"]["zh"].replace("最高1000万元。工业", "最高800万元。工业"),
            "en": m4["summary"]["en"].replace(
                "up to 10 million yuan. Benchmark", "up to 8 million yuan. Benchmark"
            ),
        },
    )

    m11 = _measure(data, 11)
    en11 = m11["clause"]["en"]
    en11 = en11[: en11.rstrip().rstrip(".").rfind(". ") + 1]  # without its last sentence
    m11["versions"]["issued"] = _changed(
        m11,
        m11["clause"]["zh"].replace(SENTENCE_11_3, ""),
        en11,
        copy.deepcopy([a for a in m11["awards"] if a["id"] != "11.3"]),
        summary={
            "zh": _drop_last_sentence(m11["summary"]["zh"], "zh"),
            "en": _drop_last_sentence(m11["summary"]["en"], "en"),
        },
    )

    m7 = _measure(data, 7)
    m7["versions"]["issued"] = _changed(
        m7,
        m7["clause"]["zh"] + ADDED_7,
        m7["clause"]["en"]
        + " Grant energy-saving equipment on the promotion catalogue an award of up to 1 million yuan.",
        [
            {
                "id": "7.1",
                "name": {
                    "zh": "推广目录节能装备奖励",
                    "en": "Award for energy-saving equipment on the catalogue",
                },
                "recipient": {
                    "zh": "节能装备的提供单位",
                    "en": "The supplier of the energy-saving equipment",
                },
                "activities": ["catalogue_products"],
                "conditions": [
                    {
                        "zh": "节能装备纳入推广目录",
                        "en": "The energy-saving equipment is on the promotion catalogue",
                    }
                ],
                "rule": {
                    "kind": "cap",
                    "cap": {"amount": 1000000, "phrase": "给予最高100万元奖励"},
                },
            }
        ],
        summary={
            "zh": "支持节能装备核心关键技术攻关；纳入推广目录的节能装备，给予最高100万元奖励。",
            "en": "Supports key technologies of energy-saving equipment; energy-saving equipment on the promotion catalogue can receive an award of up to 1 million yuan.",
        },
    )
    text = yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False, width=1000)
    (root / "measures.yaml").write_text(text, encoding="utf-8")
    return root, load(root / "measures.yaml").data


def line_of(root: Path, words: str) -> int:
    """The line of measures.yaml (in the scratch repository) where `words` first stand."""
    for number, line in enumerate((root / "measures.yaml").read_text("utf-8").split("\n"), 1):
        if re.search(re.escape(words), line):
            return number
    raise AssertionError(f"{words!r} is not in the fixture's measures.yaml")


def cap_changed(root: Path) -> None:
    """Write into `root` the frozen fixture's draft with award 4.1's cap 800万元 instead of
    1000万元: measures.yaml and sources/, the text and every figure that states it changed alike
    (its clause in both languages, its summary), so that the check accepts it (the sheet's
    "what changed" test builds a site from it, decisions/0019)."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    before, after = IN_4 + CAP_4_1[0], IN_4 + CAP_4_1[1]
    draft = DRAFT.read_text(encoding="utf-8")
    assert draft.count(before) == 1
    (root / "sources" / DRAFT.name).write_text(draft.replace(before, after), encoding="utf-8")
    data = frozen.data()
    m4 = _measure(data, 4)
    m4["awards"][0]["rule"]["cap"] = {"amount": 8000000, "phrase": CAP_4_1[1]}
    m4["clause"]["zh"] = m4["clause"]["zh"].replace(before, after)
    en = m4["clause"]["en"]
    first = en.index("10 million yuan")  # 4.1's cap comes first in the clause
    m4["clause"]["en"] = en[:first] + "8 million yuan" + en[first + len("10 million yuan") :]
    m4["summary"]["zh"] = m4["summary"]["zh"].replace("最高1000万元。工业", "最高800万元。工业")
    m4["summary"]["en"] = m4["summary"]["en"].replace(
        "up to 10 million yuan. Benchmark", "up to 8 million yuan. Benchmark"
    )
    text = yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False, width=1000)
    (root / "measures.yaml").write_text(text, encoding="utf-8")
