"""Text similarity: the rule of corpus/ANNOTATION.md's Scoring section, used by extraction,
the change and follow-through tables, and evaluation alike.

Text is compared after folding whitespace, ignoring case and surrounding punctuation, removing
``<p>`` markup and reading ``&`` as "and".  Two texts are similar when rapidfuzz
``token_set_ratio`` >= 85 and the shorter is at least 60% as long as the longer.
"""
from __future__ import annotations

import re
import string

from rapidfuzz import fuzz

SIMILAR = 85  # token_set_ratio at or above which two folded texts are the same item
_TAG = re.compile(r"</?p\s*/?>", re.I)
_PUNCT = string.punctuation + "“”‘’–—•·"


def norm(text) -> str:
    """Fold a text for comparison."""
    if text is None:
        return ""
    t = _TAG.sub(" ", str(text)).replace("&", " and ")
    return re.sub(r"\s+", " ", t).strip().strip(_PUNCT + " ").lower()


def similarity(a, b) -> float:
    """token_set_ratio of the folded texts, or 0 when the length rule fails."""
    x, y = norm(a), norm(b)
    if not x or not y:
        return 100.0 if x == y else 0.0
    if min(len(x), len(y)) < 0.6 * max(len(x), len(y)):
        return 0.0
    return fuzz.token_set_ratio(x, y)


def similar(a, b) -> bool:
    return similarity(a, b) >= SIMILAR

