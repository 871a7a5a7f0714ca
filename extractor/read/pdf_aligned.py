"""Tables without ruling lines: runs of a flow's rows whose words stand in aligned column bands.

pdfplumber's ruled-table finder (:mod:`extractor.read.pdf_tables`) needs drawn edges; a table
set only by its alignment (an unruled risk register, a cover-sheet grid) reached the reader as
running text, its cells read across as one line.  Here, within one flow (a column of the page:
:mod:`extractor.read.pdf_columns`), rows already clustered by their top are scanned for a run
that reads as a table:

1. A row *opens* a run when a gap of at least ``CELL_GAP`` em parts its words into cells
   (a word space is about a quarter of an em); those gaps are the run's column separators.
2. The run takes the rows below, at a line pitch or a little more, while each separator keeps
   a white band at least ``MIN_SEPARATOR`` points wide that no word of any row crosses (a row
   that crosses one ends the run).
3. Its lines are grouped into rows: a new row starts after a gap wider than the run's line
   pitch (the padding between table rows); a run set at one pitch throughout is read a line a
   row only if it has ``UNIFORM_LINES`` lines or more, every cell of every line is filled
   (else a wrapped cell could not be told from a new row) and no column reads as wrapped prose
   (two short columns of prose the page's column finder left as one flow).

Precision matters more than recall, so a run is a table only when it has two rows or more,
each starting with two filled columns, its lines never closer than a line's height (two columns
of prose read as one flow interleave), it does not lie wholly in the top or bottom ``EDGE`` of
the page (a running header or footer set in columns), and its first column is none of these
(which stay running text, as before):

- a list marker or a bare number alone on any line (a bulleted or numbered list, or numbered
  paragraphs, with hanging indents; a justified line below them can leave a gap under the
  list's);
- a label ending in ":" (label/value lines, read as the "Label: value" lines they print);
- bold labels beside plain values on every row (label/value lines without colons).

pdfplumber's own ``vertical_strategy="text"`` finder needs pdfminer's page (the fast PDFium
path has none, and parsing one costs about 50 ms a page) and gives a row per text line, so a
wrapped cell would be cut into rows; the separators here are found on the words pass one
already has, and only in flows where a row shows a cell gap.
"""
from __future__ import annotations

import re

from extractor.read import markers

CELL_GAP = 0.6  # em: a gap this wide between two words of a row may part two cells
MIN_SEPARATOR = 3.0  # points: the narrowest white band left between two columns
ROW_GAP = 1.12  # a line pitch this many times the run's tightest starts a new table row
MAX_PITCH = 2.4  # em: a larger step from one line to the next ends the run
MIN_PITCH = 0.9  # em: lines closer than this are interleaved columns, not a table
UNIFORM_LINES = 3  # lines a run at one pitch needs, every cell of every line filled
PROSE_WORDS, FULL = 4, 0.8  # a prose line: this many words, reaching this share across its column
EDGE = 0.08  # share of the page height at top and bottom holding running headers/footers

Words = list[dict]  # pdfplumber-style word dicts: text, x0, x1, top, bottom, size, fontname
Band = tuple[float, float]
Found = tuple[float, float, list[list[str]], float]  # top, bottom, rows of cell texts, centre
_LABEL = re.compile(r"[:：]$")
_NUMBER = re.compile(r"^\d{1,3}$")


def split_tables(rows: list[Words], height: float) -> tuple[list[Words], list[Found]]:
    """The flow's rows that stay text, and its aligned tables as (top, bottom, rows of cell
    texts, horizontal centre); a cell's wrapped lines are parted by newlines."""
    kept: list[Words] = []
    tables: list[Found] = []
    i = 0
    while i < len(rows):
        found = _table_at(rows, i, height)
        if found is None:
            kept.append(rows[i])
            i += 1
        else:
            end, table = found
            tables.append(table)
            i = end
    return kept, tables


def _table_at(rows: list[Words], i: int, height: float) -> tuple[int, Found] | None:
    """(end, table) of the table whose run opens at row ``i``; None when no table opens there."""
    separators = _gaps(rows[i])
    if not separators:
        return None
    end, separators = _grow(rows, i, separators)
    if end - i < 2:
        return None
    run = rows[i:end]
    if max(w["bottom"] for w in run[-1]) < EDGE * height or run[0][0]["top"] > (1 - EDGE) * height:
        return None  # a running header or footer set in columns
    table = _table(run, separators)
    return None if table is None else (end, table)


# ----------------------------------------------------------------------------- the run
def _gaps(row: Words) -> list[Band]:
    """White bands between a row's words wide enough to part two cells."""
    return [(a["x1"], b["x0"]) for a, b in zip(row, row[1:])
            if b["x0"] - a["x1"] >= CELL_GAP * max(a["size"], b["size"])]


def _grow(rows: list[Words], i: int, separators: list[Band]) -> tuple[int, list[Band]]:
    """Where the run opened at row ``i`` ends (exclusive), and its separators narrowed to the
    white band every row of it leaves."""
    size = _size(rows[i])
    end = i + 1
    while end < len(rows):
        row = rows[end]
        step = row[0]["top"] - rows[end - 1][0]["top"]
        if step > MAX_PITCH * size or abs(_size(row) - size) > 1.0:
            break
        narrowed = [_narrow(band, row) for band in separators]
        if any(band is None for band in narrowed) or row[0]["x0"] < rows[i][0]["x0"] - MIN_SEPARATOR:
            break  # a word across a separator, or a line back left of the first cell (a paragraph)
        separators, end = narrowed, end + 1
    return end, separators


def _narrow(band: Band, row: Words) -> Band | None:
    """``band`` less the words of ``row`` reaching into it; None when too little is left (a
    word crossing it, or eating it to under ``MIN_SEPARATOR``)."""
    x0, x1 = band
    for w in row:
        if w["x1"] <= x0 or w["x0"] >= x1:
            continue
        if w["x0"] <= x0 and w["x1"] >= x1:
            return None
        if w["x0"] <= x0:
            x0 = w["x1"]
        elif w["x1"] >= x1:
            x1 = w["x0"]
        else:  # a word inside the band: the wider side is left
            x0, x1 = (x0, w["x0"]) if w["x0"] - x0 >= x1 - w["x1"] else (w["x1"], x1)
    return (x0, x1) if x1 - x0 >= MIN_SEPARATOR else None


def _size(row: Words) -> float:
    return max(w["size"] for w in row)


# ----------------------------------------------------------------------------- the table
def _table(run: list[Words], separators: list[Band]) -> Found | None:
    """(top, bottom, rows of cell texts, centre) of the run read as a table; None when it is
    not one by the rules in the module doc."""
    lines = [_cells(row, separators) for row in run]
    steps = [b[0]["top"] - a[0]["top"] for a, b in zip(run, run[1:])]
    if min(steps) < MIN_PITCH * _size(run[0]):
        return None
    groups = _rows(lines, steps)
    if groups is None or len(groups) < 2:
        return None
    if not all(sum(1 for cell in group[0] if cell) >= 2 for group in groups):
        return None
    if _list_or_labels(groups):
        return None
    texts = [[_cell_text([line[c] for line in group]) for c in range(len(separators) + 1)] for group in groups]
    left = min(w["x0"] for row in run for w in row)
    right = max(w["x1"] for row in run for w in row)
    return run[0][0]["top"], max(w["bottom"] for w in run[-1]), texts, (left + right) / 2


def _cells(row: Words, separators: list[Band]) -> list[Words]:
    """The row's words per column (the bands between separators)."""
    cells: list[Words] = [[] for _ in range(len(separators) + 1)]
    for w in row:
        middle = (w["x0"] + w["x1"]) / 2
        cells[sum(1 for x0, x1 in separators if middle > x1)].append(w)
    return cells


def _rows(lines: list[list[Words]], steps: list[float]) -> list[list[list[Words]]] | None:
    """The run's lines grouped into table rows: a wider step than the tightest starts a row;
    with no wider step, a line a row when every line fills two columns (else None)."""
    tight = min(steps)
    breaks = [step > ROW_GAP * tight for step in steps]
    if not any(breaks):  # rows set without padding, or wrapped cells: only full rows tell
        if len(lines) < UNIFORM_LINES or not all(all(line) for line in lines) or _prose_column(lines):
            return None
        return [[line] for line in lines]
    groups = [[lines[0]]]
    for line, new in zip(lines[1:], breaks):
        if new:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _prose_column(lines: list[list[Words]]) -> bool:
    """Whether some column reads as wrapped prose (two columns of text set side by side): lines
    of ``PROSE_WORDS`` words or more, most of them reaching across the column."""
    for c in range(len(lines[0])):
        cells = [line[c] for line in lines]
        x0, x1 = min(cell[0]["x0"] for cell in cells), max(cell[-1]["x1"] for cell in cells)
        full = [len(cell) >= PROSE_WORDS and cell[-1]["x1"] - cell[0]["x0"] >= FULL * (x1 - x0) for cell in cells]
        if sum(full) >= 0.5 * len(cells):
            return True
    return False


def _list_or_labels(groups: list[list[list[Words]]]) -> bool:
    """Whether the first column holds list markers (a list with hanging indents), labels ending
    in ":" or bold labels beside plain values (label/value lines)."""
    if any(_is_marker(line[0]) for group in groups for line in group):
        return True
    firsts = [[w for line in group for w in line[0]] for group in groups]
    filled = [cell for cell in firsts if cell]
    if any(_LABEL.search(cell[-1]["text"]) for cell in filled):
        return True
    rest = [w for group in groups for line in group for cell in line[1:] for w in cell]
    return len(filled) == len(groups) and all(_bold(w) for cell in filled for w in cell) and not any(map(_bold, rest))


def _is_marker(words: Words) -> bool:
    """A line's first column holding only a list marker ("•", "1.", "(a)", "2.1") or a bare
    number (a numbered heading's "9")."""
    if len(words) != 1:
        return False
    text = words[0]["text"]
    return markers.WORD.match(text) is not None or markers.is_bullet(text) or _NUMBER.match(text) is not None


def _bold(word: dict) -> bool:
    return re.search(r"bold|black|heavy|semibold|demi", word.get("fontname", ""), re.IGNORECASE) is not None


def _cell_text(lines: list[Words]) -> str:
    """A cell's lines, each line's words joined by spaces (joined across lines by the reader)."""
    return "\n".join(" ".join(w["text"] for w in words) for words in lines if words)
