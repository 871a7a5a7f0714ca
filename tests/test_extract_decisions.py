"""Decisions through extract_text(): RESOLVED lead-ins with lettered items, inline resolutions,
outcomes, the deciding body, and procedural business left out.

Snippets are look-alikes written in the style of ModernGov minutes and decision notices.
"""
from __future__ import annotations

import pytest

from extractor.core import extract_document
from extractor.read.text import parse_text

from .helpers import extract_checked

extract = extract_checked


def decisions(text: str) -> list[tuple]:
    return [(d["body"], d["outcome"], d["text"]) for d in extract(text)["decisions"]]


MINUTES = """Agenda and minutes

Wealden Community Safety Partnership - Tuesday, 12th November, 2024 2.00 pm

Notes of the previous meeting

RESOLVED that the minutes of the meeting held on 3 June 2024 were a correct record and that they be signed by the Chair.

Draft Community Safety Plan 2025-2028

1. The Community Safety Manager introduced the draft plan and explained how the strategic assessment had shaped the proposed priorities.

2. Members discussed whether shoplifting should be a separate priority.

RESOLVED that the Wealden Community Safety Partnership

a) Consider and comment on the draft Community Safety Plan for 2025-2028.

b) Agree the partnership's priorities for 2025/26, taking account of the views expressed on shoplifting.

c) Note that Authority is delegated to the Director of Communities to agree the final wording of the Plan.
"""


def test_resolved_lead_in_with_lettered_items_gives_one_decision_each():
    out = decisions(MINUTES)
    assert [text for _, _, text in out] == [
        "Consider and comment on the draft Community Safety Plan for 2025-2028.",
        "Agree the partnership's priorities for 2025/26, taking account of the views expressed on shoplifting.",
        "Note that Authority is delegated to the Director of Communities to agree the final wording of the Plan.",
    ]


def test_outcomes_consider_comment_noted_agree_agreed_delegation_delegated():
    assert [outcome for _, outcome, _ in decisions(MINUTES)] == ["noted", "agreed", "delegated"]


def test_deciding_body_comes_from_the_resolved_lead_in():
    assert {body for body, _, _ in decisions(MINUTES)} == {"Wealden Community Safety Partnership"}


def test_minutes_correctly_recorded_is_procedural_and_left_out():
    out = decisions("RESOLVED that the minutes of the meeting held on 3 June 2024 were correctly recorded and be "
                    "signed by the Chair.\n")
    assert out == []
    assert not any("minutes" in text.lower() for _, _, text in decisions(MINUTES))


@pytest.mark.parametrize("line", [
    "RESOLVED that the Committee's work programme be noted.",
    "RESOLVED: That apologies for absence be noted.",
    "RESOLVED that there were no declarations of interest.",
])
def test_other_procedural_resolutions_are_left_out(line):
    assert decisions(line + "\n") == []


CSP_ITEM = """Safer Wealden Partnership: Community Safety Plan

The Community Safety Partnership's annual report on crime, anti-social behaviour and domestic abuse
was presented by the Community Safety Manager. Police colleagues described the partnership's work on
serious violence and the community safety priorities for the year.

"""


def test_resolution_on_other_business_is_left_out_of_a_community_safety_paper():
    text = (CSP_ITEM + "14. Car Parking Charges\n\nThe Cabinet considered the report on parking tariffs.\n\n"
            "RESOLVED that the car park charges for 2025/26 be approved as set out in the report.\n")
    assert decisions(text) == []


def test_in_general_minutes_every_resolution_is_the_business():
    text = ("Full Council minutes\n\n12. Pay Policy Statement\n\n"
            "RESOLVED that the car park charges for 2025/26 be approved as set out in the report.\n")
    assert decisions(text) == [(None, "approved", "the car park charges for 2025/26 be approved as set out in the report.")]


def test_inline_resolved_that_be_adopted_is_approved_and_loses_that():
    out = decisions("Decision:\n\nRESOLVED: That the Community Safety Partnership Plan 2024-2027 be adopted.\n")
    assert [(outcome, text) for _, outcome, text in out] == [
        ("approved", "the Community Safety Partnership Plan 2024-2027 be adopted.")]


def test_inline_resolution_quote_starts_after_the_cue():
    doc = parse_text("RESOLVED: That the Community Safety Partnership Plan 2024-2027 be adopted.\n")
    item = extract_document(doc)["decisions"][0]
    assert item["quote"] == "That the Community Safety Partnership Plan 2024-2027 be adopted."


def test_body_named_before_agreed_that():
    out = decisions("The Committee agreed that the Community Safety Partnership priorities for 2024/25 be "
                    "endorsed.\n")
    assert len(out) == 1
    body, outcome, text = out[0]
    assert body == "Committee"
    assert text.startswith("the Community Safety Partnership priorities")


def test_a_decision_status_line_alone_is_not_reported():
    """'Decision status: Recommendations Approved' names no decision; the gold never counts it, so
    its rule's calibrated confidence (models/confidence.json) is below the reporting threshold."""
    out = decisions("Decision Maker: Cabinet\n\n"
                    "Decision status: Recommendations Approved\n\n"
                    "Purpose: To adopt the Community Safety Partnership Plan 2024-2027.\n")
    assert out == []


def test_reports_own_recommendations_are_not_decisions():
    out = decisions("Recommendation to Cabinet\n\n"
                    "That Cabinet approves the Sevenoaks District Community Safety Partnership Strategy and Action "
                    "Plan 2024-25.\n")
    assert out == []


def test_inline_resolution_body_is_the_meeting_not_the_subject():
    out = decisions("Cabinet - 14 March 2024\n\n"
                    "7. Community Safety Partnership Plan\n\n"
                    "RESOLVED: That the Community Safety Partnership Plan 2024-2027 be adopted.\n")
    assert out == [("Cabinet", "approved", "the Community Safety Partnership Plan 2024-2027 be adopted.")]


def test_decision_colon_body_is_the_subject_of_approved():
    out = decisions("Decision: The Council approved the Community Safety Partnership Plan 2024-2027.\n")
    assert [(body, outcome) for body, outcome, _ in out] == [("Council", "approved")]


def test_be_deferred_is_deferred():
    out = decisions("Crime and Disorder Committee - 12 November 2024\n\n"
                    "RESOLVED that the Community Safety Partnership Plan be deferred to the next meeting.\n")
    assert [outcome for _, outcome, _ in out] == ["deferred"]


def test_deferred_late_in_a_long_subject_is_still_deferred():
    out = decisions("Crime and Disorder Committee - 12 November 2024\n\n"
                    "RESOLVED that consideration of the Community Safety Partnership Plan be deferred to the next "
                    "meeting.\n")
    assert [outcome for _, outcome, _ in out] == ["deferred"]


def test_the_cabinet_noted_is_a_decision():
    out = decisions("Cabinet - 14 March 2024\n\n"
                    "The Cabinet noted the Community Safety Partnership annual report for 2022-23.\n")
    assert [(body, outcome) for body, outcome, _ in out] == [("Cabinet", "noted")]


# --- forms of minutes and decision notices (issue 11), on look-alikes written for these tests ---

def test_resolved_alone_then_numbered_that_items():
    text = ("Decision:\n\nResolved\n\n(1)  That the Safer Ashdale Partnership presentation be noted.\n\n"
            "(2)  That the Community Safety Plan 2025-28 be approved.\n\nMinutes:\n\nMembers discussed the plan.\n")
    assert [(o, t) for _, o, t in decisions(text)] == [
        ("noted", "the Safer Ashdale Partnership presentation be noted."),
        ("approved", "the Community Safety Plan 2025-28 be approved.")]


def test_a_resolution_that_recommends_to_another_body_is_not_a_decision():
    text = ("RESOLVED\n\n(1) That the community safety update be noted.\n\n"
            "(2) That the Committee recommends that the Executive review the Community Safety Plan.\n")
    assert [t for _, _, t in decisions(text)] == ["the community safety update be noted."]


def test_that_cabinet_with_verbs_in_the_third_person_is_the_cabinets_resolution():
    text = ("Meeting: 14/10/2025 - Cabinet (Item 12)\n\nThat Cabinet:\n\n"
            "(a) notes the community safety partnership's annual report;\n\n"
            "(b) formally approves the Crime and Disorder Reduction Strategy; and\n\n"
            "(c) in response, requests an update on the anti-social behaviour action plan.\n")
    assert [(b, o) for b, o, _ in decisions(text)] == [("Cabinet", "noted"), ("Cabinet", "approved"), ("Cabinet", "agreed")]


def test_that_cabinet_with_verbs_in_the_base_form_is_not_a_resolution():
    text = "That Cabinet:\n\n(a) note the community safety report;\n\n(b) approve the crime strategy.\n"
    assert decisions(text) == []


def test_resolved_that_colon_then_plain_paragraphs():
    text = ("5) RESOLVED that:\n\nMembers note the work of the Community Safety Partnership on knife crime.\n\n"
            "Members endorse the partnership's serious violence strategy.\n\n301. Next item\n")
    assert [t for _, _, t in decisions(text)] == [
        "Members note the work of the Community Safety Partnership on knife crime.",
        "Members endorse the partnership's serious violence strategy."]


def test_resolved_that_colon_then_sub_leads_with_lettered_items():
    text = ("6. RESOLVED that:\n\nThis Council believes that:\n\n"
            "a) Street drinking harms the town centre.\n\nb) Wardens need more support.\n\n"
            "and calls on the Leader to:\n\na) Write to the Police and Crime Commissioner.\n\n"
            "b) Fund two more community wardens.\n\n7. Next item\n")
    assert [t for _, _, t in decisions(text)] == [
        "Street drinking harms the town centre.", "Wardens need more support.",
        "Write to the Police and Crime Commissioner.", "Fund two more community wardens."]


def test_numbered_paragraph_resolution_in_general_minutes():
    text = "Full Council\n\n298. Leader's Report\n\n26) The Leader thanked Members.\n27) RESOLVED that the Leader's report be noted.\n"
    assert decisions(text) == [(None, "noted", "the Leader's report be noted.")]


@pytest.mark.parametrize("text", [
    "The Chair welcomed everyone. It was agreed that a full set of names would be circulated: ACTION\n",
    "Key decision: Yes - It affects more than 2 Electoral Divisions\n",
    "Amendment put to the vote.\n\nAgreed.\n\n7) Following the debate, the Chairman put the motion to the vote:\n",
])
def test_narrative_and_labels_record_no_decision(text):
    assert decisions(text) == []


def test_resolved_that_cabinet_agree_to_with_mixed_markers():
    text = ("42. Community Safety Partnership Annual Report\n\nRESOLVED that Cabinet agree to:\n\n"
            "A) note the Community Safety Partnership annual report;\n\nb) approve the Community Safety Plan "
            "2025-28; and\n\nc) delegate authority to the Head of Community Safety to publish the plan.\n")
    assert [o for _, o, _ in decisions(text)] == ["noted", "approved", "delegated"]


def test_a_decision_told_in_prose():
    text = ("Councillors approve CCTV spending\n\nAt the meeting on Tuesday, councillors approved a decision to "
            "spend £172,512 on new CCTV cameras in the town centre to tackle anti-social behaviour.\n")
    assert decisions(text) == [("councillors", "approved", "councillors approved a decision to spend £172,512 on "
                                "new CCTV cameras in the town centre to tackle anti-social behaviour.")]



def test_minutes_that_leave_out_the_subject():
    text = ("Safer Ashdale Partnership Plan 2025-28\n\nThe Community Safety Manager presented the plan.\n\n"
            "Agreed the Safer Ashdale Partnership Plan 2025-2028, subject to an additional action on knife crime.\n")
    assert [(o, t[:40]) for _, o, t in decisions(text)] == [("agreed", "Agreed the Safer Ashdale Partnership Pla")]


def test_a_proposal_recorded_as_carried():
    text = ("2025 Strategic Intelligence Assessment\n\nProposal that the Strategic Intelligence Assessment, "
            "produced by the county's community safety team, be adopted.\n\nAgreed by unanimous vote.\n")
    assert [o for _, o, _ in decisions(text)] == ["approved"]


def test_a_resolution_asking_full_council_is_a_recommendation():
    text = ("Decision:\n\n(1) That cabinet notes the community safety partnership's achievements.\n\n"
            "(2) That full council be asked to approve the community safety plan.\n")
    out = extract(text)
    assert [d["text"] for d in out["decisions"]] == ["cabinet notes the community safety partnership's achievements."]
    assert [r["text"] for r in out["recommendations"]] == ["That full council be asked to approve the community safety plan."]


def test_that_the_committee_noted_is_recorded_not_asked():
    text = ("The Chair moved to the recommendations.\n\n1. That Cleaner, Greener and Safer Overview and Scrutiny "
            "Committee noted the performance of the Community Safety Partnership for 2024.\n")
    assert [o for _, o, _ in decisions(text)] == ["noted"]


# --- resolutions whose page lost or reshaped the "RESOLVED" line (issue 11); look-alikes ---

def test_ordered_that_with_numbers_on_their_own_lines_and_a_wrapped_item():
    text = ("14 Community Safety Partnership Plan\n\nMinutes:\n\nThe Executive Member presented the plan.\n\n"
            "ORDERED That:\n\n1.\n\nExecutive approve the priorities of the Community Safety Plan 2025-2027.\n\n2.\n\n"
            "An update on the Community Safety\n\nFund be provided to Executive.\n\nREASONS\n")
    assert [t for _, _, t in decisions(text)] == [
        "Executive approve the priorities of the Community Safety Plan 2025-2027.",
        "An update on the Community Safety Fund be provided to Executive."]


def test_resolution_items_in_minutes_without_a_resolved_line():
    text = ("Domestic Homicide Reviews Update Minutes: Members considered a report on domestic homicide reviews.\n\n"
            "(1) the community safety report be noted;\n(2) a further report on community safety be submitted to the next meeting.\n")
    assert [(o, t) for _, o, t in decisions(text)] == [
        ("noted", "the community safety report be noted;"),
        ("agreed", "a further report on community safety be submitted to the next meeting.")]


def test_a_report_s_that_be_noted_request_is_not_a_decision():
    text = ("Community Safety Partnership annual report\n\nRecommendations\n\n"
            "1. That the community safety partnership annual report be noted.\n")
    out = extract(text)
    assert out["decisions"] == [] and len(out["recommendations"]) == 1


@pytest.mark.parametrize("sentence", [
    "The partnership's plan would be published in the summer.",
    "The community safety strategy needed to be reviewed with partners.",
])
def test_modal_and_infinitive_be_are_not_resolutions(sentence):
    assert decisions("Minutes:\n\n- " + sentence + "\n") == []


def test_votes_printed_in_capitals_one_per_clause():
    text = ("Ashdale Community Safety Partnership Plan 2025-28\n\nDecision:\n\nAmendment by the Residents' Group "
            "NOT CARRIED by 30 votes to 16; deemed motion by the Administration AGREED without division.\n")
    assert [(o, t) for _, o, t in decisions(text)] == [
        ("rejected", "Amendment by the Residents' Group NOT CARRIED by 30 votes to 16"),
        ("approved", "deemed motion by the Administration AGREED without division.")]


def test_recommendations_recorded_as_agreed_and_a_commissioners_approval():
    minutes = ("Community Safety Strategy Group\n\nThe report on community safety priorities was introduced.\n\n"
               "The recommendations in the report were considered and agreed.\n")
    assert [o for _, o, _ in decisions(minutes)] == ["agreed"]
    notice = ("Community Safety Fund decision\n\nRecommendation: the Commissioner awards the grants below.\n\n"
              "I approve the recommendation(s):\n\nSignature: PCC\n")
    assert [(o, t) for _, o, t in decisions(notice)] == [("approved", "I approve the recommendation(s):")]


def test_moved_and_seconded_then_the_resolution():
    text = ("Community Safety Strategy\n\nIt was moved by Councillor A Smith, seconded by Councillor B Jones and\n\n"
            "The Community Safety Strategy 2025-28 and its action plan be noted.\n\nReason for decision: statutory duty.\n")
    assert [(o, t) for _, o, t in decisions(text)] == [
        ("noted", "The Community Safety Strategy 2025-28 and its action plan be noted.")]


def test_resolved_a_inline_then_b_as_a_list_item():
    text = ("Stronger and Safer Communities Strategy\n\nResolved: (a) That Cabinet notes the community safety "
            "strategy.\n(b) That Cabinet approves the strategy and its publication.\n")
    assert [(o, t) for _, o, t in decisions(text)] == [
        ("noted", "Cabinet notes the community safety strategy."),
        ("approved", "Cabinet approves the strategy and its publication.")]


def test_an_action_by_tail_is_not_part_of_the_decision():
    text = "RESOLVED\n\n1. That the Council adopt the Community Safety Plan 2025-28 (Action by: Jo Bloggs, Director)\n"
    assert [t for _, _, t in decisions(text)] == ["the Council adopt the Community Safety Plan 2025-28"]


def test_decision_notice_records_an_infinitive_after_a_bare_decision_label():
    text = ("Record of decision\nCommunity Safety Fund allocation\nDecision:\n"
            "To approve the allocation of £50,000 from the Community Safety Fund to the Safer Streets project.\n"
            "Reasons for the decision:\nTo reduce neighbourhood crime in the town centre.\n")
    assert decisions(text) == [(None, "approved", "To approve the allocation of £50,000 from the Community "
                                                   "Safety Fund to the Safer Streets project.")]


def test_an_infinitive_paragraph_without_a_decision_label_is_not_a_decision():
    text = ("Community Safety Partnership annual report\nBackground\n"
            "To approve the allocation of funds the Cabinet needs a business case.\n")
    assert decisions(text) == []


def test_it_was_resolved_opening_a_sentence_inside_a_minute():
    text = ("Minutes of the Crime and Disorder Scrutiny Committee\n7. Community Safety Partnership Update\n"
            "Members received an update on anti-social behaviour in the town centre. "
            "It was RESOLVED that the report be noted.\n")
    assert decisions(text) == [(None, "noted", "the report be noted.")]


def test_it_was_resolved_told_in_the_middle_of_a_sentence_is_narrative():
    text = ("Minutes of the Crime and Disorder Scrutiny Committee\n7. Community Safety Partnership Update\n"
            "The officer reminded members that at the last meeting it was resolved that a task group on "
            "anti-social behaviour be set up, and gave an update on its work.\n")
    assert decisions(text) == []


@pytest.mark.parametrize("sub_lead", [
    "The Executive agreed the recommendations as outlined above namely:",
    "On consideration of the report of the Cabinet Member, Cabinet agreed the following:",
    "Following consideration, the Committee unanimously resolved to:",
])
def test_a_decision_label_then_a_sub_lead_saying_the_body_decided_its_list(sub_lead):
    text = (f"Decision details\nCCTV replacement\nDecision Maker: Executive\nDecision:\n{sub_lead}\n"
            "1. To agree to the replacement of the core CCTV system at a cost of £2m.\n"
            "2. To delegate to the Director the authority to buy a mobile CCTV unit.\n"
            "Reasons for the decision:\n1. The system is twenty years old.\n2. Parts are no longer made.\n")
    assert [d["text"] for d in extract(text)["decisions"]] == [
        "To agree to the replacement of the core CCTV system at a cost of £2m.",
        "To delegate to the Director the authority to buy a mobile CCTV unit."]


def test_a_decision_label_over_a_narrative_sub_lead_takes_no_list():
    text = ("Minutes\nSafer Stevenage action plan\nDecision:\nThe Community Safety Manager presented a report "
            "setting out the agreed priority themes for 2018/19:\n• Anti-Social Behaviour\n• Knife Crime\n")
    assert extract(text)["decisions"] == []


def test_a_commissioners_decision_record_opens_with_the_commissioners_act():
    text = ("Decisions of the Police and Crime Commissioner\nReducing Re-Offending Funding\n"
            "The Commissioner has approved £89,350.00 from the Reducing Reoffending Fund for four community safety "
            "projects. The projects are listed in Appendix A.\nDate of Decision:\n8th September 2020\n"
            "Delegated Decisions\nThe Commissioner has noted the decisions taken by officers under the Scheme of "
            "Delegation.\n")
    assert decisions(text) == [
        ("Police and Crime Commissioner", "approved", "The Commissioner has approved £89,350.00 from the Reducing "
                                                      "Reoffending Fund for four community safety projects."),
        ("Police and Crime Commissioner", "noted", "The Commissioner has noted the decisions taken by officers "
                                                   "under the Scheme of Delegation.")]


def test_a_commissioner_named_inside_a_report_sentence_is_not_a_record():
    text = ("Community Safety Partnership annual report\nFunding\nLast year the Commissioner has approved a grant "
            "for the partnership's CCTV and the Commissioner's team has awarded smaller sums since.\n")
    assert decisions(text) == []


def test_decision_summary_label_then_an_infinitive():
    text = ("Decision WPC4-0049\nStatus: Non-confidential\nDecision summary:\n"
            "To allocate 2024/25 funding to Community Safety Partnerships to address Police and Crime Plan priorities.\n")
    assert [d["text"] for d in extract(text)["decisions"]] == [
        "To allocate 2024/25 funding to Community Safety Partnerships to address Police and Crime Plan priorities."]


def test_an_agreed_lead_in_is_not_a_decision_of_its_own():
    text = ("Decision details\nCCTV System Review\nDecision Maker: Cabinet\nAGREED that Cabinet approve:\n"
            "a) the CCTV replacement scheme as set out in Appendix 1;\nb) the continuation of membership in the CCTV "
            "partnership.\n")
    assert [d["text"] for d in extract(text)["decisions"]] == [
        "the CCTV replacement scheme as set out in Appendix 1;", "the continuation of membership in the CCTV partnership."]


def test_resolved_that_cabinet_then_past_tense_items_in_a_cctv_paper():
    text = ("Decision details\nCCTV CAMERA LOCATION REVIEW\nDecision Maker: Cabinet\nDecision:\n"
            "RESOLVED: That Cabinet\n(1) Agreed to the retention, removal and addition of CCTV cameras as set out in "
            "Table 1.\n(2) Delegated to the Service Director a decision on the number of new mobile CCTV cameras.\n"
            "REASON FOR DECISIONS: The Council provides CCTV cameras to help make the District a safer place.\n")
    assert [(d["outcome"], d["text"][:20]) for d in extract(text)["decisions"]] == [
        ("agreed", "Agreed to the retent"), ("delegated", "Delegated to the Ser")]


def test_an_issue_decisions_page_whose_resolved_line_was_lost():
    text = ("Issue - decisions\nAnti Social Behaviour legislation\n09/04/2015 - Anti Social Behaviour legislation\n"
            "Council was informed of the new anti-social behaviour powers. It was moved by Councillor Bill, seconded by "
            "Councillor Witherford and\n(i) The ASB policy be approved;\n(ii) The Community Trigger detailed in the "
            "report be noted.\n")
    assert [d["text"] for d in extract(text)["decisions"]] == [
        "The ASB policy be approved;", "The Community Trigger detailed in the report be noted."]


def test_a_resolution_item_that_leads_into_its_own_list_gives_way_to_it():
    text = ("Decision details\nCommunity Safety Review\nDecision Maker: Council\nDecisions:\n"
            "A motion to approve the recommendations was moved and seconded.\n"
            "A vote was taken on the Amendment, which was LOST.\n"
            "A vote was taken on the original Motion, which was CARRIED.\nRESOLVED\n"
            "A. To deliver the savings, and noting the risks in the report, that Council approve to:\n"
            "1. Decommission the 41 named public space CCTV cameras.\n2. Implement option 2C in Appendix 2.\n"
            "B. That delegated authority is given to the Assistant Director to implement A.1 to 2 above.\n")
    assert [d["text"] for d in extract(text)["decisions"]] == [
        "Decommission the 41 named public space CCTV cameras.", "Implement option 2C in Appendix 2.",
        "delegated authority is given to the Assistant Director to implement A.1 to 2 above."]


def test_a_decision_label_then_the_decider_named_over_third_person_items():
    text = ("Decision details\nCity Centre Public Space Protection Order\nDecision:\n"
            "The Strategic Director (Neighbourhoods):-\n"
            "(1) agrees to make a Public Spaces Protection Order for the City Centre for 3 years;\n"
            "(2) authorises the advertisement of the Public Spaces Protection Order; and\n")
    assert [d["text"] for d in extract(text)["decisions"]] == [
        "agrees to make a Public Spaces Protection Order for the City Centre for 3 years;",
        "authorises the advertisement of the Public Spaces Protection Order; and"]


def test_the_bodies_whose_minutes_a_resolution_receives_are_not_decisions():
    text = ("Agenda item\nReports of Bodies\nMinutes:\nRESOLVED\nThat the minutes and recommendations of the "
            "undermentioned bodies be received and approved:\n(a) Overview & Scrutiny Committee – 1 April 2021\n"
            "(b) Salcombe Harbour Board – 28 June 2021\n")
    assert extract(text)["decisions"] == []


def test_resolved_with_a_dash_in_lower_case():
    text = ("Safer City Partnership minutes\nMembers received the draft Safer City Partnership Strategic Plan and its "
            "priorities for violence and night time economy crime.\nResolved – that the report be received.\n")
    assert [(d["outcome"], d["text"]) for d in extract(text)["decisions"]] == [("noted", "the report be received.")]


def test_noting_a_presentation_belongs_to_the_item_it_closes():
    text = ("Community Safety Sub-Committee minutes\nCommunity safety and crime figures were reported.\n"
            "Reducing Re-offending\nPresentation by the Director of the Rehabilitation Company\n"
            "Presentation by the Director of the Probation Service\nMinutes:\n"
            "The Committee received a presentation from the two directors on their services.\n"
            "RESOLVED - that the information be noted.\n")
    assert [d["text"] for d in extract(text)["decisions"]] == ["the information be noted."]


@pytest.mark.parametrize("text, expected", [
    ("Minutes of Cabinet\n45. Safer Town Partnership Plan\nResolved:- (1) That the Safer Town Partnership Plan "
     "2022-25 be approved.\n(2) That the Strategic Director be authorised to publish the Plan.\n",
     ["the Safer Town Partnership Plan 2022-25 be approved.", "the Strategic Director be authorised to publish the Plan."]),
    ("Cabinet minutes\n8. Community Safety Partnership Annual Report\nRESOLVED: That Cabinet:-\n"
     "(a) notes the annual report of the Community Safety Partnership; and\n(b) endorses the partnership's "
     "priorities for 2024/25.\n",
     ["notes the annual report of the Community Safety Partnership; and",
      "endorses the partnership's priorities for 2024/25."]),
])
def test_the_colon_dash_of_minutes(text, expected):
    assert [d["text"] for d in extract(text)["decisions"]] == expected


@pytest.mark.parametrize("text, expected", [
    ("Minutes\n4. Community Safety Partnership update\nRESOLVED: 1. That the report be noted. 2. That the "
     "Partnership's priorities be endorsed.\n",
     ["the report be noted.", "the Partnership's priorities be endorsed."]),
    ("Record of delegated decision\nCommunity safety funding\nThe Executive Member for Community Safety has decided:\n"
     "(a) to approve the allocation of £30,000 to the CCTV upgrade;\n(b) to delegate the procurement to the Head of "
     "Community Safety.\n",
     ["to approve the allocation of £30,000 to the CCTV upgrade;", "to delegate the procurement to the Head of "
                                                                    "Community Safety."]),
    ("Decision record\nCCTV maintenance contract\nDecision taken: Approve the award of the CCTV maintenance contract "
     "to the preferred bidder.\n", ["Approve the award of the CCTV maintenance contract to the preferred bidder."]),
    ("Minutes of the Community Safety Panel\n5. Hate crime\nResolved unanimously that the Panel note the hate crime "
     "report and thank the officers.\n", ["the Panel note the hate crime report and thank the officers."]),
])
def test_more_ways_minutes_and_notices_record_a_decision(text, expected):
    assert [d["text"] for d in extract(text)["decisions"]] == expected


def test_a_report_that_noted_the_following_is_not_a_decider():
    text = ("Community Safety Partnership annual report\nThe strategic assessment noted the following:\n"
            "• a rise in shoplifting\n• fewer burglaries\n")
    assert extract(text)["decisions"] == []


def test_a_decision_page_cut_above_its_resolutions_long_subjects_and_reasons():
    text = ("(1) That the variation of the existing town centre Public Spaces Protection Order, as set in Appendices 1 "
            "and 2 to the report submitted to the Executive, including the extension of geographical area and "
            "variation in behaviours, be approved.\n(2) That the proposed actions set out in Appendix 3 be noted.\n"
            "Reasons:\n(1) The Council had undertaken the statutory process.\n")
    assert [d["outcome"] for d in extract(text)["decisions"]] == ["approved", "noted"]


def test_a_designated_public_places_order_is_community_safety_business():
    text = ("Licensing Committee agenda item\nCouncillor A declared a personal interest in this matter.\n"
            "The Licensing Manager outlined the report on the consultation.\nSergeant B of the Police attended.\n"
            "Councillor C advised that residents supported the petition.\nIt was moved and seconded that -\n"
            "Resolved - That a Designated Public Places Order be put in place in the area in Appendix 2.\n")
    assert [d["text"] for d in extract(text)["decisions"]] == [
        "a Designated Public Places Order be put in place in the area in Appendix 2."]


def test_resolved_that_council_be_recommended_is_a_recommendation_not_a_decision():
    text = ("Minutes of Cabinet\n9. Community Safety Partnership Plan 2023/24\n"
            "RESOLVED – That Full Council be recommended that the Community Safety Partnership Plan 2023/24 be approved.\n")
    out = extract(text)
    assert out["decisions"] == []
    assert [r["text"] for r in out["recommendations"]] == [
        "Full Council be recommended that the Community Safety Partnership Plan 2023/24 be approved."]


def test_an_issue_decisions_page_of_infinitives():
    text = ("Issue - decisions\nControlling Street Drinking using Public Spaces Protection Orders\n"
            "16/04/2019 - Controlling Street Drinking using Public Spaces Protection Orders\n"
            "(i) To note the representations received in the consultation.\n"
            "(ii) To vary and extend the five Public Spaces Protection Orders to control street drinking.\n")
    assert [(d["outcome"], d["text"][:20]) for d in extract(text)["decisions"]] == [
        ("noted", "To note the represen"), ("agreed", "To vary and extend t")]


def test_infinitives_in_a_report_are_not_decisions():
    text = ("Report to Cabinet\nCommunity Safety Partnership Plan\nThe partnership will work:\n"
            "(i) To note changes in crime trends each quarter.\n(ii) To vary the action plan when needed.\n")
    assert extract(text)["decisions"] == []


@pytest.mark.parametrize("text, expected", [
    ("Minutes of the Partnership Board\n4. Anti-social behaviour\nThe Board noted the report.\n",
     ["The Board noted the report."]),
    ("Decision details\nPSPO review\nCabinet authorised the Chief Executive to undertake a 12 week consultation on "
     "the Public Spaces Protection Order.\n",
     ["Cabinet authorised the Chief Executive to undertake a 12 week consultation on the Public Spaces Protection "
      "Order."]),
])
def test_noting_the_report_and_authorising_told_in_prose(text, expected):
    assert [d["text"] for d in extract(text)["decisions"]] == expected


def test_excluding_the_press_and_public_is_procedural():
    text = ("Minutes of the Community Safety Committee\n12. Exclusion\nResolved to exclude the press and public under "
            "Section 100(A)(4) of the Local Government Act 1972 for the item on community safety cases.\n")
    assert extract(text)["decisions"] == []


def test_bracketed_resolutions_written_in_one_paragraph_are_one_each():
    text = ("Minutes\n7. Community Safety Partnership\nResolved – (i) that the report be noted; (ii) that the "
            "partnership's priorities be endorsed.\n")
    assert [d["text"] for d in extract(text)["decisions"]] == [
        "the report be noted", "the partnership's priorities be endorsed."]


def test_a_bracketed_gloss_is_not_a_list_of_resolutions():
    text = ("Minutes\n7. Community Safety Partnership\nRESOLVED that the Community Safety Plan (a) and its action "
            "plan be approved.\n")
    assert len(extract(text)["decisions"]) == 1


def test_a_commissioners_record_in_the_present_tense():
    text = ("Decision record\nSerious Violence Duty grant\nThe Commissioner approves the allocation of £120,000 to the "
            "community safety partnerships for serious violence prevention.\n")
    assert [(d["outcome"], d["body"]) for d in extract(text)["decisions"]] == [
        ("approved", "Police and Crime Commissioner")]


@pytest.mark.parametrize("gap", ["\n\n", "\n \n", "\n\n\u00a0\n\n"])
def test_resolved_that_alone_on_its_line_takes_the_clause_below(gap):
    """Minutes printed from a web page put 'RESOLVED that' on a line of its own and the clause on
    the next, often with an empty or non-breaking-space line between: the clause is the decision."""
    text = ("Minutes of the Safer Communities Scrutiny Panel\n5. Community Safety Partnership annual report\n"
            "Members considered the partnership's annual report.\n"
            f"RESOLVED that{gap}the annual report of the Community Safety Partnership be noted.\n"
            "6. Work programme\n")
    assert [(d["outcome"], d["text"]) for d in extract(text)["decisions"]] == [
        ("noted", "the annual report of the Community Safety Partnership be noted.")]


def test_resolved_that_alone_does_not_take_a_narrative_paragraph():
    text = ("Minutes of the Safer Communities Scrutiny Panel\n5. Community Safety Partnership annual report\n"
            "RESOLVED that\n\nMembers discussed the partnership's work on anti-social behaviour at length.\n")
    assert extract(text)["decisions"] == []


def test_a_body_after_a_comma_still_opens_its_decision():
    """'Having considered the report, Cabinet noted ...': the comma belongs to the sentence, not to
    the body's name, so the cue 'Cabinet noted' is found and leads into the list."""
    text = ("Agenda item\nDomestic abuse safe accommodation grant\n"
            "Having considered all of the information, Cabinet noted the report and\n"
            "1. Approve the allocation of £250,000 from the Domestic Abuse Grant for refuge support.\n"
            "2. Approve the award of a two year contract for domestic abuse outreach.\n")
    assert [(d["body"], d["outcome"]) for d in extract(text)["decisions"]] == [("Cabinet", "approved")] * 2


def test_resolved_that_colon_dash_over_the_bodys_own_acts():
    text = ("Decision details\nCommunity safety strategy\nDecision Maker: Cabinet\nRESOLVED that: -\n"
            "(a) Cabinet supports the Community Safety Partnership's Anti-Social Behaviour Strategy; and\n"
            "(b) Cabinet approves the allocation of the Safer Streets grant as set out in the report.\n")
    assert [d["text"] for d in extract(text)["decisions"]] == [
        "Cabinet supports the Community Safety Partnership's Anti-Social Behaviour Strategy; and",
        "Cabinet approves the allocation of the Safer Streets grant as set out in the report."]


def test_a_decision_notice_whose_sub_lead_approves_the_following():
    text = ("Decisions published\nFunding for community safety work\nDecision Maker: Cabinet Member for Communities\n"
            "Decision:\nThat the Cabinet Member for Communities approves the following contributions:\n"
            "\u2022 \u00a312,000 for a domestic abuse outreach worker.\n"
            "\u2022 \u00a38,500 for 2024-25 towards the community safety partnership's analyst.\n")
    out = extract(text)["decisions"]
    assert [(d["outcome"], d["text"][:8]) for d in out] == [("approved", "\u00a312,000 "), ("approved", "\u00a38,500 f")]


LOST_LABEL = """Minutes of the Cabinet
Community Safety Partnership Plan 2025-28
Councillor A Jones introduced a report, which had been circulated in advance of the meeting, seeking approval of the Community Safety Partnership Plan.
1) Approve the Community Safety Partnership Plan 2025-28 at Appendix 1; and
2) Note the partnership's priorities for tackling anti-social behaviour.
Street lighting
Councillor B Smith gave an update on the street lighting programme.
"""


def test_minutes_that_lost_their_resolved_label_keep_the_decisions():
    out = extract(LOST_LABEL)
    assert [(d["outcome"], d["text"]) for d in out["decisions"]] == [
        ("approved", "Approve the Community Safety Partnership Plan 2025-28 at Appendix 1; and"),
        ("noted", "Note the partnership's priorities for tackling anti-social behaviour.")]
    assert out["recommendations"] == []


def test_a_report_asking_a_body_is_not_a_lost_resolution():
    text = LOST_LABEL.replace("Minutes of the Cabinet", "Report to Cabinet").replace(
        "seeking approval of the Community Safety Partnership Plan.",
        "and Cabinet is asked to:")
    assert extract(text)["decisions"] == []


@pytest.mark.parametrize("row", ["| Decision Made | That: |", "| RESOLVED that | - |"])
def test_a_cover_sheets_decision_row_leads_into_the_list_below(row):
    text = ("Issue - meetings\nDomestic abuse safe accommodation\n| Meeting | 04/03/2022 - Cabinet (Item 12) |\n"
            f"{row}\n(1) Cabinet approves the creation of a Domestic Abuse Partnership Board;\n"
            "(2) Cabinet notes the commissioning timetable for domestic abuse services.\n")
    assert [d["outcome"] for d in extract(text)["decisions"]] == ["approved", "noted"]


def test_a_resolution_whole_before_its_list_of_places_is_one_decision():
    text = ("Minutes of the Cabinet\nPublic Spaces Protection Order\nRESOLVED that approval be given to undertake the "
            "consultation and notification for a new Public Spaces Protection Order to restrict the public right of way "
            "over the highway in respect of the following locations:\n\u2022 Between Mill Street and Park Road, Kirkby\n"
            "\u2022 Rear of 12-20 Oak Walk, Hucknall\n")
    out = extract(text)["decisions"]
    assert [(d["outcome"], d["text"][:34]) for d in out] == [("approved", "approval be given to undertake the")]


def test_the_following_as_the_subject_keeps_its_items_as_decisions():
    text = ("Minutes of the Cabinet\nCommunity Safety Partnership\nRESOLVED that the following be approved:\n"
            "(a) the Community Safety Partnership Plan 2025-28;\n(b) the partnership's anti-social behaviour action plan.\n")
    assert len(extract(text)["decisions"]) == 2


def test_approval_be_given_is_approved():
    text = ("Minutes of the Cabinet\nDomestic abuse services\nRESOLVED that approval be given to award grant funding "
            "of £50,000 to the domestic abuse refuge.\n")
    assert [d["outcome"] for d in extract(text)["decisions"]] == ["approved"]


def test_decision_then_that_alone_then_its_items():
    text = ("Decision details\nCommunity forums\nDecision Maker: Cabinet\nDecision:\nThat\n"
            "(a) the report on community safety forums be noted; and\n"
            "(b) the Leader will write to the police about neighbourhood policing meetings.\n")
    assert len(extract(text)["decisions"]) == 2


def test_that_with_a_present_passive_in_a_decision_notice():
    text = ("Decision details\nAnti-social behaviour policy\nDecision Maker: Portfolio Holder for Housing\n"
            "On 10 February 2025 the Portfolio Holder made the following\n"
            "\u2022 That the proposed Anti-Social Behaviour Policy is approved;\n"
            "\u2022 That the proposed Hate Crime Policy is approved.\n")
    assert [d["outcome"] for d in extract(text)["decisions"]] == ["approved", "approved"]


@pytest.mark.parametrize("sentence, outcome", [
    ("Executive resolved to adopt the revised Anti-Social Behaviour Policy.", "approved"),
    ("Executive supported the Scrutiny Committee's proposal for a review of anti-social behaviour casework.", "agreed"),
])
def test_prose_decisions_resolved_to_and_supported_a_proposal(sentence, outcome):
    text = f"Decision details\nAnti-social behaviour\nDecision Maker: Executive\n{sentence}\n"
    assert [d["outcome"] for d in extract(text)["decisions"]] == [outcome]


def test_a_referral_to_another_body_is_a_recommendation_not_a_decision():
    text = ("Decision details\nItems to be referred to Mayor and Cabinet\nDecision Maker: Safer Communities Select "
            "Committee\nDecision:\nThat the following referrals be made to Mayor and Cabinet:\n"
            "\u2022 Item 4 \u2013 Community Safety Update - to request to Mayor and Cabinet that the following views of "
            "the Select Committee be noted: the Committee asked for more detail on anti-social behaviour casework.\n")
    out = extract(text)
    assert out["decisions"] == [] and len(out["recommendations"]) == 1


def test_a_verbless_fragment_cut_from_a_page_is_not_a_decision():
    """An excerpt that stops at '(a) Dartmouth Alcohol Public Space Protection' under 'That Council agree
    ... the:' keeps no decision: the words say nothing was done."""
    text = ("Minutes of the Council\n12. Public Spaces Protection Orders\nRESOLVED\n"
            "1. That Council agree (subject to each of the maps being reviewed) the:\n"
            "(a) Dartmouth Alcohol Public Space Protection\n")
    assert extract(text)["decisions"] == []


@pytest.mark.parametrize("resolution", [
    "the meeting was declared inquorate and all community safety business was adjourned.",
    "the list of Councillors' appointments to outside bodies, including the Community Safety Partnership, be noted.",
])
def test_inquorate_meetings_and_outside_bodies_are_procedural(resolution):
    text = f"Minutes of the Community Safety Committee\n4. Business\nRESOLVED that {resolution}\n"
    assert extract(text)["decisions"] == []


def test_two_alike_resolutions_of_one_list_are_both_kept():
    text = ("Decision details\nPublic Spaces Protection Orders\nDecision Maker: Cabinet\nDecision:\n* RESOLVED \u2013\n"
            "1. That the proposed conversion of the 2004 Designated Public Places Order into a Public Spaces Protection "
            "Order be approved.\n"
            "2. That the proposed conversion of the 2011 Designated Public Places Order into a Public Spaces Protection "
            "Order be approved.\n")
    assert ["2004" in d["text"] or "2011" in d["text"] for d in extract(text)["decisions"]] == [True, True]
    assert len({d["text"] for d in extract(text)["decisions"]}) == 2


def test_that_the_cabinet_member_for_x_approved_is_a_decision():
    text = ("Decision register\nRe-procurement of the domestic violence refuge service\n"
            "Decision Maker: Cabinet Member for Housing\n"
            "1. That the Cabinet Member for Housing and Community Safety approved the award of the domestic abuse "
            "refuge contract to the preferred bidder.\n")
    assert [d["outcome"] for d in extract(text)["decisions"]] == ["approved"]


def test_had_before_it_and_noted_a_report():
    text = ("Agenda item\nCommunity Safety Partnership update\nThe Group had before it and NOTED a *report from the "
            "Chair of the Community Safety Partnership on anti-social behaviour.\n")
    assert [d["outcome"] for d in extract(text)["decisions"]] == ["noted"]


@pytest.mark.parametrize("sentence, outcome", [
    ("The Committee received and noted the report of the Community Safety Partnership on anti-social behaviour.", "noted"),
    ("The committee accepted the report on knife crime and asked for an update on serious violence.", "noted"),
])
def test_received_and_noted_and_accepted_the_report(sentence, outcome):
    text = f"Minutes of the Scrutiny Committee\n5. Community safety\n{sentence}\n"
    assert [d["outcome"] for d in extract(text)["decisions"]] == [outcome]


def test_a_first_person_record_of_decision_inside_its_block():
    text = ("Decision\nDomestic Abuse Safe Accommodation Strategy 2025-2028\nContent: Record of Decision (Cabinet) "
            "I, Jane Smith, City Mayor in consultation with Cabinet, in exercise of the powers contained within the "
            "Constitution do hereby approve: the Domestic Abuse Safe Accommodation Strategy 2025-2028.\n")
    out = extract(text)["decisions"]
    assert [(d["outcome"], d["text"][:13]) for d in out] == [("approved", "I, Jane Smith")]


def test_minutes_told_as_a_submitted_report_keep_their_unlabelled_resolutions():
    text = ("To receive a report on the community safety grants budget.\n"
            "The Area Leader submitted a report which provided an update on the community safety grants budget.\n"
            "1. That the current budget position for the community safety fund be noted;\n"
            "2. That the following be agreed with regard to the grant applications received:\n"
            "3. 'Town centre CCTV' - \u00a33,699 - That the funding be approved;\n")
    out = extract(text)["decisions"]
    assert [d["outcome"] for d in out] == ["noted", "approved"]


def test_a_first_person_record_without_a_comma_after_i():
    text = ("Record of Decision\nCCTV policy\nI David Smith, Lead Member for Community Safety, in exercise of the "
            "powers contained within the Constitution do hereby approve the Council's CCTV Policy.\n")
    assert [d["outcome"] for d in extract(text)["decisions"]] == ["approved"]


def test_past_tense_items_authorised_and_delegated_authority():
    text = ("Issue history\nPublic Spaces Protection Orders for gating\nDecision Maker: Cabinet Member for Communities\n"
            "1. Authorised the extension of the Public Spaces Protection Orders for gating for a further 3 years.\n"
            "2. Delegated authority to the Director of Place to take all necessary steps to implement the decision.\n")
    assert len(extract(text)["decisions"]) == 2


def test_resolutions_printed_twice_count_once_and_a_closing_present_passive_resolves():
    body = ("(1) the new enforcement powers within the Anti-Social Behaviour, Crime and Policing Act 2014 are adopted;\n"
            "(2) the threshold for the council to take action on anti-social behaviour is agreed.\n")
    text = f"Minutes of the Cabinet\nAnti-social behaviour policy\n{body}Minutes:\n{body}"
    assert [d["outcome"] for d in extract(text)["decisions"]] == ["approved", "agreed"]


def test_approval_given_to_the_following_is_a_decision_the_following_be_agreed_leads():
    text = ("Agenda item\nAnti-social behaviour powers\nThe Head of Community Safety submitted a report on the new "
            "anti-social behaviour powers.\nDelegated decisions:\n"
            "1. That approval be given to the following authorisations for the implementation of the Anti-Social "
            "Behaviour, Crime and Policing Act 2014:\n"
            "   (a) That the Executive Director be authorised to issue Community Protection Notices.\n"
            "2. That the following be agreed with regard to the community safety grants:\n"
            "   (a) 'Town centre CCTV' - \u00a33,000 - That the funding be approved.\n")
    texts = [d["text"][:22] for d in extract(text)["decisions"]]
    assert "approval be given to t" in texts and not any(t.startswith("the following be") for t in texts)


def test_a_decision_page_known_by_its_status_line_records_its_to_items():
    text = ("Decision Maker: Officer Decision Making\nDecision status: Recommendations Approved\n"
            "To consider a report on the community safety fund and approve its allocation as recommended by the "
            "Community Safety Partnership.\n"
            "\u2022 To consider and approve the allocation of grant funding of \u00a3210,000 for 2024/25.\n"
            "\u2022 To agree to allocate \u00a310,000 to the partnership for public reassurance work.\n")
    out = extract(text)
    assert [d["outcome"] for d in out["decisions"]] == ["approved", "agreed"] and out["recommendations"] == []


def test_decision_items_numbered_two_levels_deep_are_one_list():
    text = ("Decision details\nReview of the Public Spaces Protection Order\nDecision Maker: Cabinet\nDecision:\n"
            "2.1.1 Cabinet authorised the Chief Executive to consult on renewing the Public Spaces Protection Order.\n"
            "2.1.2 In addition, Cabinet authorised consultation on two further anti-social behaviours.\n"
            "2.1.3 Cabinet agreed to receive a further report after the consultation.\n")
    assert len(extract(text)["decisions"]) == 3


def test_a_decision_pages_lone_to_line_is_its_decision_only_when_nothing_else_is():
    head = ("Decision details\nEmergency decision on CCTV control room equipment\nDecision Maker: Chief Executive\n"
            "Decision status: Recommendations Approved\nIs Key decision?: No\nIs subject to call in?: No\n"
            "To approve expenditure of \u00a344,000 for replacement of CCTV monitoring equipment.\n")
    assert [d["outcome"] for d in extract(head)["decisions"]] == ["approved"]
    resolved = head + "RESOLVED:\n1. That the CCTV replacement plan be approved.\n"
    assert [d["text"] for d in extract(resolved)["decisions"]] == ["the CCTV replacement plan be approved."]


def test_a_commissioners_page_records_an_award_in_a_later_sentence():
    text = ("Police and Crime Commissioner for Warwickshire\nDecision Record\nDecision summary:\n"
            "The 2024/25 Commissioner's Grants round has concluded after a full process. The PCC has awarded a total "
            "of \u00a3525,179 to community safety projects in Warwickshire. The PCC has agreed with the Treasurer that "
            "awards could exceed the budget by 10%.\n")
    out = extract(text)["decisions"]
    assert [d["text"][:22] for d in out] == ["The PCC has awarded a "]


def test_a_page_whose_recommendations_were_approved_records_its_to_items_as_decided():
    text = ("Decision details\nPartnership Plus policing agreement\nDecision Maker: Cabinet\n"
            "Decision status: Recommendations Approved\nThe report seeks Cabinet approval for the anti-social "
            "behaviour patrol agreement.\n"
            "1. To authorise the Corporate Director to agree a three-year patrol agreement with the police.\n"
            "2. To agree that residents be consulted on the charge for the anti-social behaviour patrols.\n")
    assert len(extract(text)["decisions"]) == 2


@pytest.mark.parametrize("line", [
    "To note that there were no Reserve Members in attendance at this meeting.",
    "To note that no Public Questions had been received.",
    "RESOLVED: That the minutes of the meetings held on 18 April and 18 May be taken as read and signed as correct records.",
    "Councillor Smith declared a non-pecuniary interest in the community safety item.",
    "RESOLVED: To note that no Petitions had been received.",
])
def test_more_procedural_business(line):
    text = f"Minutes of the Community Safety Committee\n1. Procedural\n{line}\n"
    assert extract(text)["decisions"] == []


def test_the_report_was_noted_alone_is_a_decision():
    text = ("Minutes of the Crime and Disorder Sub-Committee\n5. Community Safety Partnership update\n"
            "The Community Safety Manager presented the partnership's anti-social behaviour figures.\n"
            "The report was noted.\n")
    assert [(d["outcome"], d["text"]) for d in extract(text)["decisions"]] == [("noted", "The report was noted.")]


def test_a_cover_sheets_decision_row_holding_its_resolution_is_that_decision():
    """'RESOLVED | Cabinet APPROVED ... |' on one line is the field 'RESOLVED: Cabinet APPROVED ...'."""
    line = "Minutes of the Cabinet\nCommunity safety plan\n{}\n"
    as_row = extract(line.format("RESOLVED | Cabinet APPROVED the Safer Northdale Community Safety Plan 2025-2028 |"))
    as_field = extract(line.format("RESOLVED: Cabinet APPROVED the Safer Northdale Community Safety Plan 2025-2028"))
    expected = [("Cabinet", "approved", "Cabinet APPROVED the Safer Northdale Community Safety Plan 2025-2028")]
    assert [(d["body"], d["outcome"], d["text"]) for d in as_row["decisions"]] == expected
    assert [(d["body"], d["outcome"], d["text"]) for d in as_field["decisions"]] == expected


@pytest.mark.parametrize("line, decision", [
    ("Resolved to note the report.", ("noted", "to note the report.")),
    ("RESOLVED to endorse the community safety strategy.", ("approved", "to endorse the community safety strategy.")),
    ("Resolved to approve the partnership plan and its budget.", ("approved", "to approve the partnership plan and its budget.")),
])
def test_resolved_to_a_verb_is_the_decision_from_the_verb(line, decision):
    text = ("Community safety partnership plan\n\nThe committee received the annual report of the community safety "
            f"partnership.\n\n{line}\n")
    assert [(d["outcome"], d["text"]) for d in extract_checked(text)["decisions"]] == [decision]
