"""Year spans ("2019/20", "2024 – 2026", "2020 to 2024") to and from (start, end).

``parse_period("2019/20") == (2019, 2020)``; ``format_period(2019, 2020) == "2019-20"``.
Only years 1990-2099 count, a span runs forwards and lasts at most ten years.
"""
from __future__ import annotations

import re

__all__ = ["PERIOD_RE", "parse_period", "format_period", "find_periods"]

MIN_YEAR, MAX_YEAR, MAX_SPAN = 1990, 2099, 10

_YEAR = r"(?:199\d|20\d\d)"
_DASHES = r"\-\u2010\u2011\u2012\u2013\u2014\u2212"  # for a [class]: hyphens, en/em dash, minus
_SEP = rf"(?:\s*[{_DASHES}/]\s*|\s+to\s+)"

PERIOD_RE = re.compile(
    rf"(?<![\d/.{_DASHES}])(?P<start>{_YEAR}){_SEP}(?P<end>\d{{4}}|\d{{1,2}})"
    rf"(?!\d|\s*[/.{_DASHES}]\s*\d)",
    re.IGNORECASE,
)
"""Finds year spans in running text; not dates (05/04/2005, 2024-03-05) or phone numbers.

A match may still be an impossible span ("2024-10"); check it with
:func:`parse_period` or use :func:`find_periods`, which does.
"""

_FULL_RE = re.compile(rf"\s*(?P<start>{_YEAR})(?:{_SEP}(?P<end>\d{{4}}|\d{{1,2}}))?\s*", re.IGNORECASE)
# "FY21/22", "FY 24-25": a financial year written with two-digit years (this century's)
_FY_RE = re.compile(rf"\s*FY\s?(?P<start>\d\d)\s*[{_DASHES}/]\s*(?P<end>\d\d)\s*", re.IGNORECASE)


def _end_year(start: int, end_text: str) -> int:
    """The full end year: "20" after 2019 is 2020, "00" after 1999 is 2000, "5" after 2024 is 2025.

    One digit is read only as the next year (a financial year, "2024-5"); any other is no year.
    """
    if len(end_text) == 4:
        return int(end_text)
    if len(end_text) == 1:
        return start + 1 if int(end_text) == (start + 1) % 10 else -1
    end = start // 100 * 100 + int(end_text)
    return end + 100 if end < start else end


def _valid(start: int, end: int) -> bool:
    """True when both years are in range and the span runs forwards, at most ten years."""
    in_range = MIN_YEAR <= start <= MAX_YEAR and MIN_YEAR <= end <= MAX_YEAR
    return in_range and 0 <= end - start <= MAX_SPAN


def _from_match(match: re.Match) -> tuple[int, int] | None:
    """The (start, end) of a PERIOD_RE/_FULL_RE match, or None when impossible."""
    start = int(match["start"])
    end = _end_year(start, match["end"]) if match["end"] else start
    return (start, end) if _valid(start, end) else None


def parse_period(text: str) -> tuple[int, int] | None:
    """Return (start_year, end_year) for a printed span or single year, else None.

    "2019-2020", "2019/20", "2024-5", "2024 – 2025", "2020 to 2024", "2022" and a financial year
    "FY21/22" (one year, 2021-22) are read;
    spans running backwards or lasting more than ten years give None.
    """
    if not isinstance(text, str):
        return None
    match = _FULL_RE.fullmatch(text)
    if match is None and (fy := _FY_RE.fullmatch(text)):
        start = 2000 + int(fy["start"])
        end = _end_year(start, fy["end"])
        return (start, end) if end == start + 1 and _valid(start, end) else None
    return _from_match(match) if match else None


def format_period(start: int, end: int) -> str:
    """Print a span as "YYYY-YY" ("2019-20"), or "YYYY" when it is a single year.

    Raises ValueError for a span ``parse_period`` would reject.
    """
    if not _valid(start, end):
        raise ValueError(f"not a valid period: {start}-{end}")
    return str(start) if start == end else f"{start}-{end % 100:02d}"


def find_periods(text: str) -> list[tuple[int, int, tuple[int, int]]]:
    """Every valid span in *text* as (start_offset, end_offset, (start_year, end_year))."""
    found = []
    for match in PERIOD_RE.finditer(text):
        years = _from_match(match)
        if years:
            found.append((match.start(), match.end(), years))
    return found
