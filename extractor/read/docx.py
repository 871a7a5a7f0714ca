"""Read a Word .docx into a :class:`~extractor.document.Document` with python-docx.

The body's XML children are walked in order, so paragraphs and tables interleave as printed
(content controls, ``w:sdt``, are walked into).  Paragraphs in a Heading, Title or Subtitle style
(or with an outline level) are headings, and so are short bold paragraphs; paragraphs with
numbering (``w:numPr``, direct or from their style) or in a style whose name contains "List"
are list items whose marker is computed from the numbering definitions ("1.", "a)", "(i)",
"•" for bullets; "•" when it cannot be computed, or a marker typed at the start of the text,
split off with ``layout.split_marker``).  Any other paragraph opening with a typed marker is a
list item too.  Tables become table rows with one cell per grid column: a merged cell's text
is written once, and the columns it also covers hold ''.  One-column tables are text boxes,
read as ordinary paragraphs.  Explicit page breaks (``w:br w:type="page"``,
``pageBreakBefore``) and section breaks that start a new page become form feeds, so
``Document.pages`` counts them; text boxes, headers, footers, footnotes and comments are not read.

The canonical text is written as the HTML and PDF readers write it (``CanonicalWriter``): for
headings, paragraphs and list items ``doc.text[b.start:b.end] == b.text``; a table row's text is
its cells joined by tabs and each :class:`~extractor.document.Cell` span gives that cell's text.
"""
from __future__ import annotations

import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from extractor.document import HEADING, LIST_ITEM, TABLE_ROW, Document
from extractor.errors import CorruptFileError, EmptyFileError
from extractor.read.formats import wrong_format
from extractor.read.limits import check_inflated_size
from extractor.read.canonical import CanonicalWriter, Proto
from extractor.read.html import MAX_SPAN, alpha_number, clean, line_protos, roman_number
from extractor.read.layout import fold, split_marker

CORRUPT = "cannot be read as a Word .docx; re-save it as .docx or PDF"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_P, W_TBL, W_T, W_BR, W_CR = qn("w:p"), qn("w:tbl"), qn("w:t"), qn("w:br"), qn("w:cr")
W_R, W_TAB, W_PTAB, W_NBHYPHEN = qn("w:r"), qn("w:tab"), qn("w:ptab"), qn("w:noBreakHyphen")
HIDDEN = "./w:rPr/w:vanish[not(@w:val='0' or @w:val='false' or @w:val='off')]"  # hidden text
CONTAINERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}
SKIP = {  # subtrees with no printed body text: properties, deletions, drawings and text boxes
    qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"), qn("w:drawing"), qn("w:pict"),
    qn("w:object"), qn("w:txbxContent"), qn("w:sdtPr"), f"{MC}AlternateContent",
}
HEADING_NAMES = ("heading", "title", "subtitle")
NUMBER_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}", "lowerLetter": alpha_number,
    "upperLetter": lambda n: alpha_number(n).upper(), "lowerRoman": roman_number,
    "upperRoman": lambda n: roman_number(n).upper(),
}


# ----------------------------------------------------------------------------- public API
def read_docx(path: str | Path, settings=None) -> Document:
    """Read the .docx at ``path``; raise an :mod:`extractor.errors` error saying the fix."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise EmptyFileError(str(path))
    word = _open(path)
    reader = _Reader(word)
    reader.elements(word.element.body)
    doc = reader.writer.document(str(path), "docx")
    if not doc.blocks:
        doc.warnings.append(f"{path}: no text found in the document body; check it is the right file")
    return doc


def _open(path: Path):
    """The python-docx Document; CorruptFileError for anything that is not a readable .docx."""
    with open(path, "rb") as fh:
        if fh.read(4) != b"PK\x03\x04":
            raise CorruptFileError(str(path), wrong_format(path, ".docx") or CORRUPT)
    try:
        check_inflated_size(path)
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError,
            zlib.error, EOFError, OSError, NotImplementedError) as exc:  # damaged zip or XML
        raise CorruptFileError(str(path), CORRUPT) from exc


# ----------------------------------------------------------------------------- paragraph text
@lru_cache(maxsize=64)
def _compiled(path: str) -> etree.XPath:
    return etree.XPath(path, namespaces={"w": W_NS})


def _xp(el, path: str) -> list:
    """XPath with the ``w:`` prefix, on python-docx and plain lxml elements alike."""
    return _compiled(path)(el)


def _walk(el):
    """Descendants of ``el`` in document order, skipping subtrees without printed text."""
    for child in el.iterchildren():
        if child.tag in SKIP or (child.tag == W_R and _xp(child, HIDDEN)):
            continue
        yield child
        yield from _walk(child)


def _t_text(t) -> str:
    """A ``w:t``'s text, including the text after an entity reference or comment inside it
    (python-docx leaves entities unresolved: the words after one are that node's tail).  An
    entity declared in the part's own DTD with plain text is replaced by that text; any other
    (external, or built of further entities, as in a "billion laughs" file) is left out."""
    out = [t.text or ""]
    for child in t:
        if child.tag is etree.Entity:
            out.append(_entity_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _entity_text(entity) -> str:
    dtd = entity.getroottree().docinfo.internalDTD
    for declared in dtd.iterentities() if dtd is not None else ():
        if declared.name == entity.name:
            content = declared.content or ""
            return content if "&" not in content and "<" not in content and len(content) <= 1000 else ""
    return ""


def raw_text(p) -> str:
    """A paragraph's text: line breaks as ``\\n``, page breaks as ``\\f``, tabs as spaces."""
    out = []
    for node in _walk(p):
        if node.tag == W_T:
            out.append(_t_text(node))
        elif node.tag in (W_TAB, W_PTAB):
            out.append(" ")
        elif node.tag == W_BR:
            out.append("\f" if node.get(qn("w:type")) == "page" else "\n")
        elif node.tag == W_CR:
            out.append("\n")
        elif node.tag == W_NBHYPHEN:
            out.append("-")
    return "".join(out)


# ----------------------------------------------------------------------------- styles
def _chain(style) -> list:
    """A style and the styles it is based on, nearest first."""
    out = []
    while style is not None and len(out) < 20:
        out.append(style)
        style = style.base_style
    return out


def _first(values):
    """The first value that is not None (style inheritance), else None."""
    return next((v for v in values if v is not None), None)


def _names(chain: list) -> list[str]:
    return [s.name.lower() for s in chain if s.name]


def _is_heading(p, chain: list) -> bool:
    """A Heading/Title/Subtitle style (or one based on it), or an outline level 0-8."""
    if any(n.startswith(HEADING_NAMES) for n in _names(chain)):
        return True
    levels = [pPr.outlineLvl for pPr in _pprs(p, chain) if pPr.outlineLvl is not None]
    return bool(levels) and levels[0].val < 9


def _pprs(p, chain: list) -> list:
    """Paragraph properties: the paragraph's own, then its styles' (nearest first)."""
    return [pPr for pPr in [p.pPr, *(s.element.pPr for s in chain)] if pPr is not None]


def _page_break_before(p, chain: list) -> bool:
    """``pageBreakBefore`` set on the paragraph or inherited from its style."""
    return bool(_first(pPr.pageBreakBefore_val for pPr in _pprs(p, chain)))


def _num_props(p, chain: list) -> tuple[int, int] | None:
    """(numId, ilvl) from the paragraph or its style; None when not numbered (numId 0)."""
    numprs = [pPr.numPr for pPr in _pprs(p, chain) if pPr.numPr is not None]
    num_id = _first(n.numId.val for n in numprs if n.numId is not None)
    ilvl = _first(n.ilvl.val for n in numprs if n.ilvl is not None)
    return (num_id, ilvl or 0) if num_id else None


def _run_bold(run: Run, chain: list, style_bold: bool | None) -> bool:
    """A run's effective boldness: its own, its character style's (``chain``), else the paragraph's."""
    if run.bold is not None:
        return run.bold
    return bool(_first([*(s.font.bold for s in chain), style_bold]))


# ----------------------------------------------------------------------------- numbering
class _Numbering:
    """Computes list markers from numbering.xml, counting per abstract list like Word does."""

    def __init__(self, word) -> None:
        self.root = _numbering_root(word)
        self.counts: dict[str, dict[int, int]] = {}
        self.cache: dict[int, tuple | None] = {}
        self.seen: set[int] = set()

    def marker(self, num_id: int, ilvl: int) -> str | None:
        """The marker of the next paragraph in list ``num_id`` at level ``ilvl``, or None."""
        found = self._definition(num_id)
        if found is None or ilvl not in found[1]:
            return None
        abstract, levels, starts = found
        counts = self.counts.setdefault(abstract, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for level in starts:
                counts.pop(level, None)  # a startOverride restarts that level
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else starts.get(ilvl, _start(levels[ilvl]))
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        return _render(levels, counts, ilvl)

    def _definition(self, num_id: int) -> tuple | None:
        """(abstract id, {ilvl: w:lvl}, {ilvl: start override}) for a numId, cached."""
        if num_id not in self.cache:
            self.cache[num_id] = _definition(self.root, num_id) if self.root is not None else None
        return self.cache[num_id]


def _numbering_root(word):
    """The ``w:numbering`` element (python-docx adds an empty one when the file has none)."""
    try:
        return word.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _definition(root, num_id: int) -> tuple | None:
    """Look up a w:num, its w:abstractNum levels and any level overrides; None if missing."""
    nums = _xp(root, f'./w:num[@w:numId="{num_id}"]')
    abstract_ids = _xp(nums[0], "./w:abstractNumId/@w:val") if nums else []
    if not abstract_ids:
        return None
    abstracts = _xp(root, f'./w:abstractNum[@w:abstractNumId="{abstract_ids[0]}"]')
    if not abstracts:
        return None
    levels = {_int(lvl.get(qn("w:ilvl"))): lvl for lvl in _xp(abstracts[0], "./w:lvl")}
    starts = {}
    for override in _xp(nums[0], "./w:lvlOverride"):
        ilvl = _int(override.get(qn("w:ilvl")))
        levels.update({ilvl: lvl for lvl in _xp(override, "./w:lvl")})
        starts.update({ilvl: _int(v, 1) for v in _xp(override, "./w:startOverride/@w:val")})
    return abstract_ids[0], levels, starts


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _val(lvl, name: str) -> str | None:
    found = _xp(lvl, f"./w:{name}/@w:val")
    return found[0] if found else None


def _start(lvl) -> int:
    return _int(_val(lvl, "start"), 1)


def _render(levels: dict, counts: dict[int, int], ilvl: int) -> str | None:
    """Fill the level's text ("%1.", "(%2)", "%1.%2") with the current numbers."""
    lvl = levels[ilvl]
    fmt = _val(lvl, "numFmt") or "decimal"
    if fmt == "bullet":
        return "•"
    text = _val(lvl, "lvlText")
    if fmt == "none" or not text:
        return None
    for k in range(9, 0, -1):  # %10 does not exist; go down so %1 does not eat %1x
        if f"%{k}" in text:
            text = text.replace(f"%{k}", _number(levels, counts, k - 1, lvl))
    return fold(text) or None


def _number(levels: dict, counts: dict[int, int], level: int, current) -> str:
    """The number of ``level`` in its own format (decimal in a legal-style level)."""
    lvl = levels.get(level)
    n = counts.get(level, _start(lvl) if lvl is not None else 1)
    fmt = _val(lvl, "numFmt") if lvl is not None else "decimal"
    if _xp(current, "./w:isLgl"):
        fmt = "decimal"
    return NUMBER_FORMATS.get(fmt or "decimal", str)(n)


# ----------------------------------------------------------------------------- sections
def _section_page_breaks(body) -> list[bool]:
    """For each paragraph-level section break in order: does the next section start a page?"""
    sects = _xp(body, ".//w:p/w:pPr/w:sectPr | ./w:sectPr")
    types = [(_xp(s, "./w:type/@w:val") or ["nextPage"])[0] for s in sects]
    return [t != "continuous" for t in types[1:]]


# ----------------------------------------------------------------------------- the walk
class _Reader:
    """Walks the body in order, writing blocks into a CanonicalWriter."""

    def __init__(self, word) -> None:
        self.word = word
        self.writer = CanonicalWriter()
        self.numbering = _Numbering(word)
        self.tables = 0
        self.section_breaks = _section_page_breaks(word.element.body)
        self.sections_seen = 0
        self.style_cache: dict[tuple, list] = {}

    def elements(self, parent) -> None:
        """Paragraphs and tables of a body or cell, in order (content controls walked into)."""
        for child in parent.iterchildren():
            if child.tag == W_P:
                self.paragraph(child)
            elif child.tag == W_TBL:
                self.table(child)
            elif child.tag in CONTAINERS:
                self.elements(child)

    def paragraph(self, p) -> None:
        """One paragraph, split at its page breaks; a section break after it may end a page."""
        chain = self.styles(p.style, WD_STYLE_TYPE.PARAGRAPH)
        if _page_break_before(p, chain):
            self.writer.page_break()
        pieces = raw_text(p).split("\f")
        toc = any(n.startswith("toc") for n in _names(chain))
        for i, piece in enumerate(pieces):
            if i:
                self.writer.page_break()
            if toc:
                continue  # a table of contents line: navigation, not content
            for proto in self.classify(p, chain, piece) if i == 0 else line_protos(piece):
                self.writer.add(proto)
        self._section_end(p)

    def _section_end(self, p) -> None:
        """A section break after ``p`` is a page break unless the next section is continuous."""
        if p.pPr is None or p.pPr.sectPr is None:
            return
        k, self.sections_seen = self.sections_seen, self.sections_seen + 1
        if k < len(self.section_breaks) and self.section_breaks[k]:
            self.writer.page_break()

    def classify(self, p, chain: list, raw: str) -> list[Proto]:
        """Heading (style or short and bold), list item (numbered or List style), or text."""
        text = fold(clean(raw))
        if not text:
            return []
        num = _num_props(p, chain)
        marker = self.numbering.marker(*num) if num else None
        if _is_heading(p, chain):
            return [Proto(HEADING, text, marker, bold=True)]
        if num or any("list" in n for n in _names(chain)):
            return [_list_proto(text, marker, num[1] if num else 0)]
        return line_protos(raw, bold=self._all_bold(p, chain))

    def _all_bold(self, p, chain: list) -> bool:
        """Is every run with visible text bold (directly, by character style or paragraph style)?"""
        para = Paragraph(p, self.word)
        style_bold = _first(s.font.bold for s in chain)
        shown = [r for r in _xp(p, ".//w:r[w:t]") if "".join(_t_text(t) for t in r.t_lst).strip()]
        return bool(shown) and all(
            _run_bold(Run(r, para), self.styles(r.style, WD_STYLE_TYPE.CHARACTER), style_bold) for r in shown)

    def styles(self, style_id: str | None, kind) -> list:
        """The style chain for a style id (the default style when None), cached:
        python-docx scans every style to find a default."""
        key = (style_id, kind)
        if key not in self.style_cache:
            self.style_cache[key] = _chain(self.word.part.get_style(style_id, kind))
        return self.style_cache[key]

    def table(self, tbl) -> None:
        """Rows of cells; a one-column table (a text box) is read as ordinary paragraphs."""
        rows = [self._row(tr) for tr in tbl.tr_lst]
        if max((len(r) for r in rows), default=0) < 2:
            for tc in (tc for tr in tbl.tr_lst for tc in tr.tc_lst):
                self.elements(tc)
            return
        self.tables += 1
        for row in rows:
            if any(row):
                self.writer.add(Proto(TABLE_ROW, "\t".join(row), cells=row, table=self.tables))

    def _row(self, tr) -> list[str]:
        """One text per grid column; merged cells' text once, '' where a merge continues."""
        cells = [""] * _span(tr.grid_before, 0)
        for tc in tr.tc_lst:
            text = "" if tc.vMerge == "continue" else self.cell_text(tc)
            cells += [text] + [""] * (_span(tc.grid_span) - 1)
        return cells

    def cell_text(self, tc) -> str:
        """A cell's paragraphs (nested tables included) joined by spaces, list markers kept."""
        parts = []
        for p in _xp(tc, ".//w:p[not(ancestor::w:txbxContent)]"):
            text = fold(clean(raw_text(p)))
            num = _num_props(p, self.styles(p.style, WD_STYLE_TYPE.PARAGRAPH))
            marker = self.numbering.marker(*num) if num and text else None
            parts.append(f"{marker} {text}" if marker else text)
        return fold(" ".join(parts))


def _span(value, least: int = 1) -> int:
    """A gridSpan or gridBefore clamped to [least, MAX_SPAN]: a cell claiming a million
    columns would otherwise build a million-cell row for every row of its table."""
    return max(least, min(MAX_SPAN, value or 0))


def _list_proto(text: str, marker: str | None, level: int) -> Proto:
    """A list item: the computed marker, else one typed in the text, else '•'."""
    if marker is None:
        typed, _, offset = split_marker(text)
        marker, text = (typed, text[offset:]) if typed is not None else ("•", text)
    return Proto(LIST_ITEM, text, marker, level)
