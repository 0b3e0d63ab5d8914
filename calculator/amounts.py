"""Figures as people write them, read one way for the page, the command line and batch.

A finance person writes 5000万, 5,000万元, 5千万, 5000w, 0.5亿, ５０００万, 50,000,000,
RMB 50,000,000, 伍仟万元整 or 50 million; all of these are read. Nothing is guessed: a text that
could mean two different numbers is refused, and the message says how each reading would go,
so a slip never turns silently into another number.

- Digits: ASCII or full-width (０-９); decimal point `.` or `．` (only ever a decimal point).
- Thousands separators: `,` `，` or a space, each followed by exactly three digits
  (50,000,000 and 50 000 000; not 5,0000 or 1,5).
- Scales after digits: 万 / w (× 10,000), 亿 (× 10^8), 千, 百, 十万, 百万, 千万; and on every
  page thousand / k, million / m, billion / bn (any case).
- Chinese numerals, ordinary and financial (大写): 五千万, 伍仟万, 壹亿贰仟万, 叁拾万零伍佰
  (calculator/numerals.py), and 角 / 分 after 元 as on a cheque.
- Currency, before or after: ¥, RMB, CNY, 人民币; 元 or yuan after; 整 at the end. No unit means
  yuan.
- Lists (one amount a year): items on separate lines or separated by tabs (a pasted Excel row
  or column), ；, ; or 、, by spaces between two amounts, or by a comma right after a unit
  (1000万,2000万). Any other comma stays a thousands separator: `500,600` is read as one year
  and questioned (it could be two), `10,000,000, 20,000,000` is refused with the readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from .messages import say
from .money import WAN, YI, amount_words, grouped, in_wan, to_fen
from .numerals import CHARACTERS, DIGITS, NumeralError, read_numeral
from .policy import Text

MAX_YUAN = Decimal(10) ** 12  # one trillion yuan: far beyond any project, short of nonsense
MAX_TEXT = 80  # characters in one amount: far beyond any real figure, short of abuse
MAX_ITEMS = 50
# Powers of ten of the scales written after digits, applied exactly.
SCALES = {
    "千万": 3 + WAN.adjusted(),
    "百万": 2 + WAN.adjusted(),
    "十万": 1 + WAN.adjusted(),
    "万": WAN.adjusted(),
    "亿": YI.adjusted(),
    "千": 3,
    "百": 2,
    "w": 4,
    "k": 3,
    "thousand": 3,
    "m": 6,
    "million": 6,
    "bn": 9,
    "billion": 9,
}

# Full-width characters as their ASCII twins (digits, punctuation, letters); the ideographic
# space as a space; traditional characters as simplified ones; 圆 (as cheques write 元) as 元.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update(str.maketrans("\u3000萬億圓圆貳參陸兩點￥", " 万亿元元贰叁陆两点¥"))
_SCALE_WORDS = "|".join(sorted(SCALES, key=len, reverse=True))
_ARABIC = re.compile(rf"^(?P<number>\d[\d, .]*?)\s*(?P<scale>{_SCALE_WORDS})?$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$")
_EUROPEAN = re.compile(r"^\d{1,3}\.\d{3}$")  # 50.000: fifty, or fifty thousand as in Europe?
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?e[+-]?\d+")
_CURRENCY = r"(?:¥|rmb|cny|人民币)"
_LEADING_CURRENCY = re.compile(rf"^{_CURRENCY}\s*")
_TRAILING_CURRENCY = re.compile(rf"(?<=\S)\s*{_CURRENCY}$")
_WHOLE = re.compile(r"(?<=\S)\s*整$")
_YUAN = re.compile(r"(?<=\S)\s*(?:元|yuan)$")
_DIGIT = r"[\d一二两三四五六七八九壹贰叁肆伍陆柒捌玖]"
_CENTS = re.compile(rf"元(?:(?P<jiao>{_DIGIT})角)?(?:[零〇]?(?P<fen>{_DIGIT})分)?$")
_LIST_SEPARATORS = re.compile(r"[\n\r\t;；、]")
# A comma or space that is not followed by exactly three digits (then a non-digit or the end).
_NOT_THOUSANDS = re.compile(r"[, ]+(?!\d{3}(?!\d))")
_THOUSANDS = re.compile(r"(?<=\d)[, ](?=\d{3}(?!\d))")
# Between two amounts of a list: what may end an amount, and what may begin one.
_UNIT_END = re.compile(
    r"(?:[万亿元整角分]|(?<=[\d ])(?:w|k|m|bn|thousand|million|billion|yuan)"
    r"|(?<=[\d\s万亿元])(?:rmb|cny|人民币|¥))$",
    re.IGNORECASE,
)
_NUMERAL_END = re.compile(r"[\d零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟]$")
_AMOUNT_START = re.compile(
    r"^(?:[\d一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾¥-]|rmb|cny|人民币)", re.I
)
_SOFT_SEPARATOR = re.compile(r",\s*| +")


class ReadError(ValueError):
    """What is wrong with a figure, in both languages (args[0] is a Text)."""

    def __init__(self, message: Text):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Amount:
    """An amount as read: its value in yuan, the unit or scale the person wrote (None: none;
    元 where a currency or 元 was written), the text, and, in a list, the amounts the text
    could also be (500,600: 500 and 600)."""

    value: Decimal
    unit: str | None
    text: str
    could_be: tuple[str, ...] = ()


def fold(raw: str) -> str:
    """The text with full-width characters made ASCII, traditional ones simplified, and outer
    spaces removed."""
    return str(raw).translate(_FOLD).strip()


def _typed(text: str, problem: Text) -> ReadError:
    """A refusal that names what was typed: “-1”不能为负数。"""
    return ReadError(say("typed", text=text, problem=problem))


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid decimals
        raise _typed(text, say("not_amount")) from None


def _pieces(number: str) -> list[str]:
    """The amounts a text with misplaced separators may have meant: '10,000,000, 20,000,000'
    → ['10,000,000', '20,000,000']; each piece a number of its own."""
    return [p for p in _NOT_THOUSANDS.split(number) if p]


def _arabic(number: str, shown: str) -> Decimal:
    """Digits with thousands separators (each followed by exactly three digits) and one point."""
    if number.count(".") > 1:
        raise ReadError(say("dots", text=shown))
    if _PLAIN.match(number):
        return _decimal(number)
    if _GROUPED.match(number):
        return _decimal(number.replace(",", "").replace(" ", ""))
    pieces = _pieces(number)
    # ', ' between figures is how a list is written; 5,0000 or 5000,0000 (grouped by four, as 万
    # are) is a figure whose separators are misplaced.
    if ", " in number and all(_PLAIN.match(p) or _GROUPED.match(p) for p in pieces):
        raise ReadError(say("several_amounts", text=shown, pieces=_joined(pieces)))
    raise ReadError(say("bad_grouping", text=shown))


def _peel(text: str, shown: str) -> tuple[str, bool, Decimal]:
    """The figure without its currency, 元/yuan, 角/分 and 整: (core, whether yuan or a currency
    was said, the 角 and 分 in yuan)."""
    currencies, said, cents = 0, False, Decimal(0)
    while match := _LEADING_CURRENCY.match(text):  # twice (RMB ¥5) is refused below
        text, currencies, said = text[match.end() :], currencies + 1, True
    text = _WHOLE.sub("", text)
    if match := _TRAILING_CURRENCY.search(text):
        text, currencies, said = text[: match.start()], currencies + 1, True
    if currencies > 1:
        raise ReadError(say("bad_unit", text=shown))
    match = _CENTS.search(text)
    if match and (match["jiao"] or match["fen"]):
        jiao, fen = (_digit(match[k]) for k in ("jiao", "fen"))
        return text[: match.start()].strip(), True, jiao / 10 + fen / 100
    if match := _YUAN.search(text):
        text, said = text[: match.start()], True
    return text.strip(), said, cents


def _digit(char: str | None) -> Decimal:
    if char is None:
        return Decimal(0)
    return Decimal(char) if char.isdigit() else Decimal(DIGITS[char])


def _value(core: str, shown: str) -> tuple[Decimal, str | None]:
    """The figure's value and the scale written (万, million, ...), from digits or numerals."""
    if not core:
        raise _typed(shown, say("not_amount"))
    if match := _ARABIC.match(core):
        number, scale = match["number"].strip(), match["scale"]
        value = _arabic(number, shown)
        if scale is None and _EUROPEAN.match(number) and value == to_fen(value):
            raise _two_readings(shown, (number, value), (grouped(value * 1000), value * 1000))
        return (value.scaleb(SCALES[scale]) if scale else value), scale
    if CHARACTERS & set(core) or "万" in core or "亿" in core:
        return _numeral(core, shown)
    if re.match(r"^[\d., ]+\S+$", core):
        raise ReadError(say("bad_unit", text=shown))
    raise _typed(shown, say("not_amount"))


def _numeral(core: str, shown: str) -> tuple[Decimal, str | None]:
    try:
        return read_numeral(core)
    except NumeralError as problem:
        if problem.readings:
            try:
                readings = [(text, read_numeral(text)[0]) for text in problem.readings]
            except NumeralError:  # shortened twice over (一千一万一): no two readings to show
                raise ReadError(say("numeral", text=shown, why=say("numeral_shortened"))) from None
            raise _two_readings(shown, *readings) from None
        if problem.why in ("character", "section_order"):
            raise ReadError(say("bad_unit", text=shown)) from None
        raise ReadError(say("numeral", text=shown, why=say(f"numeral_{problem.why}"))) from None


def _two_readings(shown: str, *readings: tuple[str, Decimal]) -> ReadError:
    """“一千五”可以读作 一千五百（1,500元），也可以读作 一千零五（1,005元）."""
    said = [
        Text(f"{text}（{grouped(value)}元）", f"{grouped(value)} yuan ({text})")
        for text, value in readings
    ]
    plain = [format(value.normalize(), "f") for _, value in readings]
    hint = Text(" 或 ".join(plain), " or ".join(plain))
    return ReadError(say("two_readings", text=shown, first=said[0], second=said[1], hint=hint))


def _several(text: str, shown: str) -> None:
    """1000万 2000万 in a field for one amount: refused, showing the amounts it holds."""
    pieces = _split_between_amounts(text)
    if len(pieces) < 2:
        return
    try:
        for piece in pieces:
            read_amount(piece)
    except ReadError:
        return
    raise ReadError(say("several_amounts", text=shown, pieces=_joined(pieces)))


def read_amount(raw: object) -> Amount:
    """One amount in yuan, or ReadError saying what is wrong and how the text was read."""
    shown = str(raw).strip()
    text = fold(str(raw)).lower()
    if not text:
        raise ReadError(say("missing"))
    if len(text) > MAX_TEXT:
        raise ReadError(say("too_long", limit=MAX_TEXT))
    _several(text, shown)
    core, said, cents = _peel(text, shown)
    if core[:1] == "-" and any(c.isdigit() or c in CHARACTERS for c in core):
        raise _typed(shown, say("negative"))
    if _SCIENTIFIC.match(core):
        raise ReadError(say("scientific", text=shown))
    value, scale = _value(core, shown)
    value += cents
    if value > MAX_YUAN:  # before rounding: a 27-digit figure is past Decimal's precision
        raise _typed(shown, say("too_large", limit=grouped(MAX_YUAN)))
    if value != to_fen(value):
        raise ReadError(say("too_many_decimals_read", text=shown, value=_exact(value)))
    return Amount(value, scale or ("元" if said else None), text)


def _joined(pieces: list[str]) -> Text:
    return Text("、".join(pieces), ", ".join(pieces))


def _exact(value: Decimal) -> str:
    """Every digit of a value, grouped: 1,234.56789 (no rounding to the context's precision)."""
    whole, _, frac = format(value, "f").partition(".")
    frac = frac.rstrip("0")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


# ---- lists: one amount a year ----------------------------------------------------------------


def _is_thousands(part: str, match: re.Match[str]) -> bool:
    """A single comma or space between a digit and exactly three digits: a thousands separator."""
    return match.group() in (",", " ") and bool(_THOUSANDS.match(part, match.start()))


def _split_between_amounts(part: str) -> list[str]:
    """A line split where one amount ends and the next begins: spaces between two amounts
    (1000万 2000万, 1000 2000), a comma right after a unit (1000万,2000万). A thousands
    separator (500,600; 50 000 000) never splits; a space before a unit (5000 万) never does."""
    items, start = [], 0
    for match in _SOFT_SEPARATOR.finditer(part):
        if _is_thousands(part, match):
            continue
        left, right = part[start : match.start()], part[match.end() :]
        ends = _UNIT_END.search(left) or (
            not match.group().startswith(",") and _NUMERAL_END.search(left)
        )
        if ends and (match.group().startswith(",") or _AMOUNT_START.match(right)):
            items.append(left)
            start = match.end()
    items.append(part[start:])
    return [item.strip() for item in items if item.strip()]


def split_years(text: str) -> list[str]:
    """The items of a yearly list as typed or pasted: lines, tabs (an Excel row), ；;、, and
    the places where one amount ends and the next begins."""
    items: list[str] = []
    for part in _LIST_SEPARATORS.split(fold(text)):
        items += _split_between_amounts(part)
    return items


def _could_be(item: str) -> tuple[str, ...]:
    """500,600 in a list: one year of 500,600, or two years of 500 and 600? The pieces, where
    every thousands separator could also separate years (1,500,000 could not: 000)."""
    pieces = _THOUSANDS.split(fold(item))
    if len(pieces) < 2 or any(p.startswith("0") for p in pieces[1:]):
        return ()
    try:
        for piece in pieces:
            read_amount(piece)
    except ReadError:
        return ()
    return tuple(pieces)


def _list_problem(n: int, item: str, problem: ReadError) -> ReadError:
    folded = fold(item)
    pieces = _pieces(folded)
    if len(pieces) > 1 and "," in folded:
        # 10,000,000, 20,000,000: two years, or one mistyped figure? Ask, showing both.
        return ReadError(say("ambiguous_comma", n=n, text=item.strip(), pieces=_joined(pieces)))
    return ReadError(say("list_item", n=n, problem=problem.message))


def read_amounts(raw: object) -> tuple[Amount, ...]:
    """A list of amounts (one a year): a list as given, or text split as `split_years` says.
    Each item is read as `read_amount` reads one amount."""
    if isinstance(raw, (list, tuple)):
        items = [str(item) for item in raw if fold(str(item))]
    else:
        text = str(raw)
        if len(text) > MAX_TEXT * MAX_ITEMS:
            raise ReadError(say("too_long", limit=MAX_TEXT * MAX_ITEMS))
        items = split_years(text)
    if not items:
        raise ReadError(say("empty_list"))
    if len(items) > MAX_ITEMS:
        raise ReadError(say("list_too_long", limit=MAX_ITEMS))
    amounts = []
    for n, item in enumerate(items, start=1):
        try:
            amount = read_amount(item)
        except ReadError as problem:
            raise _list_problem(n, item, problem) from None
        amounts.append(replace(amount, could_be=_could_be(item)))
    return tuple(amounts)


def read_plain(raw: object, example: str, percent: bool = False) -> Decimal:
    """A plain figure (a rate, a COP, a count): digits and one decimal point; `12%` for a
    percentage."""
    shown = str(raw).strip()
    text = fold(str(raw))
    if percent and text.endswith("%"):
        text = text[:-1].rstrip()
    if not text:
        raise ReadError(say("missing"))
    if len(text) > MAX_TEXT:
        raise ReadError(say("too_long", limit=MAX_TEXT))
    if text[0] == "-" and _PLAIN.match(text[1:].strip()):
        raise _typed(shown, say("negative"))
    if text[0] == "+":
        text = text[1:]
    if not _PLAIN.match(text):
        raise _typed(shown, say("not_number", example=example))
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
