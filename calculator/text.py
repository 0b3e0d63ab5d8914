"""A bilingual string: the one shape of every word the data and the calculator say."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping


@dataclass(frozen=True)
class Text:
    """A bilingual string."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> "Text | None":
        return None if data is None else cls(zh=str(data["zh"]), en=str(data["en"]))
