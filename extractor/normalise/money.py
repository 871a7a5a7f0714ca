"""Sterling amounts as printed in council reports, to and from a number of pounds.

``parse_money("£1.2m") == 1200000``; ``format_money(546830.47) == "£546,830.47"``.
Arithmetic is done in :class:`decimal.Decimal` so ``£42.7k`` is exactly 42700.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

__all__ = ["MONEY_RE", "parse_money", "format_money"]

_MULTIPLIERS = {
    "k": 1_000, "thousand": 1_000,
    "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000,
    "bn": 1_000_000_000, "billion": 1_000_000_000,
}

# A number is either thousands-grouped with commas (1,234,567) or a plain run of
# digits, with an optional decimal part; the suffix must end on a word boundary
# so "£5 more" is five pounds, not five million.
_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_SUFFIX = r"(?:\s?(?P<suffix>thousand|million|billion|bn|mn|[km])\b)?"

MONEY_RE = re.compile(r"(?<![\w£])£\s*" + _NUMBER + r"(?!,?\d)" + _SUFFIX, re.IGNORECASE)
"""Finds amounts written with a £ sign in running text ("£106,460", "£1.2 m")."""

_FULL_RE = re.compile(r"\s*(?:£\s*)?" + _NUMBER + _SUFFIX + r"\s*", re.IGNORECASE)


def _to_number(value: Decimal) -> float | int:
    """An int when *value* is whole, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def parse_money(text: str) -> float | int | None:
    """Return the pounds in a printed amount, or None when *text* is not one.

    Accepts an optional £ sign, comma grouping, pence, and the suffixes k,
    m, mn, bn, thousand, million and billion ("£6,067.8k" -> 6067800).
    A trailing full stop or comma (sentence punctuation) is ignored.
    """
    if not isinstance(text, str):
        return None
    match = _FULL_RE.fullmatch(text.rstrip().rstrip(".,;:"))
    if match is None:
        return None
    try:
        value = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    suffix = (match["suffix"] or "").lower()
    return _to_number(value * _MULTIPLIERS.get(suffix, 1))


def format_money(amount: float | int | Decimal) -> str:
    """Print *amount* in the canonical form: "£106,460" or "£546,830.47".

    Whole amounts print without pence; others are rounded to the penny.
    Negative amounts print as "-£1,000" (``parse_money`` does not read them).
    """
    if isinstance(amount, float) and not math.isfinite(amount):
        raise ValueError(f"cannot format {amount!r} as money")
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    sign, value = ("-" if value < 0 else ""), abs(value)
    if value == value.to_integral_value():
        return f"{sign}£{int(value):,}"
    return f"{sign}£{value:,.2f}"
