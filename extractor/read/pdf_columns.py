"""Column detection for the PDF reader: a page set in two columns is read column by column.

Pass one of :mod:`extractor.read.pdf` clusters a page's words into rows by their top.  On a
two-column page such a row holds a line of each column, and reading rows left to right
interleaves the columns.  Here a page's rows are cut into *flows*, read one after the other:

1. The gutter: a vertical white band at least ``GUTTER`` points wide, in the middle half of the
   page's text, crossed by the fewest rows (at most ``CROSSING`` of them); the widest such band.
2. Regions: runs of consecutive rows that do not cross the gutter; a crossing row (a title set
   across both columns) ends a region.
3. A region is read as two columns (its left side, then its right side) only on strong
   evidence: each side has ``MIN_SIDE`` rows, most of them filling their column as wrapped
   prose does, and the region spans a good part of the page.  Anything else (an indented list,
   a table of short cells, a right-aligned date) stays one flow, read row by row as before.

Consecutive one-flow parts are one flow, so a page without columns is a single flow.
"""
from __future__ import annotations

import math
from itertools import groupby
from operator import itemgetter

import numpy as np

GUTTER = 10.0  # minimum width (points) of the white band between two columns
CROSSING = 0.2  # share of a page's rows that may cross the gutter (titles across both columns)
MIN_SIDE = 3  # rows each column of a two-column region needs
FILLED = 0.6  # a row fills its column when it is this wide a share of the column
MIN_FILLED = 0.25  # share of each column's rows that must fill it
MIN_HEIGHT = 0.2  # a two-column region spans at least this share of the page height
PARAGRAPH = 4  # running filled rows that show a column of prose whatever else it holds

Words = list[dict]  # pdfplumber-style word dicts: text, x0, x1, top, bottom, size, fontname
_TOP_X0, _X0 = itemgetter("top", "x0"), itemgetter("x0")


def cluster_rows(words: Words) -> list[Words]:
    """Words clustered by their top (a row), top to bottom, each row left to right."""
    rows: list[Words] = []
    for word in sorted(words, key=_TOP_X0):
        if rows and word["top"] - rows[-1][0]["top"] <= max(2.0, 0.4 * word["size"]):
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=_X0) for row in rows]


def flows(words: Words, height: float) -> list[tuple[Words, float | None]]:
    """The page's words as flows in reading order (one flow when the page has no columns), each
    with the left edge of its column when it is a right-hand column (None otherwise)."""
    rows = cluster_rows(words)
    gutter = find_gutter(rows)
    if gutter is None:
        return [(words, None)] if words else []
    return _split(rows, gutter, height)


def flow_rows(words: Words, height: float) -> list[tuple[list[Words], float | None]]:
    """:func:`flows`, each flow clustered into rows (:func:`cluster_rows`); a page without
    columns keeps the rows its gutter was looked for in, instead of clustering them again."""
    rows = cluster_rows(words)
    gutter = find_gutter(rows)
    if gutter is None:
        return [(rows, None)] if words else []
    return [(cluster_rows(flow), origin) for flow, origin in _split(rows, gutter, height)]


def _split(rows: list[Words], gutter: tuple[float, float], height: float) -> list[tuple[Words, float | None]]:
    """The flows of a page whose rows have a gutter."""
    out: list[tuple[Words, float | None]] = []
    single = False  # whether out[-1] is a one-flow part that the next one-flow part extends
    for region in _regions(rows, gutter):
        sides = _sides(region, gutter)
        if sides and _two_columns(region, sides, gutter, height):
            out += [(_flat(sides[0]), None), (_flat(sides[1]), gutter[1])]
            single = False
        elif single:
            out[-1][0].extend(_flat(region))
        else:
            out.append((_flat(region), None))
            single = True
    return out


def _flat(rows: list[Words]) -> Words:
    return [w for row in rows for w in row]


def place(top: float, x: float, boxes: list[tuple[float, float, float, float]]) -> float:
    """Where in the flows (boxes ``(x0, top, x1, bottom)`` in reading order) an item at ``top``
    and horizontal centre ``x`` (a ruled table) is read: the flow holding it, else just
    before the first flow starting below it."""
    if len(boxes) <= 1:
        return 0
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        if x0 <= x <= x1 and y0 <= top <= y1:
            return k
    return next((k - 0.5 for k, box in enumerate(boxes) if box[1] > top), len(boxes))


# ----------------------------------------------------------------------------- the gutter
def find_gutter(rows: list[Words]) -> tuple[float, float] | None:
    """(x0, x1) of the band, ``GUTTER`` points wide or more in the middle half of the text, that
    the fewest rows cross (at most ``CROSSING`` of them), widest first; None when there is none."""
    if len(rows) < 2 * MIN_SIDE:
        return None
    left = min(w["x0"] for row in rows for w in row)
    right = max(w["x1"] for row in rows for w in row)
    low = left + 0.25 * (right - left)
    coverage = _coverage(rows, low, right - 0.25 * (right - left))
    for crossing in sorted(set(coverage.tolist())):  # the clearest band first
        if crossing > CROSSING * len(rows):
            return None
        best = max(_runs(coverage <= crossing), key=lambda run: run[1] - run[0])
        if best[1] - best[0] >= GUTTER:
            return _widen(rows, (low + best[0], low + best[1]))
    return None


def _coverage(rows: list[Words], low: float, high: float) -> np.ndarray:
    """For each point from ``low`` to ``high``: how many rows have a word over it (each word
    covers the points from ``int(x0 - low)`` up to ``ceil(x1 - low)``; one pass of array
    operations over all words)."""
    width = max(0, int(high - low))
    x0 = np.array([w["x0"] for row in rows for w in row], dtype=float)
    x1 = np.array([w["x1"] for row in rows for w in row], dtype=float)
    row = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    start = np.minimum(np.maximum(0, (x0 - low).astype(np.int64)), width)  # int() truncates as astype
    end = np.minimum(np.maximum(0, np.ceil(x1 - low).astype(np.int64)), width)
    keep = start < end
    steps = np.zeros((len(rows), width + 1), dtype=np.int64)
    np.add.at(steps, (row[keep], start[keep]), 1)
    np.add.at(steps, (row[keep], end[keep]), -1)
    return (np.cumsum(steps, axis=1)[:, :width] > 0).sum(axis=0)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in ``mask``."""
    edges = np.diff(np.concatenate(([0], mask.astype(int), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def _crosses(row: Words, x0: float, x1: float) -> bool:
    return any(w["x0"] < x1 and w["x1"] > x0 for w in row)


def _widen(rows: list[Words], band: tuple[float, float]) -> tuple[float, float]:
    """The band stretched to the nearest words on each side of it (on rows not crossing it)."""
    x0, x1 = band
    clear = [row for row in rows if not _crosses(row, x0, x1)]
    lefts = [w["x1"] for row in clear for w in row if w["x1"] <= x0]
    rights = [w["x0"] for row in clear for w in row if w["x0"] >= x1]
    return (max(lefts, default=x0), min(rights, default=x1))


# ----------------------------------------------------------------------------- regions
def _regions(rows: list[Words], gutter: tuple[float, float]) -> list[list[Words]]:
    """Rows in runs: each crossing row alone, each run of rows clear of the gutter together."""
    out: list[list[Words]] = []
    was_clear = False
    for row in rows:
        clear = not _crosses(row, *gutter)
        if clear and was_clear:
            out[-1].append(row)
        else:
            out.append([row])
        was_clear = clear
    return out


def _sides(region: list[Words], gutter: tuple[float, float]) -> tuple[list[Words], list[Words]] | None:
    """The region's rows cut at the gutter: (left parts, right parts); None for a crossing row."""
    if _crosses(region[0], *gutter):
        return None
    middle = (gutter[0] + gutter[1]) / 2
    left = [[w for w in row if w["x1"] <= middle] for row in region]
    right = [[w for w in row if w["x0"] >= middle] for row in region]
    return [r for r in left if r], [r for r in right if r]


def _two_columns(region: list[Words], sides: tuple[list[Words], list[Words]],
                 gutter: tuple[float, float], height: float) -> bool:
    """Strong evidence of two columns of prose in ``region``."""
    left, right = sides
    if len(left) < MIN_SIDE or len(right) < MIN_SIDE:
        return False
    top, bottom = region[0][0]["top"], max(w["bottom"] for w in region[-1])
    if bottom - top < MIN_HEIGHT * height:
        return False
    start = min(row[0]["x0"] for row in left)
    end = max(row[-1]["x1"] for row in right)
    return _filled(left, start, gutter[0]) and _filled(right, gutter[1], end)


def _filled(rows: list[Words], x0: float, x1: float) -> bool:
    """Many rows of a column reach across it, as wrapped prose does (short cells do not): a
    share of them, or a paragraph's worth (``PARAGRAPH`` running rows) beside a column of short
    cells."""
    width = max(1.0, x1 - x0)
    full = [row[-1]["x1"] - row[0]["x0"] >= FILLED * width for row in rows]
    longest = max((len(list(run)) for filled, run in groupby(full) if filled), default=0)
    return sum(full) >= MIN_SIDE and (sum(full) >= MIN_FILLED * len(rows) or longest >= PARAGRAPH)
