"""Property-based tests: arbitrary text never breaks the reader or the extractors."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from extractor.core import extract_document
from extractor.errors import ExtractorError
from extractor.read.text import decode, parse_text

LAYOUT = st.sampled_from(["\n", "\n\n", "\t", " |", "|", "\f", "- 1.1 ", "• ", "(iv)", "a) ", "1. ", "£3,000", "2019/20",
                          "RESOLVED that", "Recommendations", "Risk\tMitigation\tRating", "priorities are:", "**"])
TEXTS = st.lists(st.one_of(st.text(max_size=40), LAYOUT), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_reader_spans_always_point_into_the_text(text):
    doc = parse_text(text)
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(doc.text)
        assert block.page == doc.page_of(block.start) >= 1
        for cell in block.cells or []:
            assert 0 <= cell.start <= cell.end <= len(doc.text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_extraction_never_raises_and_quotes_match(text):
    doc = parse_text(text)
    out = extract_document(doc, all_items=True)
    for kind in ("priorities", "recommendations", "risks", "funding", "decisions"):
        for item in out[kind]:
            assert doc.text[item["char_start"]:item["char_end"]] == item["quote"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decoding_bytes_raises_only_documented_errors(data):
    try:
        text, warnings = decode(data, "x.txt")
    except ExtractorError as e:
        assert "x.txt" in str(e)
    else:
        assert isinstance(text, str) and isinstance(warnings, list)
