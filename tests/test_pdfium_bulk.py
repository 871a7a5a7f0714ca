"""The PDF reader's bulk path (extractor.read.pdfium_text) against asking PDFium character by
character: the text object of each character, found by sampling, must be the one PDFium gives
for that character, and documents read either way must be the same.

The real council PDFs live outside the repository, in ../shared/corpus-pdfs/ (or
$CSP_CORPUS_PDFS); tests that need them skip when it is absent.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as c
import pytest

from extractor.read import pdfium_text
from extractor.read.pdf import read_pdf

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))
REAL = Path(os.environ.get("CSP_CORPUS_PDFS", ROOT.parent / "shared" / "corpus-pdfs"))


def real_pdfs() -> list[Path]:
    found = sorted(REAL.glob("*.pdf"))
    if not found:
        pytest.skip(f"real council PDFs not available ({REAL})")
    return found


def page_objects_both_ways(path: Path):
    """(sampled, asked one by one) text objects of the drawn characters of each page."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        for n in range(len(pdf)):
            page = pdf[n]
            textpage = page.get_textpage()
            count = c.FPDFText_CountChars(textpage.raw)
            codes = pdfium_text.code_points(pdfium_text.page_text(textpage.raw, max(count, 0)))
            index = pdfium_text.drawn(textpage.raw, codes)
            yield n + 1, pdfium_text.sampled_objects(textpage.raw, index), pdfium_text.exact_objects(textpage.raw, index)
            textpage.close()
            page.close()
    finally:
        pdf.close()


def assert_sampling_exact(path: Path) -> None:
    for number, sampled, exact in page_objects_both_ways(path):
        assert sampled is not None, f"{path.name} page {number}: sampling gave up"
        assert sampled.tolist() == exact.tolist(), f"{path.name} page {number}"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_sampled_text_objects_are_pdfiums_on_fixture_pages(path):
    assert_sampling_exact(path)


def test_sampled_text_objects_are_pdfiums_on_every_council_page():
    for path in real_pdfs():
        assert_sampling_exact(path)


def test_interleaved_objects_are_not_taken_for_one_run(monkeypatch):
    """Object B drawn inside a run of object A (right-to-left reordering can do that): the
    samples all name A, and PDFium's count of runs (3) exposes it."""
    truth = np.array([1] * 10 + [2] * 3 + [1] * 30, dtype=np.uint64)
    monkeypatch.setattr(pdfium_text, "_objects_at", lambda address, at: truth[np.asarray(at)])
    monkeypatch.setattr(pdfium_text, "handle", lambda textpage: 0)
    monkeypatch.setattr(c, "FPDFText_CountChars", lambda textpage: len(truth))
    monkeypatch.setattr(c, "FPDFText_CountRects", lambda textpage, start, count: 3)
    assert pdfium_text.sampled_objects(None, np.arange(len(truth))) is None
    monkeypatch.setattr(c, "FPDFText_CountRects", lambda textpage, start, count: 1)
    assert pdfium_text.sampled_objects(None, np.arange(len(truth))).tolist() == [1] * len(truth)


def test_short_runs_between_samples_are_found(monkeypatch):
    truth = np.array([5] * 7 + [6] + [7] * 2 + [5] * 40 + [8] * 33 + [9], dtype=np.uint64)
    monkeypatch.setattr(pdfium_text, "_objects_at", lambda address, at: truth[np.asarray(at)])
    monkeypatch.setattr(pdfium_text, "handle", lambda textpage: 0)
    monkeypatch.setattr(c, "FPDFText_CountRects", lambda textpage, start, count: 6)
    monkeypatch.setattr(c, "FPDFText_CountChars", lambda textpage: len(truth))
    # object 5 shows up in two runs: not trusted
    assert pdfium_text.sampled_objects(None, np.arange(len(truth))) is None
    truth[10:50] = 10
    assert pdfium_text.sampled_objects(None, np.arange(len(truth))).tolist() == truth.tolist()


def test_right_to_left_text_is_asked_character_by_character():
    assert pdfium_text._right_to_left(pdfium_text.code_points("Safer streets שלום"))
    assert pdfium_text._right_to_left(pdfium_text.code_points("مرحبا"))
    assert not pdfium_text._right_to_left(pdfium_text.code_points("Safer streets – £1,200 “quoted” café"))


def read_one_by_one(path: Path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(pdfium_text, "sampled_objects", lambda textpage, index: None)
        return read_pdf(path)


def same_document(a, b) -> None:
    assert a.text == b.text
    assert [vars(x) for x in a.blocks] == [vars(x) for x in b.blocks]
    assert a.warnings == b.warnings


@pytest.mark.parametrize("path", FIXTURES[:2], ids=lambda p: p.stem)
def test_fixtures_read_the_same_with_sampled_objects(path, monkeypatch):
    same_document(read_pdf(path), read_one_by_one(path, monkeypatch))


@pytest.mark.parametrize("name", [
    "kcc_2025-02-13_appendix-j_budget-risk-register.pdf",  # ruled tables
    "kcc_2025-01-09_council_devolution-white-paper-report.pdf",  # lone spaces PDFium drops
])
def test_council_pdfs_read_the_same_with_sampled_objects(name, monkeypatch):
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real council PDFs not available ({REAL})")
    same_document(read_pdf(path), read_one_by_one(path, monkeypatch))
