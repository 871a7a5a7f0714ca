"""Headings -> labelled sections, so extractors know where they are.

A heading's text is matched fuzzily (rapidfuzz) against the heading lexicon in
``models/headings.json``.  Numbered list items that read like a lexicon
heading ("8. Recommendations") count as headings too.  Headings that match
nothing are sub-headings: they do not end the section they stand in.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from ..document import HEADING, LIST_ITEM, PARAGRAPH, Block, Document
from ..read.layout import is_heading_text

HEADING_SCORE = 82.0  # rapidfuzz ratio a heading needs to name a lexicon entry
SECTION_TYPES = ("summary", "recommendations", "background", "priorities", "financial", "risk",
                 "legal", "equality", "appendices", "decisions", "other")
_NUMBERING = re.compile(r"^\s*(?:section\s+)?\d+(?:\.\d+)*\.?\s*[:.–-]?\s*", re.I)
_TO_BODY = re.compile(r"^recommendations?(?:\(s\))?\s+(?:to|for)\s+(?:the\s+)?(?P<body>.+?)\s*:?$", re.I)


@dataclass
class Section:
    type: str
    title: str
    first: int          # index of the first block after the heading
    last: int           # index one past the last block of the section
    heading: int | None  # index of the heading block, None for the front matter
    score: float = 0.0
    addressee: str | None = None


@lru_cache(maxsize=4)
def load_lexicon(models_dir: Path) -> dict[str, str]:
    """Heading phrase -> section type."""
    raw = json.loads((Path(models_dir) / "headings.json").read_text(encoding="utf-8"))
    return {phrase: kind for kind, phrases in raw.items() if not kind.startswith("_") for phrase in phrases}


def normalise_heading(text: str) -> str:
    t = _NUMBERING.sub("", text.replace("**", "")).strip().rstrip(":.").strip()
    return re.sub(r"\s+", " ", t).lower()


def classify_heading(text: str, lexicon: dict[str, str], threshold: float = HEADING_SCORE) -> tuple[str | None, float]:
    """The section type a heading names, with its score; (None, score) when unknown."""
    t = normalise_heading(text)
    if not t:
        return None, 0.0
    if _TO_BODY.match(t):
        return "recommendations", 100.0
    best = process.extractOne(t, lexicon.keys(), scorer=fuzz.ratio)
    if best and best[1] >= threshold:
        return lexicon[best[0]], best[1]
    return None, best[1] if best else 0.0


def heading_addressee(text: str) -> str | None:
    """'Recommendation to Cabinet' -> 'Cabinet'."""
    m = _TO_BODY.match(_NUMBERING.sub("", text.replace("**", "")).strip())
    return m.group("body").strip() if m else None


def is_heading_block(block: Block, kind: str | None, score: float = 0.0) -> bool:
    """Headings, numbered items that read as a lexicon heading, and short plain lines that match
    the lexicon closely and end in '.' or ':' ('Legal Implications.', 'Recommendation(s):'), so
    that a reader that sees no heading style finds the same sections as the text reader."""
    if block.kind == HEADING:
        return True
    if block.kind == PARAGRAPH and kind and score >= 95 and block.text.rstrip().endswith((".", ":")) \
            and len(block.text.split()) <= 10:
        return True  # "Legal Implications." / "Recommendation(s):" printed as plain text (Word, HTML, PDF)
    if block.kind == PARAGRAPH and kind and block.text.rstrip().endswith(":") and is_heading_text(block.text):
        return True  # "This report makes the following recommendations to this Committee:" on a line of its own,
        # a heading to the text reader: the same in every format
    numbered = block.kind == LIST_ITEM and block.marker and block.marker.rstrip(".")[-1:].isdigit()
    return bool(numbered and kind and is_heading_text(block.text) and block.level == 0)


def segment(document: Document, models_dir: Path, threshold: float = HEADING_SCORE) -> list[Section]:
    """Split a document's blocks into typed sections."""
    lexicon = load_lexicon(Path(models_dir))
    sections = [Section("summary", "", 0, len(document.blocks), None)]
    classified: dict[str, tuple[str | None, float]] = {}  # a page's running header, classified once
    for i, block in enumerate(document.blocks):
        if block.text not in classified:
            classified[block.text] = classify_heading(block.text, lexicon, threshold)
        kind, score = classified[block.text]
        if kind is None and _numbered_parent(document.blocks, i):
            kind = "other"  # "3. Background to the Proposal" over "3.1 ...": a section, whatever its words
        if not is_heading_block(block, kind, score) or kind is None:
            continue
        sections[-1].last = i
        sections.append(Section(kind, block.text, i + 1, len(document.blocks), i, score,
                                heading_addressee(block.text)))
    return sections


def _numbered_parent(blocks: list[Block], i: int) -> bool:
    """'3.' whose next block is numbered '3.1': the heading of a numbered report's section."""
    block, nxt = blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None
    number = (block.marker or "").rstrip(".")
    return bool(block.kind == LIST_ITEM and number.isdigit() and nxt is not None and nxt.marker
                and nxt.marker.startswith(number + ".") and len(nxt.marker.rstrip(".")) > len(number))


def section_of(sections: list[Section], index: int) -> Section:
    """The section a block index belongs to."""
    for s in reversed(sections):
        if (s.heading if s.heading is not None else s.first) <= index:
            return s
    return sections[0]
