"""Read a PDF into a :class:`~extractor.document.Document` with pdfplumber's layout rules.

Pages are parsed by PDFium (pypdfium2, C++) into the characters and ruled edges pdfplumber
would see (:mod:`extractor.read.pdfium_page`): the same document, about four times faster
than parsing with pdfminer.  pdfplumber itself parses a page only when PDFium cannot place it
as pdfplumber does (a rotated page), and decides about files PDFium cannot open or that end
without ``%%EOF`` (a truncated download), so every error stays as it was.

Two passes.  Pass one walks the pages once, closing each page after use so memory stays flat
(pdfplumber keeps about 4 MB per parsed page otherwise): ruled tables come from
``page.find_tables()``; every other upright character outside those tables is grouped into
words and lines, each line keeping its position, font size and boldness; a page set in two
columns is read column by column (:mod:`extractor.read.pdf_columns`).  Pass two is pure
Python (:mod:`extractor.read.pdf_blocks`): it drops running headers and footers (lines near the top or bottom edge that repeat on
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

import functools
import re
import struct
import traceback
import zlib
from collections import Counter
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractor.document import Document
from extractor.errors import CorruptFileError, EmptyFileError, EncryptedFileError, NeedsOCRError
from extractor.read import pdf_aligned, pdf_columns, pdfium_page
from extractor.read.formats import wrong_format
from extractor.read.chars import Chars, overprinted
from extractor.read.pdf_blocks import Line, Page, Table, Word, build_document, drop_running, join_lines
from extractor.settings import Settings

CORRUPT = "cannot be read as PDF; re-download it"
NO_CONTENT = (
    "has neither text nor images (blank, damaged, or text drawn as shapes); re-download it, "
    "or OCR it (e.g. ocrmypdf in.pdf out.pdf) if it shows text"
)
BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


# ----------------------------------------------------------------------------- public API
def read_pdf(path: str | Path, settings: Settings | None = None, pages: range | None = None) -> Document:
    """Read the PDF at ``path`` (only the page numbers in ``pages``, counted from 1, when given);
    raise an :mod:`extractor.errors` error saying the fix."""
    return join_pages(path, read_pages(path, settings, pages))


def read_pages(path: str | Path, settings: Settings | None = None, pages: range | None = None) -> list[Page]:
    """Pass one: the lines and tables of each page (of those numbered in ``pages`` when given).
    Each page is read on its own, so parts of a large PDF read by different workers and joined
    in page order give :func:`join_pages` the pages this gives for the whole file."""
    settings = settings or Settings()
    path = Path(path)
    if path.stat().st_size == 0:
        raise EmptyFileError(str(path))
    return _parse(path, settings.password, pages)


def join_pages(path: str | Path, pages: list[Page]) -> Document:
    """Pass two over the pages of :func:`read_pages`, in page order: the Document."""
    path = Path(path)
    drop_running(pages)
    warnings = _check_text_layer(path, pages)
    doc = build_document(path, pages)
    doc.warnings.extend(warnings)
    return doc


def _parse(path: Path, password: str | None, numbers: range | None = None) -> list[Page]:
    """Every page's lines and tables (of the pages ``numbers`` when given): PDFium's characters
    and paths where it can read the file and place the page as pdfplumber does, pdfplumber's own
    parse otherwise."""
    try:
        pages = _parse_fast(path, password, numbers) if _has_eof_marker(path) else None
        if pages is None:
            pages = _parse_slow(path, password, numbers)
    except PdfminerException as exc:
        if exc.args and isinstance(exc.args[0], PDFPasswordIncorrect):
            raise EncryptedFileError(str(path)) from None
        raise _corrupt(path) from exc
    except (MalformedPDFException, PSException, zlib.error, struct.error, RecursionError) as exc:
        raise _corrupt(path) from exc
    except Exception as exc:  # any other error raised inside pdfminer/pdfplumber: a bad file
        if _raised_by_pdf_library(exc):
            raise _corrupt(path) from exc
        raise
    if not pages:
        raise _corrupt(path)
    return pages


def _corrupt(path: Path) -> CorruptFileError:
    """The error for a file that is not a readable PDF, saying what it is when its bytes tell
    (an HTML error page saved as .pdf needs another download, not the same one again)."""
    return CorruptFileError(str(path), wrong_format(path, ".pdf") or CORRUPT)


def _has_eof_marker(path: Path) -> bool:
    """A complete PDF ends with %%EOF (within its last kilobyte); a truncated download does not.
    PDFium rebuilds truncated files silently, so those go to pdfplumber, which rejects them."""
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - 1024))
        return b"%%EOF" in f.read()


def _parse_slow(path: Path, password: str | None, numbers: range | None = None) -> list[Page]:
    pdf = pdfplumber.open(path, password=password or "")
    if _page_tree_loops(pdf.doc.catalog.get("Pages")):
        pdf.stream.close()  # not pdf.close(), which walks the pages too
        raise _corrupt(path)  # pdfminer's page walk would never end
    with pdf:
        return [_read_page(page, n) for n, page in enumerate(pdf.pages, 1) if numbers is None or n in numbers]


def _page_tree_loops(root, limit: int = 200_000) -> bool:
    """Does the page tree reach a node twice (a /Kids entry pointing back up, as in a damaged or
    hostile file)? A sound tree never does."""
    seen, stack = set(), [root]
    while stack:
        ref = stack.pop()
        if isinstance(ref, PDFObjRef):
            if ref.objid in seen or len(seen) > limit:
                return True
            seen.add(ref.objid)
        node = _resolved(ref)
        kids = _resolved(node.get("Kids")) if isinstance(node, dict) else None
        if node is _LOOP or kids is _LOOP:
            return True
        stack.extend(kids if isinstance(kids, list) else [])
    return False


_LOOP = object()


def _resolved(value, steps: int = 32):
    """pdfminer's resolve1 with a bound: an object that refers to itself ('2 0 obj 2 0 R') is a loop."""
    for _ in range(steps):
        if not isinstance(value, PDFObjRef):
            return value
        value = value.resolve()
    return _LOOP


def _parse_fast(path: Path, password: str | None, numbers: range | None = None) -> list[Page] | None:
    """Pages read through PDFium (rotated or offset pages through pdfplumber); None when PDFium
    cannot open the file, so that pdfplumber decides what is wrong with it."""
    try:
        pdfium_page.open_pdf(path, password).close()
    except pdfium_page.PdfiumError as exc:
        if pdfium_page.is_password_error(exc):
            raise EncryptedFileError(str(path)) from None
        return None
    opener = functools.partial(pdfium_page.open_pdf, path, password)
    with _LazyPlumber(path, password) as slow:
        return [_read_page(_fast_or_slow(page, n, slow), n) for n, page in pdfium_page.pages(opener, numbers)]


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


def _read_page(page, number: int) -> Page:
    """Tables and text lines of one page; the page is closed afterwards."""
    try:
        columns = _columns(page)
        if not len(columns):
            return Page(number, page.height, has_images=bool(page.images))
        page = _without_overprint(page, columns)
        found = _find_tables(page)
        words = _words(page, [t.bbox for t in found])
        tables = [Table(t.bbox[1], t.bbox[3], rows, (t.bbox[0] + t.bbox[2]) / 2) for t, rows in _table_rows(found)]
        lines, aligned = _lines(words, page.height)
        return Page(number, page.height, lines, tables + aligned, bool(page.images))
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
    if not _may_rule_a_table(page.edges):  # pdfplumber's finder is not cheap
        return []
    return [t for t in page.find_tables() if max(len(r.cells) for r in t.rows) >= 2]


def _may_rule_a_table(edges: list[dict]) -> bool:
    """Whether the edges can make a table of two columns: two cells side by side (or one under
    another at another left edge) need three vertical edges and two horizontal ones, and
    pdfplumber's snapping and joining only ever merge edges."""
    orientation = Counter(e.get("orientation") for e in edges)
    return orientation["v"] >= 3 and orientation["h"] >= 2


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


def _lines(words: list[dict], height: float) -> tuple[list[Line], list[Table]]:
    """Cluster words into lines by their top, each line sorted left to right; a page set in
    columns is read column by column (:mod:`extractor.read.pdf_columns`).  Runs of a column's
    lines aligned in column bands are its unruled tables (:mod:`extractor.read.pdf_aligned`)."""
    visible = [w for w in words if w["size"] > 1 and w["text"]]
    lines: list[Line] = []
    tables: list[Table] = []
    for rows, origin in pdf_columns.flow_rows(visible, height):
        kept, found = pdf_aligned.split_tables(rows, height)
        flow = len({ln.flow for ln in lines})  # a flow read whole as a table takes no number
        lines += [_make_line(row, flow, origin) for row in kept]
        tables += [Table(top, bottom, _joined(cells), x) for top, bottom, cells, x in found]
    return lines, tables


def _joined(rows: list[list[str]]) -> list[list[str]]:
    """Cell texts with their wrapped lines joined, as a ruled table's are."""
    return [[join_lines(cell.split("\n")) for cell in row] for row in rows]


def _make_line(words: list[dict], flow: int = 0, origin: float | None = None) -> Line:
    sizes: dict[float, int] = {}
    bold = total = 0
    for w in words:
        n = len(w["text"])
        size = round(w["size"], 1)
        sizes[size] = sizes.get(size, 0) + n  # insertion order: ties go to the first size met
        total += n
        bold += n if _is_bold(w["fontname"]) else 0
    return Line(
        _glue(words),
        min([w["top"] for w in words]),
        max([w["bottom"] for w in words]),
        max(sizes, key=sizes.__getitem__),
        bold >= 0.8 * total,
        flow,
        origin,
    )


@functools.lru_cache(maxsize=4096)
def _is_bold(fontname: str) -> bool:
    """Whether a font's name says it is bold (asked once per font name)."""
    return BOLD_FONT.search(fontname) is not None


def _glue(words: list[dict]) -> list[Word]:
    """Words; pieces split only by a font change with no gap are glued ("4" + superscript
    "th", "Summary" + " :"), except a smaller number (a footnote mark: "38" + "1")."""
    out: list[Word] = []
    prev = None
    for w in words:
        if prev is not None and w["x0"] - out[-1].x1 < 0.1 * w["size"] and not _footnote(prev, w):
            last = out[-1]
            out[-1] = Word(last.text + w["text"], last.x0, w["x1"])
        else:
            out.append(Word(w["text"], w["x0"], w["x1"]))
        prev = w
    return out


def _footnote(prev: dict, word: dict) -> bool:
    return word["size"] < prev["size"] - 0.5 and word["text"][:1].isdigit()


def _check_text_layer(path: Path, pages: list[Page]) -> list[str]:
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


