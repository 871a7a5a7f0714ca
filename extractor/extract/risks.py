"""Risks from risk tables: a header row names the columns, each later row is a risk.

Columns are recognised by their header words: the risk (name or description),
a separate description, the mitigation/action, and the rating.  A table is a
risk table only when its header has a risk column and a mitigation or rating
column, so sign-off checklists ("Risk comments | Yes | 04/11/25") are not risks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import TABLE_ROW, Block
from .context import Context, clean_text, make_item

_RATING = re.compile(r"\b(?:rating|score|rag|residual|risk level|level of risk|current risk)\b", re.I)
_LIKELIHOOD = re.compile(r"\b(?:likelihood|probability)\b", re.I)
_MITIGATION = re.compile(r"\b(?:mitigat\w*|actions?|controls?|response|management|treatment)\b", re.I)
_DESCRIPTIONS = [re.compile(r"\bdescription\b", re.I), re.compile(r"\b(?:risk )?event\b", re.I),
                 re.compile(r"\b(?:details?|cause|consequences?|impact)\b", re.I)]
_RISK = re.compile(r"\brisks?\b", re.I)


@dataclass
class Columns:
    risk: int
    description: int | None
    mitigation: int | None
    rating: int | None


def tables(blocks: list[Block]) -> list[list[Block]]:
    """Consecutive table rows grouped into tables (by table id where the reader set one)."""
    out: list[list[Block]] = []
    prev = None
    for i, block in enumerate(blocks):
        if block.kind != TABLE_ROW:
            prev = None
            continue
        if prev is None or block.table != blocks[prev].table or prev != i - 1:
            out.append([])
        out[-1].append(block)
        prev = i
    return out


def header_columns(cells: list[str]) -> Columns | None:
    """Map a header row to risk columns; None when it is not a risk table header."""
    rating = _find(cells, _RATING)
    rating = _find(cells, _LIKELIHOOD) if rating is None else rating
    mitigation = _find(cells, _MITIGATION, exclude=_RATING, taken={rating})
    taken = {rating, mitigation} - {None}
    risk = _find(cells, _RISK, taken=taken)
    if risk is None or (rating is None and mitigation is None):
        return None
    desc = next((d for rx in _DESCRIPTIONS if (d := _find(cells, rx, taken=taken | {risk})) is not None), None)
    return Columns(risk, desc, mitigation, rating)


def _find(cells: list[str], rx: re.Pattern, exclude: re.Pattern | None = None, taken=frozenset()) -> int | None:
    for i, cell in enumerate(cells):
        if len(cell) < 60 and i not in taken and rx.search(cell) and not (exclude and exclude.search(cell)):
            return i
    return None


def extract_risks(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for table in tables(ctx.blocks):
        items += _table_risks(ctx, table)
    return items


def _table_risks(ctx: Context, rows: list[Block]) -> list[dict]:
    items: list[dict] = []
    cols = None
    for row in rows:
        texts = [c.text for c in row.cells]
        found = header_columns(texts)
        if found is not None:
            cols = found
            continue
        if cols is not None and len(texts) > cols.risk and texts[cols.risk]:
            items.append(_row_item(ctx, row, cols))
    return items


def _row_item(ctx: Context, row: Block, cols: Columns) -> dict:
    def cell(i):
        return clean_text(row.cells[i].text) or None if i is not None and i < len(row.cells) else None

    fields = {"risk": cell(cols.risk), "description": cell(cols.description),
              "mitigation": cell(cols.mitigation), "rating": cell(cols.rating)}
    confidence = 0.9 if fields["mitigation"] or fields["rating"] else 0.6
    return make_item(ctx, row.start, row.end, fields, ["risk.table"], confidence)
