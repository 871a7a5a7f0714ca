"""Tests for extractor.analyse.segment: headings -> typed sections."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.read.text import parse_text, read_text
from extractor.analyse.segment import classify_heading, heading_addressee, load_lexicon, section_of, segment
from extractor.settings import DEFAULT_MODELS

LEXICON = load_lexicon(DEFAULT_MODELS)
DOCS = Path(__file__).resolve().parent.parent / "corpus" / "docs"


def kind_of(heading: str) -> str | None:
    return classify_heading(heading, LEXICON)[0]


# ----- classify_heading on real headings ----------------------------------------------------

@pytest.mark.parametrize("heading, kind", [
    ("8. Recommendations", "recommendations"),                         # Medway
    ("Recommendation to Cabinet", "recommendations"),                  # Sevenoaks
    ("Recommendation to People & Places Advisory Committee", "recommendations"),
    ("Recommendation to People and Places Advisory Committee:", "recommendations"),
    ("Recommendation(s):", "recommendations"),                         # Thanet
    ("Recommendations", "recommendations"),
    ("Legal Implications and Risk Assessment Statement", "legal"),     # Sevenoaks
    ("Financial and Value for Money:", "financial"),                   # Thanet
    ("6. Financial implications", "financial"),
    ("4. Financial management comments", "financial"),                 # Spelthorne
    ("4. Risk management", "risk"),
    ("Risk Management:", "risk"),
    ("5. Risk management comments", "risk"),
    ("Minutes:", "decisions"),
    ("RESOLVED", "decisions"),
    ("Summary", "summary"),
    ("1.0 Introduction and Background", "background"),
    ("2. Background", "background"),
    ("Equality Act 2010 & Public Sector Equality Duty", "equality"),
    ("Background papers", "appendices"),
    ("Appendices:", "appendices"),
    ("Key Priorities", "priorities"),
    ("Reason for recommendation", "other"),
    ("Corporate Priorities", "other"),
    ("**Financial Implications**", "financial"),
    ("FINANCIAL IMPLICATIONS", "financial"),
])
def test_real_headings_are_classified(heading, kind):
    assert kind_of(heading) == kind


def test_recommendation_to_a_body_scores_full_marks():
    assert classify_heading("Recommendation to Cabinet", LEXICON) == ("recommendations", 100.0)


@pytest.mark.parametrize("heading, body", [
    ("Recommendation to Cabinet", "Cabinet"),
    ("Recommendation to Council", "Council"),
    ("Recommendation to People & Places Advisory Committee", "People & Places Advisory Committee"),
    ("Recommendation to People and Places Advisory Committee:", "People and Places Advisory Committee"),
    ("Recommendations to the Crime and Disorder Committee", "Crime and Disorder Committee"),
])
def test_recommendation_heading_names_its_addressee(heading, body):
    assert heading_addressee(heading) == body


@pytest.mark.parametrize("heading", ["Recommendation(s):", "8. Recommendations", "Reason for recommendation"])
def test_recommendation_heading_without_a_body_has_no_addressee(heading):
    assert heading_addressee(heading) is None


@pytest.mark.parametrize("text", [
    "Strengthening communities",
    "Kent Police",
    "Serious Violence Duty",
    "Report of: Chief Officer People & Places",
    "Contact Officer(s): Kelly Webb, Ext. 7474",
    "The Committee is requested to note the findings of the strategic assessment",
    "Appendix A - Sevenoaks District CSP Annual Report 2020-21",
    "Anti-Social Behaviour including Environmental Crime",
    "Police and Crime Commissioner (PCC) plans",
    "",
])
def test_non_headings_are_not_classified(text):
    kind, score = classify_heading(text, LEXICON)
    assert kind is None
    assert score < 80


@pytest.mark.parametrize("heading, kind", [
    ("Community Safety Partnership", None),
    ("Budget Implications", "financial"),
])
def test_near_miss_headings_get_the_right_type(heading, kind):
    assert kind_of(heading) == kind


def test_threshold_decides_unknown_headings():
    kind, score = classify_heading("Risk Register", LEXICON)
    assert kind is None
    assert classify_heading("Risk Register", LEXICON, threshold=score)[0] == "risk"


# ----- segment() --------------------------------------------------------------------------------

def test_medway_report_sections_come_in_document_order():
    doc = read_text(DOCS / "medway-2020-12-03-csp-annual-scrutiny.txt")
    sections = segment(doc, DEFAULT_MODELS)
    assert [(s.type, s.title) for s in sections] == [
        ("summary", ""),
        ("summary", "Summary"),
        ("background", "Background"),
        ("background", "Advice and analysis"),
        ("risk", "Risk management"),
        ("other", "Consultation"),
        ("financial", "Financial implications"),
        ("legal", "Legal implications"),
        ("recommendations", "Recommendations"),
        ("other", "Lead officer contact"),
        ("appendices", "Appendices"),
        ("appendices", "Background papers"),
    ]


def test_sections_tile_the_blocks_without_gaps():
    doc = read_text(DOCS / "medway-2020-12-03-csp-annual-scrutiny.txt")
    sections = segment(doc, DEFAULT_MODELS)
    assert sections[0].heading is None and sections[0].first == 0
    for prev, nxt in zip(sections, sections[1:]):
        assert prev.last == nxt.heading
        assert nxt.first == nxt.heading + 1
    assert sections[-1].last == len(doc.blocks)


def test_medway_recommendations_section_holds_the_three_requests():
    doc = read_text(DOCS / "medway-2020-12-03-csp-annual-scrutiny.txt")
    rec = next(s for s in segment(doc, DEFAULT_MODELS) if s.type == "recommendations")
    texts = [doc.blocks[i].text for i in range(rec.first, rec.last)]
    assert len(texts) == 3
    assert texts[0] == "The Committee is requested to note the findings of the strategic assessment"
    assert [doc.blocks[i].marker for i in range(rec.first, rec.last)] == ["- 8.1", "- 8.2", "- 8.3"]


def test_numbered_list_item_reading_like_a_heading_opens_a_section():
    doc = parse_text("- 7.1 There are no direct legal implications arising from this report.\n\n"
                     "8. Recommendations\n\n"
                     "- 8.1 The Committee is requested to note the findings of the strategic assessment\n")
    sections = segment(doc, DEFAULT_MODELS)
    assert [s.type for s in sections] == ["summary", "recommendations"]
    assert sections[1].title == "Recommendations"


def test_numbered_paragraph_is_not_taken_for_a_heading():
    doc = parse_text("Background\n\n"
                     "2. The current Community Safety Partnership Plan was adopted at Full Council on 16 July "
                     "2020 and contains five priorities.\n")
    assert [s.type for s in segment(doc, DEFAULT_MODELS)] == ["summary", "background"]


def test_sevenoaks_recommendation_headings_carry_their_addressees():
    doc = read_text(DOCS / "sevenoaks-2024-03-05-csp-strategy-action-plan-2024-25.txt")
    recs = [s for s in segment(doc, DEFAULT_MODELS) if s.type == "recommendations"]
    assert [s.addressee for s in recs] == ["People & Places Advisory Committee", "Cabinet", "Council"]


def test_unknown_subheading_does_not_end_its_section():
    doc = parse_text("Background\n\n"
                     "The partnership met four times.\n\n"
                     "Serious Violence Duty\n\n"
                     "The Council has a duty to include the Serious Violence Duty.\n")
    sections = segment(doc, DEFAULT_MODELS)
    assert [s.type for s in sections] == ["summary", "background"]
    assert section_of(sections, len(doc.blocks) - 1).type == "background"


def test_section_of_front_matter_is_the_summary():
    doc = read_text(DOCS / "thanet-2024-04-16-annual-community-safety-briefing.txt")
    sections = segment(doc, DEFAULT_MODELS)
    assert section_of(sections, 0).heading is None
    rec_heading = next(s.heading for s in sections if s.type == "recommendations")
    assert section_of(sections, rec_heading).type == "recommendations"
    assert section_of(sections, rec_heading + 1).type == "recommendations"


def test_sevenoaks_2021_legal_heading_with_full_stop_opens_a_legal_section():
    doc = read_text(DOCS / "sevenoaks-2021-07-08-csp-annual-report-2020-21.txt")
    types = [s.type for s in segment(doc, DEFAULT_MODELS)]
    assert "legal" in types


def test_a_numbered_heading_over_its_own_sub_numbers_ends_the_recommendations_section():
    doc = parse_text("2. Recommendations\n2.1. Approve the community safety grants.\n3. Background to the Proposal\n"
                     "3.1. The fund is an annual small grants programme.\n3.2. The process was approved last year.\n",
                     source="report.txt")
    sections = segment(doc, DEFAULT_MODELS)
    recs = next(s for s in sections if s.type == "recommendations")
    assert [doc.blocks[i].text for i in range(recs.first, recs.last)] == ["Approve the community safety grants."]


def test_a_numbered_item_without_sub_numbers_is_no_heading():
    doc = parse_text("2. Recommendations\n2.1. Approve the grants.\n3. Note the spending on wardens.\n", source="r.txt")
    recs = next(s for s in segment(doc, DEFAULT_MODELS) if s.type == "recommendations")
    assert recs.last == len(doc.blocks)
