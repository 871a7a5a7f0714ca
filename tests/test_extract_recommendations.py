"""Recommendations through extract_text(): addressee, action lemmas, one item per numbered request.

Snippets are quoted from corpus/docs (Medway, Sevenoaks, Spelthorne, Thanet) or are look-alikes.
"""
from __future__ import annotations

import pytest

from extractor.core import extract_document
from extractor.read.text import parse_text

from .helpers import extract_checked

extract = extract_checked


def recs(text: str) -> list[tuple]:
    return [(r["addressee"], r["actions"], r["text"]) for r in extract(text)["recommendations"]]


SEVENOAKS_2024 = """Recommendation to People & Places Advisory Committee

To make recommendation to Cabinet to approve for the Sevenoaks District Community Safety Partnership Strategy and Action Plan 2024-25.

Recommendation to Cabinet

That Cabinet approves the Sevenoaks District Community Safety Partnership Strategy and Action Plan 2024-25 and agrees for it to be presented to Full Council for sign-off in April 2024.

Recommendation to Council

To approve the Sevenoaks District Community Safety Partnership Strategy and Action Plan 2024-25.

Reason for recommendation: The Council has a statutory duty under the Crime and Disorder Act 1998 to produce a strategic assessment and annually refreshed community safety plan.

Introduction and Background

1. The Crime & Disorder Act 1998 places a statutory responsibility on Sevenoaks District Council.
"""


def test_addressee_comes_from_recommendation_to_heading():
    assert recs(SEVENOAKS_2024) == [
        ("People & Places Advisory Committee", ["recommend", "approve"],
         "To make recommendation to Cabinet to approve for the Sevenoaks District Community Safety Partnership "
         "Strategy and Action Plan 2024-25."),
        ("Cabinet", ["approve", "agree"],
         "That Cabinet approves the Sevenoaks District Community Safety Partnership Strategy and Action Plan "
         "2024-25 and agrees for it to be presented to Full Council for sign-off in April 2024."),
        ("Council", ["approve"],
         "To approve the Sevenoaks District Community Safety Partnership Strategy and Action Plan 2024-25."),
    ]


def test_reason_for_recommendation_is_not_a_recommendation():
    texts = [r[2] for r in recs(SEVENOAKS_2024)]
    assert not any("statutory duty" in t for t in texts)
    assert not any(t.lower().startswith("reason") for t in texts)


def test_reason_for_recommendation_heading_ends_the_section():
    out = recs("Recommendations\n\n"
               "That Cabinet approves the Community Safety Partnership Plan 2024-2027.\n\n"
               "Reason for recommendation\n\n"
               "To ensure the Council approves a plan that meets its statutory duties.\n")
    assert [r[2] for r in out] == ["That Cabinet approves the Community Safety Partnership Plan 2024-2027."]


def test_sevenoaks_2021_consider_and_note_recommendations():
    out = recs("Recommendation to People and Places Advisory Committee:\n\n"
               "To consider the Sevenoaks District Community Safety Partnership's Annual Report for 2020-21.\n\n"
               "Recommendation to Cabinet:\n\n"
               "To consider and note the Sevenoaks District Community Safety Partnership Annual report for "
               "2020-21.\n\n"
               "Reason for recommendation: To keep Members updated on the work of the Sevenoaks District "
               "Community Safety Partnership.\n")
    assert [(a, acts) for a, acts, _ in out] == [("People and Places Advisory Committee", ["consider"]),
                                                 ("Cabinet", ["consider", "note"])]


def test_addressee_comes_from_asked_to_lead_in():
    # corpus/docs/thanet-...txt
    out = recs("Recommendation(s):\n\n"
               "Members of the Crime and Disorder Committee are asked to:\n\n"
               " Note and scrutinise the Community Safety Partnership Plan and consider any recommendations to "
               "the Community Safety Partnership Chair (currently, Chief Inspector Ian Swallow) and the "
               "Community Services Manager (currently, Jo-Anna Taylor).\n\n"
               "Corporate Implications\n")
    assert len(out) == 1
    addressee, actions, text = out[0]
    assert addressee == "Crime and Disorder Committee"
    assert actions == ["note", "scrutinise", "consider"]
    assert text.startswith("Note and scrutinise the Community Safety Partnership Plan")


def test_inline_numbered_requests_are_split_into_two():
    # corpus/docs/spelthorne-...txt cover sheet
    out = recs("Recommendations\n|\n"
               "Committee is asked to:\n"
               "1. Note the Report; and 2. Approve the Community Safety Partnership Plan and Priorities 2024-26\n"
               "|\n"
               "Reason for Recommendation |\n"
               "Approval of the new Community Safety Partnership plan and Priorities is required. |\n")
    assert out == [("Committee", ["note"], "Note the Report"),
                   ("Committee", ["approve"], "Approve the Community Safety Partnership Plan and Priorities 2024-26")]


def test_split_request_quotes_point_at_each_request():
    text = ("Recommendations\n|\nCommittee is asked to:\n"
            "1. Note the Report; and 2. Approve the Community Safety Partnership Plan and Priorities 2024-26\n|\n")
    doc = parse_text(text)
    quotes = [r["quote"] for r in extract_document(doc)["recommendations"]]
    assert quotes == ["Note the Report", "Approve the Community Safety Partnership Plan and Priorities 2024-26"]


def test_addressee_comes_from_subject_of_each_request():
    # corpus/docs/medway-...txt
    out = recs("8. Recommendations\n\n"
               "- 8.1 The Committee is requested to note the findings of the strategic assessment\n"
               "- 8.2 The Committee are asked to note the refreshed CSP priorities in light of the strategic "
               "assessment findings.\n"
               "- 8.3 The Committee is requested to scrutinise the activity of the Community Safety Partnership, "
               "over the past year, in connection with the discharge by the responsible authorities of their "
               "crime and disorder functions.\n\n"
               "Lead officer contact\n\n"
               "James Brown, Head of Regulatory Services\n")
    assert [(a, acts) for a, acts, _ in out] == [("Committee", ["note"]), ("Committee", ["note"]),
                                                 ("Committee", ["scrutinise"])]
    assert out[0][2] == "The Committee is requested to note the findings of the strategic assessment"


def test_numbered_that_requests_are_one_item_each_without_numbers():
    out = recs("Recommendation:\n\n"
               "1. That the Committee notes the report.\n"
               "2. That the Committee endorses the Community Safety Partnership priorities for 2024/25.\n\n"
               "Other options considered\n\n"
               "To not produce a plan - rejected.\n")
    assert out == [("Committee", ["note"], "That the Committee notes the report."),
                   ("Committee", ["endorse"],
                    "That the Committee endorses the Community Safety Partnership priorities for 2024/25.")]


def test_options_considered_are_not_recommendations():
    out = recs("Other options Considered and/or rejected\n\n"
               "To not have a plan – rejected as the Council would be failing to comply with its statutory "
               "duties under the Crime and Disorder Act 1998.\n")
    assert out == []


def test_lettered_requests_after_that_cabinet_lead_in():
    out = recs("Recommendations\n\n"
               "That Cabinet:\n\n"
               "a) notes the Community Safety Partnership annual report; and\n"
               "b) approves the refreshed Community Safety Plan 2024-2027.\n")
    assert [(a, acts) for a, acts, _ in out] == [("Cabinet", ["note"]), ("Cabinet", ["approve"])]
    assert out[1][2] == "approves the refreshed Community Safety Plan 2024-2027."


def test_lettered_request_text_drops_trailing_and():
    out = recs("Recommendations\n\n"
               "That Cabinet:\n\n"
               "a) notes the Community Safety Partnership annual report; and\n"
               "b) approves the refreshed Community Safety Plan 2024-2027.\n")
    assert out[0][2] == "notes the Community Safety Partnership annual report"


def test_asked_to_note_sentence_outside_recommendations_section():
    out = recs("Background\n\n"
               "5.3 Members are asked to note the progress made by the Community Safety Partnership against "
               "the action plan.\n")
    assert out == [("Members", ["note"], "Members are asked to note the progress made by the Community Safety "
                                         "Partnership against the action plan.")]


def test_decision_in_minutes_is_not_a_recommendation():
    out = recs("RESOLVED that the Community Safety Partnership Plan 2024-2027 be adopted.\n\n"
               "The Committee agreed that the Community Safety Partnership priorities be endorsed.\n")
    assert out == []


def test_recommended_to_council_in_minutes_is_a_recommendation():
    out = recs("RECOMMENDED to Council that the Community Safety Partnership Plan 2024-2027 be adopted.\n")
    assert out == [("Council", ["adopt"],
                    "RECOMMENDED to Council that the Community Safety Partnership Plan 2024-2027 be adopted.")]


def test_actions_are_lemmas_in_order_of_appearance():
    out = recs("Recommendations\n\n"
               "The Overview and Scrutiny Committee is asked to endorse the Community Safety Partnership Plan, "
               "comment on its priorities and note the funding position.\n")
    assert out[0][:2] == ("Overview and Scrutiny Committee", ["endorse", "comment", "note"])


def test_as_adopted_by_does_not_count_as_an_action():
    out = recs("Recommendations\n\n"
               "The Committee is asked to note the Community Safety Plan as adopted by Full Council in "
               "July 2020.\n")
    assert out[0][1] == ["note"]


def test_is_recommended_to_in_running_text_is_a_recommendation():
    out = extract("Background\n\nThe report sets out progress.\n\n"
                  "The Committee is recommended to note the annual report of the Community Safety Partnership.\n")
    assert [(r["addressee"], r["actions"]) for r in out["recommendations"]] == [("Committee", ["note"])]


# --- requests outside a Recommendations section (issue 11); look-alikes written for these tests ---

def test_a_lead_in_anywhere_with_that_items():
    text = ("Meeting: 04/09/2025 - Cabinet (Item 12)\n\n"
            "The Cabinet is requested to consider the report and to make the resolutions set out below:\n\n"
            "(1)  That the Community Warden Service continue to be funded for three years.\n\n"
            "(2)  That the CCTV contract be extended to March 2027.\n\nAdditional documents:\n")
    assert [(a, t) for a, _, t in recs(text)] == [
        ("Cabinet", "That the Community Warden Service continue to be funded for three years."),
        ("Cabinet", "That the CCTV contract be extended to March 2027.")]


def test_numbered_that_body_requests_without_a_heading():
    text = ("Community Safety Strategy update\n\n1.1. The Community Safety Partnership refreshed its strategy.\n\n"
            "2.1 That committee note and comment on the update on the Community Safety Strategy.\n\n"
            "2.2 That committee give its continued support to the partnership work in the report.\n")
    assert [(a, acts) for a, acts, _ in recs(text)] == [("committee", ["note", "comment"]), ("committee", [])]


def test_numbered_imperatives_after_an_items_purpose():
    text = ("Meeting: 04/11/2025 - Overview and Scrutiny Committee (Item 7)\n\n"
            "To provide updates against the Safer Ashdale Partnership Plan.\n\n"
            "1. Note overall progress of the Safer Ashdale Community Safety Partnership\n"
            "2. Agree any recommendations to the Cabinet meeting on 7 November.\n")
    assert [(a, acts) for a, acts, _ in recs(text)] == [("Overview and Scrutiny Committee", ["note"]),
                                                         ("Overview and Scrutiny Committee", ["agree"])]


def test_asked_a_to_note_and_b_to_support():
    text = ("Joint scrutiny committee is asked (a) to note the progress that the Safer Ashdale Partnership made "
            "in 2024-25; and\n\n(b) to support the partnership's plan for 2025-28.\n\nMinutes:\n\nMembers discussed.\n")
    assert [t for _, _, t in recs(text)] == [
        "to note the progress that the Safer Ashdale Partnership made in 2024-25",
        "to support the partnership's plan for 2025-28."]


def test_a_resolution_recommending_to_another_body_is_a_recommendation():
    text = ("Resolved\n\n(1) That the community safety presentation be noted.\n\n"
            "(2) That the Committee recommends that the Executive review the Community Safety Partnership Plan.\n")
    assert [(a, t) for a, _, t in recs(text)] == [
        ("Executive", "That the Committee recommends that the Executive review the Community Safety Partnership Plan.")]


def test_the_same_request_printed_twice_counts_once():
    text = ("Summary\n\nRecommendation(s):\nCabinet is asked to agree the Community Safety Plan 2025-29.\n\n"
            "1. Introduction\n\nThe plan was drafted by the partnership.\n\n"
            "5. Recommendation(s)\n\nCabinet is asked to agree the Community Safety Plan 2025-29.\n")
    assert len(recs(text)) == 1


def test_requests_quoted_in_a_motion_are_the_motions_not_a_reports():
    text = ("3) Mr Smith proposed, and Mr Jones seconded the motion that\n\n“Council is asked to:\n\n"
            "(i) Note the community safety report;\n(ii) Adopt the Community Safety Plan 2025-28; and\n\n"
            "4) RESOLVED that Council adopts the Community Safety Plan 2025-28.\n")
    assert recs(text) == []


def test_recommendation_to_cabinet_heading_then_a_paragraph():
    text = ("Community Safety Partnership Plan 2025-28\n\nRecommendation to Cabinet\n\n"
            "That the Community Safety Partnership Plan 2025-28 be approved and recommended to Council for "
            "adoption.\n\n1. Background\n\nThe plan was drafted by the partnership.\n")
    assert [(a, acts) for a, acts, _ in recs(text)] == [("Cabinet", ["approve", "adopt"])]


def test_county_council_is_asked_to_numbered_capitalised_verbs():
    text = ("The County Council is asked to:\n\n1. To NOTE the Community Safety Agreement 2025-26.\n"
            "2. To APPROVE the partnership's priorities for 2025-26.\n"
            "3. DELEGATE authority to the Director of Community Safety to agree minor changes.\n")
    assert [(a, acts) for a, acts, _ in recs(text)] == [("County Council", ["note"]), ("County Council", ["approve"]),
                                                         ("County Council", ["delegate", "agree"])]


def test_a_panel_that_should_recommend_that_items():
    text = ("The Panel considered the review of the Safer Ashdale Partnership and agreed that the Panel should "
            "also recommend that:\n\n(i) the Leader of the Council be requested to seek an extension of the funding;"
            " and\n\n(ii) an investigation be undertaken into a contribution from developers.\n")
    assert [t for _, _, t in recs(text)] == [
        "the Leader of the Council be requested to seek an extension of the funding",
        "an investigation be undertaken into a contribution from developers."]


def test_resolved_to_recommend_to_council():
    text = "Community Safety Plan\n\nResolved to RECOMMEND:  (to Council)\n\nThat the Community Safety Plan 2025-29 be adopted.\n"
    out = extract(text)
    assert [r["text"] for r in out["recommendations"]] == ["That the Community Safety Plan 2025-29 be adopted."]
    assert out["decisions"] == []


def test_a_request_told_in_prose():
    text = ("The Panel heard about the Community Safety Partnership. It was noted that the recommendation the Panel "
            "has to consider is to agree to receive future updates on the Community Safety Partnership annually.\n")
    assert [t for _, _, t in recs(text)] == ["to agree to receive future updates on the Community Safety Partnership annually."]


def test_an_agenda_summary_repeating_the_resolution_is_not_a_request():
    text = ("Meeting: 14/11/2025 - Cabinet (Item 4)\n\nAdditional documents:\n\n"
            "(a) That Cabinet notes the Community Safety Strategy.\n\nThe portfolio holder presented the strategy.\n\n"
            "Resolved: (a) That Cabinet notes the Community Safety Strategy.\n")
    out = extract(text)
    assert out["recommendations"] == [] and len(out["decisions"]) == 1


def test_a_body_that_made_the_following_recommendations_printed_twice_counts_once():
    body = ("the Environment Policy Development Group have made the following recommendations:\n"
            "· To make and bring into force the draft PSPO at Appendix A.\n"
            "· To authorise the Monitoring Officer to take all necessary steps to bring the PSPO into force.\n")
    text = ("48 Public Spaces Protection Order - Dogs\nArising from a report of the Enforcement Manager " + body +
            "Minutes:\nArising from a report of the Enforcement Manager " + body)
    assert [r["text"] for r in extract(text)["recommendations"]] == [
        "To make and bring into force the draft PSPO at Appendix A.",
        "To authorise the Monitoring Officer to take all necessary steps to bring the PSPO into force."]


def test_two_requests_of_one_list_differing_in_a_few_words_stay_two():
    text = ("Community Safety Partnership review\nRecommendations\n"
            "1. That the Committee recommend to Council that the 2016-17 Strategic Assessment is adopted by the "
            "Safer Maidstone Partnership.\n"
            "2. That the Committee recommend to Council that the 2013-18 Partnership Plan refresh is adopted by the "
            "Safer Maidstone Partnership.\n")
    assert len(extract(text)["recommendations"]) == 2


def test_a_decision_proposed_heading_holds_recommendations_not_decisions():
    text = ("Details\nTitle:\nPublic Spaces Protection Orders\nDecision Proposed:\n"
            "1. That the extension of the Public Spaces Protection Order for the town centre for three years be agreed.\n"
            "2. That the Public Spaces Protection Order for the harbour should not be extended.\n"
            "Decision Conclusion:\nNone.\n")
    out = extract(text)
    assert out["decisions"] == [] and len(out["recommendations"]) == 2


def test_a_body_that_will_be_asked_is_told_about_not_asked():
    text = ("Forward plan\nPublic Spaces Protection Orders\nThe Cabinet will be asked to approve a framework for "
            "adopting Public Spaces Protection Orders to address anti-social behaviour.\n")
    assert extract(text)["recommendations"] == []


def test_options_listed_under_an_options_heading_are_not_recommendations():
    text = ("Report to the Overview and Scrutiny Panel\nOptions\n"
            "3.1 Consider the Community Safety Partnership Plan and accept the partnership's recommendations.\n"
            "3.2 Consider the Community Safety Partnership Plan and make changes to it.\n"
            "Contact Officer: Jo Smith\n")
    assert extract(text)["recommendations"] == []


@pytest.mark.parametrize("sentence", [
    "He asked members to consider where the community safety funding should go.",
    "The Chairman asked the Committee to note the fall in anti-social behaviour.",
    "Councillor Smith asked Cabinet to approve more CCTV cameras in the park.",
])
def test_a_speaker_asking_in_the_discussion_makes_no_recommendation(sentence):
    text = "Minutes of the Community Safety Committee\n\n5. Wardens\n\nThe officer presented the report. " + sentence + "\n"
    assert extract_checked(text)["recommendations"] == []


def test_a_report_asking_members_is_still_a_recommendation():
    text = "Report to the Community Safety Committee\n\nMembers are asked to note the fall in anti-social behaviour.\n"
    assert len(extract_checked(text)["recommendations"]) == 1


def test_a_cover_sheets_recommendations_field_is_read_alike_as_row_and_as_line():
    """'Recommendations | Members are asked to: Note ... |' and 'Recommendations: Members are
    asked to: Note ...' hold one request each, without the label and the lead-in."""
    page = "Report to the Safer Northdale Committee\n\n{}\n\nBackground\n\nThe partnership met four times.\n"
    row = page.format("Recommendations | Members are asked to: Note the community safety performance update |")
    line = page.format("Recommendations: Members are asked to: Note the community safety performance update")
    expected = [("Members", ["note"], "Note the community safety performance update")]
    assert recs(row) == expected
    assert recs(line) == expected


def test_a_cover_sheets_resolved_to_recommend_row_leads_in_as_the_line_does():
    page = "Cabinet minutes\n\nCommunity Safety Strategy\n\n{}\n\nThat the Community Safety Strategy 2025-2028 be adopted.\n"
    for lead in ("Resolved to RECOMMEND | (to Council) |", "Resolved to RECOMMEND: (to Council)"):
        assert recs(page.format(lead)) == [("Council", ["adopt"], "That the Community Safety Strategy 2025-2028 be adopted.")]


def test_the_call_to_declare_interests_is_no_recommendation():
    text = ("Community safety board\n\nDeclaration of Interests\n\nMembers of the Board are asked to declare any "
            "personal or prejudicial interest they may have in any matter which is to be considered at this meeting.\n\n"
            "Community safety plan\n\nThe Board is asked to approve the community safety plan for 2025-26.\n")
    assert [r["text"] for r in extract_checked(text)["recommendations"]] == [
        "The Board is asked to approve the community safety plan for 2025-26."]


def test_a_request_cut_off_after_its_verb_is_no_recommendation():
    text = ("Community safety grants decision\n\nThe Commissioner is recommended to approve;\n\n"
            "Allocation of £20,000 to support community safety projects in Ourtown.\n")
    assert not any(r["text"].rstrip(";").endswith("to approve") for r in extract_checked(text)["recommendations"])


def test_an_agenda_line_for_a_paper_to_follow_is_no_recommendation():
    text = ("Community Safety Scrutiny Committee\n\nThe Committee is asked to agree the following draft reports:\n\n"
            "- Domestic Abuse Review Group report (to follow).\n\n- Report to Cabinet regarding community safety (to follow).\n")
    assert extract_checked(text)["recommendations"] == []
