"""pdfplumber-shaped pages read with PDFium (pypdfium2): the fast path of :mod:`extractor.read.pdf`.

pdfplumber parses every page with pdfminer, in pure Python (about 18 pages/s here); PDFium parses
the same page in about a millisecond.  :class:`FastPage` offers the part of ``pdfplumber.Page``
that ``read/pdf.py`` uses (``columns``, ``chars``, ``edges``, ``images``, ``height``, ``keep``,
``find_tables``, ``words_outside``, ``close``) built from PDFium's characters and path objects in
pdfplumber's own shapes, so that pdfplumber's ruled-table finder runs on them unchanged and its
word and text rules give the same results (:mod:`extractor.read.chars`, on columns):

- a character has ``text``, ``x0`` (the glyph origin), ``x1`` (the end of its advance
  width), ``bottom`` (baseline less the font's descent), ``top`` (``bottom - size``), ``fontname``
  (without the subset prefix), ``size`` and ``upright``, as pdfminer computes them; they are kept
  as columns (``page.columns``) and made into pdfplumber's dicts only when asked (``page.chars``);
- every painted path becomes pdfminer's line, rect or curve by the rules of pdfminer's
  ``paint_path`` (one per subpath), turned into edges by pdfplumber's ``obj_to_edges``.

On the 141 pages of the Kent County Council PDFs and the five fixtures the characters agree with
pdfplumber's (text, x0, size, font) except for the order of characters within a line on three
pages.  Pages PDFium cannot place the same way (a /Rotate or a MediaBox not at the origin) are
left to pdfplumber: :func:`needs_pdfplumber`.
"""
from __future__ import annotations

import ctypes
import itertools
import math
from typing import Callable, Iterator

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as c
from pypdfium2 import PdfiumError

from extractor.read import chars, pdf_tables, pdfium_text
from extractor.read.chars import Chars
from extractor.read.pdfium_paths import Matrix, object_matrix, page_objects, path_edges, pointer, zero_width

HYPHEN_MARK = pdfium_text.HYPHEN_MARK
_text_font = pdfium_text.prototype(c.FPDFTextObj_GetFont, ctypes.c_size_t, ctypes.c_void_p)  # font address, 0: none
code_points = pdfium_text.code_points


# ----------------------------------------------------------------------------- the page
class FastPage:
    """One page's characters (as columns, :class:`~extractor.read.chars.Chars`), edges and
    images in pdfplumber's shapes (see the module doc)."""

    def __init__(self, columns: Chars, edges: list[dict], images: int, width: float, height: float):
        self.columns = columns
        self.edges = edges
        self.images = [{}] * images  # only their number is used
        self.width, self.height = width, height
        self.bbox = (0.0, 0.0, width, height)
        self._chars: list[dict] | None = None

    @property
    def chars(self) -> list[dict]:
        """pdfplumber character dicts (made when first asked for)."""
        if self._chars is None:
            self._chars = self.columns.dicts()
        return self._chars

    def keep(self, mask) -> "FastPage":
        """A page holding only the characters where ``mask`` is true (edges and images stay)."""
        return FastPage(self.columns.take(mask), self.edges, len(self.images), self.width, self.height)

    def find_tables(self) -> list:
        """pdfplumber's ruled tables (default settings) over this page's edges and characters,
        found and read faster (:mod:`extractor.read.pdf_tables`)."""
        return pdf_tables.find_tables(self)

    def words_outside(self, boxes: list[tuple[float, float, float, float]]) -> list[dict]:
        """``page.filter(upright and outside boxes).extract_words(extra_attrs=["fontname",
        "size"])``: the same words, computed on the columns (:func:`extractor.read.chars.words`)."""
        return chars.words(self.columns, boxes)

    def close(self) -> None:
        """Nothing to free: PDFium's page is closed when the FastPage is built."""


def words(found: list[dict], boxes: list[tuple[float, float, float, float]]) -> list[dict]:
    """pdfplumber's ``filter(upright, outside boxes).extract_words(extra_attrs=["fontname",
    "size"])`` of character dicts (:func:`extractor.read.chars.words` on their columns)."""
    return chars.words(Chars.from_dicts(found), boxes)


def needs_pdfplumber(page: pdfium.PdfPage) -> bool:
    """Whether PDFium's page coordinates would differ from pdfplumber's (rotated or offset page)."""
    left, bottom, _, _ = page.get_mediabox()
    return page.get_rotation() % 360 != 0 or abs(left) > 0.01 or abs(bottom) > 0.01


def read_page(page: pdfium.PdfPage) -> FastPage:
    """Characters (in content-stream order, as pdfminer sees them), edges and images of a page."""
    width, height = page.get_size()
    scan = _Scan(height)
    for kind, obj, matrix in page_objects(page.raw):
        scan.add(kind, obj, matrix)
    textpage = page.get_textpage()
    try:
        position, index, columns = page_chars(textpage.raw, height, scan.order)
    finally:
        textpage.close()
    if scan.spaces:  # each goes before the characters of its text object
        columns = columns.concat(Chars.from_dicts([ch for _, ch in scan.spaces]))
        position = np.concatenate([position, [key[0] for key, _ in scan.spaces]])
        index = np.concatenate([index, [key[1] for key, _ in scan.spaces]])
    return FastPage(columns.take(np.lexsort((index, position))), scan.edges, scan.images, width, height)


class _Scan:
    """What the page objects give: edges of paths, the number of images, the position of each
    text object in the content stream, and a space for each text object PDFium's text page
    skips for having no width (a lone space: pdfplumber splits words at it)."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.edges: list[dict] = []
        self.images = 0
        self.order: dict[int, int] = {}
        self.spaces: list[tuple[tuple[int, int], dict]] = []
        self.fonts: dict[int | None, tuple[str, float]] = {}

    def add(self, kind: int, address: int, outer: Matrix) -> None:
        """Take one page object into account (``outer``: its container's matrix)."""
        if kind == c.FPDF_PAGEOBJ_TEXT:
            self.order[address] = position = len(self.order)
            if zero_width(address):
                space = _space(pointer(address), object_matrix(address, outer), self.height, self.fonts)
                self.spaces.append(((position, -1), space))
        elif kind == c.FPDF_PAGEOBJ_PATH and not _is_shading(pointer(address)):
            self.edges.extend(path_edges(pointer(address), object_matrix(address, outer), self.height))
        elif kind == c.FPDF_PAGEOBJ_IMAGE:
            self.images += 1


def _is_shading(path) -> bool:
    """A thin coloured strip filled without a stroke: one band of a gradient cell background.
    Its edges are not table rules (a stack of them would split a row in two)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not c.FPDFPath_GetDrawMode(path, fill, stroke) or stroke.value or not fill.value:
        return False
    rgba = [ctypes.c_uint() for _ in range(4)]
    if not c.FPDFPageObj_GetFillColor(path, *rgba):
        return False
    r, g, b = (v.value for v in rgba[:3])
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    c.FPDFPageObj_GetBounds(path, left, bottom, right, top)
    thickness = min(top.value - bottom.value, right.value - left.value)
    return max(r, g, b) - min(r, g, b) > 40 and 1.0 <= thickness < 4.0


def _space(obj, matrix: Matrix, height: float, fonts: dict) -> dict:
    """A pdfplumber space character at a text object's origin, in the object's font
    (``fonts``: the page's font names and descents so far, by font address)."""
    size = ctypes.c_float()
    c.FPDFTextObj_GetFontSize(obj, size)
    size = size.value * math.hypot(matrix[2], matrix[3])
    key = _text_font(ctypes.cast(obj, ctypes.c_void_p).value) or None
    if key not in fonts:
        font = ctypes.cast(key, c.FPDF_FONT) if key else None
        fonts[key] = (_base_font_name(font), _descent(font))
    fontname, descent = fonts[key]
    bottom = height - matrix[5] - descent * size
    return _char(" ", fontname, size, True, matrix[4], matrix[4], bottom - size, bottom)


def _base_font_name(font) -> str:
    """The font's base name ("" when PDFium does not know it)."""
    name = ctypes.create_string_buffer(256)
    if not font or not c.FPDFFont_GetBaseFontName(font, name, len(name)):
        return ""
    return name.value.decode("utf-8", "replace")


def _descent(font) -> float:
    """The font's descent per point of size (negative), 0 when PDFium does not know it."""
    descent = ctypes.c_float()
    if not font or not c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent):
        return 0.0
    return descent.value


def _char(text, fontname, size, upright, x0, x1, top, bottom) -> dict:
    """A character in pdfplumber's shape."""
    return {
        "object_type": "char", "text": text, "fontname": fontname, "size": size,
        "upright": upright, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
        "width": x1 - x0, "height": bottom - top,
    }  # fmt: skip


# ----------------------------------------------------------------------------- page objects
class _Fonts:
    """Font name, size, descent per unit of size and uprightness of each text object, looked up
    once (every character of a text object shares them)."""

    def __init__(self, textpage) -> None:
        self.textpage = textpage
        self.cache: dict[int, tuple[str, float, float, bool]] = {}
        self.fonts: dict[int, tuple[str, float]] = {}  # font address: (name, descent)
        self.buffer = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()

    def get(self, address: int, index: int) -> tuple[str, float, float, bool]:
        """The text object's (font name, size, descent, upright), ``index`` one of its characters."""
        found = self.cache.get(address)
        if found is None:
            found = self.cache[address] = self._look_up(address, index)
        return found

    def _look_up(self, address: int, index: int) -> tuple[str, float, float, bool]:
        """Ask PDFium about the text object of character ``index`` (about its font once)."""
        key = (_text_font(address) if address else 0) or None
        facts = None if key is None else self.fonts.get(key)
        if facts is None:
            font = ctypes.cast(key, c.FPDF_FONT) if key else None
            c.FPDFText_GetFontInfo(self.textpage, index, self.buffer, len(self.buffer), self.flags)
            facts = (self.buffer.value.decode("utf-8", "replace"), _descent(font))
            if key is not None:
                self.fonts[key] = facts
        name, descent = facts
        angle = c.FPDFText_GetCharAngle(self.textpage, index)  # radians in [0, 2pi); -1: unknown
        upright = angle < 0 or min(angle, 2 * math.pi - angle) < 1e-3
        return name, c.FPDFText_GetFontSize(self.textpage, index), descent, upright


def page_chars(textpage, height: float, order: dict[int, int] | None = None) -> tuple[np.ndarray, np.ndarray, Chars]:
    """The characters of a PDFium text page in pdfplumber's geometry, with their sort keys: the
    position of each one's text object in ``order`` and its index.  Characters PDFium generated
    for spaces and line ends it inferred are left out: pdfplumber has no such characters.  (The
    hot loop of the fast path: two calls into PDFium per character, written straight into
    arrays (:mod:`extractor.read.pdfium_text`); fonts are looked up once per text object.)"""
    count = c.FPDFText_CountChars(textpage)
    if count <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), Chars.from_dicts([])
    text = pdfium_text.page_text(textpage, count)
    all_codes = code_points(text)
    index = pdfium_text.drawn(textpage, all_codes)
    codes = all_codes[index]
    boxes, origins, objects = pdfium_text.char_geometry(textpage, index, codes)
    unique, first, inverse = np.unique(objects, return_index=True, return_inverse=True)
    fonts = _Fonts(textpage)
    info = [fonts.get(int(address), int(index[n])) for address, n in zip(unique, first)]
    names = list(dict.fromkeys(name for name, _, _, _ in info))
    font = np.array([names.index(name) for name, _, _, _ in info], dtype=np.int64)[inverse]
    size, descent, upright = (np.array([row[k] for row in info])[inverse] for k in (1, 2, 3))
    order = order or {}
    position = np.array([order.get(int(a), len(order)) for a in unique], dtype=np.int64)[inverse]
    baseline = height - origins[:, 1] - descent * size
    x0 = np.where(upright, origins[:, 0], boxes[:, 0])
    top = np.where(upright, baseline - size, height - boxes[:, 1])
    bottom = np.where(upright, baseline, height - boxes[:, 3])
    columns = Chars(list(map(text.__getitem__, index.tolist())), x0, boxes[:, 2], top, bottom, size, font, names,
                    upright.astype(bool), blank=Chars.blank_codes(codes), empty=np.zeros(len(index), dtype=bool))  # fmt: skip
    return position, index, columns


# ----------------------------------------------------------------------------- documents
def open_pdf(path, password: str | None) -> pdfium.PdfDocument:
    """Open with PDFium; raises ``pdfium.PdfiumError`` (``err_code`` says why)."""
    return pdfium.PdfDocument(str(path), password=password or None)


def is_password_error(error: Exception) -> bool:
    """Whether PDFium refused the file for a missing or wrong password."""
    return getattr(error, "err_code", None) == c.FPDF_ERR_PASSWORD


REOPEN_EVERY = 200  # pages read between two openings of the document (module doc of ``pages``)


def pages(opener: Callable[[], pdfium.PdfDocument], numbers: range | None = None
          ) -> Iterator[tuple[int, pdfium.PdfPage]]:
    """(number from 1, page) for each page (each of ``numbers`` in the file, when given); each
    page is closed after the caller is done.  PDFium keeps every object it has parsed until the
    document is closed (about 50 MB per 1,000 pages of council PDFs), so the document is opened
    again (``opener``) every ``REOPEN_EVERY`` pages and the freed memory given back to the
    system: reading a long pack holds about as much of PDFium's memory as reading 200 pages."""
    pdf = opener()
    try:
        wanted = range(1, len(pdf) + 1) if numbers is None else [n for n in numbers if 1 <= n <= len(pdf)]
        for done, number in enumerate(wanted):
            if done and done % REOPEN_EVERY == 0:
                pdf.close()
                give_back_memory()
                pdf = opener()
            page = pdf[number - 1]
            try:
                yield number, page
            finally:
                page.close()
    finally:
        pdf.close()


def give_back_memory() -> None:
    """Return the freed heap to the system (glibc's ``malloc_trim``; nothing elsewhere)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        return


__all__ = ["FastPage", "PdfiumError", "read_page", "needs_pdfplumber", "open_pdf", "is_password_error", "pages",
           "page_chars", "page_objects"]
