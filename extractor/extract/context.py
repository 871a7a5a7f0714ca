"""What every extractor receives, and how items are built with provenance."""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from ..document import Block, Document
from ..read.layout import fold
from ..analyse.segment import Section, section_of

_STRIP = " \t\n\f.;,:–-"


# words that make a document about community safety (measured as a density; see about_community_safety)
CS_DENSITY_TERMS = ("community safety", "crime", "disorder", "csp", "partnership", "anti-social", "asb", "police",
                    "safer", "violence", "abuse", "priorities", "strategic assessment")
# words that tie a resolution or request to community safety: those, and the services named
CS_TERMS = CS_DENSITY_TERMS + ("cctv", "anti social", "antisocial", "public spaces protection", "offending",
                                "re-offending", "reoffending", "offenders", "pspo", "pspos", "designated public places",
                                "street drinking")
CS_DENSITY = 10  # community-safety words per 1,000 above which a document is about community safety
CALIBRATION_WEIGHT = 2.0  # how many items the rule's own prior confidence counts as


@lru_cache(maxsize=4)
def load_lexicon(models_dir: Path) -> dict:
    return json.loads((Path(models_dir) / "lexicon.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def load_calibration(models_dir: Path) -> dict:
    """Per rule: items it produced on the gold corpora (n) and how many were right (tp)."""
    path = Path(models_dir) / "confidence.json"
    return json.loads(path.read_text(encoding="utf-8")).get("rules", {}) if path.exists() else {}


def calibrated(calibration: dict, rule: str, prior: float) -> float:
    """The rule's measured precision, smoothed towards its prior: (tp + w*prior) / (n + w)."""
    seen = calibration.get(rule)
    if not seen:
        return prior
    return (seen["tp"] + CALIBRATION_WEIGHT * prior) / (seen["n"] + CALIBRATION_WEIGHT)


@dataclass
class Context:
    """A read document, its spaCy Doc, its sections and the word lists."""

    document: Document
    doc: Doc
    sections: list[Section]
    lexicon: dict
    models_dir: Path
    fields: dict = field(default_factory=dict)  # document fields, filled by the metadata extractor
    calibration: dict = field(default_factory=dict)  # rule id -> {"tp", "n"} from models/confidence.json
    found: dict = field(default_factory=dict)  # what one extractor leaves for another (see core.RUN_ORDER)
    _indexes: dict = field(default_factory=dict, repr=False)

    @property
    def blocks(self) -> list[Block]:
        return self.document.blocks

    def section(self, index: int) -> Section:
        """``section_of(self.sections, index)``, by bisection over the sections' starts (in
        order, as :func:`~extractor.analyse.segment.segment` writes them), found once."""
        cached = self._indexes.get("sections")
        if cached is None or cached[0] is not self.sections or cached[1] != len(self.sections):
            starts = [s.heading if s.heading is not None else s.first for s in self.sections]
            ordered = all(a <= b for a, b in zip(starts, starts[1:]))
            cached = self._indexes["sections"] = (self.sections, len(self.sections), starts if ordered else None)
        starts = cached[2]
        if starts is None or not starts:
            return section_of(self.sections, index)
        i = bisect.bisect_right(starts, index) - 1
        return self.sections[i] if i >= 0 else self.sections[0]

    def block_index(self, block: Block) -> int:
        """Where ``block`` (one of :attr:`blocks`) is in the document, from an index built once:
        ``blocks.index(block)`` compares every field of every block before it, which made a
        1,000-page document's list look-ups quadratic.  Starts are unique (blocks are written one
        after another), so the first equal block is this one."""
        if "block_index" not in self._indexes:
            self._indexes["block_index"] = {id(b): i for i, b in enumerate(self.blocks)}
        found = self._indexes["block_index"].get(id(block))
        return found if found is not None else self.blocks.index(block)

    def cached(self, key: str, build):
        """``build()``, made once for this document and kept under ``key``."""
        if key not in self._indexes:
            self._indexes[key] = build()
        return self._indexes[key]

    def block_at(self, offset: int) -> int | None:
        """The index of the first block holding ``offset`` (an empty block holds its start), by
        bisection where blocks are in text order without overlapping, as every reader writes them."""
        if "block_at" not in self._indexes:
            starts = [b.start for b in self.blocks]
            ordered = all(a.end <= b.start and a.start < b.start for a, b in zip(self.blocks, self.blocks[1:]))
            self._indexes["block_at"] = starts if ordered else None
        starts = self._indexes["block_at"]
        if starts is None:
            return next((i for i, b in enumerate(self.blocks) if _holds(b, offset)), None)
        i = bisect.bisect_right(starts, offset) - 1
        return i if i >= 0 and _holds(self.blocks[i], offset) else None

    def patterns(self, start: int, end: int, label: str) -> list[Span]:
        """Pattern spans of one label inside [start, end), in text order."""
        return self._index(("patterns", label)).within(start, end)

    def themes(self, start: int, end: int) -> list[Span]:
        return self._index(("themes", None)).within(start, end)

    def _index(self, key: tuple) -> "SpanIndex":
        if key not in self._indexes:
            group = self.doc.sents if key[0] == "sents" else self.doc.spans[key[0]]
            self._indexes[key] = SpanIndex(s for s in group if key[1] is None or s.label_ == key[1])
        return self._indexes[key]

    def sentences(self, start: int, end: int) -> list[Span]:
        """Sentences overlapping a character range, clipped to it."""
        out = []
        for sent in self._index(("sents", None)).overlapping(start, end):
            s, e = max(start, sent.start_char), min(end, sent.end_char)
            span = self.doc.char_span(s, e, alignment_mode="contract")
            if span is not None and self.text_of(span).strip():
                out.append(span)
        return out

    def text_of(self, span: Span) -> str:
        """``span.text``, cut from the document's text: spaCy's joins a Python object made for
        each token, the slice does not (the Doc's text is the document's, token for token)."""
        return self.document.text[span.start_char:span.end_char] if len(span) else ""


def _holds(block: Block, offset: int) -> bool:
    return block.start <= offset < max(block.end, block.start + 1)


class SpanIndex:
    """Spans sorted by start, for fast range look-ups (documents can have thousands)."""

    def __init__(self, spans) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start_char, s.end_char))
        self.starts = [s.start_char for s in self.spans]
        self.longest = max((s.end_char - s.start_char for s in self.spans), default=0)

    def within(self, start: int, end: int) -> list[Span]:
        i, j = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [s for s in self.spans[i:j] if s.end_char <= end]

    def overlapping(self, start: int, end: int) -> list[Span]:
        i = bisect.bisect_left(self.starts, start - self.longest)
        j = bisect.bisect_left(self.starts, end)
        return [s for s in self.spans[i:j] if s.end_char > start]


def trim_span(text: str, start: int, end: int, chars: str = _STRIP) -> tuple[int, int]:
    """Shrink [start, end) past surrounding characters in ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def make_item(ctx: Context, start: int, end: int, fields: dict, rules: list[str], confidence: float) -> dict:
    """An output item with provenance: page, span and the quoted words."""
    text = ctx.document.text
    start, end = trim_span(text, start, end, " \t\n\f")
    item = dict(fields)
    confidence = calibrated(ctx.calibration, rules[0], confidence)
    item.update({"page": ctx.document.page_of(start), "char_start": start, "char_end": end,
                 "quote": text[start:end], "confidence": round(confidence, 3), "rules": rules})
    return item


def clean_text(text: str) -> str:
    """Item text as printed: markup and list markers gone, whitespace folded."""
    t = re.sub(r"</?p\s*>", " ", text.replace("**", ""))
    return fold(t)


def strip_trailing(text: str) -> str:
    """Drop list punctuation at the end of an item: ';', ',', ' and', ' or'."""
    t = text.strip().rstrip(";,").strip()
    t = re.sub(r"(?:;|,)?\s+(?:and|or)$", "", t)
    return t.rstrip(";,").strip()


def contains_any(text: str, words) -> bool:
    """Whether one of ``words`` occurs in ``text`` as a whole word (any case)."""
    words = tuple(words)
    return bool(words) and _whole_words(words).search(f" {text.lower()} ") is not None


@lru_cache(maxsize=256)
def _whole_words(words: tuple[str, ...]) -> re.Pattern:
    """One regex finding any of ``words`` (lower case) not inside a longer word."""
    return re.compile(rf"(?<![a-z])(?:{'|'.join(re.escape(w.lower()) for w in words)})(?![a-z])")


@lru_cache(maxsize=8)
def about_community_safety(text: str) -> bool:
    """Whether community-safety words are frequent in the whole text (a CSP paper, about 20 to
    100 per 1,000 words) rather than occasional (a full council's minutes, under 5)."""
    words = len(text.split())
    hits = len(_CS_DENSITY.findall(text))
    return hits * 1000 >= CS_DENSITY * max(words, 1)


def _density_regex(terms: tuple[str, ...]) -> re.Pattern:
    """One regex whose matches in a text number as many as each term's whole-word matches
    together: no two terms share a word, so no match of one overlaps a match of another (and
    none starts where another does), and one scan finds them all, where one per term took five
    times as long over a long text."""
    words = [w for term in terms for w in term.lower().split()]
    assert len(words) == len(set(words)), "terms that share a word would be counted once"
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(t) for t in terms)})(?![\w-])", re.I)


_CS_DENSITY = _density_regex(CS_DENSITY_TERMS)
