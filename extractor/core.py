"""From a Document to the output object: the extractors run in a fixed order."""
from __future__ import annotations

import contextlib
import functools
from pathlib import Path

from .about import KINDS, VERSION
from .document import Document
from .extract.context import Context, load_calibration, load_lexicon
from .extract.decisions import extract_decisions
from .extract.funding import extract_funding
from .extract.metadata import extract_metadata
from .extract.priorities import extract_priorities
from .extract.recommendations import extract_recommendations
from .extract.risks import extract_risks
from .analyse.pipeline import analyse
from .read import read_document
from .analyse.segment import segment
from .settings import Settings, models_hash

EXTRACTORS = {
    "priorities": extract_priorities,
    "recommendations": extract_recommendations,
    "risks": extract_risks,
    "funding": extract_funding,
    "decisions": extract_decisions,
}
assert tuple(EXTRACTORS) == KINDS
# Decisions run first: a resolution that recommends to another body is a recommendation, and a
# "That ..." paragraph a body resolved is not a report's request (see ctx.found).
RUN_ORDER = ("decisions", "priorities", "recommendations", "risks", "funding")
# With a helper process these run there, in this order, forked once the document fields are known,
# while this process runs the others: they read only the analysed document and its fields, never
# what an earlier extractor left in ctx.found (decisions -> recommendations, which reads the
# priorities' items and so waits for them).  tests/test_helper.py checks that the bundled reports
# and their PDFs give the same output either way.
HELPED = ("priorities", "risks", "funding")
assert all(RUN_ORDER.index(a) < RUN_ORDER.index(b) for a, b in zip(HELPED, HELPED[1:]))


def build_context(document: Document, settings: Settings, helper=None) -> Context:
    models = Path(settings.models_dir)
    doc = analyse(document, models, helper)
    sections = segment(document, models, settings.heading_score)
    doc.spans["sections"] = [doc.char_span(document.blocks[s.first - 1].start if s.heading is not None else 0,
                                           document.blocks[s.last - 1].end if s.last > 0 else 0,
                                           label=s.type, alignment_mode="expand") or doc[0:0]
                             for s in sections if s.last > s.first]
    return Context(document, doc, sections, load_lexicon(models), models, calibration=load_calibration(models))


def extract_document(document: Document, settings: Settings | None = None, all_items: bool = False,
                     helper=None) -> dict:  # fmt: skip
    """Every kind of item and the document fields, in the gold shape plus provenance.  With a
    ``helper`` (:class:`extractor.batch.helper.Helper`, a second process) the spaCy pass and the
    extractors run partly there: the same output (see :data:`HELPED`)."""
    settings = settings or Settings()
    ctx = build_context(document, settings, helper)
    ctx.fields = extract_metadata(ctx)
    result = {"source": document.source, "pages": document.pages, "extractor_version": VERSION,
              "models_hash": models_hash(settings), "warnings": list(document.warnings), "document": ctx.fields}
    helped = helper.run([functools.partial(EXTRACTORS[kind], ctx) for kind in HELPED]) if helper else None
    with helped or contextlib.nullcontext():
        for kind in RUN_ORDER:
            items = helped.take() if helped and kind in HELPED else EXTRACTORS[kind](ctx)
            ctx.doc.spans[kind] = [s for it in items
                                   if (s := ctx.doc.char_span(it["char_start"], it["char_end"], alignment_mode="expand"))]
            result[kind] = [it for it in items if all_items or it["confidence"] >= settings.min_confidence]
            ctx.found.setdefault("items", {})[kind] = result[kind]
    return {**{k: v for k, v in result.items() if k not in KINDS}, **{kind: result[kind] for kind in KINDS}}


def extract_file(path: str | Path, settings: Settings | None = None, include_text: bool = False,
                 all_items: bool = False) -> dict:
    """Read and extract one file.  Raises ExtractorError subclasses for bad input."""
    settings = settings or Settings()
    return extract_read(read_document(path, settings), path, settings, include_text, all_items)


def extract_read(document: Document, path: str | Path, settings: Settings | None = None,
                 include_text: bool = False, all_items: bool = False, helper=None) -> dict:  # fmt: skip
    """What :func:`extract_file` gives for ``document``, read from ``path`` (a large PDF's
    page ranges, read by several workers, joined: :mod:`extractor.batch.split`, which gives a
    ``helper`` process as well)."""
    result = extract_document(document, settings or Settings(), all_items, helper)
    result["source"] = str(path)
    if include_text:
        result["text"] = document.text
    return result


def extract_text(text: str, source: str = "<text>", settings: Settings | None = None) -> dict:
    """Extract from a string, read as a plain-text report."""
    from .read.text import parse_text
    return extract_document(parse_text(text, source=source), settings)
