"""Money is Decimal yuan, rounded half-up to the fen only at the end."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .policy import Text

FEN = Decimal("0.01")
# The one definition of 万 and 亿 (the check reads figures with it too: sitegen/figures.py).
WAN = Decimal(10) ** 4
YI = Decimal(10) ** 8
CHINESE_SCALES = {"万": WAN, "亿": YI}


def to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def plain(amount: Decimal) -> str:
    """The machine form: '6000000.00'."""
    return str(to_fen(amount))


def grouped(amount: Decimal) -> str:
    """A readable figure: 15,000,000 or 600,000.0002; exact, with no digit dropped."""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    text = format(amount.normalize(), "f")
    whole, _, frac = text.partition(".")
    if len(frac) < 2:
        frac = frac.ljust(2, "0")
    return f"{int(whole):,}.{frac}" if not whole.startswith("-") else f"-{int(whole[1:]):,}.{frac}"


def percent(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return f"{text}%"


def _figure(value: Decimal) -> str:
    """Every digit, thousands grouped, no padding: 1,000 · 1.2 · 0.15 · 3,333.333333."""
    whole, _, frac = format(value.normalize(), "f").partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def money_text(amount: Decimal) -> Text:
    """An amount in both languages as tables show it: 1000万元 / 10,000,000 yuan."""
    return Text(in_wan(amount), f"{grouped(amount)} yuan")


def in_wan(amount: Decimal) -> str:
    """Yuan as the policy writes its figures: 10000000 → '1000万元', 120000000 → '1.2亿元'. No
    thousands separator before 万 (there are at most four digits there, as in the text)."""
    amount = to_fen(amount)
    if amount >= YI:
        return _figure(amount / YI) + "亿元"
    return format((amount / WAN).normalize(), "f") + "万元"


_WORDS = ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


def amount_words(amount: Decimal) -> str | None:
    """A large amount in English words where that is exact and short: 10000000 → '10 million
    yuan', 1500000 → '1.5 million yuan'; None where words would not help (under a million, or
    more than three decimals)."""
    amount = to_fen(amount)
    for size, word in _WORDS:
        if amount >= size:
            scaled = (amount / size).normalize()
            if scaled.as_tuple().exponent < -3:
                return None
            return f"{_figure(scaled)} {word} yuan"
    return None


def sized(amount: Decimal) -> Text:
    """An amount's size as readers of each language say it, after the exact figure:
    '（1,000万元）' / ' (10 million yuan)'; nothing in English where words would not help."""
    words = amount_words(amount)
    return Text(f"（{in_wan(amount)}）", f" ({words})" if words else "")
