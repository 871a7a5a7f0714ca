"""Money in tables whose cells carry no £ sign: the unit comes from the column header or the
caption ("£000s", "£'000", "£k", "£m"), the year from the column header ("2025-26"), and the
purpose from the row's label cell.

"150.0" under "£000s" is £150,000; "(150.0)" and "-150.0" are reductions, kept with their sign.
A row labelled "Total" is marked ``is_total`` (it adds up the rows above it).
A row counts only when it is about community safety (its label, or the table's caption, names
it), unless the whole document is about community safety (:func:`relevant`).
"""
from __future__ import annotations

import re

from ..document import PARAGRAPH, HEADING, Block
from ..normalise.periods import format_period, parse_period
from .context import Context, make_item
from .funding_purpose import purpose
from .funding_totals import TOTAL_LABEL
from .risks import tables

_UNITS = ((re.compile(r"£\s*'?0{3}s?'?|£\s*k\b|\(£k\)|£\s*thousands?", re.I), 1_000),
          (re.compile(r"£\s*m\b|£\s*millions?|\(£m\)|£m\b", re.I), 1_000_000))
_NUMBER = re.compile(r"^\s*(?P<neg>[-–(])?\s*(?P<n>\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)\s*\)?\s*$")


def table_funding(ctx: Context, relevant) -> list[dict]:
    """Funding items from the unit-bearing tables of a document; ``relevant(text)`` says whether a
    row's own words (with the caption) tie it to community safety."""
    items: list[dict] = []
    for table in tables(ctx.blocks):
        unit = _unit(ctx, table)
        if unit is None:
            continue
        years = _column_years(table[0])
        for row in table[1:]:
            items += _row_items(ctx, row, unit, years, relevant)
    return items


def _unit(ctx: Context, table: list[Block]) -> int | None:
    """The unit a table's header row or the line just above it (its caption) gives."""
    index = ctx.block_index(table[0])
    caption = ctx.blocks[index - 1].text if index and ctx.blocks[index - 1].kind in (PARAGRAPH, HEADING) else ""
    text = f"{caption} {table[0].text}"
    return next((value for rx, value in _UNITS if rx.search(text)), None)


def _column_years(header: Block) -> dict[int, str]:
    years = {}
    for i, cell in enumerate(header.cells):
        found = re.search(r"(?:19|20)\d\d\s*[-/–]\s*\d{2,4}", cell.text)
        parsed = parse_period(found.group().replace(" ", "")) if found else None
        if parsed:
            years[i] = format_period(*parsed)
    return years


def _row_items(ctx: Context, row: Block, unit: int, years: dict[int, str], relevant) -> list[dict]:
    label = row.cells[0].text if row.cells else ""
    if not row.cells or _NUMBER.match(label) or not relevant(label):
        return []
    out = []
    for i, cell in enumerate(row.cells[1:], start=1):
        amount = _cell_amount(cell.text, unit)
        if amount is None:
            continue
        fields = {"amount_gbp": amount, "amount_high_gbp": None, "amount_text": cell.text,
                  "is_total": bool(TOTAL_LABEL.match(label)), "period": years.get(i), "funder": None,
                  "purpose": label, "recipient": None}
        out.append(make_item(ctx, cell.start, cell.end, fields, ["funding.table"], 0.75))
    return out


def _cell_amount(text: str, unit: int) -> int | float | None:
    """The pounds a figure cell holds in its table's unit ('150.0' under '£000s' -> 150000,
    '(150.0)' -> -150000); None for a cell that is no figure or a zero."""
    m = _NUMBER.match(text)
    if not m or float(m.group("n").replace(",", "")) == 0:
        return None
    amount = float(m.group("n").replace(",", "")) * unit * (-1 if m.group("neg") else 1)
    return int(amount) if amount.is_integer() else round(amount, 2)


# --- a table flattened one cell per line ('2019/20' '£' '2020/21' '£', then 'Bracknell' '136,091' '136,091')
_YEAR_CELL = re.compile(r"^\s*(?:19|20)\d\d\s*[-/–]\s*\d{2,4}\s*$")


def flat_table_funding(ctx: Context, relevant) -> list[dict]:
    """Funding items from tables a page printed one cell per line: a header of years, each with its
    '£' (or '£000') cell, then rows of a label and one amount per year."""
    items, i = [], 0
    while i < len(ctx.blocks):
        columns, unit, end = _flat_header(ctx.blocks, i)
        if columns:
            rows, end = _flat_rows(ctx.blocks, end, len(columns))
            if len(rows) >= 2:
                fund = _fund_heading(ctx.blocks, i)
                items += [dict(it, purpose=fund) for label, cells in rows if relevant(label)
                          for it in _flat_row_items(ctx, label, cells, columns, unit)]
            i = end
        else:
            i += 1
    return items


def _fund_heading(blocks: list[Block], i: int) -> str | None:
    """The fund a heading just above a table names ('Community Safety Fund'): its rows' purpose."""
    heading = next((b for b in reversed(blocks[max(0, i - 6):i]) if b.kind == HEADING and not b.text.endswith(":")), None)
    return purpose(heading.text, "") if heading is not None else None


def _flat_header(blocks: list[Block], i: int) -> tuple[list[str], int, int]:
    """The years of a flattened header starting at block ``i``, its unit, and the block after it."""
    years, unit, j = [], 1, i
    while j + 1 < len(blocks) and _YEAR_CELL.match(blocks[j].text):
        m = next(((rx, value) for rx, value in _UNITS if rx.search(blocks[j + 1].text)), None)
        if blocks[j + 1].text.strip() not in ("£", "(£)") and m is None:
            break
        parsed = parse_period(blocks[j].text.replace(" ", ""))
        years.append(format_period(*parsed) if parsed else None)
        unit = m[1] if m else 1
        j += 2
    return (years, unit, j) if len(years) >= 2 else ([], 1, i)


def _flat_rows(blocks: list[Block], i: int, width: int) -> tuple[list[tuple[Block, list[Block]]], int]:
    rows = []
    while i + width < len(blocks) and not _NUMBER.match(blocks[i].text) and any(c.isalpha() for c in blocks[i].text) \
            and len(blocks[i].text.split()) <= 8 and all(_NUMBER.match(b.text) for b in blocks[i + 1:i + 1 + width]):
        rows.append((blocks[i], blocks[i + 1:i + 1 + width]))
        i += 1 + width
    return rows, i


def _flat_row_items(ctx: Context, label: Block, cells: list[Block], years: list[str], unit: int) -> list[dict]:
    out = []
    for cell, year in zip(cells, years):
        amount = _cell_amount(cell.text, unit)
        if amount is None:
            continue
        fields = {"amount_gbp": amount, "amount_high_gbp": None,
                  "amount_text": cell.text, "is_total": bool(TOTAL_LABEL.match(label.text)), "period": year,
                  "funder": None, "purpose": None, "recipient": None if TOTAL_LABEL.match(label.text) else label.text}
        out.append(make_item(ctx, cell.start, cell.end, fields, ["funding.table"], 0.75))
    return out
