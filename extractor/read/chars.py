"""A page's characters as columns (numpy arrays), and pdfplumber's text rules over them.

pdfplumber keeps a character as a dict and groups characters into words and lines one dict at
a time; on a 60-page agenda pack that Python work took longer than PDFium's parse.  Here a
page's characters are one :class:`Chars` (an array per attribute, in content-stream order) and
the same rules run as array operations:

- :func:`words`: ``extract_words(extra_attrs=["fontname", "size"])`` over the upright
  characters outside some boxes (the page's text outside its tables);
- :func:`text_lines`: the lines of ``extract_text`` (a table cell's text);
- :func:`overprinted`: larger characters stamped over body text (a section label printed
  across a table's first row), to be dropped.

pdfplumber's rules, as applied by its ``WordExtractor`` with default settings: consecutive
characters sharing the grouping attributes form a run; a run's distinct tops are sorted and
chained into lines while each is within 3 pt of the one before; a line is sorted by x0 (stably);
a word ends at white space, at a character more than 3 pt right of the previous one's end (or
left of its start, or 3 pt above or below it), and an empty-text character is a word of its own.
``tests/test_read_pdf.py`` checks the results against pdfplumber's on generated and real pages.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOLERANCE = 3.0  # pdfplumber's default x_tolerance and y_tolerance
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
OVERPRINT_SIZE = 1.15  # a character this much larger than the page's median may be a stamp
WHITESPACE = np.array([i for i in range(0x3001) if chr(i).isspace()], dtype=np.uint32)  # str.isspace's


@dataclass
class Chars:
    """Characters as columns: ``text`` a list, the rest arrays of the same length."""

    text: list[str]
    x0: np.ndarray
    x1: np.ndarray
    top: np.ndarray
    bottom: np.ndarray
    size: np.ndarray
    font: np.ndarray  # index into ``fonts``
    fonts: list[str]
    upright: np.ndarray
    doctop: np.ndarray | None = None  # None: the same as top
    blank: np.ndarray | None = None  # whether each text is white space (None: not worked out yet)
    empty: np.ndarray | None = None  # whether each text is "" (None: not worked out yet)

    def __len__(self) -> int:
        return len(self.text)

    def blanks(self) -> tuple[np.ndarray, np.ndarray]:
        """Whether each character is white space, and whether it is empty (worked out once)."""
        if self.blank is None:
            self.blank = np.fromiter((t.isspace() for t in self.text), dtype=bool, count=len(self.text))
        if self.empty is None:
            self.empty = np.fromiter((t == "" for t in self.text), dtype=bool, count=len(self.text))
        return self.blank, self.empty

    @staticmethod
    def blank_codes(codes: np.ndarray) -> np.ndarray:
        """Whether each code point is white space (as str.isspace says)."""
        return np.isin(codes, WHITESPACE)

    @classmethod
    def from_dicts(cls, chars: list[dict]) -> "Chars":
        """Columns of pdfplumber character dicts."""
        fonts: dict[str, int] = {}
        font = [fonts.setdefault(ch["fontname"], len(fonts)) for ch in chars]
        col = lambda key, kind=float: np.array([ch[key] for ch in chars], dtype=kind)  # noqa: E731
        return cls([ch["text"] for ch in chars], col("x0"), col("x1"), col("top"), col("bottom"),
                   col("size"), np.array(font, dtype=np.int64), list(fonts), col("upright", bool),
                   col("doctop"))  # fmt: skip

    def take(self, index: np.ndarray) -> "Chars":
        """The characters at ``index`` (a boolean mask or positions), in that order."""
        positions = np.flatnonzero(index) if index.dtype == bool else index
        pick = lambda column: None if column is None else column[positions]  # noqa: E731
        return Chars(list(map(self.text.__getitem__, positions.tolist())), self.x0[positions], self.x1[positions],
                     self.top[positions], self.bottom[positions], self.size[positions], self.font[positions],
                     self.fonts, self.upright[positions], pick(self.doctop), pick(self.blank), pick(self.empty))  # fmt: skip

    def concat(self, other: "Chars") -> "Chars":
        """These characters followed by ``other``'s."""
        fonts = {name: n for n, name in enumerate(self.fonts)}
        remap = np.array([fonts.setdefault(name, len(fonts)) for name in other.fonts], dtype=np.int64)
        join = lambda a, b: np.concatenate([a, b])  # noqa: E731
        doctop = None if self.doctop is None and other.doctop is None else join(
            self.top if self.doctop is None else self.doctop, other.top if other.doctop is None else other.doctop)
        return Chars(self.text + other.text, join(self.x0, other.x0), join(self.x1, other.x1),
                     join(self.top, other.top), join(self.bottom, other.bottom), join(self.size, other.size),
                     join(self.font, remap[other.font] if len(remap) else other.font), list(fonts),
                     join(self.upright, other.upright), doctop,
                     *(join(a, b) for a, b in zip(self.blanks(), other.blanks())))  # fmt: skip

    def dicts(self) -> list[dict]:
        """pdfplumber character dicts."""
        doctop = self.top if self.doctop is None else self.doctop
        columns = zip(self.text, self.x0.tolist(), self.x1.tolist(), self.top.tolist(), self.bottom.tolist(),
                      doctop.tolist(), self.size.tolist(), self.font.tolist(), self.upright.tolist())
        return [{"object_type": "char", "text": t, "fontname": self.fonts[f], "size": s, "upright": u,
                 "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": dt, "width": x1 - x0,
                 "height": bottom - top} for t, x0, x1, top, bottom, dt, s, f, u in columns]  # fmt: skip

    def middles(self) -> tuple[np.ndarray, np.ndarray]:
        """Horizontal and vertical middles."""
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


# ----------------------------------------------------------------------------- words
def words(chars: Chars, boxes=()) -> list[dict]:
    """pdfplumber's words (with fontname and size) of the upright characters whose middle is
    outside every box (edges included)."""
    keep = chars.upright.copy()
    if len(boxes) and len(chars):
        mx, my = chars.middles()
        for x0, top, x1, bottom in boxes:
            keep &= ~((x0 <= mx) & (mx <= x1) & (top <= my) & (my <= bottom))
    members, starts = _split_words(chars, np.flatnonzero(keep), by_font=True)
    if not len(members):
        return []
    first = members[starts]
    x0, x1 = _reduce(np.minimum, chars.x0, members, starts), _reduce(np.maximum, chars.x1, members, starts)
    top, bottom = _reduce(np.minimum, chars.top, members, starts), _reduce(np.maximum, chars.bottom, members, starts)
    shift = np.zeros(len(first)) if chars.doctop is None else chars.doctop[first] - chars.top[first]
    columns = zip(_texts(chars, members, starts), x0.tolist(), x1.tolist(), top.tolist(), bottom.tolist(),
                  (top + shift).tolist(), chars.font[first].tolist(), chars.size[first].tolist())
    return [{"text": text, "x0": a, "x1": b, "top": t, "doctop": d, "bottom": u, "upright": True,
             "height": u - t, "width": b - a, "direction": "ltr", "fontname": chars.fonts[f], "size": s}
            for text, a, b, t, u, d, f, s in columns]  # fmt: skip


def text_lines(chars: Chars) -> list[str] | None:
    """The lines of pdfplumber's ``extract_text`` of these characters (words clustered by top
    and joined by spaces); None when some character is not upright (pdfplumber then orders by
    direction, which these rules do not cover)."""
    return cell_lines(chars, [np.arange(len(chars))])[0]


def cell_lines(chars: Chars, cells: list[np.ndarray]) -> list[list[str] | None]:
    """:func:`text_lines` of ``chars.take(cell)`` for each cell (positions in page order), all
    cells in one pass: each cell's characters are a group of their own, so runs, lines and
    words never cross from one cell into another."""
    out: list[list[str] | None] = [[] if chars.upright[cell].all() else None for cell in cells]
    full = [k for k, cell in enumerate(cells) if out[k] is not None and len(cell)]
    if not full:
        return out
    index = np.concatenate([cells[k] for k in full])
    group = np.repeat(np.array(full, dtype=np.int64), [len(cells[k]) for k in full])
    members, starts, groups = _split_words(chars, index, by_font=False, groups=group)
    if not len(members):
        return out
    owner = groups[starts]
    line = _chain(_reduce(np.minimum, chars.top, members, starts), owner)
    texts = _texts(chars, members, starts)
    lines: dict[int, list[str]] = {}
    for n in np.argsort(line, kind="stable").tolist():
        lines.setdefault(int(line[n]), []).append(texts[n])
    cell_of = dict(zip(line.tolist(), owner.tolist()))
    for k in sorted(lines):  # clusters are numbered cell by cell, top to bottom
        out[cell_of[k]].append(" ".join(lines[k]))
    return out


def _split_words(chars: Chars, index: np.ndarray, by_font: bool, groups: np.ndarray | None = None):
    """The words of the characters at ``index`` (in page order): the positions of their
    characters in reading order, where each word starts among them, and (with ``groups``, one
    per character at ``index``, kept apart) each of those characters' group."""
    if not len(index):
        return (index, index) if groups is None else (index, index, index)
    order, line = _reading_order(chars, index, by_font, groups)
    grouped = None if groups is None else groups[order]
    order = index[order]
    blanks, empties = chars.blanks()
    blank, empty = blanks[order], empties[order]
    x0, x1, top = chars.x0[order], chars.x1[order], chars.top[order]
    start = np.ones(len(order), dtype=bool)
    start[1:] = ((line[1:] != line[:-1]) | blank[:-1] | empty[:-1] | empty[1:] | (x0[1:] < x0[:-1])
                 | (x0[1:] > x1[:-1] + TOLERANCE) | (np.abs(top[1:] - top[:-1]) > TOLERANCE))  # fmt: skip
    solid = ~blank
    if grouped is None:
        return order[solid], np.flatnonzero(start[solid])
    return order[solid], np.flatnonzero(start[solid]), grouped[solid]


def _reading_order(chars: Chars, index: np.ndarray, by_font: bool,
                   groups: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Positions into ``index`` in reading order (run, line, x0, page order) and the line of
    each, in that order.  A run is consecutive characters of one font and size (``by_font``)
    or of one uprightness, within one of ``groups`` when given; its lines are its tops chained
    within the tolerance."""
    n = len(index)
    change = np.ones(n, dtype=bool)
    if by_font:
        font, size = chars.font[index], chars.size[index]
        change[1:] = (font[1:] != font[:-1]) | (size[1:] != size[:-1])
    else:
        upright = chars.upright[index]
        change[1:] = upright[1:] != upright[:-1]
    if groups is not None:
        change[1:] |= groups[1:] != groups[:-1]
    line = _chain(chars.top[index], np.cumsum(change))
    order = np.lexsort((np.arange(n), chars.x0[index], line))
    return order, line[order]


def _chain(values: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """pdfplumber's clusters (numbered in order): within each group, sorted values chained
    while each is within the tolerance of the one before."""
    groups = np.zeros(len(values), dtype=np.int64) if groups is None else groups
    ranked = np.lexsort((values, groups))
    v, g = values[ranked], groups[ranked]
    new = np.ones(len(values), dtype=bool)
    new[1:] = (g[1:] != g[:-1]) | (v[1:] > v[:-1] + TOLERANCE)
    cluster = np.empty(len(values), dtype=np.int64)
    cluster[ranked] = np.cumsum(new)
    return cluster


def _reduce(ufunc, column: np.ndarray, members: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``ufunc`` (np.minimum, np.maximum) over each word's values of ``column``."""
    return ufunc.reduceat(column[members], starts)


def _texts(chars: Chars, members: np.ndarray, starts: np.ndarray) -> list[str]:
    """Each word's text, ligatures expanded as pdfplumber does."""
    text = list(map(chars.text.__getitem__, members.tolist()))
    if not LIGATURES.keys().isdisjoint(text):
        text = [LIGATURES.get(t, t) for t in text]
    bounds = [*starts.tolist(), len(text)]
    return ["".join(text[a:b]) for a, b in zip(bounds, bounds[1:])]


# ----------------------------------------------------------------------------- overprint
def overprinted(chars: Chars) -> np.ndarray | None:
    """A mask of the characters stamped over body text, or None when there are none: on a line
    (font, size, rounded top) of characters larger than the page's median size, one of which
    covers part of a smaller character (a label printed across a table's first row)."""
    if not len(chars):
        return None
    big = chars.size > np.sort(chars.size)[len(chars) // 2] * OVERPRINT_SIZE
    if not big.any():
        return None
    small = np.flatnonzero(~big)
    lines: dict[tuple, list[int]] = {}
    for i in np.flatnonzero(big).tolist():
        key = (int(chars.font[i]), round(float(chars.size[i]), 1), round(float(chars.top[i])))
        lines.setdefault(key, []).append(i)
    stamped = [members for members in lines.values() if _covers(chars, np.array(members), small)]
    if not stamped:
        return None
    mask = np.zeros(len(chars), dtype=bool)
    mask[np.concatenate(stamped)] = True
    return mask


def _covers(chars: Chars, big: np.ndarray, small: np.ndarray) -> bool:
    """Whether some of the ``big`` characters covers a third of the width and half the height
    of some ``small`` one."""
    x0, x1, top, bottom = (col[:, None] for col in (chars.x0[big], chars.x1[big], chars.top[big], chars.bottom[big]))
    tallest = float((chars.bottom[small] - chars.top[small]).max(initial=0.0))
    near = small[(chars.top[small] >= top.min() - tallest) & (chars.top[small] <= bottom.max())]
    sx0, sx1, stop, sbottom = chars.x0[near], chars.x1[near], chars.top[near], chars.bottom[near]
    w = np.minimum(x1, sx1) - np.maximum(x0, sx0)
    h = np.minimum(bottom, sbottom) - np.maximum(top, stop)
    return bool(((w > 0.3 * (sx1 - sx0)) & (h > 0.5 * (sbottom - stop))).any())
