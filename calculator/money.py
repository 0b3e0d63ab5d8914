"""Money is Decimal yuan, rounded half-up to the fen only at the end."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
WAN = Decimal(10000)


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


YI = Decimal(10) ** 8


def in_wan(amount: Decimal) -> str:
    """Yuan as the policy states its figures: 10000000 → '1,000万元', 100000000 → '1亿元'."""
    amount = to_fen(amount)
    if amount >= YI:
        return grouped((amount / YI).normalize()) + "亿元"
    return grouped((amount / WAN).normalize()) + "万元"
