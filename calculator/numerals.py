"""Chinese numerals in an amount: the financial (大写) ones of cheques and contracts, 伍仟万,
壹亿贰仟万, 叁拾万零伍佰, and the ordinary ones, 五千万, 两千万, mixed with digits as people
write them, 1亿2000万, 5千万. Only `amounts` calls this; it folds the text first (full-width and
traditional characters to their simplified twins, 萬 → 万).

The grammar is small and strict, so that nothing is read two ways:
- digits 零〇一二两三四五六七八九 / 壹贰叁肆伍陆柒捌玖, or a number in digits (1亿2000万);
- places 十拾 百佰 千仟 within a section, each lower than the one before (五百千 is refused);
- sections closed by 亿 then 万, each once and in that order; below 亿 or 万 a section is
  under 10,000 (1亿20000万 is refused); the first section may be any size (12000万);
- 零 or 〇 only as a placeholder after a place (一千零五, 叁拾万零伍佰);
- 点 as a decimal point (一点五亿).
Whatever a reader could take two ways is refused with both readings: the shortened forms
一千五 (1,500, or 1,005?), 一万五, 3万5, and a section after 亿 with no 万 or 零 (一亿五千: 1.5亿,
or 100,005,000?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .money import CHINESE_SCALES

DIGITS = {
    **dict.fromkeys("零〇", 0),
    **dict.fromkeys("一壹", 1),
    **dict.fromkeys("二两贰", 2),
    **dict.fromkeys("三叁", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
PLACES = {**dict.fromkeys("十拾", 10), **dict.fromkeys("百佰", 100), **dict.fromkeys("千仟", 1000)}
SECTIONS = CHINESE_SCALES
FINANCIAL = set("壹贰叁肆伍陆柒捌玖拾佰仟")
# Every character that makes a text a Chinese numeral (万 and 亿 alone after digits are units,
# read by `amounts` itself).
CHARACTERS = set(DIGITS) | set(PLACES) | {"点"}
_LOWER_PLACE = {"百": "十", "千": "百", "佰": "拾", "仟": "佰"}

_TOKEN = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)|(?P<digit>[一二两三四五六七八九壹贰叁肆伍陆柒捌玖])"
    r"|(?P<zero>[零〇]+)|(?P<place>[十拾百佰千仟])|(?P<section>[万亿])|(?P<space>\s+)"
)


class NumeralError(ValueError):
    """Why a Chinese numeral cannot be read (`why`: a key of _WHY), or its two readings."""

    def __init__(self, why: str, readings: tuple[str, str] | None = None):
        super().__init__(why)
        self.why = why
        self.readings = readings  # two texts that say each reading unambiguously


@dataclass(frozen=True)
class _Token:
    kind: str  # num, digit, zero, place, section
    value: Decimal
    start: int
    end: int
    text: str


def _tokens(core: str) -> list[_Token]:
    found, pos = [], 0
    for match in _TOKEN.finditer(core):
        if match.start() != pos:
            raise NumeralError("character")
        pos = match.end()
        kind, text = match.lastgroup or "", match.group()
        if kind == "space":
            found.append(_Token(kind, Decimal(0), match.start(), pos, text))
            continue
        value = {
            "num": lambda: Decimal(text.replace(",", "")),
            "digit": lambda: Decimal(DIGITS[text]),
            "zero": lambda: Decimal(0),
            "place": lambda: Decimal(PLACES[text]),
            "section": lambda: SECTIONS[text],
        }[kind]()
        found.append(_Token(kind, value, match.start(), pos, text))
    if pos != len(core):
        raise NumeralError("character")
    _check_spaces(found)
    return [t for t in found if t.kind != "space"]


def _check_spaces(tokens: list[_Token]) -> None:
    """A space may stand between a number and its place or section (5000 万), nowhere else."""
    for i, token in enumerate(tokens):
        if token.kind != "space":
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if i == 0 or after is None or after.kind not in ("place", "section"):
            raise NumeralError("space")


@dataclass
class _Reader:
    """Reads tokens left to right: completed sections, the current one, and a number waiting for
    its place."""

    core: str
    financial: bool
    total: Decimal = Decimal(0)
    section: Decimal = Decimal(0)
    pending: _Token | None = None
    before_pending: _Token | None = None  # the token just before the pending number
    last: _Token | None = None
    place: Decimal | None = None  # the last place of this section
    sections: tuple[Decimal, ...] = ()
    zero_opens_section: bool = False  # 零 right after 亿 or 万
    zero_before_pending: bool = False

    def number(self, token: _Token) -> None:
        if self.pending is not None:
            raise NumeralError("two_numbers")
        if token.kind == "num" and self.last is not None and self.last.kind == "num":
            raise NumeralError("two_numbers")  # pragma: no cover - the tokeniser joins digits
        self.before_pending = self.last
        self.zero_before_pending = self.last is not None and self.last.kind == "zero"
        self.pending = token

    def zero(self, token: _Token) -> None:
        if self.last is None or self.last.kind not in ("place", "section"):
            raise NumeralError("zero")
        if self.last.kind == "section":
            self.zero_opens_section = True

    def place_(self, token: _Token) -> None:
        if self.place is not None and token.value >= self.place:
            raise NumeralError("order")
        pending = self.pending
        if pending is None:
            if token.value != 10 or self.last is not None:
                raise NumeralError("no_digit")
            count = Decimal(1)  # 十五, 十万: ten, with no digit before it
        else:
            count = pending.value
            if pending.kind == "num" and not re.fullmatch(r"[1-9](?:\.\d+)?", pending.text):
                raise NumeralError("place_after_number")
        self.section += count * token.value
        self.place = token.value
        self.pending = None

    def section_(self, token: _Token) -> None:
        if self.sections and token.value >= self.sections[-1]:
            raise NumeralError("section_order")
        if self.pending is not None:
            self._abbreviation_check(self.pending, token)
        value = self.section + (self.pending.value if self.pending else 0)
        if value == 0:
            raise NumeralError("no_digit")
        if self.sections and value >= self.sections[-1] / token.value:
            raise NumeralError("section_too_large")
        self.total += value * token.value
        self.section, self.pending, self.place = Decimal(0), None, None
        self.sections += (token.value,)
        self.zero_opens_section = False

    def _abbreviation_check(self, pending: _Token, after: _Token | None) -> None:
        """一千五 (1,500 or 1,005?), 一千五万, 一万五, 3万5: one digit straight after a place of
        a hundred or more, or after 万, with nothing to say which place it holds."""
        before = self.before_pending
        if before is None or self.zero_before_pending or not _one_digit(pending):
            return
        if before.kind == "place" and before.value >= 100:
            lower = _LOWER_PLACE[before.text]
        elif before.kind == "section" and after is None:
            # 一万五: 一万五千; 一亿五: 一亿五千万
            lower = ("仟" if self.financial else "千") + ("万" if before.text == "亿" else "")
        else:
            return
        raise NumeralError("shortened", self._readings(pending, lower))

    def _readings(self, pending: _Token, lower: str) -> tuple[str, str]:
        core = self.core
        return (
            core[: pending.end] + lower + core[pending.end :],
            core[: pending.start] + "零" + core[pending.start :],
        )

    def finish(self) -> Decimal:
        if self.last is not None and self.last.kind == "zero":
            raise NumeralError("zero")
        if self.pending is not None:
            self._abbreviation_check(self.pending, None)
        trailing = self.section + (self.pending.value if self.pending else 0)
        if self.sections and trailing:
            self._trailing_check(trailing)
        return self.total + trailing

    def _trailing_check(self, trailing: Decimal) -> None:
        """Below 亿 with no 万 and no 零, 一亿五千 could be 1.5亿 as people say it: refused. A
        section below 亿 or 万 is less than it."""
        last = self.sections[-1]
        if last == SECTIONS["亿"] and not self.zero_opens_section and trailing < SECTIONS["万"]:
            core = self.core
            start = core.rindex("亿") + 1
            raise NumeralError("shortened", (core + "万", core[:start] + "零" + core[start:]))
        if trailing >= last:
            raise NumeralError("section_too_large")


def _one_digit(token: _Token) -> bool:
    return token.kind == "digit" or re.fullmatch(r"[1-9]", token.text) is not None


def read_integer_part(core: str) -> Decimal:
    """A Chinese numeral (with digits mixed in) as a Decimal, or NumeralError."""
    stripped = core.strip()
    if stripped and set(stripped) <= set("零〇"):
        return Decimal(0)
    tokens = _tokens(stripped)
    if not tokens:
        raise NumeralError("character")
    reader = _Reader(stripped, financial=bool(FINANCIAL & set(stripped)))
    for token in tokens:
        step = {
            "num": reader.number,
            "digit": reader.number,
            "zero": reader.zero,
            "place": reader.place_,
            "section": reader.section_,
        }[token.kind]
        step(token)
        reader.last = token
    return reader.finish()


_POINT = re.compile(
    r"^(?P<whole>[^点]+)点(?P<fraction>[零〇一二两三四五六七八九\d]+)(?P<scale>[万亿])?$"
)


def read_numeral(core: str) -> tuple[Decimal, str | None]:
    """A Chinese numeral: its value, and the section it ends with where it closes on one
    (五千万 → 万; 五千 → None), which says it was written in 万 or 亿."""
    if "点" in core:
        return _with_point(core)
    value = read_integer_part(core)
    section = next((c for c in reversed(core.strip()) if c in SECTIONS), None)
    return value, section


def _with_point(core: str) -> tuple[Decimal, str | None]:
    """一点五亿, 十二点五万: a whole part (no 亿 or 万 inside), 点, digits, and a section."""
    match = _POINT.match(core.strip())
    if not match or SECTIONS.keys() & set(match["whole"]):
        raise NumeralError("point")
    whole = read_integer_part(match["whole"])
    digits = "".join(str(DIGITS.get(c, c)) for c in match["fraction"])
    value = whole + Decimal(f"0.{digits}")
    scale = match["scale"]
    return (value * SECTIONS[scale] if scale else value), scale
