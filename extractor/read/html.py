"""Read ModernGov pages saved as HTML (.html/.htm) into a :class:`~extractor.document.Document`.

Decision details, issue histories, minutes and agenda items are parsed with BeautifulSoup and
Python's built-in ``html.parser``.  Page chrome is dropped first: script, style, nav, header,
footer and noscript elements, hidden elements, and elements whose id or class names a
breadcrumb, nav, menu, footer, cookie banner or skip link.  The rest is walked in document
order: ``h1``-``h6`` become headings; ``p``/``div`` text becomes paragraphs (a line whose text
opens with a list marker, as ModernGov writes "(i) text" in a ``<p>``, becomes a list item);
``li`` becomes a list item with a "•" or computed "1." / "a)" / "i)" marker and a level from
its list depth; data tables become table rows with one cell per grid column.

The canonical text is built the same way as the PDF reader builds it: blocks separated by a
blank line (one newline between consecutive list items or rows of one table), a list marker
printed before its item.  For headings, paragraphs and list items
``doc.text[b.start:b.end] == b.text``; a table row's text is its cells joined by tabs and each
:class:`~extractor.document.Cell` span gives that cell's text.  ``CanonicalWriter`` and
``line_protos`` is shared with the Word reader; the writer (:mod:`extractor.read.canonical`)
with the Word and PDF readers.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from extractor.document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Document
from extractor.errors import CorruptFileError, EmptyFileError
from extractor.read import limits
from extractor.read.formats import not_html, utf16_codec
from extractor.read.canonical import CanonicalWriter, Proto
from extractor.read.layout import fold, is_heading_text, split_marker

DROP_TAGS = {
    "head", "title", "script", "style", "noscript", "nav", "header", "footer", "template",
    "iframe", "object", "embed", "svg", "math", "canvas", "img", "picture", "video", "audio",
    "map", "button", "select", "input", "textarea",
}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = HEADING_TAGS | {
    "html", "body", "main", "article", "section", "aside", "div", "p", "ul", "ol", "li", "dl", "dt",
    "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre",
    "address", "figure", "figcaption", "fieldset", "legend", "form", "hr", "center", "details",
    "summary", "dialog", "menu",
}
LIST_TAGS = ("ul", "ol")
CHROME = re.compile(r"breadcrumb|cookie|footer|menu|skip|(?<![a-z])nav|nav(?![a-z])")
CHROME_ROLES = {"navigation", "banner", "contentinfo", "search"}
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
TITLE_CLASS = re.compile(r"title|heading", re.I)
LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.I)
CSS_TYPES = {
    "decimal": "1", "lower-alpha": "a", "lower-latin": "a", "upper-alpha": "A",
    "upper-latin": "A", "lower-roman": "i", "upper-roman": "I", "none": "", "disc": "•",
    "circle": "•", "square": "•",
}
META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
WINDOWS_1252 = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "l1", "us-ascii", "ascii", "cp819"}
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
DEEP = "HTML nested too deeply to read; open it in a browser and save it again, or print it to PDF"
MAX_SPAN = 50  # colspan/rowspan above this are treated as this


def clean(raw: str) -> str:
    """Drop invisible characters (zero-width spaces, soft hyphens, BOMs); keep line breaks."""
    return raw.translate(INVISIBLE)


def line_protos(raw: str, bold: bool = False, prominent: bool = False) -> list[Proto]:
    """One paragraph's text, lines split by ``\\n`` (a ``<br>``), as blocks.

    Line breaks fold to spaces, except that a line opening with a list marker starts a new
    block.  A block opening with a marker (per ``layout.split_marker``) is a list item; a
    short title-like one that is bold (or ``prominent``) is a heading; the rest paragraphs.
    """
    groups: list[list[str]] = []
    for line in clean(raw).split("\n"):
        line = fold(line)
        if line and groups and split_marker(line)[0] is None:
            groups[-1].append(line)
        elif line:
            groups.append([line])
    return [_text_proto(" ".join(g), bold, prominent) for g in groups]


def _text_proto(text: str, bold: bool, prominent: bool) -> Proto:
    """One block of folded text as a list item, heading or paragraph."""
    marker, _, offset = split_marker(text)
    if marker is not None:
        return Proto(LIST_ITEM, text[offset:], marker, bold=bold)
    kind = HEADING if (bold or prominent) and is_heading_text(text) else PARAGRAPH
    return Proto(kind, text, bold=bold)


# ----------------------------------------------------------------------------- public API
def read_html(path: str | Path, settings=None) -> Document:
    """Read a saved ModernGov page; raise an :mod:`extractor.errors` error saying the fix."""
    path = Path(path)
    limits.check_html_size(path)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyFileError(str(path), len(data))
    if (problem := not_html(data)) is not None:
        raise CorruptFileError(str(path), problem)
    text, warnings = decode_html(data, str(path))
    if not re.search(r"<[A-Za-z!/]", text):
        raise CorruptFileError(str(path), "not HTML (no tags found); rename it to .txt or re-download it")
    doc = parse_html(text, str(path))
    doc.warnings[:0] = warnings
    return doc


def parse_html(html: str, source: str = "<html>") -> Document:
    """Build a Document from already-decoded HTML."""
    soup = BeautifulSoup(html, "html.parser")
    _strip_chrome(soup)
    walker = _Walker()
    try:
        walker.flow(soup, (), False)
    except RecursionError:
        raise CorruptFileError(source, DEEP) from None
    doc = walker.writer.document(source, "html")
    if not doc.blocks:
        doc.warnings.append(f"{source}: no text found in the page; check it is the saved page, not a frame")
    return doc


# ----------------------------------------------------------------------------- bytes to text
def decode_html(data: bytes, path: str) -> tuple[str, list[str]]:
    """Bytes to str: a BOM, else the meta charset, else UTF-8, else cp1252 with a warning."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), []
    warnings: list[str] = []
    codec = utf16_codec(data)
    if codec:
        return data.decode(codec), [f"{path}: UTF-16 without a byte-order mark, read as {codec.upper()}"]
    declared = _declared_charset(data[:16384])
    if declared:
        try:
            return data.decode(declared), []
        except (LookupError, UnicodeDecodeError):
            warnings.append(f"{path}: the page declares charset {declared}, which does not fit its bytes")
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError:
        warnings.append(f"{path}: not valid UTF-8; decoded as cp1252 (check accented characters)")
        return data.decode("cp1252", errors="replace"), warnings


def _declared_charset(head: bytes) -> str | None:
    """The ``<meta charset>`` (or http-equiv content charset); latin-1 is read as cp1252."""
    m = META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    if name.startswith(("utf-16", "utf16")):
        return "utf-8"  # as browsers do: a page that could read its own meta is not UTF-16
    return "cp1252" if name in WINDOWS_1252 else name


# ----------------------------------------------------------------------------- chrome
def _strip_chrome(soup: BeautifulSoup) -> None:
    """Remove non-content elements and recognisable ModernGov/site chrome.

    A chrome-looking element holding more than half the page's text is kept: a wrapper such
    as ``<div class="page nav-open">`` is not chrome.
    """
    for tag in [t for t in soup.descendants if isinstance(t, Tag) and t.name in DROP_TAGS]:
        if not tag.decomposed:
            tag.decompose()
    total = len(fold(soup.get_text(" ")))
    for tag in [t for t in soup.descendants if isinstance(t, Tag) and _is_chrome(t)]:
        if not tag.decomposed and 2 * len(fold(tag.get_text(" "))) <= total:
            tag.decompose()


def _is_chrome(tag: Tag) -> bool:
    """Hidden, a navigation/banner landmark, or named like a breadcrumb/nav/menu/footer/cookie/skip."""
    if tag.name in ("html", "body", "main"):
        return False
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or HIDDEN.search(tag.get("style", "")):
        return True
    if tag.get("role") in CHROME_ROLES:
        return True
    names = [tag.get("id") or "", *_classes(tag)]
    return any(CHROME.search(n.lower()) for n in names if n)


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class") or []
    return value.split() if isinstance(value, str) else list(value)


# ----------------------------------------------------------------------------- inline text
def _is_text(node) -> bool:
    """A text node (not a comment, doctype, CDATA or processing instruction)."""
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def _bold(tag: Tag) -> bool:
    return tag.name in ("b", "strong") or bool(BOLD_STYLE.search(tag.get("style", "")))


def _pieces(node: Tag, bold: bool, skip: tuple[str, ...] = ()) -> list[tuple[str, bool]]:
    """(text, bold) pieces under ``node``: ``<br>`` is ``"\\n"``, block elements are spaced."""
    out: list[tuple[str, bool]] = []
    for child in node.children:
        if _is_text(child):
            out.append((str(child), bold))
        elif not isinstance(child, Tag) or child.name in skip:
            continue
        elif child.name == "br":
            out.append(("\n", bold))
        elif child.name in BLOCK_TAGS:
            out += [(" ", bold), *_pieces(child, bold or _bold(child), skip), (" ", bold)]
        else:
            out += _pieces(child, bold or _bold(child), skip)
    return out


def _joined(pieces: list[tuple[str, bool]]) -> tuple[str, bool]:
    """The pieces' text, and whether all of its visible text is bold."""
    raw = "".join(text for text, _ in pieces)
    shown = [b for text, b in pieces if text.strip()]
    return raw, bool(shown) and all(shown)


def _one_line(node: Tag, skip: tuple[str, ...] = ()) -> tuple[str, bool]:
    """Folded text of ``node`` with line breaks as spaces, and whether it is all bold."""
    raw, bold = _joined(_pieces(node, _bold(node), skip))
    return fold(clean(raw)), bold


def _has_block(tag: Tag) -> bool:
    """Does an inline-looking element (``<font>``, ``<span>``) wrap block content?"""
    return any(isinstance(d, Tag) and d.name in BLOCK_TAGS for d in tag.descendants)


def _child_tags(node: Tag, names: tuple[str, ...] | None = None) -> list[Tag]:
    """Element children (named ``names`` when given), without bs4's slow filters."""
    return [c for c in node.children if isinstance(c, Tag) and (names is None or c.name in names)]


def _outermost(node: Tag, names: tuple[str, ...]):
    """Descendants named ``names`` that are not inside another such descendant."""
    for child in _child_tags(node):
        if child.name in names:
            yield child
        else:
            yield from _outermost(child, names)


# ----------------------------------------------------------------------------- lists
def _list_type(node: Tag) -> str:
    """'•', '1', 'a', 'A', 'i', 'I', or '' (list-style: none)."""
    css = LIST_STYLE.search(node.get("style", ""))
    if css and css.group(1).lower() in CSS_TYPES:
        return CSS_TYPES[css.group(1).lower()]
    if node.name != "ol":
        return "•"
    kind = node.get("type", "1")
    return kind if kind in ("1", "a", "A", "i", "I") else "1"


def _int(value, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def format_number(n: int, kind: str) -> str:
    """1 -> '1.', 'a)', 'A)', 'i)', 'I)' by list type."""
    if kind in ("a", "A"):
        text = alpha_number(n)
        return (text.upper() if kind == "A" else text) + ")"
    if kind in ("i", "I"):
        text = roman_number(n)
        return (text.upper() if kind == "I" else text) + ")"
    return f"{n}."


def alpha_number(n: int) -> str:
    """1 -> 'a', 26 -> 'z', 27 -> 'aa'."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out or "a"


def roman_number(n: int) -> str:
    """4 -> 'iv' (lower case; plain digits outside 1-3999)."""
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


# ----------------------------------------------------------------------------- tables
def _rows(table: Tag) -> list[Tag]:
    """The table's own rows (through thead/tbody/tfoot), not those of nested tables."""
    return [t for t in _outermost(table, ("tr", "table")) if t.name == "tr"]


def _row_cells(tr: Tag) -> list[Tag]:
    return _child_tags(tr, ("td", "th"))


def _span(cell: Tag, name: str) -> int:
    return max(1, min(MAX_SPAN, _int(cell.get(name), 1)))


def _grid(trs: list[Tag]) -> list[list[str]]:
    """Cell texts per row, one per grid column: a spanned position holds ''."""
    carry: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    out = []
    for tr in trs:
        row: list[str] = []
        for cell in _row_cells(tr):
            _take_carried(row, carry)
            col = len(row)
            row += [_one_line(cell)[0]] + [""] * (_span(cell, "colspan") - 1)
            for k in range(_span(cell, "colspan")):
                if _span(cell, "rowspan") > 1:
                    carry[col + k] = _span(cell, "rowspan") - 1
        _take_carried(row, carry)
        for c in [c for c in carry if c >= len(row)]:  # trailing covered columns: no padding
            carry[c] -= 1
        out.append(row)
        carry = {c: n for c, n in carry.items() if n > 0}
    return out


def _take_carried(row: list[str], carry: dict[int, int]) -> None:
    """Pad ``row`` with '' for columns covered by a rowspan from an earlier row."""
    while carry.get(len(row), 0) > 0:
        carry[len(row)] -= 1
        row.append("")


def _is_layout(table: Tag, rows: list[list[str]]) -> bool:
    """A table used for page layout: one column, or holding another table."""
    nested = any(isinstance(d, Tag) and d.name == "table" for d in table.descendants)
    return max((len(r) for r in rows), default=0) < 2 or nested


# ----------------------------------------------------------------------------- the walk
class _Walker:
    """Walks the cleaned DOM in document order, writing blocks as it goes."""

    def __init__(self) -> None:
        self.writer = CanonicalWriter()
        self.tables = 0

    def flow(self, node: Tag, lists: tuple[Tag, ...], bold: bool) -> None:
        """A container's children: runs of inline content become paragraphs, blocks recurse."""
        buf: list[tuple[str, bool]] = []
        titled = any(TITLE_CLASS.search(c) for c in _classes(node)) if isinstance(node, Tag) else False
        for child in node.children:
            if isinstance(child, Tag) and (child.name in BLOCK_TAGS or _has_block(child)):
                self.flush(buf, titled)
                buf = []
                self.block(child, lists, bold or _bold(child))
            elif isinstance(child, Tag):
                buf += [("\n", bold)] if child.name == "br" else _pieces(child, bold or _bold(child))
            elif _is_text(child):
                buf.append((str(child), bold))
        self.flush(buf, titled)

    def flush(self, buf: list[tuple[str, bool]], titled: bool = False) -> None:
        """Write a run of inline pieces as paragraphs, list items or a heading."""
        raw, bold = _joined(buf)
        for proto in line_protos(raw, bold, prominent=titled):
            self.writer.add(proto)

    def block(self, node: Tag, lists: tuple[Tag, ...], bold: bool) -> None:
        """Dispatch a block element: heading, list, list item, table, or another container."""
        if node.name in HEADING_TAGS:
            self.heading(node)
        elif node.name in LIST_TAGS:
            self.list(node, lists)
        elif node.name == "li":
            self.item(node, lists, None, typed_wins=True)
        elif node.name == "table":
            self.table(node, lists)
        else:
            self.flow(node, lists, bold)

    def heading(self, node: Tag) -> None:
        text, _ = _one_line(node)
        if text:
            self.writer.add(Proto(HEADING, text, bold=True))

    def list(self, node: Tag, lists: tuple[Tag, ...]) -> None:
        """``ul``/``ol`` items with markers ('•', or numbers respecting start/type/value)."""
        kind, inner = _list_type(node), (*lists, node)
        number = _int(node.get("start"), 1)
        for child in node.children:
            if isinstance(child, Tag) and child.name == "li":
                number = _int(child.get("value"), number)
                marker = format_number(number, kind) if kind not in ("•", "") else "•"
                self.item(child, inner, marker, typed_wins=kind in ("•", ""))
                number += 1
            elif isinstance(child, Tag):
                self.block(child, inner, _bold(child))
            elif _is_text(child) and child.strip():
                self.flush([(str(child), False)])

    def item(self, li: Tag, lists: tuple[Tag, ...], marker: str | None, typed_wins: bool) -> None:
        """One ``li``: its own text (a marker typed in a bulleted list wins), then nested lists."""
        text, bold = _one_line(li, skip=("ul", "ol", "table"))
        typed, _, offset = split_marker(text)
        if typed is not None and (typed_wins or marker is None):
            marker, text = typed, text[offset:]
        if text:
            self.writer.add(Proto(LIST_ITEM, text, marker or "•", max(0, len(lists) - 1), bold))
        for nested in _outermost(li, ("ul", "ol", "table")):
            self.block(nested, lists, False)

    def table(self, node: Tag, lists: tuple[Tag, ...]) -> None:
        """A data table as rows of cells; a layout table's cells as ordinary content."""
        trs = _rows(node)
        rows = _grid(trs)
        if _is_layout(node, rows):
            for cell in (c for tr in trs for c in _row_cells(tr)):
                self.flow(cell, lists, False)
            return
        for caption in _child_tags(node, ("caption",)):
            self.flow(caption, lists, False)
        self.tables += 1
        for row in rows:
            if any(row):
                self.writer.add(Proto(TABLE_ROW, "\t".join(row), cells=row, table=self.tables))
