"""Sterling amounts as printed in council reports, to and from a number of pounds.

``parse_money("£1.2m") == 1200000``; ``format_money(546830.47) == "£546,830.47"``;
``find_money_ranges("£20-30k")`` finds one figure with both ends, ``(0, 7, 20000, 30000)``.
Arithmetic is done in :class:`decimal.Decimal` so ``£42.7k`` is exactly 42700.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

__all__ = ["MONEY_RE", "MONEY_RANGE_RE", "parse_money", "find_money_ranges", "format_money"]

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


# "£1m-£1.5m", "£1m to £1.5m", "£20-30k", "between £10,000 and £15,000": one figure, both ends.
_END = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_END_SUFFIX = r"(?:\s?(?:thousand|million|billion|bn|mn|[km])\b)?"
_HIGH_END = r"(?![\d.,]*\d)(?!\s*[-/–]\s*\d)"  # not a longer number, nor a year "2023-24"
MONEY_RANGE_RE = re.compile(
    r"(?:\bbetween\s+(?<![\w£])(?P<blow>£\s*(?:" + _END + ")" + _END_SUFFIX + r")\s*and\s*"
    r"(?P<bhigh>£?\s*(?:" + _END + ")" + _END_SUFFIX + r")"
    r"|(?<![\w£])(?P<low>£\s*(?:" + _END + ")" + _END_SUFFIX + r")\s*(?P<sep>-|–|—|\bto\b)\s*"
    r"(?P<high>£?\s*(?:" + _END + ")" + _END_SUFFIX + r"))" + _HIGH_END,
    re.IGNORECASE,
)
"""Finds a range of two amounts in running text; :func:`find_money_ranges` checks its ends."""
_FROM = re.compile(r"\bfrom\s*$", re.I)


def find_money_ranges(text: str) -> list[tuple[int, int, int | float, int | float]]:
    """Every range of amounts in *text* as ``(start, end, low, high)`` in pounds, ``low < high``.

    "£20-30k" shares the unit of its high end (£20,000 to £30,000); "from £1m to £1.5m" is a
    change, not a range; nor is a pair whose ends do not rise ("£5,000 - 2 projects") or that
    runs to a year ("£500 to 2025").
    """
    found = []
    for m in MONEY_RANGE_RE.finditer(text):
        low_text, high_text = (m["blow"], m["bhigh"]) if m["blow"] else (m["low"], m["high"])
        if m["sep"] and m["sep"].lower() == "to" and _FROM.search(text, max(0, m.start() - 8), m.start()):
            continue
        ends = range_ends(low_text, high_text)
        if ends is not None:
            found.append((m.start(), m.end(), *ends))
    return found


def range_ends(low_text: str, high_text: str) -> tuple[int | float, int | float] | None:
    """The two ends of a printed range in pounds, or None when they do not rise.  A bare low end
    takes the unit of the high end when the £ sign is not repeated ("£20-30k", "£1-1.5m")."""
    low, high = parse_money(low_text), parse_money(high_text)
    if low is None or high is None or re.fullmatch(r"\s*(?:19|20)\d\d\s*", high_text):
        return None  # "£500 to 2025" runs to a year
    unit = _FULL_RE.fullmatch(high_text)["suffix"]
    if unit and not _FULL_RE.fullmatch(low_text)["suffix"] and "£" not in high_text:
        shared = _to_number(Decimal(str(low)) * _MULTIPLIERS[unit.lower()])
        low = shared if shared < high else low
    return (low, high) if low < high else None


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
