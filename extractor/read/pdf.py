"""Read a PDF into a :class:`~extractor.document.Document` with pdfplumber's layout rules.

Pages are parsed by PDFium (pypdfium2, C++) into the characters and ruled edges pdfplumber
would see (:mod:`extractor.read.pdfium_page`): the same document, about four times faster
than parsing with pdfminer.  pdfplumber itself parses a page only when PDFium cannot place it
as pdfplumber does (a rotated page), and decides about files PDFium cannot open or that end
without ``%%EOF`` (a truncated download), so every error stays as it was.

Two passes.  Pass one walks the pages once, closing each page after use so memory stays flat
(pdfplumber keeps about 4 MB per parsed page otherwise): ruled tables come from
``page.find_tables()``; every other upright character outside those tables is grouped into
words and lines, each line keeping its position, font size and boldness.  Pass two is pure
Python: it drops running headers and footers (lines near the top or bottom edge that repeat on
several pages once digits are ignored, and "Page N" / "N" / "Agenda Item N" lines), groups the
remaining lines into headings, paragraphs and list items by geometry (line pitch, alignment,
whether the next line's first word would have fitted on the previous line, list markers and
font changes), and writes the canonical text with the writer every reader shares
(:mod:`extractor.read.canonical`): blocks separated by a blank line (one newline between
consecutive list items or rows of one table), pages separated by one form feed.

For headings, paragraphs and list items ``doc.text[b.start:b.end] == b.text``; a list marker
is printed before the span and kept in ``b.marker``.  A table row's text is its cells joined by
tabs, and each :class:`~extractor.document.Cell` span gives that cell's text.
"""
from __future__ import annotations

import math
import re
import statistics
import struct
import traceback
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractor.document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Document
from extractor.errors import CorruptFileError, EmptyFileError, EncryptedFileError, NeedsOCRError
from extractor.read import pdfium_page
from extractor.read.canonical import CanonicalWriter, Proto
from extractor.read.chars import Chars, overprinted
from extractor.settings import Settings

CORRUPT = "cannot be read as PDF; re-download it"
NO_CONTENT = (
    "has neither text nor images (blank, damaged, or text drawn as shapes); re-download it, "
    "or OCR it (e.g. ocrmypdf in.pdf out.pdf) if it shows text"
)
BULLETS = "•·▪●◦■□➢►▶✓\uf0b7\uf0a7\uf0a8\uf0d8\uf076\uf0fc"
MARKER = re.compile(
    rf"^(?:[{BULLETS}\-–o]"  # bullets, dashes, Word's "o" sub-bullet
    r"|\d{1,3}(?:\.\d{1,2})*\.|\d{1,2}(?:\.\d{1,2})+"  # 1.  1.1  2.1.  292.
    r"|\(?\d{1,2}\)|\(?[ivx]{1,5}\)|[ivx]{1,5}\."  # 1)  (2)  (iv)  ii.
    r"|\(?[a-z]\)|\([A-Z]\)|[a-z]\.)$"  # a)  (a)  (A)  a.
)
BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
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
@dataclass
class _Word:
    text: str
    x0: float
    x1: float


@dataclass
class _Line:
    words: list[_Word]
    top: float
    bottom: float
    size: float
    bold: bool

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
class _Table:
    top: float
    bottom: float
    rows: list[list[str]]

    def key(self) -> str:
        return "\n".join("\t".join(row) for row in self.rows)


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)
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


# ----------------------------------------------------------------------------- public API
def read_pdf(path: str | Path, settings: Settings | None = None) -> Document:
    """Read the PDF at ``path``; raise an :mod:`extractor.errors` error saying the fix."""
    settings = settings or Settings()
    path = Path(path)
    if path.stat().st_size == 0:
        raise EmptyFileError(str(path))
    pages = _parse(path, settings.password)
    _drop_running(pages)
    warnings = _check_text_layer(path, pages)
    doc = _build(path, pages)
    doc.warnings.extend(warnings)
    return doc


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
def _parse(path: Path, password: str | None) -> list[_Page]:
    """Every page's lines and tables: PDFium's characters and paths where it can read the file
    and place the page as pdfplumber does, pdfplumber's own parse otherwise."""
    try:
        pages = _parse_fast(path, password) if _has_eof_marker(path) else None
        if pages is None:
            pages = _parse_slow(path, password)
    except PdfminerException as exc:
        if exc.args and isinstance(exc.args[0], PDFPasswordIncorrect):
            raise EncryptedFileError(str(path)) from None
        raise CorruptFileError(str(path), CORRUPT) from exc
    except (MalformedPDFException, PSException, zlib.error, struct.error, RecursionError) as exc:
        raise CorruptFileError(str(path), CORRUPT) from exc
    except Exception as exc:  # any other error raised inside pdfminer/pdfplumber: a bad file
        if _raised_by_pdf_library(exc):
            raise CorruptFileError(str(path), CORRUPT) from exc
        raise
    if not pages:
        raise CorruptFileError(str(path), CORRUPT)
    return pages


def _has_eof_marker(path: Path) -> bool:
    """A complete PDF ends with %%EOF (within its last kilobyte); a truncated download does not.
    PDFium rebuilds truncated files silently, so those go to pdfplumber, which rejects them."""
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - 1024))
        return b"%%EOF" in f.read()


def _parse_slow(path: Path, password: str | None) -> list[_Page]:
    with pdfplumber.open(path, password=password or "") as pdf:
        return [_read_page(page, n) for n, page in enumerate(pdf.pages, 1)]


def _parse_fast(path: Path, password: str | None) -> list[_Page] | None:
    """Pages read through PDFium (rotated or offset pages through pdfplumber); None when PDFium
    cannot open the file, so that pdfplumber decides what is wrong with it."""
    try:
        pdf = pdfium_page.open_pdf(path, password)
    except pdfium_page.PdfiumError as exc:
        if pdfium_page.is_password_error(exc):
            raise EncryptedFileError(str(path)) from None
        return None
    with _LazyPlumber(path, password) as slow:
        try:
            return [_read_page(_fast_or_slow(page, n, slow), n) for n, page in pdfium_page.pages(pdf)]
        finally:
            pdf.close()


def _fast_or_slow(page, number: int, slow: "_LazyPlumber"):
    if pdfium_page.needs_pdfplumber(page):
        return slow.page(number)
    try:
        return pdfium_page.read_page(page)
    except pdfium_page.PdfiumError:
        return slow.page(number)


class _LazyPlumber:
    """pdfplumber's view of the same file, opened only when a page needs it."""

    def __init__(self, path: Path, password: str | None) -> None:
        self.path, self.password, self.pdf = path, password, None

    def page(self, number: int):
        if self.pdf is None:
            self.pdf = pdfplumber.open(self.path, password=self.password or "")
        return self.pdf.pages[number - 1]

    def __enter__(self) -> "_LazyPlumber":
        return self

    def __exit__(self, *exc) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _raised_by_pdf_library(exc: Exception) -> bool:
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and any(lib in frames[-1].filename for lib in ("pdfminer", "pdfplumber"))


def _read_page(page, number: int) -> _Page:
    """Tables and text lines of one page; the page is closed afterwards."""
    try:
        columns = _columns(page)
        if not len(columns):
            return _Page(number, page.height, has_images=bool(page.images))
        page = _without_overprint(page, columns)
        found = _find_tables(page)
        words = _words(page, [t.bbox for t in found])
        tables = [_Table(t.bbox[1], t.bbox[3], rows) for t, rows in _table_rows(found)]
        return _Page(number, page.height, _lines(words), tables, bool(page.images))
    finally:
        page.close()


def _columns(page) -> Chars:
    """The page's characters as columns (a PDFium page has them already)."""
    return page.columns if isinstance(page, pdfium_page.FastPage) else Chars.from_dicts(page.chars)


def _without_overprint(page, columns: Chars):
    """Drop larger characters printed over body text (a label stamped across a table's first
    row): :func:`extractor.read.chars.overprinted`."""
    stamped = overprinted(columns)
    if stamped is None:
        return page
    if isinstance(page, pdfium_page.FastPage):
        return page.keep(~stamped)
    drop = {id(ch) for ch, gone in zip(page.chars, stamped.tolist()) if gone}
    return page.filter(lambda obj: id(obj) not in drop)


def _find_tables(page) -> list:
    """Ruled tables with at least two columns; a ruled box around text is not a table."""
    if not page.edges:  # nothing drawn: no ruled table (and pdfplumber's finder is not cheap)
        return []
    return [t for t in page.find_tables() if max(len(r.cells) for r in t.rows) >= 2]


def _table_rows(tables: list) -> list[tuple[object, list[list[str]]]]:
    out = []
    for table in tables:
        rows = [[join_lines((cell or "").split("\n")) for cell in row] for row in table.extract()]
        out.append((table, [row for row in rows if any(row)]))
    return [(t, rows) for t, rows in out if rows]


def _words(page, boxes: list[tuple[float, float, float, float]]) -> list[dict]:
    """Words (with font name and size) of upright characters outside the table boxes."""
    if isinstance(page, pdfium_page.FastPage):  # the same words, faster
        return page.words_outside(boxes)

    def keep(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        if not obj.get("upright", True):
            return False
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    return page.filter(keep).extract_words(extra_attrs=["fontname", "size"])


def _lines(words: list[dict]) -> list[_Line]:
    """Cluster words into lines by their top, each line sorted left to right."""
    clusters: list[list[dict]] = []
    visible = [w for w in words if w["size"] > 1 and w["text"]]
    for word in sorted(visible, key=lambda w: (w["top"], w["x0"])):
        if clusters and word["top"] - clusters[-1][0]["top"] <= max(2.0, 0.4 * word["size"]):
            clusters[-1].append(word)
        else:
            clusters.append([word])
    return [_make_line(sorted(c, key=lambda w: w["x0"])) for c in clusters]


def _make_line(words: list[dict]) -> _Line:
    sizes: Counter = Counter()
    bold = 0
    for w in words:
        sizes[round(w["size"], 1)] += len(w["text"])
        bold += len(w["text"]) if BOLD_FONT.search(w["fontname"]) else 0
    total = sum(sizes.values())
    return _Line(
        _glue(words),
        min(w["top"] for w in words),
        max(w["bottom"] for w in words),
        sizes.most_common(1)[0][0],
        bold >= 0.8 * total,
    )


def _glue(words: list[dict]) -> list[_Word]:
    """Words; pieces split only by a font change with no gap are glued ("4" + superscript
    "th", "Summary" + " :"), except a smaller number (a footnote mark: "38" + "1")."""
    out: list[_Word] = []
    for prev, w in zip([None, *words], words):
        if prev and w["x0"] - out[-1].x1 < 0.1 * w["size"] and not _footnote(prev, w):
            out[-1] = _Word(out[-1].text + w["text"], out[-1].x0, w["x1"])
        else:
            out.append(_Word(w["text"], w["x0"], w["x1"]))
    return out


def _footnote(prev: dict, word: dict) -> bool:
    return word["size"] < prev["size"] - 0.5 and word["text"][:1].isdigit()


def _check_text_layer(path: Path, pages: list[_Page]) -> list[str]:
    """Raise NeedsOCRError when no page has text but some has images (a scan), and
    CorruptFileError when no page has either; warn about scanned pages among text ones.
    Running headers/footers are already gone: a scan stamped "Page 3" has no text."""
    if not any(p.has_text for p in pages):
        if any(p.has_images for p in pages):
            raise NeedsOCRError(str(path))
        raise CorruptFileError(str(path), NO_CONTENT)
    scanned = [p.number for p in pages if not p.has_text and p.has_images]
    if not scanned:
        return []
    numbers = ", ".join(map(str, scanned))
    one = len(scanned) == 1
    noun, has, them = ("page", "has", "it") if one else ("pages", "have", "them")
    return [f"{noun} {numbers} {has} no text layer; run OCR (e.g. ocrmypdf) to include {them}"]


# ----------------------------------------------------------------------------- pass two
def _build(path: Path, pages: list[_Page]) -> Document:
    left = _left_edge(pages)
    tables = _TableCounter()
    per_page = []
    for page in pages:
        items = [*tables.protos(page), *_text_protos(page, left)]
        per_page.append([p for _, protos in sorted(items, key=lambda i: i[0]) for p in protos])
    _merge_across_pages(per_page)
    writer = CanonicalWriter()
    for n, protos in enumerate(per_page):
        if n:
            writer.page_break()
        for proto in protos:
            writer.add(proto)
    writer.end_pages()
    return writer.document(str(path), "pdf", pages=len(pages))


def _zone(top: float, bottom: float, page: _Page, edge: float) -> bool:
    return top < edge * page.height or bottom > (1 - edge) * page.height


def _key(line: _Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower())


def _drop_running(pages: list[_Page]) -> None:
    """Remove running headers/footers: lines and tables near the top or bottom edge that
    repeat on several pages (digits ignored for lines), and page-number lines."""
    need = max(2, math.ceil(0.25 * len(pages)))
    lines = Counter(k for p in pages for k in {_key(ln) for ln in p.lines if _in_edge(ln, p)})
    tables = Counter(k for p in pages for k in {t.key() for t in p.tables if _in_edge(t, p, 0.15)})
    for page in pages:
        page.lines = [ln for ln in page.lines if not _is_running(ln, page, lines, need)
                      or (page is pages[0] and _is_title_line(ln, page))]
        page.tables = [t for t in page.tables if not _is_running_table(t, page, tables, need)]


def _is_title_line(line: _Line, page: _Page) -> bool:
    """A large bold heading repeated at the top of every page is the title: keep it on page 1."""
    return line.bold and line.top < page.height * EDGE and len(line.text) > 12 and not PAGE_LINE.match(line.text)


def _in_edge(item: _Line | _Table, page: _Page, edge: float = EDGE) -> bool:
    return _zone(item.top, item.bottom, page, edge)


def _is_running(line: _Line, page: _Page, counts: Counter, need: int) -> bool:
    if _in_edge(line, page) and counts[_key(line)] >= need:
        return True
    return _in_edge(line, page, PATTERN_EDGE) and bool(PAGE_LINE.match(line.text))


def _is_running_table(table: _Table, page: _Page, counts: Counter, need: int) -> bool:
    return _in_edge(table, page, 0.15) and counts[table.key()] >= need


def _left_edge(pages: list[_Page]) -> float:
    """The document's left text edge: the leftmost line start seen at least three times."""
    starts = Counter(round(ln.x0) for p in pages for ln in p.lines)
    common = [x for x, n in starts.items() if n >= 3]
    return min(common or starts or [0])


def _merge_across_pages(per_page: list[list[_Proto]]) -> None:
    """A paragraph broken by a page break is one block, written on the page it starts on."""
    for before, after in zip(per_page, per_page[1:]):
        if before and after and _carries_on(before[-1], after[0]):
            before[-1].text = join_lines([before[-1].text, after.pop(0).text])


def _carries_on(last: _Proto, first: _Proto) -> bool:
    """``first`` (top of a page) continues ``last`` (bottom of the page before)."""
    if last.kind not in (PARAGRAPH, LIST_ITEM) or first.kind != PARAGRAPH:
        return False
    same_style = last.bold == first.bold and abs((last.size or 0) - (first.size or 0)) <= 1
    if not same_style or last.text.endswith((".", "!", "?", ":", ";")):
        return False
    hanging = last.kind == LIST_ITEM and abs(first.x0 - last.hang) <= 4 and first.x0 > last.x0 + 10
    return first.text[:1].islower() or hanging


# ----------------------------------------------------------------------------- tables
class _TableCounter:
    """Numbers tables.  A table above a page's first text line continues the table that
    ended the previous page when it has as many columns: it keeps that table's number and
    the header rows it repeats are dropped."""

    def __init__(self) -> None:
        self.number = 0
        self.header: list[list[str]] = []  # first rows of the current table
        self.open = False  # the previous page ended with a table

    def protos(self, page: _Page) -> list[tuple[float, list[_Proto]]]:
        out = []
        first_line = min((ln.top for ln in page.lines), default=math.inf)
        for table in sorted(page.tables, key=lambda t: t.top):
            rows = self._rows(table, continues=table.top < first_line)
            out.append((table.top, [self._proto(row, page.number) for row in rows]))
        last_line = max((ln.top for ln in page.lines), default=-math.inf)
        self.open = any(t.top > last_line for t in page.tables)
        return out

    def _rows(self, table: _Table, continues: bool) -> list[list[str]]:
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


def _geometry(lines: list[_Line], left: float) -> _Geometry:
    sizes = [ln.size for ln in lines for w in ln.words for _ in w.text]
    ratios = [
        round((b.top - a.top) / a.size * 20) / 20
        for a, b in zip(lines, lines[1:])
        if abs(a.size - b.size) <= 1 and 0.9 < (b.top - a.top) / a.size < 2.5
    ]
    common = [r for r, n in Counter(ratios).items() if n >= 2]
    rights = sorted(ln.x1 for ln in lines)
    return _Geometry(
        statistics.median(sizes),
        min(common) if common else 1.2,
        left,
        rights[int(0.9 * (len(rights) - 1))],
    )


def _text_protos(page: _Page, left: float) -> list[tuple[float, list[_Proto]]]:
    if not page.lines:
        return []
    geo = _geometry(page.lines, left)
    groups: list[list[_Line]] = []
    for line in page.lines:
        if groups and _continues(groups[-1], line, geo):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [(g[0].top, [_classify(g, page.number, geo)]) for g in groups]


def _marker(line: _Line) -> tuple[str, int] | None:
    """The list marker a line opens with, and how many words it takes (0 = glued bullet)."""
    first = line.words[0].text
    if len(line.words) > 1 and MARKER.match(first):
        return first, 1
    if len(first) > 1 and first[0] in BULLETS:
        return first[0], 0
    return None


def _tab_after_first(line: _Line) -> bool:
    """A tab-like gap after the first word: "1.1<tab>Text", "Subject:<tab>Text"."""
    words = line.words
    return len(words) > 1 and words[1].x0 - words[0].x1 >= 0.8 * line.size


def _strong_marker(line: _Line) -> bool:
    """A bullet glyph, or a marker followed by a tab-like gap, always opens a new block."""
    found = _marker(line)
    return bool(found) and (found[0] in BULLETS or (found[1] == 1 and _tab_after_first(line)))


def _hang(line: _Line) -> float:
    """Where wrapped lines of a block opened by ``line`` start when they hang: after a marker
    or a tab-like gap, else at the line's own start."""
    found = _marker(line)
    if (found and found[1] == 1) or _tab_after_first(line):
        return line.words[1].x0
    return line.x0


def _continues(group: list[_Line], line: _Line, geo: _Geometry) -> bool:
    """Whether ``line`` carries on the block made of ``group``."""
    prev = group[-1]
    if prev.bold != line.bold or abs(prev.size - line.size) > 1:
        return False
    if line.top - prev.top > (geo.pitch * 1.25 + 0.05) * prev.size:
        return False
    if _fits(prev, line, geo):
        return False
    if _marker(line) and (_strong_marker(line) or prev.text.endswith((".", ";", ":"))):
        return False
    return _aligned(group, line)


def _fits(prev: _Line, line: _Line, geo: _Geometry) -> bool:
    """The first word of ``line`` would have fitted on ``prev``: ``prev`` ended a block."""
    word = line.words[0]
    return geo.right - prev.x1 > (word.x1 - word.x0) + 0.6 * prev.size + 2


def _aligned(group: list[_Line], line: _Line) -> bool:
    """Continuation lines line up with the previous line, a hanging indent or the centre."""
    prev, first = group[-1], group[0]
    if abs((line.x0 + line.x1) - (prev.x0 + prev.x1)) <= 12:  # centred lines
        return True
    if len(group) > 1:
        return abs(line.x0 - prev.x0) <= 4
    if abs(line.x0 - _hang(first)) <= 4 or abs(line.x0 - first.x0) <= 4:
        return True
    return first.x0 - 45 <= line.x0 <= first.x0  # first-line indent


def _classify(group: list[_Line], page: int, geo: _Geometry) -> _Proto:
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
    return _Proto(kind, text, marker, level, bold, size=size, page=page, x0=group[0].x0, hang=hang)


def _split_marker(line: _Line) -> tuple[str | None, str]:
    """(marker, rest of the line's text); (None, text) when the line has no marker."""
    found = _marker(line)
    if not found:
        return None, line.text
    marker, skip = found
    rest = " ".join(w.text for w in line.words[skip:])
    return marker, rest if skip else rest[len(marker):].lstrip()


def _is_bullet(marker: str | None) -> bool:
    return bool(marker) and (marker in BULLETS or marker in ("-", "–", "o"))


def _is_heading(text: str, bold: bool, size: float, geo: _Geometry) -> bool:
    prominent = bold or size >= geo.body + 1.0
    short = 0 < len(text) < 120 and not text.endswith(".")
    return prominent and short and any(c.isalpha() for c in text)


def _level(x0: float, geo: _Geometry) -> int:
    return max(0, min(4, int((x0 - geo.left + INDENT_STEP / 4) // INDENT_STEP)))
