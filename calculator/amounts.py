"""Figures as people write them, read one way for the page, the command line and batch.

A finance person writes 5000万, 5,000万元, 0.5亿, ５０００万 or 50,000,000; all of these are read.
Nothing is guessed: a text that could mean two different numbers is refused, and the message
says how it was read, so a slip never turns silently into another number.

- Digits: ASCII or full-width (０-９); decimal point `.` or `．`.
- Thousands separators: `,` `，` or a space, each followed by exactly three digits
  (50,000,000 and 50 000 000; not 5,0000 or 1,5).
- Units: 元, 万 / 万元 (× 10,000), 亿 / 亿元 (× 100,000,000). No unit means yuan.
- Lists (one amount a year): items on separate lines, or separated by ；, ; or 、. A comma stays a
  thousands separator, so `10,000,000, 20,000,000` is refused with the reading it suggests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .messages import say
from .money import amount_words, grouped, in_wan, to_fen
from .policy import Text

WAN = Decimal(10) ** 4
YI = Decimal(10) ** 8
UNITS = {"元": 0, "万": 4, "万元": 4, "亿": 8, "亿元": 8}  # powers of ten, applied exactly
MAX_YUAN = Decimal(10) ** 12  # one trillion yuan: far beyond any project, short of nonsense
MAX_TEXT = 80  # characters in one amount: far beyond any real figure, short of abuse
MAX_ITEMS = 50

# Full-width digits and punctuation as their ASCII twins; ideographic space as a space.
_FOLD = str.maketrans("０１２３４５６７８９．，％＋－　", "0123456789.,%+- ")
_SEP = "[, ]"
_SHAPE = re.compile(r"^(?P<number>\d[\d, ]*?(?:\.\d+)?)\s*(?P<unit>亿元|亿|万元|万|元)?$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$")
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+")
_LIST_SEPARATORS = re.compile(r"[\n\r;；、]")
# A comma or space that is not followed by exactly three digits (then a non-digit or the end).
_NOT_THOUSANDS = re.compile(r"[, ]+(?!\d{3}(?!\d))")


class ReadError(ValueError):
    """What is wrong with a figure, in both languages (args[0] is a Text)."""

    def __init__(self, message: Text):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Amount:
    """An amount as read: its value in yuan and the unit the person wrote (None: none)."""

    value: Decimal
    unit: str | None
    text: str


def fold(raw: str) -> str:
    """The text with full-width digits and punctuation made ASCII, and outer spaces removed."""
    return str(raw).translate(_FOLD).strip()


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid decimals
        raise ReadError(say("not_number", example="5000万")) from None


def _pieces(number: str) -> list[str]:
    """The amounts a text with misplaced separators may have meant: '10,000,000, 20,000,000'
    → ['10,000,000', '20,000,000']; each piece a number of its own."""
    return [p for p in _NOT_THOUSANDS.split(number) if p]


def read_amount(raw: object) -> Amount:
    """One amount in yuan, or ReadError saying what is wrong and how the text was read."""
    text = fold(str(raw))
    if text[:1] in ("¥", "￥"):  # a currency sign pasted with the figure: yuan all the same
        text = text[1:].lstrip()
    if not text:
        raise ReadError(say("missing"))
    if len(text) > MAX_TEXT:
        raise ReadError(say("too_long", limit=MAX_TEXT))
    if text[0] == "-" and any(c.isdigit() for c in text):
        raise ReadError(say("negative"))
    if _SCIENTIFIC.match(text):
        raise ReadError(say("scientific", text=text))
    match = _SHAPE.match(text)
    if not match:
        if re.match(r"^[\d., ]+\S+$", text) and not re.search(r"\d$", text):
            raise ReadError(say("bad_unit", text=text))
        raise ReadError(say("not_number", example="5000万"))
    number, unit = match.group("number"), match.group("unit")
    if not _PLAIN.match(number):
        if not _GROUPED.match(number):
            pieces = _pieces(number)
            # ', ' between figures is how a list is written; 5,0000 or 5000,0000 (grouped by
            # four, as 万 are) is a figure whose separators are misplaced.
            if ", " in number and all(_PLAIN.match(p) or _GROUPED.match(p) for p in pieces):
                raise ReadError(say("several_amounts", text=text, pieces=_joined(pieces)))
            raise ReadError(say("bad_grouping", text=text))
        number = number.replace(",", "").replace(" ", "")
    value = _decimal(number).scaleb(UNITS[unit or "元"])  # exact: no rounding to 28 digits
    if value > MAX_YUAN:  # before rounding: a 27-digit figure is past Decimal's precision
        raise ReadError(say("too_large", limit=grouped(MAX_YUAN)))
    if value != to_fen(value):
        raise ReadError(say("too_many_decimals_read", text=text, value=_exact(value)))
    return Amount(value, unit[0] if unit else None, text)


def _joined(pieces: list[str]) -> Text:
    return Text("、".join(pieces), ", ".join(pieces))


def _exact(value: Decimal) -> str:
    """Every digit of a value, grouped: 1,234.56789 (no rounding to the context's precision)."""
    whole, _, frac = format(value, "f").partition(".")
    frac = frac.rstrip("0")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def read_amounts(raw: object) -> tuple[Amount, ...]:
    """A list of amounts (one a year): a list as given, or text split on new lines, ；, ; or 、.
    A comma is never a list separator: one that is not a thousands separator is refused."""
    if isinstance(raw, (list, tuple)):
        items = [str(item) for item in raw]
    else:
        text = str(raw)
        if len(text) > MAX_TEXT * MAX_ITEMS:
            raise ReadError(say("too_long", limit=MAX_TEXT * MAX_ITEMS))
        items = _LIST_SEPARATORS.split(text)
    items = [item for item in items if fold(item)]
    if not items:
        raise ReadError(say("empty_list"))
    if len(items) > MAX_ITEMS:
        raise ReadError(say("list_too_long", limit=MAX_ITEMS))
    amounts = []
    for n, item in enumerate(items, start=1):
        try:
            amounts.append(read_amount(item))
        except ReadError as problem:
            folded = fold(item)
            pieces = _pieces(folded)
            if len(pieces) > 1 and "," in folded:
                # 10,000,000, 20,000,000: two years, or one mistyped figure? Ask, showing both.
                raise ReadError(
                    say("ambiguous_comma", n=n, text=folded, pieces=_joined(pieces))
                ) from None
            raise ReadError(say("list_item", n=n, problem=problem.message)) from None
    return tuple(amounts)


def read_plain(raw: object, example: str, percent: bool = False) -> Decimal:
    """A plain figure (a rate, a COP, a count): digits and one decimal point; `12%` for a
    percentage."""
    text = fold(str(raw))
    if percent and text.endswith("%"):
        text = text[:-1].rstrip()
    if not text:
        raise ReadError(say("missing"))
    if len(text) > MAX_TEXT:
        raise ReadError(say("too_long", limit=MAX_TEXT))
    if text[0] == "-" and _PLAIN.match(text[1:].strip()):
        raise ReadError(say("negative"))
    if text[0] == "+":
        text = text[1:]
    if not _PLAIN.match(text):
        raise ReadError(say("not_number", example=example))
    return _decimal(text)


# ---- how a figure was read, said back to the person ---------------------------------------


def amount_reading(amount: Amount) -> Text:
    """'= 5,000万元 = 50,000,000元' / '= 50,000,000 yuan (50 million yuan)'."""
    value = amount.value
    words = amount_words(value)
    en = f"= {grouped(value)} yuan" + (f" ({words})" if words else "")
    if value >= WAN:
        return Text(f"= {in_wan(value)} = {grouped(value)}元", en)
    return Text(f"= {grouped(value)}元", en)


def amounts_reading(amounts: tuple[Amount, ...]) -> Text:
    zh = "、".join(in_wan(a.value) if a.value >= WAN else f"{grouped(a.value)}元" for a in amounts)
    en = "; ".join(grouped(a.value) for a in amounts)
    n = len(amounts)
    return Text(f"= 共{n}年：{zh}", f"= {n} year{'s' if n != 1 else ''}: {en} yuan")
