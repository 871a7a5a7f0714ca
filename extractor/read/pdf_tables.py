"""pdfplumber's ruled-table finder over a PDFium page, with its slow steps done faster.

:class:`~extractor.read.pdfium_page.FastPage` offers the page pdfplumber's ``TableFinder``
reads (edges and characters); pdfplumber snaps and joins the edges and finds where they cross
as always.  Two steps are redone here, with pdfplumber's results:

- :func:`intersections_to_cells`: for each crossing, the smallest ruled cell whose top-left
  corner it is.  pdfplumber tests whether two crossings share an edge by building sets of
  edge boxes on every test (most of the finder's time); here each crossing's sets are built
  once, and the crossings below and to the right of a point are looked up instead of searched.
- :class:`FastTable`: a table whose cell texts are read from the page's character columns with
  :func:`extractor.read.chars.text_lines` instead of pdfplumber's per-character dicts.
"""
from __future__ import annotations

from operator import itemgetter

import numpy as np

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import extract_text

from extractor.read import chars
from extractor.read.chars import Chars

Point = tuple[float, float]
Box = tuple[float, float, float, float]
_BOX = itemgetter("x0", "top", "x1", "bottom")  # pdfplumber's obj_to_bbox


def find_tables(page) -> list["FastTable"]:
    """pdfplumber's ``TableFinder(page).tables`` (default settings), as :class:`FastTable`."""
    settings = TableSettings.resolve(None)
    finder = TableFinder.__new__(TableFinder)  # its __init__ would find the cells pdfplumber's way
    finder.page, finder.settings = page, settings
    edges = finder.get_edges()
    crossings = edges_to_intersections(edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance)
    return [FastTable(page, group) for group in cells_to_tables(intersections_to_cells(crossings))]


def intersections_to_cells(intersections: dict) -> list[Box]:
    """pdfplumber's ``intersections_to_cells``: the same cells in the same order."""
    points = sorted(intersections)
    v = {p: frozenset(map(_BOX, intersections[p]["v"])) for p in points}
    h = {p: frozenset(map(_BOX, intersections[p]["h"])) for p in points}

    def connects(p1: Point, p2: Point) -> bool:
        return (p1[0] == p2[0] and not v[p1].isdisjoint(v[p2])) or (p1[1] == p2[1] and not h[p1].isdisjoint(h[p2]))

    column: dict[float, list[Point]] = {}
    row: dict[float, list[Point]] = {}
    for p in points:  # sorted by (x, top): a column runs down, a row runs right
        column.setdefault(p[0], []).append(p)
        row.setdefault(p[1], []).append(p)
    down = {p: n for line in column.values() for n, p in enumerate(line)}
    across = {p: n for line in row.values() for n, p in enumerate(line)}
    cells = []
    for pt in points:
        below = column[pt[0]][down[pt] + 1:]
        right = [r for r in row[pt[1]][across[pt] + 1:] if connects(pt, r)]
        cell = _smallest(pt, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest(pt: Point, below: list[Point], right: list[Point], intersections: dict, connects) -> Box | None:
    """The first cell (going down, then right) whose corners are joined by edges."""
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            corner = (right_pt[0], below_pt[1])
            if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


class FastTable(Table):
    """pdfplumber's Table whose ``extract`` selects each cell's characters with array tests
    and joins them with :func:`extractor.read.chars.text_lines`: the same cells (same tests,
    characters kept in page order), in a fraction of the time."""

    def extract(self, **options) -> list[list[str | None]]:
        """Rows of cell texts, as pdfplumber's Table.extract gives them (default options)."""
        columns = self.page.columns
        mx, my = columns.middles()
        x0, top, x1, bottom = self.bbox
        near = np.flatnonzero((x0 <= mx) & (mx <= x1) & (top <= my) & (my <= bottom))  # every cell is inside
        cells = [cell for row in self.rows for cell in row.cells if cell is not None]
        inside = [near[_within(mx[near], my[near], cell)] for cell in cells]
        texts = iter(_texts(columns, inside))
        return [[None if cell is None else next(texts) for cell in row.cells] for row in self.rows]


def _within(mx: np.ndarray, my: np.ndarray, cell: Box) -> np.ndarray:
    """Whether each middle is inside the cell (pdfplumber's test: left and top edges included)."""
    x0, top, x1, bottom = cell
    return (x0 <= mx) & (mx < x1) & (top <= my) & (my < bottom)


def _texts(columns: Chars, inside: list[np.ndarray]) -> list[str]:
    """Each cell's text: its lines (:func:`extractor.read.chars.cell_lines`), or pdfplumber's
    extract_text for a cell with sideways characters."""
    lines = chars.cell_lines(columns, inside)
    return [extract_text(columns.take(cell).dicts()) if found is None else "\n".join(found)
            for cell, found in zip(inside, lines)]
