"""UK dates as printed in council reports, to :class:`datetime.date`.

Reads "16th April 2024", "3 DECEMBER 2020", "Thursday, 24th March, 2022",
"March 15th 2016", "5 Mar 2024", "5 March" (with a default year),
"05/04/2005" (day first), "10/10/25" and ISO "2024-03-05".
"""
from __future__ import annotations

import datetime as dt
import re

__all__ = ["DATE_RE", "parse_date", "find_dates"]

_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july",
                "august", "september", "october", "november", "december"]
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

TWO_DIGIT_PIVOT = 70
"""Two-digit years below this are 20xx ("25" -> 2025), others 19xx ("99" -> 1999)."""


def _alternation(words: list[str]) -> str:
    """Title-case and upper-case forms of *words*, longest first.

    Lower-case forms are left out on purpose: "the 3 may be" is not 3 May.
    """
    forms = {form for word in words for form in (word.title(), word.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


_MONTH = rf"(?:{_alternation(list(_MONTHS))})\.?"
_WEEKDAY = rf"(?:(?:{_alternation(_WEEKDAYS + [d[:3] for d in _WEEKDAYS])})\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th|ST|ND|RD|TH)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_YEAR4 = r"(?:19|20)\d\d"

_DMY = (rf"{_WEEKDAY}(?P<d1>{_DAY}){_ORD}?\s+(?:of\s+)?(?P<m1>{_MONTH})"
        rf"(?:,?\s+(?P<y1>{_YEAR4}))?")
_MDY = (rf"{_WEEKDAY}(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})"
        rf"(?:{_ORD},?\s+(?P<y2a>{_YEAR4})|{_ORD}|,?\s+(?P<y2b>{_YEAR4}))")
# Numeric dates are day first.  With "." or "-" as separator day and month must
# be two digits, so paragraph numbers ("5.2.10") are not read as dates.
_NUMERIC = (rf"(?P<d3>{_DAY})/(?P<m3>1[0-2]|0?[1-9])/(?P<y3>{_YEAR4}|\d\d)"
            rf"|(?P<d5>3[01]|[12]\d|0[1-9])(?P<sep>[.\-])(?P<m5>1[0-2]|0[1-9])(?P=sep)"
            rf"(?P<y5>{_YEAR4}|\d\d)")
_ISO = r"(?P<y4>(?:19|20)\d\d)-(?P<m4>1[0-2]|0[1-9])-(?P<d4>3[01]|[12]\d|0[1-9])"
_FORMS = rf"(?<![\w/.\-])(?:{_ISO}|{_NUMERIC})|(?<![\w.])(?:{_MDY}|{_DMY})"

DATE_RE = re.compile(rf"(?:{_FORMS})(?![\w/\-]|\.\d)")
"""Finds day-month-year, month-day-year, numeric (day first) and ISO dates in text."""

_FULL_RE = re.compile(rf"\s*(?:{_FORMS})[\s,.]*")


def _year(text: str | None, default_year: int | None) -> int | None:
    """A four-digit year from *text*, widening two digits; *default_year* when absent."""
    if not text:
        return default_year
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < TWO_DIGIT_PIVOT else 1900
    return year


def _month(text: str) -> int:
    """The month number of a digit string or a (possibly abbreviated) month name."""
    if text.isdigit():
        return int(text)
    return _MONTHS[text.rstrip(".").lower()]


def _parts(match: re.Match) -> tuple[str | None, str, str]:
    """(year, month, day) texts of a DATE_RE match, whichever form matched."""
    if match["y4"]:
        return match["y4"], match["m4"], match["d4"]
    if match["d3"]:
        return match["y3"], match["m3"], match["d3"]
    if match["d5"]:
        return match["y5"], match["m5"], match["d5"]
    if match["m2"]:
        return match["y2a"] or match["y2b"], match["m2"], match["d2"]
    return match["y1"], match["m1"], match["d1"]


def _to_date(match: re.Match, default_year: int | None) -> dt.date | None:
    """The date a match stands for, or None when it is not a real date."""
    year_text, month_text, day_text = _parts(match)
    year = _year(year_text, default_year)
    if year is None:
        return None
    try:
        return dt.date(year, _month(month_text), int(day_text))
    except (ValueError, OverflowError):
        return None


def parse_date(text: str, default_year: int | None = None) -> dt.date | None:
    """Return the date *text* prints, or None when it is not a (valid) date.

    A date with no year ("5 March") takes *default_year*; without one it gives
    None.  Numeric dates are day first (05/04/2005 is 5 April 2005).
    """
    if not isinstance(text, str):
        return None
    match = _FULL_RE.fullmatch(text)
    return _to_date(match, default_year) if match else None


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every date in *text* as (start, end, matched_text), in order.

    Dates without a year ("5 March") are included when the day exists in
    some year; impossible dates ("31 February 2024") are left out.
    """
    found = []
    for match in DATE_RE.finditer(text):
        if _to_date(match, 2000) is not None:  # 2000 is a leap year: 29 Feb passes
            found.append((match.start(), match.end(), match.group()))
    return found
