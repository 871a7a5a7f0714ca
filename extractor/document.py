"""The document model every reader produces and every extractor consumes.

A :class:`Document` is a canonical text plus a list of :class:`Block` objects,
each pointing into that text by character span.  Page breaks in the canonical
text are form feeds (``\\f``): the page of any offset is one more than the
number of form feeds before it.  Readers are the only code that builds
documents; extractors never touch files.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE_ROW = "table_row"
BLOCK_KINDS = (HEADING, PARAGRAPH, LIST_ITEM, TABLE_ROW)


def page_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each page of a canonical text (page N is item N - 1): the text
    between form feeds, the form feeds themselves left out."""
    spans, start = [], 0
    for i in _form_feeds(text):
        spans.append((start, i))
        start = i + 1
    spans.append((start, len(text)))
    return spans


def _form_feeds(text: str) -> list[int]:
    """Offsets of the form feeds, found by str.find (a character loop costs a second at 300 pages)."""
    out, i = [], text.find("\f")
    while i != -1:
        out.append(i)
        i = text.find("\f", i + 1)
    return out


@dataclass
class Cell:
    """One table cell: its span in the canonical text and its cleaned text."""

    start: int
    end: int
    text: str


@dataclass
class Block:
    """A heading, paragraph, list item or table row.

    ``start``/``end`` index the document's canonical text; ``text`` is the
    block's words with whitespace folded, hyphenation repaired and any list
    marker removed (``marker`` keeps it, e.g. ``"1."``, ``"•"``, ``"a)"``).
    Table rows carry ``cells`` and the ``table`` number they belong to.
    """

    kind: str
    start: int
    end: int
    page: int
    text: str
    marker: str | None = None
    level: int = 0
    cells: list[Cell] | None = None
    table: int | None = None
    bold: bool = False
    size: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}; use one of {BLOCK_KINDS}")


@dataclass
class Document:
    """A read document: source path, canonical text, blocks and warnings."""

    source: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    pages: int = 1
    warnings: list[str] = field(default_factory=list)
    format: str = "text"

    def __post_init__(self) -> None:
        self._breaks = _form_feeds(self.text)

    def page_of(self, offset: int) -> int:
        """1-based page number of a character offset."""
        return bisect.bisect_right(self._breaks, offset - 1) + 1 if self._breaks else 1

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]
