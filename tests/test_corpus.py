"""Gold-based floors: extraction getting worse makes these fail."""
from __future__ import annotations

import json

import pytest

from extractor import extract_file
from extractor.evaluate.score import evaluate_directory, find_pairs, score_document_fields, score_kind

from .conftest import CORPUS, FIXTURES

# Floors for the five full reports bundled in corpus/ (measured: every kind 1.0).
KIND_FLOOR = 0.95
DOC_FIELDS_FLOOR = 0.9
# Floors for all 28 documents of ../shared/corpus (measured in the note).
SHARED_OVERALL_FLOOR = 0.85
SHARED_DOC_FIELDS_FLOOR = 0.85
SHARED_DECISIONS_FLOOR = 0.80
# Floors for the ten annotated Kent County Council PDFs (corpus/council-pdfs, PDFs in ../shared);
# measured overall F1 0.93 (funding P 1.0 R 1.0 after the community-safety-only rule).
COUNCIL_PDFS_OVERALL_FLOOR = 0.88
# Floors for the train pages (corpus/train, 128 pages: measured items F1 0.87) and the frozen test split
# (corpus/test, 42 pages of councils in no train document: measured items F1 0.769, each kind >= 0.64).
TRAIN_ITEMS_FLOOR = 0.80  # 266 pages (0.824 at the end of session 4)
TEST_ITEMS_FLOOR = 0.80  # 0.833 at the end of session 4 (0.781 at its start)
TEST_KIND_FLOOR = 0.65  # decisions 0.689 is the lowest


@pytest.fixture(scope="module")
def corpus_report():
    return evaluate_directory(CORPUS, extract_file)


@pytest.mark.parametrize("kind", ["priorities", "recommendations", "risks", "funding"])
def test_full_reports_score_at_least_floor_per_kind(corpus_report, kind):
    score = corpus_report.kinds[kind]
    assert score.f1 >= KIND_FLOOR, f"{kind}: P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f}"


def test_full_reports_document_fields(corpus_report):
    assert corpus_report.doc_accuracy >= DOC_FIELDS_FLOOR, corpus_report.doc_fields


def test_full_reports_item_fields_mostly_right(corpus_report):
    fields = {f"{k}.{n}": v for k, s in corpus_report.kinds.items() for n, v in s.fields.items() if v[1]}
    right = sum(v[0] for v in fields.values())
    total = sum(v[1] for v in fields.values())
    assert right / total >= 0.9, fields


def test_shared_corpus_overall_f1(shared_corpus):
    report = evaluate_directory(shared_corpus, extract_file)
    assert report.overall_f1 >= SHARED_OVERALL_FLOOR, report.to_dict()["kinds"]
    assert report.kinds["decisions"].f1 >= SHARED_DECISIONS_FLOOR, report.to_dict()["kinds"]["decisions"]
    assert report.doc_accuracy >= SHARED_DOC_FIELDS_FLOOR, report.doc_fields


COUNCIL_PDFS = CORPUS / "council-pdfs"


def test_council_pdfs_overall_f1(shared_pdfs):
    report = evaluate_directory(COUNCIL_PDFS, extract_file)
    assert len(report.documents) == 10
    assert report.overall_f1 >= COUNCIL_PDFS_OVERALL_FLOOR, report.to_dict()["kinds"]


def test_train_pages_items_f1():
    report = evaluate_directory(CORPUS / "train", extract_file)
    assert len(report.documents) >= 120
    assert report.items_f1 >= TRAIN_ITEMS_FLOOR, report.to_dict()["kinds"]


def test_frozen_test_split_items_f1():
    """Scored, never read to write a rule: a floor so that a change that hurts generalisation fails."""
    report = evaluate_directory(CORPUS / "test", extract_file)
    assert len(report.documents) >= 40
    assert report.items_f1 >= TEST_ITEMS_FLOOR, report.to_dict()["kinds"]
    for kind in ("priorities", "recommendations", "funding", "decisions"):
        assert report.kinds[kind].f1 >= TEST_KIND_FLOOR, (kind, report.to_dict()["kinds"][kind])


def test_test_split_councils_appear_in_no_train_document():
    def councils(folder):
        return {json.loads(g.read_text())["document"]["council"] for g in (CORPUS / folder / "gold").glob("*.json")}
    assert councils("test") and not councils("test") & councils("train")


def test_every_risk_register_row_is_a_risk_with_its_rating(shared_pdfs):
    gold = json.loads((COUNCIL_PDFS / "gold" / "kcc_2025-02-13_appendix-j_budget-risk-register.json").read_text())
    out = extract_file(shared_pdfs / "kcc_2025-02-13_appendix-j_budget-risk-register.pdf")
    score = score_kind("risks", gold["risks"], out["risks"])
    assert score.recall >= 0.95, (score.tp, score.fn)
    assert score.fields["rating"][0] == score.tp
    assert all(r["rating"] for r in out["risks"])


def _all_documents(shared):
    docs = [d for d, _ in find_pairs(CORPUS)]
    if shared is not None:
        docs += [d for d, _ in find_pairs(shared)]
    return docs


@pytest.mark.parametrize("with_shared", [False, True])
def test_every_quote_is_the_text_at_its_span(with_shared, request):
    shared = request.getfixturevalue("shared_corpus") if with_shared else None
    for path in _all_documents(shared):
        out = extract_file(path, include_text=True, all_items=True)
        for kind in ("priorities", "recommendations", "risks", "funding", "decisions"):
            for item in out[kind]:
                assert item["page"] >= 1, (path.name, kind, item)
                assert out["text"][item["char_start"]:item["char_end"]] == item["quote"], (path.name, kind, item)
                assert item["quote"].strip(), (path.name, kind, item)


def test_scoring_pairs_one_to_one_and_ignores_cut_off_gold():
    gold = [{"text": "Hate Crime"}, {"text": "Business Crime", "ignore": True}]
    out = [{"text": "Hate crime"}, {"text": "business crime"}, {"text": "Crime"}]
    score = score_kind("priorities", gold, out)
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)


PDF_DIR = FIXTURES / "pdf"


@pytest.mark.skipif(not any(PDF_DIR.glob("*.pdf")), reason="PDF fixtures not built")
def test_a_plan_period_of_null_years_scores_as_null():
    unknown = {"start_year": None, "end_year": None}
    assert score_document_fields({"plan_period": unknown}, {"plan_period": None})["plan_period"]
    assert score_document_fields({"plan_period": None}, {"plan_period": unknown})["plan_period"]
    assert not score_document_fields({"plan_period": unknown}, {"plan_period": {"start_year": 2024, "end_year": 2025}})["plan_period"]
    assert not score_document_fields({"plan_period": {"start_year": 2024, "end_year": None}}, {"plan_period": None})["plan_period"]


def test_pdf_versions_score_within_005_of_text(tmp_path, corpus_report):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").symlink_to(CORPUS / "gold")
    for pdf in PDF_DIR.glob("*.pdf"):
        (tmp_path / "docs" / pdf.name).symlink_to(pdf)
    pdf_report = evaluate_directory(tmp_path, extract_file)
    for kind in ("priorities", "recommendations", "risks", "funding"):
        assert pdf_report.kinds[kind].f1 >= corpus_report.kinds[kind].f1 - 0.05, kind
    assert pdf_report.doc_accuracy >= corpus_report.doc_accuracy - 0.05, pdf_report.doc_fields
