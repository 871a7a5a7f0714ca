"""Plain-text reader (.txt, .md): decode, then lines -> blocks with spans.

The canonical text is the decoded file with line endings normalised to
``\\n``; form feeds stay as page breaks.  Blocks point into it, so every quote
is the file's own words.
"""
from __future__ import annotations

import codecs
import contextvars
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Block, Cell, Document
from ..errors import CorruptFileError, EmptyFileError
from . import markers
from .formats import utf16_codec, wrong_format
from .layout import fold, is_continuation, is_heading_text, split_marker

_TAGS = re.compile(r"</?p\s*>", re.I)
_HYPHEN_BREAK = re.compile(r"(\w)-\n[^\S\n]*([a-z])")  # "commun-\nity" -> "community"


@dataclass
class Line:
    start: int
    end: int
    raw: str

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


@dataclass
class Pending:
    """A block being assembled from one or more lines."""

    kind: str
    lines: list[Line] = field(default_factory=list)
    marker: str | None = None
    level: int = 0
    text_start: int = 0
    cells: list[Cell] | None = None


def read_text(path: str | Path, settings=None) -> Document:
    """Read a .txt/.md file into a Document (UTF-8, falling back to cp1252)."""
    data = Path(path).read_bytes()
    if not data.strip():
        raise EmptyFileError(str(path), len(data))
    text, warnings = decode(data, str(path))
    return parse_text(text, source=str(path), warnings=warnings)


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Bytes to str.  UTF-16 with a byte-order mark is read as such; otherwise UTF-8, where each
    byte that is not UTF-8 is read as cp1252 on its own (one stray '£' from Word does not turn
    every other line into mojibake) and counted in a warning.  Junk raises CorruptFileError."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise CorruptFileError(path, "UTF-16 text that does not decode; save it again as UTF-8") from None
    codec = utf16_codec(data)
    if codec:
        return data.decode(codec), [f"{path}: UTF-16 without a byte-order mark, read as {codec.upper()}; "
                                    "save it as UTF-8 to be sure of its characters"]
    if _is_binary(data):
        raise CorruptFileError(path, wrong_format(path, Path(path).suffix.lower())
                               or "not text (binary data); give a .txt/.md/.pdf file, or re-download it")
    repaired = _REPAIRED.set([])
    try:
        text = data.decode("utf-8-sig", errors=_HANDLER)
        count = len(_REPAIRED.get())
    finally:
        _REPAIRED.reset(repaired)
    if not count:
        return text, []
    noun = "byte" if count == 1 else "bytes"
    return text, [f"{path}: {count} {noun} not valid UTF-8, read as cp1252 (check characters such as £ and ’ "
                  "near them); the rest of the file is UTF-8"]


_HANDLER = "csp-extract-cp1252"
_REPAIRED: contextvars.ContextVar[list] = contextvars.ContextVar("repaired", default=[])


def _cp1252_byte(error: UnicodeDecodeError) -> tuple[str, int]:
    """Read each byte that is not UTF-8 as cp1252, and count it."""
    bad = error.object[error.start:error.end]
    _REPAIRED.get().extend(range(error.start, error.end))
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error(_HANDLER, _cp1252_byte)


def _is_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def parse_text(text: str, source: str = "<text>", warnings: list[str] | None = None) -> Document:
    """Build a Document from already-decoded text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc = Document(source=source, text=text, warnings=list(warnings or []), format="text")
    lines = split_lines(text)
    pendings = group_lines(lines, text)
    doc.blocks = number_tables([b for p in pendings if (b := finish(p, doc)) is not None], text)
    doc.pages = text.count("\f") + 1
    return doc


def number_tables(blocks: list[Block], text: str) -> list[Block]:
    """Give table rows a table number: a blank line or another block starts a new table."""
    table, prev = 0, None
    for block in blocks:
        if block.kind == TABLE_ROW:
            if prev is None or prev.kind != TABLE_ROW or re.search(r"\n[^\S\n]*\n", text[prev.end:block.start]):
                table += 1
            block.table = table
        prev = block
    return blocks


def split_lines(text: str) -> list[Line]:
    """Every line (split on newline and form feed) with its offsets."""
    return [Line(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n\f]*", text)
            if not (m.start() == m.end() and m.start() > 0 and text[m.start() - 1] not in "\n\f")]


def group_lines(lines: list[Line], text: str) -> list[Pending]:
    """Assign lines to blocks: pipe-table rows, tab-table rows, list items, paragraphs."""
    out: list[Pending] = []
    i = 0
    while i < len(lines):
        row = _inline_pipe_row(lines[i])
        if row is not None:  # "Label | value |" on one line: a row of its own
            out.append(row)
            i += 1
            continue
        table, i2 = take_pipe_table(lines, i)
        if not table:
            table, i2 = take_pipe_run(lines, i)
        if table:
            out.extend(table)
            i = i2
            continue
        line = lines[i]
        if _lone_marker(lines, i):
            body = _marked_lines(lines, i + 1)
            out.append(Pending(LIST_ITEM, body, line.raw.strip(), _indent_chars(line.raw),
                               body[0].start + _indent_chars(body[0].raw)))
            i += 1 + len(body)
            continue
        if not line.blank:
            _add_line(out, lines, i, text)
        i += 1
    return out


def _marked_lines(lines: list[Line], i: int, most: int = 6) -> list[Line]:
    """The lines of the item a lone marker opens: up to one that ends a sentence or clause, a
    blank line or the next marker."""
    body = [lines[i]]
    for line in lines[i + 1:i + most]:
        if body[-1].raw.rstrip()[-1:] in ".;:!?" or line.blank or split_marker(line.raw)[0] is not None \
                or markers.WORD.match(line.raw.strip()):
            break
        body.append(line)
    return body


def _lone_marker(lines: list[Line], i: int) -> bool:
    """'-' or '1.' alone on its line, its item's text on the next (a PDF copied as text)."""
    raw = lines[i].raw.strip()
    if not raw or not markers.WORD.match(raw) or i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    if nxt.blank or split_marker(nxt.raw)[0] is not None or markers.WORD.match(nxt.raw.strip()):
        return False
    near = lines[max(0, i - 8):i] + lines[i + 2:i + 10]  # one of a run: a lone "-" over a title is debris
    return any(ln.raw.strip() == raw or (raw[0].isdigit() and markers.WORD.match(ln.raw.strip())) for ln in near)


def _add_line(out: list[Pending], lines: list[Line], i: int, text: str) -> None:
    line = lines[i]
    if "\t" in line.raw.strip() and len(_tab_cells(line)) >= 2:
        out.append(Pending(TABLE_ROW, [line], cells=_tab_cells(line)))
        return
    prev = out[-1] if out else None
    if prev and prev.kind != TABLE_ROW and _continues(prev, lines, i, text):
        prev.lines.append(line)
        return
    marker, level, offset = split_marker(line.raw)
    if marker is not None:
        out.append(Pending(LIST_ITEM, [line], marker, level, line.start + offset))
    else:
        out.append(Pending(PARAGRAPH, [line], level=_indent_chars(line.raw), text_start=line.start + _indent_chars(line.raw)))


def _continues(prev: Pending, lines: list[Line], i: int, text: str) -> bool:
    """Is line i the wrapped continuation of the block being built (never across a page break)?"""
    last = prev.lines[-1]
    gap = text[last.end:lines[i].start]
    blanks = gap.count("\n") - 1
    if blanks > 1 or "\f" in gap:
        return False
    return is_continuation(last.raw, lines[i].raw, blank_between=blanks == 1)


def _indent_chars(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _tab_cells(line: Line) -> list[Cell]:
    cells = []
    for m in re.finditer(r"[^\t]+", line.raw):
        if m.group().strip():
            s, e = _strip_span(line.raw, m.start(), m.end())
            cells.append(Cell(line.start + s, line.start + e, clean_cell(line.raw[s:e])))
    return cells


def _strip_span(raw: str, s: int, e: int) -> tuple[int, int]:
    while s < e and raw[s].isspace():
        s += 1
    while e > s and raw[e - 1].isspace():
        e -= 1
    return s, e


def clean_cell(text: str) -> str:
    """Cell text with <p> markup removed and whitespace folded."""
    return fold(_TAGS.sub(" ", text))


# --- pipe tables: "cell |" lines, a lone "|" closing a multi-line cell ---------

def take_pipe_table(lines: list[Line], i: int) -> tuple[list[Pending], int]:
    """If a pipe table starts at line i, return its rows and the index after it."""
    cells, j = _pipe_cells(lines, i)
    if len([c for c in cells if c is not None]) < 2:
        return [], i
    return _pipe_rows(cells), j


def _pipe_cells(lines: list[Line], i: int) -> tuple[list, int]:
    """Collect cells (Cell, or None for an empty cell) from line i on."""
    cells: list = []
    pending: list[Line] = []
    j = i
    while j < len(lines):
        raw = lines[j].raw.strip()
        if raw == "|":
            cells.append(_cell_from(pending) if pending else None)
            pending = []
        elif raw.endswith("|") and not pending:
            cells.append(_cell_from([lines[j]], strip_pipe=True))
        elif raw and not raw.endswith("|") and _closes_later(lines, j):
            pending.append(lines[j])
        else:
            break
        j += 1
    return cells, (j - len(pending))


_RULE_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")  # "---|---", a Markdown header rule


def take_pipe_run(lines: list[Line], i: int) -> tuple[list[Pending], int]:
    """'Priority | Lead agency' then 'Domestic abuse | Council': consecutive lines split by ' | '
    into the same number of cells (a Markdown table, or one copied as text) are the rows of a table."""
    rows, j = [], i
    while j < len(lines) and (" | " in lines[j].raw or (rows and _RULE_ROW.match(lines[j].raw.strip()))):
        if not _RULE_ROW.match(lines[j].raw.strip()):
            rows.append(_pipe_split(lines[j]))
        j += 1
    if len(rows) < 2 or len({len(r.cells) for r in rows}) != 1 or len(rows[0].cells) < 2:
        return [], i
    return rows, j


def _pipe_split(line: Line) -> Pending:
    """A row of the cells between a line's pipes (blank cells left out)."""
    cells = []
    for m in re.finditer(r"[^|]+", line.raw):
        s, e = _strip_span(line.raw, m.start(), m.end())
        if e > s:
            cells.append(Cell(line.start + s, line.start + e, clean_cell(line.raw[s:e])))
    return Pending(TABLE_ROW, [line], cells=cells)


def _inline_pipe_row(line: Line) -> Pending | None:
    """'Decision status | Recommendations Approved |': the cells of one row written on one line."""
    raw = line.raw.rstrip()
    if not raw.endswith("|") or " | " not in raw[:-1]:
        return None
    row = _pipe_split(line)
    return row if len(row.cells) >= 2 else None


def _closes_later(lines: list[Line], j: int) -> bool:
    """Does a lone '|' close this run of plain lines within a few lines?"""
    for k in range(j + 1, min(j + 8, len(lines))):
        raw = lines[k].raw.strip()
        if raw == "|":
            return True
        if raw.endswith("|") or not raw:
            return False
    return False


def _cell_from(lines: list[Line], strip_pipe: bool = False) -> Cell:
    first, last = lines[0], lines[-1]
    raw_last = last.raw.rstrip()
    if strip_pipe:
        raw_last = raw_last[:-1].rstrip()
    start = first.start + _indent_chars(first.raw)
    end = last.start + len(raw_last)
    text = " ".join([ln.raw for ln in lines[:-1]] + [raw_last])
    return Cell(start, end, clean_cell(text))


def _pipe_rows(cells: list) -> list[Pending]:
    """Rows split on empty cells where the table has them, else label/value pairs."""
    if any(c is None for c in cells):
        groups, cur = [], []
        for c in cells:
            if c is None:
                groups.append(cur)
                cur = []
            else:
                cur.append(c)
        groups.append(cur)
    else:
        groups = [cells[k:k + 2] for k in range(0, len(cells), 2)]
    return [Pending(TABLE_ROW, cells=g) for g in groups if g]


# --- finishing blocks -------------------------------------------------------------

def finish(p: Pending, doc: Document) -> Block | None:
    """Turn an assembled Pending into a Block with spans, page and folded text."""
    if p.kind == TABLE_ROW:
        start, end = p.cells[0].start, p.cells[-1].end
        text = "\t".join(c.text for c in p.cells)
        return Block(TABLE_ROW, start, end, doc.page_of(start), text, cells=p.cells)
    start = p.text_start
    end = p.lines[-1].start + len(p.lines[-1].raw.rstrip())
    raw = doc.text[start:end]
    text = fold(_HYPHEN_BREAK.sub(r"\1\2", raw.replace("**", "")))
    if not text:
        return None
    kind = p.kind
    if kind == PARAGRAPH and _heading_like(p.lines, raw, doc):
        kind = HEADING
    return Block(kind, start, end, doc.page_of(start), text, marker=p.marker, level=p.level,
                 bold=raw.strip().startswith("**"))


def _heading_like(lines: list[Line], raw: str, doc: Document) -> bool:
    text = fold(raw.replace("**", ""))
    if not is_heading_text(text):
        return False
    shouted = raw.strip().startswith("**") or (text.isupper() and len(text) > 3)
    if len(lines) > 1:
        return shouted
    end = lines[-1].end
    return shouted or text.endswith(":") or doc.text[end:end + 2] in ("\n\n", "\n") or end >= len(doc.text)
