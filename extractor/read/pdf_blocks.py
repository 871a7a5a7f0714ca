"""Pass two of the PDF reader: lines and ruled tables of parsed pages into blocks.

It drops running headers and footers (lines near the top or bottom edge that repeat on several
pages once digits are ignored, and "Page N" / "N" / "Agenda Item N" lines), groups the remaining
lines into headings, paragraphs and list items by geometry (line pitch, alignment, whether the
next line's first word would have fitted on the previous line, list markers and font changes),
and writes the canonical text with the writer every reader shares
(:mod:`extractor.read.canonical`).  Pure Python over the page data of :mod:`extractor.read.pdf`.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from extractor.document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Document
from extractor.read import markers, pdf_columns
from extractor.read.canonical import CanonicalWriter, Proto
from extractor.read.pdf_lines import _continues, _hang, _marker

PAGE_LINE = re.compile(
    r"^(?:(?:page\s*)?[-–]?\s*\d{1,3}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,3})?"  # 3  - 3 -  Page 3 of 9
    r"|agenda\s+item\s*\d+[a-z]?)$",  # Agenda Item 7
    re.IGNORECASE,
)
KEEP_HYPHEN = {  # prefixes whose hyphen is real when a line breaks after it: co-/operate
    "anti", "co", "cross", "cyber", "e", "ex", "full", "high", "inter", "long", "low", "mid",
    "multi", "non", "over", "part", "post", "pre", "pro", "re", "self", "semi", "short", "sub",
    "under", "well", "wide", "x",
}
EDGE, PATTERN_EDGE = 0.08, 0.12  # fractions of page height holding running headers/footers
INDENT_STEP = 36.0  # points per list nesting level (about 1.27 cm)


# ----------------------------------------------------------------------------- page data
@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float


@dataclass(slots=True)
class Line:
    words: list[Word]
    top: float
    bottom: float
    size: float
    bold: bool
    flow: int = 0  # which flow of its page it is read in (a column: extractor.read.pdf_columns)
    origin: float | None = None  # its column's left edge when that is not the page's

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Table:
    top: float
    bottom: float
    rows: list[list[str]]
    x: float = 0.0  # horizontal centre

    def key(self) -> str:
        return "\n".join("\t".join(row) for row in self.rows)


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    has_images: bool = False

    @property
    def has_text(self) -> bool:
        return bool(self.lines or self.tables)


@dataclass
class _Proto(Proto):
    """A block before it is written into the canonical text, with where it lies."""

    page: int = 1
    x0: float = 0.0  # where its first line starts
    hang: float = 0.0  # where its wrapped lines start
    flow: int = 0  # the flow (column) of its page it is read in
    left: float = 0.0  # the left edge of its column


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines with single spaces, repairing words hyphenated across lines."""
    out = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("\u00ad"):
            out = out[:-1] + line
        else:
            out = _join_pair(out, line)
    return out.replace("\u00ad", "")


def _join_pair(left: str, right: str) -> str:
    """``imple-`` + ``ment`` -> ``implement``; ``co-`` + ``operate`` -> ``co-operate``."""
    if not re.search(r"\w[-–]$", left):
        return f"{left} {right}"
    prefix = re.split(r"[\s\-–/(]", left[:-1])[-1]
    dehyphen = left.endswith("-") and prefix.isalpha() and right[:1].islower()
    if dehyphen and prefix.lower() not in KEEP_HYPHEN:
        return left[:-1] + right
    return left + right


# ----------------------------------------------------------------------------- pass one
# ----------------------------------------------------------------------------- pass two
def build_document(path: Path, pages: list[Page]) -> Document:
    left = _left_edge(pages)
    tables = _TableCounter()
    per_page = []
    for page in pages:
        items = [*tables.protos(page), *_text_protos(page, left)]
        protos = [p for _, protos in sorted(items, key=lambda i: i[0]) for p in protos]
        _merge_across_columns(protos)
        per_page.append(protos)
    _merge_across_pages(per_page)
    writer = CanonicalWriter()
    for n, protos in enumerate(per_page):
        if n:
            writer.page_break()
        for proto in protos:
            writer.add(proto)
    writer.end_pages()
    return writer.document(str(path), "pdf", pages=len(pages))


def _zone(top: float, bottom: float, page: Page, edge: float) -> bool:
    return top < edge * page.height or bottom > (1 - edge) * page.height


def _key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower())


def drop_running(pages: list[Page]) -> None:
    """Remove running headers/footers: lines and tables near the top or bottom edge that
    repeat on several pages (digits ignored for lines), and page-number lines."""
    need = max(2, math.ceil(0.25 * len(pages)))
    lines = Counter(k for p in pages for k in {_key(ln) for ln in p.lines if _in_edge(ln, p)})
    tables = Counter(k for p in pages for k in {t.key() for t in p.tables if _in_edge(t, p, 0.15)})
    for page in pages:
        page.lines = [ln for ln in page.lines if not _is_running(ln, page, lines, need)
                      or (page is pages[0] and _is_title_line(ln, page))]
        page.tables = [t for t in page.tables if not _is_running_table(t, page, tables, need)]


def _is_title_line(line: Line, page: Page) -> bool:
    """A large bold heading repeated at the top of every page is the title: keep it on page 1."""
    return line.bold and line.top < page.height * EDGE and len(line.text) > 12 and not PAGE_LINE.match(line.text)


def _in_edge(item: Line | Table, page: Page, edge: float = EDGE) -> bool:
    return _zone(item.top, item.bottom, page, edge)


def _is_running(line: Line, page: Page, counts: Counter, need: int) -> bool:
    if _in_edge(line, page) and counts[_key(line)] >= need:
        return True
    return _in_edge(line, page, PATTERN_EDGE) and bool(PAGE_LINE.match(line.text))


def _is_running_table(table: Table, page: Page, counts: Counter, need: int) -> bool:
    return _in_edge(table, page, 0.15) and counts[table.key()] >= need


def _left_edge(pages: list[Page]) -> float:
    """The document's left text edge: the leftmost line start seen at least three times."""
    starts = Counter(round(ln.x0) for p in pages for ln in p.lines)
    common = [x for x, n in starts.items() if n >= 3]
    return min(common or starts or [0])


def _merge_across_pages(per_page: list[list[_Proto]]) -> None:
    """A paragraph broken by a page break is one block, written on the page it starts on."""
    for before, after in zip(per_page, per_page[1:]):
        if before and after and _carries_on(before[-1], after[0]):
            before[-1].text = join_lines([before[-1].text, after.pop(0).text])


def _merge_across_columns(protos: list[_Proto]) -> None:
    """A paragraph going on at the top of the next column is one block."""
    k = 1
    while k < len(protos):
        if protos[k - 1].flow != protos[k].flow and _carries_on(protos[k - 1], protos[k]):
            protos[k - 1].text = join_lines([protos[k - 1].text, protos.pop(k).text])
        else:
            k += 1


def _carries_on(last: _Proto, first: _Proto) -> bool:
    """``first`` (top of a page) continues ``last`` (bottom of the page before)."""
    if last.kind not in (PARAGRAPH, LIST_ITEM) or first.kind != PARAGRAPH:
        return False
    same_style = last.bold == first.bold and abs((last.size or 0) - (first.size or 0)) <= 1
    if not same_style or last.text.endswith((".", "!", "?", ":", ";")):
        return False
    x0 = first.x0 - (first.left - last.left)  # where it starts, in the column of ``last``
    hanging = last.kind == LIST_ITEM and abs(x0 - last.hang) <= 4 and x0 > last.x0 + 10
    return first.text[:1].islower() or hanging


# ----------------------------------------------------------------------------- tables
class _TableCounter:
    """Numbers tables.  A table above a page's first text line continues the table that
    ended the previous page (read after its last text line, in the last column of a page set in
    columns) when it has as many columns: it keeps that table's number and
    the header rows it repeats are dropped."""

    def __init__(self) -> None:
        self.number = 0
        self.header: list[list[str]] = []  # first rows of the current table
        self.open = False  # the previous page ended with a table

    def protos(self, page: Page) -> list[tuple[tuple[float, float], list[_Proto]]]:
        out = []
        first_line = min((ln.top for ln in page.lines), default=math.inf)
        flows = _by_flow(page.lines)
        boxes = [_box(lines) for lines in flows]
        for table in sorted(page.tables, key=lambda t: t.top):
            rows = self._rows(table, continues=table.top < first_line)
            where = pdf_columns.place(table.top, table.x, boxes)
            out.append(((where, table.top), [self._proto(row, page.number) for row in rows]))
        last_line = (len(flows) - 1, flows[-1][-1].top) if flows else (-math.inf, -math.inf)
        self.open = any(where > last_line for where, _ in out)  # read after the last line (of the last column)
        return out

    def _rows(self, table: Table, continues: bool) -> list[list[str]]:
        rows, was_open, self.open = table.rows, self.open, False
        if continues and was_open and self.header and len(rows[0]) == len(self.header[0]):
            return _drop_repeated_header(rows, self.header)
        self.number += 1
        self.header = rows[:3]
        return rows

    def _proto(self, row: list[str], page: int) -> _Proto:
        return _Proto(TABLE_ROW, "\t".join(row), cells=row, table=self.number, page=page)


def _drop_repeated_header(rows: list[list[str]], header: list[list[str]]) -> list[list[str]]:
    """Rows of a continued table without the header rows it repeats at the top of the page."""
    skip = 0
    while skip < min(len(rows), len(header)) and rows[skip] == header[skip]:
        skip += 1
    return rows[skip:]


# ----------------------------------------------------------------------------- text blocks
@dataclass
class _Geometry:
    """Per-page layout figures used to decide where blocks start."""

    body: float  # body font size (median over characters)
    pitch: float  # normal line pitch as a multiple of font size
    left: float  # the document's left text edge
    right: float  # right text edge of the page
    stops: list[tuple[float, int]] = field(default_factory=list)  # (x, nesting level) of its list markers


def _median_char_size(lines: list[Line]) -> float:
    """``statistics.median`` of the font size of every character (counted per size, not listed)."""
    counts: dict[float, int] = {}
    for ln in lines:
        counts[ln.size] = counts.get(ln.size, 0) + sum(len(w.text) for w in ln.words)
    sizes = sorted(counts)
    ends = list(accumulate(counts[size] for size in sizes))  # the sizes up to rank ends[k] - 1 are sizes[k]
    n = ends[-1]
    at = lambda rank: sizes[bisect_right(ends, rank)]  # noqa: E731
    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


def _geometry(lines: list[Line], left: float) -> _Geometry:
    ratios = [
        round((b.top - a.top) / a.size * 20) / 20
        for a, b in zip(lines, lines[1:])
        if abs(a.size - b.size) <= 1 and 0.9 < (b.top - a.top) / a.size < 2.5
    ]
    common = [r for r, n in Counter(ratios).items() if n >= 2]
    rights = sorted(ln.x1 for ln in lines)
    return _Geometry(
        _median_char_size(lines),
        min(common) if common else 1.2,
        left,
        rights[int(0.9 * (len(rights) - 1))],
    )


def _text_protos(page: Page, left: float) -> list[tuple[tuple[float, float], list[_Proto]]]:
    """Blocks of each flow (column) of the page, keyed by (flow, top)."""
    out = []
    for lines in _by_flow(page.lines):
        geo = _geometry(lines, left if lines[0].origin is None else lines[0].origin)
        groups: list[list[Line]] = []
        for line in lines:
            if groups and _continues(groups[-1], line, geo):
                groups[-1].append(line)
            else:
                groups.append([line])
        geo.stops = _marker_stops([g[0].x0 for g in groups if _marker(g[0])], geo.left)
        out += [((g[0].flow, g[0].top), [_classify(g, page.number, geo)]) for g in groups]
    return out


def _by_flow(lines: list[Line]) -> list[list[Line]]:
    """Runs of consecutive lines read in the same flow."""
    out: list[list[Line]] = []
    for line in lines:
        if out and out[-1][-1].flow == line.flow:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _box(lines: list[Line]) -> tuple[float, float, float, float]:
    return (min(ln.x0 for ln in lines), lines[0].top, max(ln.x1 for ln in lines), max(ln.bottom for ln in lines))


def _classify(group: list[Line], page: int, geo: _Geometry) -> _Proto:
    """A group of lines -> heading, list item or paragraph."""
    marker, first = _split_marker(group[0])
    text = join_lines([first, *(ln.text for ln in group[1:])])
    bold = all(ln.bold for ln in group)
    size = max(ln.size for ln in group)
    kind, level = PARAGRAPH, 0
    if _is_heading(text, bold, size, geo) and not _is_bullet(marker):
        kind = HEADING
    elif marker:
        kind, level = LIST_ITEM, _level(group[0].x0, geo)
    hang = group[1].x0 if len(group) > 1 else _hang(group[0])
    return _Proto(kind, text, marker, level, bold, size=size, page=page, x0=group[0].x0, hang=hang,
                  flow=group[0].flow, left=geo.left)


def _split_marker(line: Line) -> tuple[str | None, str]:
    """(marker, rest of the line's text); (None, text) when the line has no marker."""
    found = _marker(line)
    if not found:
        return None, line.text
    marker, skip = found
    rest = " ".join(w.text for w in line.words[skip:])
    return marker, rest if skip else rest[len(marker):].lstrip()


def _is_bullet(marker: str | None) -> bool:
    return markers.is_bullet(marker)


def _is_heading(text: str, bold: bool, size: float, geo: _Geometry) -> bool:
    prominent = bold or size >= geo.body + 1.0
    short = 0 < len(text) < 120 and not text.endswith(".")
    return prominent and short and any(c.isalpha() for c in text)


def _level(x0: float, geo: _Geometry) -> int:
    """The nesting level of a list item whose marker starts at ``x0``: its marker position's."""
    level = next((level for x, level in geo.stops if x - 1 <= x0 < x + MARKER_JITTER), None)
    return _fixed_level(x0, geo.left) if level is None else level


def _fixed_level(x0: float, left: float) -> int:
    return max(0, min(4, int((x0 - left + INDENT_STEP / 4) // INDENT_STEP)))


MARKER_JITTER = 9.0  # markers starting closer than this (points) stand at one position


def _marker_stops(xs: list[float], left: float) -> list[tuple[float, int]]:
    """The list markers' positions in a flow, each with its nesting level.  The page sets its own
    indent step: each position further right than the one before is one level deeper, or as many
    as whole 36 pt steps part them (a word processor's sub-bullets 18 pt in, or 5 mm, nest as
    well as Word's 36 pt); the leftmost position keeps the level its distance from the left
    edge gives."""
    stops: list[tuple[float, int]] = []
    for x in sorted(xs):
        if stops and x < stops[-1][0] + MARKER_JITTER:
            continue
        if not stops:
            stops.append((x, _fixed_level(x, left)))
        else:
            before, level = stops[-1]
            stops.append((x, min(4, level + max(1, _fixed_level(x, left) - _fixed_level(before, left)))))
    return stops
