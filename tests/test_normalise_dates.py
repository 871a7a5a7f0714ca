"""Tests for extractor.normalise.dates: UK printed dates -> datetime.date."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from extractor.normalise.dates import DATE_RE, find_dates, parse_date

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("16th April 2024", D(2024, 4, 16)),           # Thanet briefing
    ("3 DECEMBER 2020", D(2020, 12, 3)),            # Medway scrutiny
    ("Thursday, 24th March, 2022", D(2022, 3, 24)),
    ("March 15th 2016", D(2016, 3, 15)),
    ("05/04/2005", D(2005, 4, 5)),                  # day first
    ("10/10/25", D(2025, 10, 10)),
    ("31 August 2021", D(2021, 8, 31)),
    ("5 Mar 2024", D(2024, 3, 5)),
    ("5 Sept 2024", D(2024, 9, 5)),
    ("Sept 5, 2024", D(2024, 9, 5)),
    ("1st October 2024", D(2024, 10, 1)),
    ("16th of April 2024", D(2024, 4, 16)),
    ("THURSDAY 24 MARCH 2022", D(2022, 3, 24)),
    ("Tue 5 Mar. 2024", D(2024, 3, 5)),
    ("8 July 2021", D(2021, 7, 8)),
    ("2024-03-05", D(2024, 3, 5)),
    ("10.06.19", D(2019, 6, 10)),
    ("05/04/99", D(1999, 4, 5)),
    ("29 Feb 2024", D(2024, 2, 29)),
    ("  14 March 2024.  ", D(2024, 3, 14)),
])
def test_parse_date_real_dates(text, expected):
    assert parse_date(text) == expected


def test_parse_date_default_year():
    assert parse_date("5 March", default_year=2024) == D(2024, 3, 5)
    assert parse_date("5 March") is None
    assert parse_date("March 15th", default_year=2016) == D(2016, 3, 15)
    assert parse_date("16th April 2024", default_year=1999) == D(2024, 4, 16)


@pytest.mark.parametrize("text", [
    "31 February 2024", "29 February 2023", "31 April 2021", "12/13/2024", "32 March 2024",
    "3 may", "may 5 2024", "5.2.10", "March 2024", "2024-25", "", "hello", None,
])
def test_parse_date_rejects(text):
    assert parse_date(text, default_year=2024) is None


def test_find_dates_in_running_text():
    text = ("Meeting held on Thursday, 24th March, 2022 at 7.00 pm. Despatched: 10.06.19. "
            "Call 01622 602000. Plan 2024-25, para 3.1.2, section 5.2.10. These 3 may be late; "
            "31 February 2024; deadline 5 March; 2024-03-05 and 05/04/2005; 5-7 March 2024.")
    found = [matched for _, _, matched in find_dates(text)]
    assert found == ["Thursday, 24th March, 2022", "10.06.19", "5 March", "2024-03-05",
                     "05/04/2005", "7 March 2024"]
    for start, end, matched in find_dates(text):
        assert text[start:end] == matched


def test_find_dates_header_snippet():
    text = "Cabinet - 5 March\n...\nPeople & Places Advisory Committee - 14 March 2024"
    assert [m for _, _, m in find_dates(text)] == ["5 March", "14 March 2024"]


def test_date_re_is_compiled_and_searchable():
    assert DATE_RE.search("on 16th April 2024,").group() == "16th April 2024"


dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2069, 12, 31))


@given(dates, st.sampled_from(["{d} {B} {Y}", "{do} {B}, {Y}", "{B} {do} {Y}", "{dd}/{mm}/{Y}",
                               "{dd}/{mm}/{y}", "{d} {b} {Y}", "{A}, {do} {B} {Y}", "{d} {BU} {Y}"]))
def test_parse_generated_dates(date, form):
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(date.day, "th")
    text = form.format(d=date.day, do=f"{date.day}{suffix}", dd=f"{date.day:02d}",
                       mm=f"{date.month:02d}", Y=date.year, y=f"{date.year % 100:02d}",
                       B=date.strftime("%B"), BU=date.strftime("%B").upper(),
                       b=date.strftime("%b"), A=date.strftime("%A"))
    assert parse_date(text) == date
    assert [m for _, _, m in find_dates(f"held on {text}.")] == [text]


@given(st.text(max_size=40), st.one_of(st.none(), st.integers()))
def test_parse_date_never_raises(text, default_year):
    result = parse_date(text, default_year)
    assert result is None or isinstance(result, dt.date)
    find_dates(text)
