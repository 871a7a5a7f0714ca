"""Render a gold document's canonical text in six layouts, for the layout-invariance tests.

The generator reads a document's text file into a flat list of :class:`Element` by general
line rules (no rule names a document), then writes that list in each form:

========== ======= ===============================================================================
form       file    layout
========== ======= ===============================================================================
text       .txt    plain text: "Label: value" field lines, tab tables, markers as printed
cover      .txt    the same, but each run of fields is a pipe table ("Label | value |")
html       .html   a ModernGov-like page: "Skip to content", site nav, breadcrumb and footer around
                   ``<h2>``/``<p>``/``<ul>``/``<ol>``/``<table>`` content
docx       .docx   python-docx: Heading 2, real Word numbering (or List Bullet paragraphs),
                   bold field labels, Table Grid tables
pdf        .pdf    reportlab (engine 1): one column, bold headings, hanging bullets and numbers,
                   fields with bold labels, ruled (gridded) tables
pdf2col    .pdf    fpdf2 (engine 2): two columns, serif font, fields and tables as UNRULED
                   tables, text placed line by line in column order
========== ======= ===============================================================================

Line rules (:func:`parse`), tried in this order on each line:

* ``**`` bold markup, ``<p>``/``</p>`` and markdown rule lines (``---|---|``) are markup and go;
* a *pipe block* (lines ending in ``|``, a lone ``|`` closing a multi-line cell or separating
  rows) becomes rows: split on the lone ``|`` separators when every part has 2-6 cells, else in
  pairs; a two-cell row whose cells are a label and a short one-line value is a field;
* a line with a tab between two non-empty parts is a table row (consecutive rows: one table);
* a line opening with a marker (``•``, ``·``, ``-``, ``–``, ``▪``, ``1.``, ``1)``, ``(1)``,
  ``2.1``, ``2.1.``, ``(a)``, ``a)``, ``(iv)``, ``iv)``; a bullet before a number, as in
  ``- 1.1``, is a conversion artefact and goes) is a list item; a marker alone on its line
  takes the next line as its text; consecutive items are one list (blank lines or not), nested
  by indentation, or, in a list printed at one indentation, by marker style (a "·" list with
  "o" items inside, as Word exports sub-bullets);
* a line starting with a lower-case letter continues the paragraph or item before it (across at
  most one blank line); so does a line straight after one ending in ``,``, ``&``, a dash or a
  connecting word ("and", "of", ...);
* ``Label: value`` (a capitalised label that does not open with a pronoun, a value of at most
  fifteen words that is not a sentence) is a field, and so is a ``Label:`` line with its value
  on the next line;
* everything else is a paragraph; a short one with no final punctuation is a heading, and so is
  a numbered item "N. Title" whose next item is numbered "N.x".

A *run* is one list, the rows of one table, or the fields of one block of lines (a blank line
ends a table or a run of fields).  No word is lost, changed or reordered by parsing or by any
form: only markers, labels' colons, pipes, tabs and page chrome are markup
(``tests/test_layout_invariance.py`` checks this for every document and form).

``python tests/layout_forms.py DOC.txt OUT_DIR`` writes the six forms of one document.
"""
from __future__ import annotations

import datetime
import html
import itertools
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)  # fixed creation dates
FORMS = ("text", "cover", "html", "docx", "pdf", "pdf2col")
SUFFIX = {"text": ".txt", "cover": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf", "pdf2col": ".pdf"}

HEADING, PARAGRAPH, FIELD, ITEM, ROW = "heading", "paragraph", "field", "item", "row"


@dataclass
class Element:
    """One block of the document: heading, paragraph, field, list item or table row."""

    kind: str
    text: str = ""              # heading, paragraph and item text; a field's value
    label: str = ""             # a field's label (without its colon)
    marker: str = ""            # an item's marker as printed: "•", "1.", "(a)", "2.1"
    level: int = 0              # an item's nesting level (0 = outermost)
    cells: list[list[str]] = field(default_factory=list)  # a row's cells, each a list of lines
    run: int = 0                # elements of one list, table or field run share it
    indent: int = 0             # the source line's indentation (items)


# ============================================================================ parsing
_SP = r"[^\S\n]"
_BULLET = r"[•·▪■●◦‣∙*\-–—o\uf0b7\uf0a7]"
_NUMBER = r"\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2}[.)]|\(\d{1,2}\)"
_LETTER = r"\([a-hA-H]\)|[a-hA-H]\)"
_ROMAN = r"\([ivx]{1,5}\)|[ivx]{1,5}\)"
MARKER = re.compile(rf"^(?P<indent>{_SP}*)(?:(?P<bullet>{_BULLET})(?={_SP}|$){_SP}*)?"
                    rf"(?P<number>(?:{_NUMBER}|{_LETTER}|{_ROMAN})(?={_SP}|$))?{_SP}*(?P<rest>.*)$")
FIELD_LINE = re.compile(r"^(?P<label>[A-Z][A-Za-z()&/' -]{0,48}[A-Za-z)])\s*:(?:\s+(?P<value>\S.*))?$")
TAGS = re.compile(r"</?p\s*>", re.IGNORECASE)
RULE_LINE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
CONNECTORS = {"and", "or", "of", "the", "to", "for", "in", "on", "with", "by", "a", "an"}
TERMINAL = ".,;:!?"
PRONOUNS = {"I", "We", "You", "He", "She", "It", "They"}  # a label is a noun phrase, not a clause


@dataclass
class Line:
    raw: str
    gap: int   # blank lines before it
    run: int   # the block of non-blank lines it belongs to


def fold(text: str) -> str:
    return " ".join(text.split())


def parse(text: str) -> list[Element]:
    """The document's elements, in order (see the module docstring for the rules)."""
    lines = _lines(text)
    elements: list[Element] = []
    i = 0
    while i < len(lines):
        i = _take(lines, i, elements)
    _join_lists(elements)
    _set_levels(elements)
    return [_promote(e, elements, k) for k, e in enumerate(elements)]


def _lines(text: str) -> list[Line]:
    """Non-blank lines without markup, each with the blank lines before it and its block number."""
    out, gap, run = [], 0, 0
    for raw in text.replace("\f", "\n\n").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        raw = TAGS.sub(" ", raw.replace("**", "")).rstrip()
        if not raw.strip() or RULE_LINE.match(raw):
            gap += 1
            continue
        run += 1 if gap or not out else 0
        out.append(Line(raw, gap, run))
        gap = 0
    return out


def _take(lines: list[Line], i: int, out: list[Element]) -> int:
    """Read the element(s) starting at line i into ``out``; return the next line's index."""
    rows, j = _pipe_block(lines, i)
    if rows:
        out.extend(_pipe_elements(rows, lines[i].run))
        return j
    line = lines[i]
    if _tab_cells(line.raw):
        out.append(Element(ROW, cells=[[c] for c in _tab_cells(line.raw)], run=line.run))
        return i + 1
    item = _item(lines, i)
    if item is not None:
        out.append(item[0])
        return item[1]
    if _continues(out, line):
        out[-1].text += " " + fold(line.raw)
        return i + 1
    return _field_or_paragraph(lines, i, out)


def _field_or_paragraph(lines: list[Line], i: int, out: list[Element]) -> int:
    line = lines[i]
    m = FIELD_LINE.match(line.raw.strip())
    m = None if m and m.group("label").split()[0] in PRONOUNS else m  # "I approve ...:" is a clause
    if m and m.group("value") and _field_value(m.group("value")):
        out.append(Element(FIELD, fold(m.group("value")), label=fold(m.group("label")), run=line.run))
        return i + 1
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if m and not m.group("value") and nxt is not None and nxt.gap == 0 and _lone_value(nxt.raw):
        out.append(Element(FIELD, fold(nxt.raw), label=fold(m.group("label")), run=line.run))
        return i + 2
    out.append(Element(PARAGRAPH, fold(line.raw), run=line.run))
    return i + 1


def _field_value(value: str) -> bool:
    """Short and not a sentence: at most 15 words, no final punctuation beyond two words."""
    words = value.split()
    return len(words) <= 15 and (value.rstrip()[-1] not in TERMINAL or len(words) <= 2)


def _lone_value(raw: str) -> bool:
    """A line that can be the value of a ``Label:`` line above it."""
    return (_field_value(raw.strip()) and not raw.rstrip().endswith("|") and not _tab_cells(raw)
            and _marker(raw) is None and not FIELD_LINE.match(raw.strip()))


def _continues(out: list[Element], line: Line) -> bool:
    """Does this line continue the paragraph or item before it?"""
    if not out or out[-1].kind not in (PARAGRAPH, ITEM) or line.gap > 1:
        return False
    first = line.raw.strip()[0]
    words = out[-1].text.split()
    ends_open = bool(words) and (words[-1].lower() in CONNECTORS or out[-1].text[-1] in ",&-–")
    return first.islower() or (line.gap == 0 and ends_open)


# ---------------------------------------------------------------------------- list items
def _marker(raw: str):
    """The marker match of a line, or None when it does not open with a marker."""
    m = MARKER.match(raw)
    return m if m is not None and (m.group("bullet") or m.group("number")) else None


def _item(lines: list[Line], i: int):
    """(item, next index) when line i opens with a marker; a lone marker takes the next line."""
    m = _marker(lines[i].raw)
    if m is None:
        return None
    marker = m.group("number") or m.group("bullet")
    indent = len(m.group("indent").expandtabs(4))
    rest, j = m.group("rest"), i + 1
    if not rest.strip():
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or nxt.gap or _marker(nxt.raw) or _tab_cells(nxt.raw) or nxt.raw.rstrip().endswith("|"):
            return Element(PARAGRAPH, marker, run=lines[i].run), i + 1
        rest, j = nxt.raw, i + 2
    return Element(ITEM, fold(rest), marker=marker, run=lines[i].run, indent=indent), j


def _join_lists(elements: list[Element]) -> None:
    """Consecutive items are one list even with blank lines between them."""
    for prev, e in itertools.pairwise(elements):
        if prev.kind == e.kind == ITEM:
            e.run = prev.run


def _set_levels(elements: list[Element]) -> None:
    """Nesting levels of each list: the rank of an item's indentation among the list's; in a list
    printed at one indentation, a change of marker style opens a deeper level (the "•" then "o"
    of a Word export) and a style seen before returns to its level."""
    for _, group in itertools.groupby(elements, key=lambda e: (e.kind, e.run)):
        group = list(group)
        if group[0].kind == ITEM and len({e.indent for e in group}) > 1:
            indents = sorted({e.indent for e in group})
            for e in group:
                e.level = indents.index(e.indent)
        elif group[0].kind == ITEM:
            _levels_by_style(group)


def _levels_by_style(items: list[Element]) -> None:
    open_styles: list[tuple] = []  # the marker style of each level still open
    for prev, e in zip([None, *items], items):
        style = marker_style(e.marker)
        if prev is not None and _letter_after(prev.marker, e.marker):
            style = marker_style(prev.marker)  # "h)" then "i)": the ninth letter, not roman one
        if style in open_styles:
            del open_styles[open_styles.index(style) + 1:]
        else:
            open_styles.append(style)
        e.level = len(open_styles) - 1


def _letter_after(before: str, marker: str) -> bool:
    a, b = marker_parts(before), marker_parts(marker)
    return a is not None and b is not None and a[0] == "lowerLetter" and b[0] == "lowerRoman" \
        and a[1] == b[1] and a[3] == b[3] and marker.strip("(.)") == chr(96 + a[2] + 1)


def marker_style(marker: str) -> tuple:
    """What items of one list share: the bullet character, or a number's format and shape."""
    parts = marker_parts(marker)
    if parts is None:
        return ("bullet", marker)
    fmt, prefix, _, suffix = parts
    return (fmt, prefix.count("."), prefix.startswith("("), suffix)


def marker_parts(marker: str):
    """(format, prefix, number, suffix) of a numbered marker ("2.1." -> decimal, "2.", 1, "."),
    or None for a bullet.  Formats are Word's: decimal, lowerLetter, upperLetter, lowerRoman."""
    m = re.fullmatch(r"(\(?(?:\d{1,2}\.){0,3})(\d{1,2}|[a-zA-Z]|[ivx]{1,5})([.)]?)", marker)
    if m is None:
        return None
    prefix, body, suffix = m.groups()
    if body.isdigit():
        return "decimal", prefix, int(body), suffix
    if re.fullmatch(r"[a-hj-uwyz]", body):  # i, v and x read as roman unless the item before says otherwise
        return "lowerLetter", prefix, ord(body) - 96, suffix
    if re.fullmatch(r"[A-Z]", body):
        return "upperLetter", prefix, ord(body) - 64, suffix
    return "lowerRoman", prefix, _roman_value(body), suffix


def _roman_value(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for a, b in zip(text, text[1:] + " "):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def _promote(e: Element, elements: list[Element], k: int) -> Element:
    """Headings: short paragraphs without final punctuation, and "N. Title" before item "N.1"."""
    if e.kind == PARAGRAPH and heading_like(e.text):
        return Element(HEADING, e.text, run=e.run)
    nxt = elements[k + 1] if k + 1 < len(elements) else None
    if e.kind == ITEM and heading_like(e.text) and nxt is not None and _opens_section(e.marker, nxt):
        return Element(HEADING, f"{e.marker} {e.text}", run=e.run)
    return e


def _opens_section(marker: str, nxt: Element) -> bool:
    """Is ``marker`` a section number "N." that the next item's "N.x" subdivides?"""
    parts = marker_parts(marker)
    return (parts is not None and parts[:2] == ("decimal", "") and parts[3] == "." and nxt.kind == ITEM
            and nxt.marker.startswith(f"{parts[2]}.") and nxt.marker != marker)


def heading_like(text: str) -> bool:
    """Short (at most 12 words, 100 characters), capitalised, no final punctuation, no label."""
    words = text.split()
    return (0 < len(words) <= 12 and len(text) <= 100 and (text[0].isupper() or text[0].isdigit())
            and text[-1] not in TERMINAL and ": " not in text and sum(c.isalpha() for c in text) >= 3)


# ---------------------------------------------------------------------------- tables
def _tab_cells(raw: str) -> list[str]:
    """A tab-separated line's cells (two or more non-empty), else []."""
    if "\t" not in raw.strip():
        return []
    cells = [fold(c) for c in raw.strip().split("\t")]
    return cells if sum(1 for c in cells if c) >= 2 else []


def _pipe_block(lines: list[Line], i: int) -> tuple[list[list[list[str]]], int]:
    """Rows (each a list of cells, each a list of lines) of a pipe block at line i, and the end."""
    cells, pending, j = [], [], i
    while j < len(lines) and (j == i or lines[j].gap == 0):
        raw = lines[j].raw.strip()
        if raw == "|":
            cells.append(pending or None)
            pending = []
        elif raw.endswith("|") and not pending:
            cells += [[fold(c)] for c in raw[:-1].split("|")]
        elif not raw.endswith("|") and _closes_later(lines, j):
            pending.append(fold(raw))
        else:
            break
        j += 1
    j -= len(pending)
    if sum(1 for c in cells if c is not None) < 2:
        return [], i
    return _pipe_rows(cells), j


def _closes_later(lines: list[Line], j: int) -> bool:
    """Is the plain line j part of a cell that a lone '|' closes a few lines on?"""
    for k in range(j + 1, min(j + 8, len(lines))):
        raw = lines[k].raw.strip()
        if lines[k].gap or (raw.endswith("|") and raw != "|"):
            return False
        if raw == "|":
            return True
    return False


def _pipe_rows(cells: list) -> list[list[list[str]]]:
    """Rows split on lone '|' separators when every part has 2-6 cells, else pairs of cells."""
    parts = [list(g) for sep, g in itertools.groupby(cells, key=lambda c: c is None) if not sep]
    if any(c is None for c in cells) and all(2 <= len(p) <= 6 for p in parts):
        return parts
    flat = [c if c is not None else [""] for c in cells]
    return [flat[k:k + 2] for k in range(0, len(flat), 2)]


def _pipe_elements(rows: list[list[list[str]]], run: int) -> list[Element]:
    """Label/value rows become fields, the others table rows (one table per pipe block)."""
    out = []
    for row in rows:
        if len(row) == 2 and len(row[0]) == len(row[1]) == 1 and _pipe_label(row[0][0]) and row[1][0] \
                and _field_value(row[1][0]):
            out.append(Element(FIELD, row[1][0], label=row[0][0], run=run))
        else:
            out.append(Element(ROW, cells=[[fold(x) for x in c if fold(x)] or [""] for c in row], run=run))
    return out


def _pipe_label(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z()&/' -]{0,48}[A-Za-z)]", text)) and len(text.split()) <= 5


# ============================================================================ runs
def runs(elements: list[Element]) -> list[list[Element]]:
    """Consecutive items of one list, rows of one table, fields of one block; others alone."""
    out: list[list[Element]] = []
    for (kind, run), group in itertools.groupby(elements, key=lambda e: (e.kind, e.run)):
        group = list(group)
        out += [group] if kind in (ITEM, ROW, FIELD) else [[e] for e in group]
    return out


def pieces(elements: list[Element]) -> list[str]:
    """The document's words per element, without markup: what every form must show, in order."""
    out = []
    for e in elements:
        out += [e.label] if e.kind == FIELD else []
        out += [line for cell in e.cells for line in cell] if e.kind == ROW else [e.text]
    return [p for p in out if p]


def cell_text(cell: list[str]) -> str:
    return fold(" ".join(cell))


# ============================================================================ form 1 and 2: text
def render_text(elements: list[Element], path: Path, pipe_fields: bool = False) -> None:
    """Plain text: blocks separated by a blank line, a run's lines by one newline."""
    blocks = ["\n".join(_text_line(e, pipe_fields) for e in run) for run in runs(elements)]
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def render_cover(elements: list[Element], path: Path) -> None:
    """The text form with each run of fields written as a pipe table (a cover sheet)."""
    render_text(elements, path, pipe_fields=True)


def _text_line(e: Element, pipe_fields: bool) -> str:
    if e.kind == FIELD:
        return f"{e.label} | {e.text} |" if pipe_fields else f"{e.label}: {e.text}"
    if e.kind == ITEM:
        return "  " * e.level + f"{e.marker} {e.text}"
    if e.kind == ROW:
        return "\t".join(cell_text(c) for c in e.cells)
    return e.text


# ============================================================================ form 3: HTML
CHROME_TOP = """<a class="skip-link" href="#mgMainContent">Skip to content</a>
<header class="site-header"><p class="site-name">Committee meetings</p></header>
<nav class="site-nav"><ul><li><a href="#">Home</a></li><li><a href="#">Councillors</a></li>
<li><a href="#">Meetings</a></li><li><a href="#">Decisions</a></li></ul></nav>
<div id="breadcrumb" class="mgBreadCrumbs"><ul><li><a href="#">Home</a></li>
<li><a href="#">Meetings, agendas, and minutes</a></li><li>Issue details</li></ul></div>"""
CHROME_BOTTOM = """<footer class="site-footer"><p>Powered by Modern.Gov. Contact us. Accessibility.</p></footer>"""
HTML_TYPE = {"lowerLetter": "a", "upperLetter": "A", "lowerRoman": "i"}


def render_html(elements: list[Element], path: Path) -> None:
    """A ModernGov-like page: chrome around the content of ``<div class="mgContent">``."""
    body = "\n".join(_html_run(run) for run in runs(elements))
    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{path.stem}</title></head>\n'
            f'<body>\n{CHROME_TOP}\n<div id="mgMainContent" class="mgContent">\n{body}\n</div>\n{CHROME_BOTTOM}\n'
            "</body></html>\n")
    path.write_text(page, encoding="utf-8")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def _html_run(run: list[Element]) -> str:
    kind = run[0].kind
    if kind == ITEM:
        return _html_list(_tree(run))
    if kind == ROW:
        return _html_table([e.cells for e in run])
    if kind == FIELD:
        return "\n".join(f"<p><strong>{esc(e.label)}:</strong> {esc(e.text)}</p>" for e in run)
    if kind == HEADING:
        return f'<h2 class="mgSubTitleTxt">{esc(run[0].text)}</h2>'
    return f"<p>{esc(run[0].text)}</p>"


def _tree(items: list[Element]) -> list[tuple[Element, list]]:
    """Items as (item, children) nodes: deeper items hang under the item before them."""
    nodes: list[tuple[Element, list]] = []
    for e in items:
        siblings = nodes
        while siblings and siblings[-1][0].level < e.level:
            siblings = siblings[-1][1]
        siblings.append((e, []))
    return nodes


def _list_key(e: Element) -> tuple:
    """('ol', type) for numbers and letters, ('ol', 'none') for dotted numbers, ('ul',) for bullets."""
    parts = marker_parts(e.marker)
    if parts is None:
        return ("ul",)
    if parts[1] and parts[1] != "(":
        return ("ol", "none")
    return ("ol", HTML_TYPE.get(parts[0], "1"))


def _html_list(nodes: list[tuple[Element, list]]) -> str:
    out = []
    for key, group in itertools.groupby(nodes, key=lambda n: _list_key(n[0])):
        items = "".join(_html_item(e, children, key) for e, children in group)
        out.append(_html_list_open(key) + items + f"</{key[0]}>")
    return "\n".join(out)


def _html_list_open(key: tuple) -> str:
    if key == ("ul",):
        return "<ul>"
    if key[1] == "none":
        return '<ol style="list-style-type: none">'
    return f'<ol type="{key[1]}">'


def _html_item(e: Element, children: list, key: tuple) -> str:
    inner = _html_list(children) if children else ""
    if key[0] == "ol" and key[1] != "none":
        return f'<li value="{marker_parts(e.marker)[2]}">{esc(e.text)}{inner}</li>'
    typed = f"{esc(e.marker)} " if key[0] == "ol" else ""
    return f"<li>{typed}{esc(e.text)}{inner}</li>"


def _html_table(rows: list[list[list[str]]]) -> str:
    out = ['<table class="mgStatsTable" border="1">']
    for r, row in enumerate(rows):
        tag = "th" if r == 0 else "td"
        cells = "".join(f"<{tag}>{'<br>'.join(esc(x) for x in cell)}</{tag}>" for cell in row)
        out.append(f"<tr>{cells}</tr>")
    return "\n".join(out + ["</table>"])


# ============================================================================ form 4: DOCX
def render_docx(elements: list[Element], path: Path) -> None:
    """Word: Heading 2, List Bullet / real numbering, bold field labels, Table Grid tables."""
    import docx

    word = docx.Document()
    for run in runs(elements):
        _docx_run(word, run)
    word.core_properties.author = ""
    word.save(str(path))


def _docx_run(word, run: list[Element]) -> None:
    kind = run[0].kind
    if kind == HEADING:
        word.add_heading(run[0].text, level=2)
    elif kind == PARAGRAPH:
        word.add_paragraph(run[0].text)
    elif kind == FIELD:
        for e in run:
            p = word.add_paragraph()
            p.add_run(f"{e.label}:").bold = True
            p.add_run(f" {e.text}")
    elif kind == ROW:
        _docx_table(word, [e.cells for e in run])
    else:
        _docx_list(word, run)


def _docx_table(word, rows: list[list[list[str]]]) -> None:
    width = max(len(r) for r in rows)
    table = word.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, cell in enumerate(row + [[""]] * (width - len(row))):
            target = table.cell(r, c)
            target.paragraphs[0].text = ""
            for k, line in enumerate(cell):
                p = target.paragraphs[0] if k == 0 else target.add_paragraph()
                p.add_run(line).bold = r == 0


def _docx_list(word, items: list[Element]) -> None:
    """Bullets only at one level: List Bullet paragraphs.  Numbers Word reproduces exactly: a
    new numbering definition for the run.  Otherwise the marker is typed in a List Paragraph."""
    if all(marker_parts(e.marker) is None and e.level == 0 for e in items):
        for e in items:
            word.add_paragraph(e.text, style="List Bullet")
        return
    levels = _numbering_levels(items)
    num_id = _add_numbering(word, levels) if levels else None
    for e in items:
        p = word.add_paragraph(e.text if num_id else f"{e.marker} {e.text}", style="List Paragraph")
        if num_id:
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = e.level
            num_pr.get_or_add_numId().val = num_id


def _numbering_levels(items: list[Element]) -> dict | None:
    """{level: (format, lvlText, start)} when Word's counting prints every marker as typed."""
    levels: dict[int, tuple] = {}
    for e in items:
        spec = _level_spec(e)
        if levels.setdefault(e.level, spec)[:2] != spec[:2]:
            return None
    counts: dict[int, int] = {}
    for e in items:
        counts[e.level] = counts[e.level] + 1 if e.level in counts else levels[e.level][2]
        for deeper in [k for k in counts if k > e.level]:
            del counts[deeper]
        parts = marker_parts(e.marker)
        if parts is not None and parts[2] != counts[e.level]:
            return None
    return levels


def _level_spec(e: Element) -> tuple:
    parts = marker_parts(e.marker)
    if parts is None:
        return ("bullet", "•", 1)
    fmt, prefix, number, suffix = parts
    return (fmt, f"{prefix}%{e.level + 1}{suffix}", number)


def _add_numbering(word, levels: dict) -> int:
    """Add an abstract numbering definition and a num for it; return the numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    root = word.part.numbering_part.element
    abstract_id = 1 + max([int(a.get(_w("abstractNumId"))) for a in root.findall(_w("abstractNum"))] or [0])
    num_id = 1 + max([int(n.get(_w("numId"))) for n in root.findall(_w("num"))] or [0])
    lvls = "".join(_lvl_xml(k, *levels.get(k, ("decimal", f"%{k + 1}.", 1))) for k in range(9))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    existing = root.findall(_w("abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        root.insert(0, abstract)
    root.append(num)
    return num_id


def _lvl_xml(k: int, fmt: str, text: str, start: int) -> str:
    return (f'<w:lvl w:ilvl="{k}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{esc(text)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 + 360 * k}" w:hanging="360"/></w:pPr></w:lvl>')


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


# ============================================================================ fonts
FONT_DIRS = ("/usr/share/fonts/truetype", "/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts",
             "C:/Windows/Fonts")


@cache
def font_file(*names: str) -> Path | None:
    """The first of ``names`` found under the usual font folders, else None."""
    for name in names:
        for base in FONT_DIRS:
            found = sorted(Path(base).rglob(name)) if Path(base).is_dir() else []
            if found:
                return found[0]
    return None


def font_pair(regular: tuple[str, ...], bold: tuple[str, ...]) -> tuple[Path, Path]:
    """Regular and bold TrueType files (DejaVu/Liberation where installed, else reportlab's Vera)."""
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts"
    return font_file(*regular) or vera / "Vera.ttf", font_file(*bold) or vera / "VeraBd.ttf"


# ============================================================================ form 5: reportlab PDF
def render_pdf(elements: list[Element], path: Path) -> None:
    """reportlab, one column: bold headings, hanging bullets/numbers, ruled tables."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    styles = _rl_styles()
    story = [f for run in runs(elements) for f in _rl_run(run, styles)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, invariant=1, title="", author="", creator="")
    doc.build(story)


@cache
def _rl_styles() -> dict:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = font_pair(("DejaVuSans.ttf",), ("DejaVuSans-Bold.ttf",))
    pdfmetrics.registerFont(TTFont("LF-Sans", str(regular)))
    pdfmetrics.registerFont(TTFont("LF-Sans-Bold", str(bold)))
    pdfmetrics.registerFontFamily("LF-Sans", normal="LF-Sans", bold="LF-Sans-Bold", italic="LF-Sans",
                                  boldItalic="LF-Sans-Bold")
    body = ParagraphStyle("body", fontName="LF-Sans", fontSize=10, leading=13, spaceAfter=6)
    return {
        "body": body,
        "heading": ParagraphStyle("heading", parent=body, fontName="LF-Sans-Bold", fontSize=12.5, leading=16,
                                  spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11, spaceAfter=0),
        "head_cell": ParagraphStyle("head_cell", parent=body, fontName="LF-Sans-Bold", fontSize=9, leading=11,
                                    spaceAfter=0),
        **{f"item{k}": ParagraphStyle(f"item{k}", parent=body, leftIndent=30 + 18 * k, bulletIndent=4 + 18 * k,
                                      bulletFontName="LF-Sans", spaceAfter=3) for k in range(6)},
    }


def _rl_run(run: list[Element], styles: dict) -> list:
    from reportlab.platypus import Paragraph

    kind = run[0].kind
    if kind == ROW:
        return [_rl_table([e.cells for e in run], styles)]
    if kind == ITEM:
        return [Paragraph(esc(e.text), styles[f"item{min(e.level, 5)}"], bulletText=_rl_bullet(e.marker)) for e in run]
    if kind == FIELD:
        return [Paragraph(f"<b>{esc(e.label)}:</b> {esc(e.text)}", styles["body"]) for e in run]
    return [Paragraph(esc(run[0].text), styles["heading" if kind == HEADING else "body"])]


def _rl_bullet(marker: str) -> str:
    return "•" if marker_parts(marker) is None else marker


def _rl_table(rows: list[list[list[str]]], styles: dict):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Table, TableStyle

    width = max(len(r) for r in rows)
    data = [[Paragraph("<br/>".join(esc(x) for x in cell), styles["head_cell" if r == 0 else "cell"])
             for cell in row + [[""]] * (width - len(row))] for r, row in enumerate(rows)]
    widths = column_widths(rows, A4[0] - 44 * mm, lambda word: stringWidth(word, "LF-Sans-Bold", 9) + 13)
    table = Table(data, colWidths=widths, hAlign="LEFT")  # a word's width plus the cell padding 6 + 6
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd"))]))
    return table


def column_widths(rows: list[list[list[str]]], total: float, measure) -> list[float]:
    """Column widths summing to ``total``: each wide enough for its longest word (``measure``
    gives a word's width with padding), the rest shared by the square root of its longest text."""
    width = max(len(r) for r in rows)
    floors = [max((measure(w) for r in rows if c < len(r) for line in r[c] for w in line.split()), default=0.0)
              for c in range(width)]
    weights = [max(4.0, max((len(cell_text(r[c])) for r in rows if c < len(r)), default=1)) ** 0.5
               for c in range(width)]
    spare = total - sum(floors)
    if spare <= 0:
        return [total * f / sum(floors) for f in floors]
    return [f + spare * w / sum(weights) for f, w in zip(floors, weights)]


# ============================================================================ form 6: fpdf2 PDF
class TwoColumns:
    """fpdf2 page writer placing lines top to bottom in two columns, then a new page."""

    def __init__(self, pdf, margin: float = 14, gutter: float = 7) -> None:
        self.pdf, self.margin, self.gutter = pdf, margin, gutter
        self.width = (pdf.w - 2 * margin - gutter) / 2
        self.bottom = pdf.h - margin
        self.col, self.y = 0, margin
        pdf.add_page()

    @property
    def x(self) -> float:
        return self.margin + self.col * (self.width + self.gutter)

    def ensure(self, height: float) -> None:
        """Move to the next column (or page) unless ``height`` fits below the current line."""
        if self.y + height > self.bottom and self.y > self.margin:
            self.col += 1
            if self.col == 2:
                self.pdf.add_page()
                self.col = 0
            self.y = self.margin

    def wrap(self, text: str, width: float, style: str, size: float) -> list[str]:
        self.pdf.set_font("LF-Serif", style, size)
        return self.pdf.multi_cell(width, 4, text, dry_run=True, output="LINES") if text else [""]

    def put(self, x: float, text: str, style: str, size: float, y: float | None = None) -> None:
        self.pdf.set_font("LF-Serif", style, size)
        self.pdf.set_xy(x, self.y if y is None else y)
        self.pdf.cell(0, size * 0.45, text)

    def block(self, lines: list[str], indent: float, style: str, size: float, marker: tuple = ()) -> None:
        """Lines at ``indent``; ``marker`` is (text, x offset) printed beside the first line."""
        lh = size * 0.45
        self.ensure(lh * min(2, len(lines)))
        for k, line in enumerate(lines):
            self.ensure(lh)
            if k == 0 and marker:
                self.put(self.x + marker[1], marker[0], "", size)
            self.put(self.x + indent, line, style, size)
            self.y += lh


def render_pdf2col(elements: list[Element], path: Path) -> None:
    """fpdf2, two columns, serif: headings bold, hanging markers, tables and fields unruled."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    regular, bold = font_pair(("LiberationSerif-Regular.ttf", "DejaVuSerif.ttf"),
                              ("LiberationSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"))
    pdf.add_font("LF-Serif", "", str(regular))
    pdf.add_font("LF-Serif", "B", str(bold))
    pdf.set_auto_page_break(False)
    cols = TwoColumns(pdf)
    for run in runs(elements):
        _fpdf_run(cols, run)
    pdf.creation_date = EPOCH
    pdf.output(str(path))


def _fpdf_run(cols: TwoColumns, run: list[Element]) -> None:
    kind = run[0].kind
    if kind == ROW:
        _fpdf_table(cols, [e.cells for e in run], bold_first=True)
    elif kind == FIELD:
        _fpdf_table(cols, [[[f"{e.label}:"], [e.text]] for e in run], bold_first=False, bold_column=0)
    elif kind == ITEM:
        for e in run:
            marker = "•" if marker_parts(e.marker) is None else e.marker
            cols.pdf.set_font("LF-Serif", "", 9)
            start = 2 + 5 * min(e.level, 4)
            indent = start + max(4.0, cols.pdf.get_string_width(marker) + 1.5)
            cols.block(cols.wrap(e.text, cols.width - indent, "", 9), indent, "", 9, marker=(marker, start))
            cols.y += 0.8
    elif kind == HEADING:
        cols.y += 1.5
        cols.block(cols.wrap(run[0].text, cols.width, "B", 10.5), 0, "B", 10.5)
        cols.y += 1
    else:
        cols.block(cols.wrap(run[0].text, cols.width, "", 9), 0, "", 9)
        cols.y += 2


def _fpdf_table(cols: TwoColumns, rows: list[list[list[str]]], bold_first: bool, bold_column: int = -1) -> None:
    """An unruled table: cells wrapped in their column, a row kept in one column when it fits,
    the first row kept with the second."""
    size, lh = 8, 8 * 0.45
    cols.pdf.set_font("LF-Serif", "B", size)
    widths = column_widths(rows, cols.width, lambda word: cols.pdf.get_string_width(word) + 5)
    for r, row in enumerate(rows):
        styles = ["B" if (bold_first and r == 0) or c == bold_column else "" for c in range(len(row))]
        wrapped = [cols.wrap("\n".join(cell), widths[c] - 2, styles[c], size) for c, cell in enumerate(row)]
        height = lh * max(len(w) for w in wrapped)
        if height <= cols.bottom - cols.margin:
            cols.ensure(height + (lh * 2 if r == 0 and len(rows) > 1 else 0))
        places = []  # (x, y) of each line of the row: a long row may go on in the next column
        for _ in range(max(len(w) for w in wrapped)):
            cols.ensure(lh)
            places.append((cols.x, cols.y))
            cols.y += lh
        for c, lines in enumerate(wrapped):  # drawn cell by cell, as word processors write them
            for (x, y), line in zip(places, lines):
                if line:
                    cols.put(x + sum(widths[:c]), line, styles[c], size, y)
        cols.y += 1.2
    cols.y += 2


# ============================================================================ all forms
RENDERERS = {"text": render_text, "cover": render_cover, "html": render_html, "docx": render_docx,
             "pdf": render_pdf, "pdf2col": render_pdf2col}


def render(source: Path, out_dir: Path, forms=FORMS) -> dict[str, Path]:
    """Render ``source`` (a canonical text file) in ``forms``; return each form's file."""
    elements = parse(Path(source).read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for form in forms:
        paths[form] = out_dir / f"{Path(source).stem}.{form}{SUFFIX[form]}"
        RENDERERS[form](elements, paths[form])
    return paths


# ============================================================================ checking words
def alnum(text: str) -> str:
    """Letters and digits only: the words a rendering must keep, without spacing or markup."""
    return re.sub(r"[\W_]+", "", text)


def visible_text(path: Path) -> str:
    """A rendering's printed text read by a tool independent of csp-extract's readers."""
    suffix = path.suffix
    if suffix == ".html":
        from bs4 import BeautifulSoup
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(id="mgMainContent").get_text(" ")
    if suffix == ".docx":
        return _docx_text(path)
    if suffix == ".pdf":
        return _pdf_text(path)
    return path.read_text(encoding="utf-8")


def _docx_text(path: Path) -> str:
    import docx

    body = docx.Document(str(path)).element.body
    return " ".join(t.text or "" for t in body.iter(_w("t")))


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def missing_pieces(elements: list[Element], shown: str) -> list[str]:
    """The pieces of ``elements`` not found, in order, in the text ``shown``."""
    target, pos, lost = alnum(shown), 0, []
    for piece in pieces(elements):
        found = target.find(alnum(piece), pos)
        if found < 0:
            lost.append(piece)
        else:
            pos = found + len(alnum(piece))
    return lost


if __name__ == "__main__":  # python tests/layout_forms.py DOC.txt OUT_DIR: write the six forms
    for form, written in render(Path(sys.argv[1]), Path(sys.argv[2])).items():
        print(f"{form:8} {written}")
