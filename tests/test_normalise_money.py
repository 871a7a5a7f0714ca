"""Tests for extractor.normalise.money: printed sterling amounts <-> pounds."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from extractor.normalise.money import MONEY_RE, find_money_ranges, format_money, parse_money


@pytest.mark.parametrize("text, expected", [
    ("£106,460", 106460),           # Medway CSP grant, 2019-20
    ("£1.2m", 1_200_000),
    ("£1.2 m", 1_200_000),
    ("£50k", 50_000),
    ("£42.7k", 42_700),
    ("£6,067.8k", 6_067_800),
    ("£546,830.47", 546830.47),
    ("£3.5 million", 3_500_000),
    ("£2bn", 2_000_000_000),
    ("£2 billion", 2_000_000_000),
    ("£3,000", 3000),
    ("3,000", 3000),
    ("1.2m", 1_200_000),
    ("  £50K  ", 50_000),
    ("£ 273,000", 273_000),
    ("£1.2M", 1_200_000),
    ("£106,460.", 106460),          # sentence full stop after the amount
    ("£0", 0),
])
def test_parse_money_real_amounts(text, expected):
    value = parse_money(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("text", [
    "", "£", "abc", "£5 more", "1,23", "£1,2345", "£-5", "five pounds", "£1.2x", "2019-20", None,
])
def test_parse_money_rejects_non_amounts(text):
    assert parse_money(text) is None


def test_parse_money_has_no_float_noise():
    assert parse_money("£42.7k") == 42700
    assert parse_money("£0.1m") == 100000
    assert parse_money("£1.15m") == 1150000


@pytest.mark.parametrize("amount, printed", [
    (106460, "£106,460"),
    (546830.47, "£546,830.47"),
    (0, "£0"),
    (1_200_000, "£1,200,000"),
    (0.1, "£0.10"),
    (1200000.0, "£1,200,000"),
    (Decimal("42.70"), "£42.70"),
    (-5, "-£5"),
])
def test_format_money(amount, printed):
    assert format_money(amount) == printed


def test_format_money_rejects_nan():
    with pytest.raises(ValueError):
        format_money(float("nan"))


def test_money_re_finds_amounts_in_running_text():
    text = ("The CSP received £106,460. from the PCC, a further £1.2 m in 2020 and "
            "£5 more; the budget was £6,067.8k (not 50k).")
    assert [m.group() for m in MONEY_RE.finditer(text)] == ["£106,460", "£1.2 m", "£5", "£6,067.8k"]
    assert [parse_money(m.group()) for m in MONEY_RE.finditer(text)] == [106460, 1200000, 5, 6067800]


@given(st.integers(min_value=0, max_value=10**15))
def test_round_trip_whole_pounds(amount):
    assert parse_money(format_money(amount)) == amount


@given(st.integers(min_value=0, max_value=10**13))
def test_round_trip_pence(pence):
    amount = pence / 100
    assert parse_money(format_money(amount)) == amount


@given(st.text(max_size=40))
def test_parse_money_never_raises(text):
    value = parse_money(text)
    assert value is None or isinstance(value, (int, float))


@given(st.from_regex(r"£?\d{1,6}(\.\d{1,2})?\s?(k|m|bn|million)?", fullmatch=True))
def test_parse_money_reads_generated_amounts(text):
    assert parse_money(text) is not None


# ------------------------------------------------------------------ ranges: one figure, two ends
@pytest.mark.parametrize("text, low, high, printed", [
    ("The scheme will cost £1m-£1.5m in total.", 1_000_000, 1_500_000, "£1m-£1.5m"),
    ("The scheme will cost £1m to £1.5m.", 1_000_000, 1_500_000, "£1m to £1.5m"),
    ("Grants of between £10,000 and £15,000 each.", 10_000, 15_000, "between £10,000 and £15,000"),
    ("Bids of £20-30k are invited.", 20_000, 30_000, "£20-30k"),          # the low end shares the k
    ("It costs £1-1.5m a year.", 1_000_000, 1_500_000, "£1-1.5m"),
    ("Awards of £500-£1m.", 500, 1_000_000, "£500-£1m"),                  # a £ of its own: no sharing
    ("Worth £10,000–15,000.", 10_000, 15_000, "£10,000–15,000"),
    ("About £3.5 million – £4 million.", 3_500_000, 4_000_000, "£3.5 million – £4 million"),
])
def test_find_money_ranges(text, low, high, printed):
    [(start, end, got_low, got_high)] = find_money_ranges(text)
    assert (got_low, got_high, text[start:end]) == (low, high, printed)


@pytest.mark.parametrize("text", [
    "The grant rose from £1m to £1.5m.",          # a change: two figures
    "£5,000 and £6,000 were spent.",              # two sums, no 'between'
    "£5,000 - 2 projects",                        # the ends do not rise
    "£20,000 – 2023/24", "£20,000 - 2023-24",     # a sum and its year
    "£500 to 2025",                               # runs to a year
    "up to £5,000 to each partnership",
    "£30k-£20k",
])
def test_not_money_ranges(text):
    assert find_money_ranges(text) == []
