"""The financial year of a sum: the year its own sentence gives it ("£40,000 for 2023/24 and
£55,000 for 2024/25"), else the last one named earlier in its block or its list's lead-in, else a
money title's one year ("PFCC core funding allocations 2024-5").
"""
from __future__ import annotations

import re

from ..document import LIST_ITEM
from ..normalise.periods import format_period, parse_period
from .context import Context


def sum_period(ctx: Context, sent, start: int, end: int) -> str | None:
    in_sentence = ctx.patterns(sent.start_char, sent.end_char, "PERIOD")
    periods = in_sentence or _periods_before(ctx, sent)
    if not periods:
        return (_dated_span(sent.text) or _short_year(sent.text) or _title_year(ctx) or _opening_year(ctx)
                or _relative_year(ctx, sent.text))
    periods = _own_periods(ctx.document.text, sent, periods, start, end) or periods
    nearest = min(periods, key=lambda p: _distance(p, start, end))
    parsed = _joined(ctx.document.text, sent, nearest, in_sentence)
    return format_period(*_for_years(sent.text, parsed)) if parsed else None


_FOR_YEARS = re.compile(r"\bfor\s+(?:a\s+(?:further|period\s+of)\s+)?(?P<n>two|three|four|five|[2-5])\s+(?:financial\s+)?years\b", re.I)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}


def _for_years(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A financial year that the sentence says runs 'for two years' ('The PCC's 2023/24 budget
    allocates £250,000 ... for two years') is the span of those years (2023-25)."""
    m = _FOR_YEARS.search(text)
    if m is None or span[1] - span[0] != 1:
        return span
    n = _NUMBER_WORDS.get(m["n"].lower()) or int(m["n"])
    return span[0], span[0] + n


# "from 1st April 2017 until 31st March 2019", "commencing on the 01 October 2023, through to 31 March 2025"
_DATED = re.compile(r"\b(?:from|commencing(?:\s+on)?|starting(?:\s+on)?)\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?P<month>[A-Z][a-z]+)"
                    r"\s+(?P<start>(?:19|20)\d\d),?\s+(?:until|to|through\s+to|and\s+ending(?:\s+on)?)\s+(?:the\s+)?"
                    r"3[01](?:st|th)?\s+March\s+(?P<end>(?:19|20)\d\d)\b")
_FIRST_QUARTER = ("January", "February", "March")


def _dated_span(text: str) -> str | None:
    """The financial years from a start date to a 31 March: 'from 1st April 2017 until 31st March
    2019' -> 2017-19; a start in January to March falls in the year before's financial year."""
    m = _DATED.search(text)
    if m is None:
        return None
    start = int(m["start"]) - (m["month"] in _FIRST_QUARTER)
    end = int(m["end"])
    return format_period(start, end) if 0 < end - start <= 10 else None


# a financial year in two digits: "for 24/25 year", "in 23/24", "the 22/23 budget"
_SHORT_YEAR = re.compile(r"\b(?:(?:for|in|during|of)\s+(?:the\s+)?(?P<a>\d\d)/(?P<b>\d\d)\b(?!/)"
                         r"|(?P<c>\d\d)/(?P<d>\d\d)\s+(?:financial\s+)?(?:year|budget|funding|allocation)\b)", re.I)


def _short_year(text: str) -> str | None:
    """'a reduction of £180,000 for 24/25 year' -> 2024-25: two digits and the next, after 'for'/'in'
    or before 'year'/'budget' (a date such as '12/03' is neither)."""
    m = _SHORT_YEAR.search(text)
    if m is None:
        return None
    a, b = int(m["a"] or m["c"]), int(m["b"] or m["d"])
    return format_period(2000 + a, 2000 + b) if b == (a + 1) % 100 and a >= 5 else None


# a financial year named by where it stands from the paper's date: 'the coming financial year', 'this year's'
_RELATIVE = re.compile(r"\b(?P<w>this|next|coming|forthcoming|current|last|previous)\s+(?:financial\s+)?year(?:['’]s)?\b", re.I)
_STEP = {"this": 0, "current": 0, "next": 1, "coming": 1, "forthcoming": 1, "last": -1, "previous": -1}


def _relative_year(ctx: Context, text: str) -> str | None:
    """'The intention for the coming financial year is to allocate £30,000' in a paper dated 26/02/2024
    -> 2024-25: the financial year holding the paper's date (April to March), moved by the word; none
    without the paper's date, or when the sentence names two such years."""
    found = {m["w"].lower() for m in _RELATIVE.finditer(text)}
    date = ctx.fields.get("meeting_date") or ""
    if len(found) != 1 or not re.fullmatch(r"(?:19|20)\d\d-\d\d-\d\d", date):
        return None
    year, month = int(date[:4]), int(date[5:7])
    start = year - (month < 4) + _STEP[found.pop()]
    return format_period(start, start + 1)


# only "and" between two years: 'for 2023-24 and 2024-25', 'across 2023/24 and 2024/25'
_AND = re.compile(r"\s*(?:and|&)\s*")


def _joined(text: str, sent, year, years: list) -> tuple[int, int] | None:
    """The span of ``year`` and the next (or previous) year joined to it by "and" ('£10,000 for
    2023-24 and 2024-25' -> 2023-25); the year alone when none is, or the sentence pairs years
    with sums ('£5,000 and £6,000 in 2023/24 and 2024/25 respectively')."""
    own = parse_period(year.text)
    if own is None or "respectively" in sent.text:
        return own
    for other in years:
        span = parse_period(other.text)
        if span and other.start_char >= year.end_char and span[0] == own[1] \
                and _AND.fullmatch(text, year.end_char, other.start_char):
            return own[0], span[1]
        if span and other.end_char <= year.start_char and span[1] == own[0] \
                and _AND.fullmatch(text, other.end_char, year.start_char):
            return span[0], own[1]
    return own


_MONEY_TITLE = re.compile(r"\b(?:funding|funds?|grants?|allocations?|budget|awards?)\b", re.I)
_YEAR_IN_TITLE = re.compile(r"\b(?:19|20)\d\d\s*[-/–]\s*(?:(?:19|20)?\d\d|\d)\b")


def _title_year(ctx: Context) -> str | None:
    """A title about money that names one financial year ('PFCC core funding allocations 2024-5'):
    the year of every sum that names none (a plan's span of years is no sum's period)."""
    title = ctx.fields.get("title") or ""
    years = _YEAR_IN_TITLE.findall(title)
    parsed = parse_period(years[0].replace(" ", "")) if len(years) == 1 and _MONEY_TITLE.search(title) else None
    return format_period(*parsed) if parsed and parsed[1] - parsed[0] == 1 else None


_FINANCIAL_YEAR = re.compile(r"\b(?:19|20)\d\d\s*[-/–]\s*(?:(?:19|20)?\d\d)\b")


def _opening_year(ctx: Context) -> str | None:
    """The one financial year the page's opening names, before its first sum ('This page tells you
    about the grants I have made in 2015-16', 'On 18 February 2014, the PCC set the budget for
    2014/15'): the year of every sum that names none. None when it names two or more."""
    years = {parse_period(y.replace(" ", "")) for b in opening_blocks(ctx) if _MONEY_TITLE.search(b.text)
             for y in _FINANCIAL_YEAR.findall(b.text)}
    years.discard(None)
    (only,) = years if len(years) == 1 else (None,)
    return format_period(*only) if only and only[1] - only[0] == 1 else None


OPENING_BLOCKS = 8  # the opening blocks that say whose page it is and what it is about


def opening_blocks(ctx: Context) -> list:
    """The page's opening blocks (title, record header, first paragraphs), up to the first with a sum."""
    head = []
    for block in ctx.blocks[:OPENING_BLOCKS]:
        if "£" in block.text:
            break
        head.append(block)
    return head


def _own_periods(text: str, sent, periods: list, start: int, end: int) -> list:
    """The years of the sentence that are the sum's own: a year belongs to the sum printed last
    before it or, with none before it, to the first after it ('£40,000 for 2023/24 and £55,000 for
    2024/25'). Empty when the sum has no £ sign to tell sums apart by."""
    if "£" not in text[start:end]:
        return []
    signs = [i for i in range(sent.start_char, sent.end_char) if text[i] == "£"]
    own = []
    for p in periods:
        before = [i for i in signs if i < p.start_char]
        owner = before[-1] if before else next((i for i in signs if i >= p.end_char), -1)
        if start <= owner < end:
            own.append(p)
    return own


def _periods_before(ctx: Context, sent) -> list:
    """The last financial year named earlier in the same block, for a sentence that names none;
    in a list item, the year of the list's lead-in ('2020-21 funding included:')."""
    index = ctx.block_at(sent.start_char)
    if index is None:
        return []
    block = ctx.blocks[index]
    found = ctx.patterns(block.start, sent.start_char, "PERIOD")
    return found[-1:] or (_lead_in_period(ctx, index) if block.kind == LIST_ITEM else [])


def _lead_in_period(ctx: Context, index: int) -> list:
    """The one year of the lead-in ending ':' above a run of list items (the item at ``index``);
    none when an item between names another year (the list then is not of one year)."""
    first = _first_item(ctx, index)
    lead = lead_in(ctx, index)
    if lead is None:
        return []
    found = ctx.patterns(lead.start, lead.end, "PERIOD")
    between = [p for b in ctx.blocks[first:index] for p in ctx.patterns(b.start, b.end, "PERIOD")]
    return found[-1:] if len({parse_period(p.text) for p in found + between}) == 1 else []


def _first_item(ctx: Context, index: int) -> int:
    """The index of the first list item of the run the item at ``index`` belongs to."""
    while index > 0 and ctx.blocks[index - 1].kind == LIST_ITEM:
        index -= 1
    return index


# a lead-in that only points at the list, its words in the paragraph above: 'They are:', 'These include:'
_POINTER = re.compile(r"(?:(?:They|These|Those|The\s+\w+)\s+(?:are|were|include|included)(?:\s+as\s+follows)?|As\s+follows)\s*:")


def lead_in(ctx: Context, index: int):
    """The block ending ':' just above the run of list items holding the item at ``index``; for a
    lead-in that only points at the list ('They are:'), the paragraph above it ('The partnership has
    been awarded £30,000 for 2021/22 to fund four projects.')."""
    first = _first_item(ctx, index)
    lead = ctx.blocks[first - 1] if first > 0 else None
    if lead is None or not lead.text.rstrip().endswith(":"):
        return None
    above = ctx.blocks[first - 2] if first > 1 else None
    if _POINTER.fullmatch(lead.text.strip()) and above is not None and above.kind != LIST_ITEM:
        return above
    return lead


def _distance(a, start: int, end: int) -> int:
    return max(a.start_char - end, start - a.end_char, 0)
