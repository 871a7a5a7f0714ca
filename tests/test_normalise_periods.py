"""Tests for extractor.normalise.periods: year spans <-> (start, end)."""
from __future__ import annotations

import pytest
from hypothesis import assume, given, strategies as st

from extractor.normalise.periods import PERIOD_RE, find_periods, format_period, parse_period


@pytest.mark.parametrize("text, expected", [
    ("2019-2020", (2019, 2020)),
    ("2019/20", (2019, 2020)),
    ("2024-26", (2024, 2026)),
    ("2024/2026", (2024, 2026)),
    ("2024 – 2025", (2024, 2025)),
    ("2020 to 2024", (2020, 2024)),
    ("2024-5", (2024, 2025)),         # a financial year with one digit after the dash
    ("2019-0", (2019, 2020)),
    ("2020 TO 2024", (2020, 2024)),
    ("2011-2012", (2011, 2012)),
    ("2016/19", (2016, 2019)),
    ("2022", (2022, 2022)),
    ("1999/00", (1999, 2000)),
    ("2020-21", (2020, 2021)),
    (" 2019–20 ", (2019, 2020)),
    ("2013–2018", (2013, 2018)),
])
def test_parse_period_real_spans(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", [
    "2020-2019",      # runs backwards
    "2010-2030",      # more than ten years
    "1989-90",        # before 1990
    "2100",           # after 2099
    "2024-10",        # "10" would be 2110
    "2024-7",         # one digit is only ever the next year
    "05/04/2005",
    "01622 602000",
    "2019-20-21",
    "",
    "twenty twenty",
    None,
])
def test_parse_period_rejects(text):
    assert parse_period(text) is None


@pytest.mark.parametrize("start, end, printed", [
    (2019, 2020, "2019-20"),
    (2024, 2026, "2024-26"),
    (2022, 2022, "2022"),
    (1999, 2000, "1999-00"),
    (2020, 2024, "2020-24"),
])
def test_format_period(start, end, printed):
    assert format_period(start, end) == printed


@pytest.mark.parametrize("start, end", [(2020, 2019), (2000, 2020), (1980, 1981)])
def test_format_period_rejects_invalid(start, end):
    with pytest.raises(ValueError):
        format_period(start, end)


def test_period_re_in_running_text():
    text = ("Community Safety Plan covering the period from 2020 to 2024 (DECEMBER 2020). "
            "The grant for 2019-2020 was £106,460; action plan 2024-25; meeting on 05/04/2005, "
            "ISO 2024-03-05, phone 01622 602000 and 01732 227335.")
    found = [m.group() for m in PERIOD_RE.finditer(text)]
    assert found == ["2020 to 2024", "2019-2020", "2024-25"]


def test_find_periods_filters_impossible_spans():
    text = "Plan 2024-2026, reviewed 2024-10 and (2016/19)."
    assert [years for _, _, years in find_periods(text)] == [(2024, 2026), (2016, 2019)]
    start, end, _ = find_periods(text)[0]
    assert text[start:end] == "2024-2026"


spans = st.integers(min_value=1990, max_value=2099).flatmap(
    lambda s: st.tuples(st.just(s), st.integers(min_value=s, max_value=min(s + 10, 2099))))


@given(spans)
def test_round_trip(span):
    assert parse_period(format_period(*span)) == span


@given(spans, st.sampled_from(["-", "/", " – ", " to ", "–"]), st.booleans())
def test_parse_any_printed_form(span, sep, short):
    start, end = span
    assume(start != end)
    text = f"{start}{sep}{end % 100:02d}" if short else f"{start}{sep}{end}"
    assert parse_period(text) == span
    assert [years for _, _, years in find_periods(f"the plan for {text}.")] == [span]


@given(st.text(max_size=40))
def test_parse_period_never_raises(text):
    result = parse_period(text)
    assert result is None or (1990 <= result[0] <= result[1] <= 2099)
    find_periods(text)


@pytest.mark.parametrize("text, expected", [
    ("FY21/22", (2021, 2022)),
    ("FY24/25", (2024, 2025)),
    ("fy 23-24", (2023, 2024)),
    ("FY21/23", None),   # a financial year is one year
    ("FY99/00", None),   # 2099-2100 runs past the last year read
])
def test_parse_period_financial_year_with_two_digit_years(text, expected):
    assert parse_period(text) == expected
