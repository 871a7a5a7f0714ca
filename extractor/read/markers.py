"""The list-marker grammar every reader shares: which bullets, numbers and letters open a list
item.  The text, HTML and DOCX readers match it at the start of a line (``read/layout.py``);
the PDF reader matches it against a line's first word (``read/pdf_blocks.py``)."""
from __future__ import annotations

import re

# Bullet glyphs, with the private-use code points Word's Symbol and Wingdings bullets become
# when their font is lost (\uf0b7 •, \uf0a7 ▪, \uf0a8 □, \uf0d8 ➢, \uf076 ❖, \uf0fc ✓), and "*".
GLYPHS = "•·▪●◦■□➢►▶✓\uf0b7\uf0a7\uf0a8\uf0d8\uf076\uf0fc"
BULLETS = GLYPHS + "*"
DASHES = "-–"
# Letters used as bullets, only as a word of their own: Word's "o" sub-bullet, and "Ø", its
# Wingdings arrow once the font is lost.
LETTER_BULLETS = "oØ"
# 1.  12.  292.  1.1  2.1.  1.1.1  1)  (2)
NUMBER = r"\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,3}\.|\d{1,2}\)|\(\d{1,2}\)"
# a)  (a) ... (z)  (A)  A) ... H)  (iv)  ii)  -- may be glued to their text: "(iv)Agreed"
LETTER_CLOSED = r"\(?[a-z]\)|\([A-Z]\)|[A-H]\)|\(?[ivx]{1,5}\)"
# a.  A.  ii.  -- only before a space
LETTER_DOT = r"[a-hA-H]\.|[ivx]{1,5}\."
WORD = re.compile(rf"^(?:[{re.escape(BULLETS + DASHES + LETTER_BULLETS)}]|{NUMBER}|{LETTER_CLOSED}|{LETTER_DOT})$")
GLUED = re.compile(r"^\((?:\d{1,2}|[ivx]{1,5}|[a-hA-H])\)(?=[A-Za-z‘“'\"])")  # "(iv)Agreed", "(iii)‘Title’" as one word


def is_bullet(marker: str | None) -> bool:
    """A bullet or dash marker (unordered), as against a number or letter."""
    return bool(marker) and marker in BULLETS + DASHES + LETTER_BULLETS
