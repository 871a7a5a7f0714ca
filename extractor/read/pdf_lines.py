"""Which lines of a PDF page make one block: a line carries on the block above it unless its
font, spacing, a list marker or its alignment say a new block starts.  Split from
:mod:`pdf_blocks` (which groups the lines with these rules and classifies the groups)."""
from __future__ import annotations

import re

from extractor.read import markers

# ``Line`` and ``_Geometry`` in the annotations are pdf_blocks' (not imported: pdf_blocks imports this module)

BULLETS = markers.GLYPHS  # a glyph glued to its text ("•Text") still opens an item
MARKER = markers.WORD


def _marker(line: Line) -> tuple[str, int] | None:
    """The list marker a line opens with, and how many words it takes (0 = glued bullet)."""
    first = line.words[0].text
    if len(line.words) > 1 and MARKER.match(first):
        return first, 1
    if len(first) > 1 and first[0] in BULLETS:
        return first[0], 0
    glued = _GLUED_MARKER.match(first)
    if glued:  # "(iv)Agreed": a bracketed marker glued to its text, as the text reader reads it
        return glued.group(), 0
    return None


_GLUED_MARKER = markers.GLUED


def _tab_after_first(line: Line) -> bool:
    """A tab-like gap after the first word: "1.1<tab>Text", "Subject:<tab>Text"."""
    words = line.words
    return len(words) > 1 and words[1].x0 - words[0].x1 >= 0.8 * line.size


def _strong_marker(line: Line) -> bool:
    """A bullet glyph, or a marker followed by a tab-like gap, always opens a new block."""
    found = _marker(line)
    return bool(found) and (found[0] in BULLETS or (found[1] == 1 and _tab_after_first(line)))


def _hang(line: Line) -> float:
    """Where wrapped lines of a block opened by ``line`` start when they hang: after a marker
    or a tab-like gap (after the first word, or after a label of a few words: "Priority Two:"
    in a field's column), else at the line's own start."""
    found = _marker(line)
    if (found and found[1] == 1) or _tab_after_first(line):
        return line.words[1].x0
    words = line.words[:6]
    for a, b in zip(words, words[1:]):
        if a.text.endswith(":") and b.x0 - a.x1 >= 0.8 * line.size:
            return b.x0
    return line.x0


def _continues(group: list[Line], line: Line, geo: _Geometry) -> bool:
    """Whether ``line`` carries on the block made of ``group``."""
    prev = group[-1]
    if prev.bold != line.bold or abs(prev.size - line.size) > 1:
        return False
    if line.top - prev.top > (geo.pitch * 1.25 + 0.05) * prev.size:
        return False
    if _fits(prev, line, geo):
        return False
    if _marker(line) and (_strong_marker(line) or prev.text.endswith((".", ";", ":")) or _counts_on(group[0], line)
                          or _same_bullet_below(group[0], line) or _outdented_marker(group[0], line)):
        return False
    if _new_sentence_below_item(group, line, geo):
        return False
    return _aligned(group, line, geo)


def _counts_on(first: Line, line: Line) -> bool:
    """'1) Approve ...; and' then '2) Agree ...': the next marker of the item's own sequence opens
    the next item, whatever the item's last word."""
    a, b = _marker(first), _marker(line)
    if not a or not b:
        return False
    ka, kb = re.fullmatch(r"\(?(\d{1,2}|[a-z])[.)]", a[0]), re.fullmatch(r"\(?(\d{1,2}|[a-z])[.)]", b[0])
    if not ka or not kb or a[0][-1] != b[0][-1]:
        return False
    x, y = ka.group(1), kb.group(1)
    return int(y) == int(x) + 1 if x.isdigit() and y.isdigit() else (len(x) == len(y) == 1 and ord(y) == ord(x) + 1)


def _same_bullet_below(first: Line, line: Line) -> bool:
    """'o Reducing ...' then 'o Protecting ...': the item's own bullet again, at the item's own
    edge, opens the next item (a wrapped line starts under the text, not under the bullet)."""
    a, b = _marker(first), _marker(line)
    return bool(a and b) and a[0] == b[0] and markers.is_bullet(a[0]) and abs(line.x0 - first.x0) <= 2


_LABEL = re.compile(r"^[A-Z][\w/&()'’ -]{0,30}:\s+\S")  # "Meeting: 03/03/2021 - Cabinet", a field


def _outdented_marker(first: Line, line: Line) -> bool:
    """'• Commitment to ...' then '2.3. The plan ...' left of the bullet: an item of an outer
    list, never the sub-item's wrap."""
    return bool(_marker(first)) and line.x0 < first.x0 - 4


def _new_sentence_below_item(group: list[Line], line: Line, geo: _Geometry) -> bool:
    """A one-line list item, then a line back at the marker's edge rather than under the item's
    text: a paragraph of its own, not the item's wrap, where the item ends its sentence and the
    line is capitalised, where the line is a field ('Meeting: 03/03/2021 - Cabinet'), or where a
    paragraph's spacing parts them (a capitalised line further below than the page's line pitch:
    a wrapped line keeps the pitch, whatever the item's last word)."""
    first = group[0]
    if len(group) > 1 or not _marker(first) or _hang(first) - line.x0 <= 4:
        return False
    capital = line.text[:1].isupper()
    spaced = line.top - first.top > geo.pitch * first.size + max(1.5, 0.12 * first.size)
    return (capital and (first.text.rstrip().endswith(".") or spaced)) or bool(_LABEL.match(line.text))


def _under_wide_marker(first: Line, line: Line) -> bool:
    """'2.1.1 Cabinet authorised ...' then its wrapped line at the list's indent, left of where a
    number wider than the indent pushed the first line's text: still the item's hanging indent."""
    found = _marker(first)
    return bool(found) and found[1] == 1 and first.words[0].x1 < line.x0 <= _hang(first) + 4


def _fits(prev: Line, line: Line, geo: _Geometry) -> bool:
    """The first word of ``line`` would have fitted on ``prev``: ``prev`` ended a block."""
    word = line.words[0]
    return geo.right - prev.x1 > (word.x1 - word.x0) + 0.6 * prev.size + 2


def _aligned(group: list[Line], line: Line, geo: _Geometry) -> bool:
    """Continuation lines line up with the previous line, a hanging indent or the centre (lines
    centred off the left edge: a full line back at the edge under an item's hanging line is not)."""
    prev, first = group[-1], group[0]
    if abs((line.x0 + line.x1) - (prev.x0 + prev.x1)) <= 12 and min(line.x0, prev.x0) > geo.left + 2:
        return True
    if len(group) > 1:
        return abs(line.x0 - prev.x0) <= 4
    if abs(line.x0 - _hang(first)) <= 4 or abs(line.x0 - first.x0) <= 4 or _under_wide_marker(first, line):
        return True
    return first.x0 - 45 <= line.x0 <= first.x0  # first-line indent
