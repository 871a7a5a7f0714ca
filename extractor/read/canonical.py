"""The canonical text every reader writes, and the spans of its blocks and cells.

A reader turns its format into protos (a block's kind, text, list marker and level, boldness,
font size, table cells) and hands them, page by page, to a :class:`CanonicalWriter`: blocks are
separated by a blank line, consecutive list items and rows of one table by one newline, pages
by a form feed; a list marker is printed before its item, a table row's cells are joined by
tabs.  For headings, paragraphs and list items ``doc.text[b.start:b.end] == b.text``, and each
:class:`~extractor.document.Cell` span gives that cell's text.  The HTML, Word and PDF readers
share it.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractor.document import LIST_ITEM, TABLE_ROW, Block, Cell, Document


@dataclass
class Proto:
    """A block before it is written into the canonical text (cells as plain strings)."""

    kind: str
    text: str
    marker: str | None = None
    level: int = 0
    bold: bool = False
    cells: list[str] | None = None
    table: int | None = None
    size: float | None = None  # the font size, where the format has one (PDF)


class CanonicalWriter:
    """Writes protos into a canonical text and records block and cell spans.

    Blocks are separated by a blank line, consecutive list items and rows of one table by one
    newline; ``page_break()`` makes the next separator a form feed.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list[Block] = []
        self.page = 1
        self.breaks = 0
        self.prev: Proto | None = None

    def page_break(self) -> None:
        """Start a new page before the next block (breaks after the last block are dropped)."""
        self.breaks += 1

    def add(self, proto: Proto) -> None:
        """Write one block, after the separator it needs."""
        self._put(self._separator(proto))
        if proto.kind == TABLE_ROW:
            self._write_row(proto)
        else:
            self._write_text(proto)
        self.prev = proto

    def document(self, source: str, fmt: str, warnings: list[str] | None = None,
                 pages: int | None = None) -> Document:  # fmt: skip
        """The Document written so far; ``pages`` counted from the form feeds unless given."""
        text = "".join(self.parts)
        pages = text.count("\f") + 1 if pages is None else pages
        return Document(source, text, self.blocks, pages, list(warnings or []), fmt)

    def end_pages(self) -> None:
        """Write the page breaks still pending (a PDF's empty last pages keep their form feeds)."""
        self._put("\f" * self.breaks)
        self.page += self.breaks
        self.breaks = 0

    def _separator(self, cur: Proto) -> str:
        """Pending page breaks, else a newline inside a list or table, else a blank line."""
        if self.breaks:
            self.page += self.breaks
            sep, self.breaks = "\f" * self.breaks, 0
            return sep
        prev = self.prev
        if prev is None:
            return ""
        same_list = prev.kind == cur.kind == LIST_ITEM
        same_table = prev.kind == cur.kind == TABLE_ROW and prev.table == cur.table
        return "\n" if same_list or same_table else "\n\n"

    def _put(self, s: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def _write_text(self, p: Proto) -> None:
        if p.marker:
            self._put(p.marker + " ")
        start, end = self._put(p.text)
        self.blocks.append(Block(p.kind, start, end, self.page, p.text, marker=p.marker,
                                 level=p.level, bold=p.bold, size=p.size))

    def _write_row(self, p: Proto) -> None:
        cells = []
        for i, text in enumerate(p.cells or []):
            if i:
                self._put("\t")
            cells.append(Cell(*self._put(text), text))
        block = Block(TABLE_ROW, cells[0].start, cells[-1].end, self.page, p.text, cells=cells,
                      table=p.table)
        self.blocks.append(block)
