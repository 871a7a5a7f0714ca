"""Decision records in the forms ModernGov decision notices and minutes print them, written as
look-alikes for these tests: an office-holder who decides, "Decision:" over "That:", a run of
"That ... be ..." items whose verbs vary, infinitive records under "Decision:", and labels that
only look like a decision ("Matter for Decision:")."""
from __future__ import annotations

from .helpers import extract_checked


def decisions(text: str) -> list[tuple]:
    return [(d["body"], d["text"]) for d in extract_checked(text)["decisions"]]


LEADER = """Issue - meetings

Safer Northfield Partnership Plan 2025-26 Update

Matter for Decision:

The partnership plan is refreshed every year after the strategic assessment. The Leader is asked
to consider the plan and endorse the proposed community safety priorities.

Decision of the Leader:

The Leader resolved to:

i. Endorse the community safety priorities agreed by the Safer Northfield Partnership.

Reasons for the Decision: As set out in the officer's report
"""


def test_an_office_holder_resolving_to_a_list_records_the_decision():
    assert decisions(LEADER) == [
        ("Leader", "Endorse the community safety priorities agreed by the Safer Northfield Partnership.")]


def test_matter_for_decision_is_a_label_not_a_lead_in():
    assert not any("refreshed every year" in text for _, text in decisions(LEADER))


DECISION_THAT = """Decision details

Domestic Abuse Strategy for Eastmoor

Decision Maker: Cabinet Member for Communities

Decision status: Recommendations Approved

Decision:

That:

a) The draft Domestic Abuse Strategy for Eastmoor 2025-28 is approved for consultation

b) The domestic abuse needs assessment is approved

Alternative options considered:

1. Not to publish a strategy. This option is not recommended.
"""


def test_decision_then_that_alone_leads_into_the_lettered_items():
    assert [text for _, text in decisions(DECISION_THAT)] == [
        "The draft Domestic Abuse Strategy for Eastmoor 2025-28 is approved for consultation",
        "The domestic abuse needs assessment is approved"]


RUN = """Decision details

Community Safety Partnership governance

Decision Maker: Cabinet

The Cabinet considered a report setting out the work done on the Domestic Abuse strategy.

1. That the submitted report be noted.
2. That the strategy set out at Appendix 1 be approved.
3. That the strategy be reviewed within twelve months.
4. That the Community Safety Partnership be the board for the strategy.

Reasons for decision:

To meet the duties of the Domestic Abuse Act 2021.
"""


def test_a_run_of_that_items_is_one_resolution_whatever_each_verb():
    assert [text for _, text in decisions(RUN)] == [
        "the submitted report be noted.",
        "the strategy set out at Appendix 1 be approved.",
        "the strategy be reviewed within twelve months.",
        "the Community Safety Partnership be the board for the strategy."]


def test_a_should_item_does_not_continue_a_run():
    text = RUN.replace("4. That the Community Safety Partnership be the board",
                       "4. That officers should consider whether the Partnership be the board")
    assert len(decisions(text)) == 3


INFINITIVE = """Decisions published

12/02/2025 - Knife crime injunction support ref: 2101    Recommendations Approved

Decision Maker: Cabinet Member for Community Safety

Decision:

To support the police in seeking a knife crime injunction by funding a quarter of its costs.

Lead officer: A Officer
"""


def test_an_infinitive_record_under_decision_is_the_decision():
    assert decisions(INFINITIVE) == [
        ("Cabinet Member for Community Safety",
         "To support the police in seeking a knife crime injunction by funding a quarter of its costs.")]


NOT_RECOMMENDED = """Decision details

Anti-social behaviour policy

Cabinet was asked to approve the council's new anti-social behaviour policy.

Members considered the alternative option of keeping the old policy, but this was not recommended.

a) the work done on anti-social behaviour casework this year be received and noted;
b) the new Anti-Social Behaviour Policy appended to the report be approved.
"""


def test_a_rejected_option_is_not_a_request_and_the_resolution_stands():
    assert [text for _, text in decisions(NOT_RECOMMENDED)] == [
        "the work done on anti-social behaviour casework this year be received and noted;",
        "the new Anti-Social Behaviour Policy appended to the report be approved."]


def test_a_request_above_the_items_still_makes_them_a_request():
    asked = NOT_RECOMMENDED.replace("but this was not recommended.", "and it is recommended that:")
    assert decisions(asked) == []


DELEGATED = """Decision details

Anti-social behaviour powers

Decision Maker: Cabinet

Decision:

Delegated authority has been given to:-

(a) the Head of Community Safety to issue closure notices for premises used for drug dealing;

(b) the Head of Community Safety to issue graffiti removal notices.

Reasons for the decision:
"""


def test_authority_delegated_to_a_list_records_each_delegation():
    assert len(decisions(DELEGATED)) == 2


THANKS = """Minutes

12 Community Safety Partnership Annual Report

RESOLVED:

To note the annual report of the community safety partnership.

To thank all partners who worked to reduce anti-social behaviour across the borough.
"""


def test_resolved_to_thank_is_a_decision_like_to_note():
    assert [text for _, text in decisions(THANKS)] == [
        "To note the annual report of the community safety partnership.",
        "To thank all partners who worked to reduce anti-social behaviour across the borough."]


BARE_SUBJUNCTIVE = """Issue - meetings

Community Safety Partnership Plan

Decision:

The Community Safety Partnership Plan be approved as part of the policy framework.

Meeting: 05/07/2025 - Cabinet (Item 4)
"""


def test_a_subjunctive_paragraph_under_decision_is_the_decision():
    assert [text for _, text in decisions(BARE_SUBJUNCTIVE)] == [
        "The Community Safety Partnership Plan be approved as part of the policy framework."]


OPTIONS = """Minutes

Call-in of the community safety decision

The constitution says the Cabinet may do one of the following:

a) Agree the decision be implemented, or
b) Express comments but not require reconsideration, or
c) Postpone the decision.
"""


def test_a_list_of_options_joined_by_or_is_not_a_resolution():
    assert decisions(OPTIONS) == []


def test_should_also_be_is_a_suggestion_not_a_resolution():
    text = """Minutes

Community safety working party

- The working party received a presentation on anti-social behaviour. It was suggested that the
presentation should also be given to the scrutiny panel.
- The working party could review nuisance parking.
"""
    assert decisions(text) == []


REGISTER = """Decisions of the Police and Crime Commissioner - May 2025

The table below lists each decision the Commissioner made this month.

12 – 2025
Youth diversion funding
To approve £2,400 spend from the Community Safety Fund to run youth diversion sessions in two towns. The sessions start in June.

13 – 2025
Office lease
The lease of the office was renewed by the estates team.
"""


def test_each_row_of_a_decision_register_is_a_decision_its_first_sentence():
    assert decisions(REGISTER) == [
        ("Police and Crime Commissioner",
         "To approve £2,400 spend from the Community Safety Fund to run youth diversion sessions in two towns.")]


DATED = """Issue - decisions

Public Spaces Protection Order renewal

23/10/2025 - Approve the proposed Public Spaces Protection Order for a further three year period.

The order controls drinking in public places and helps to prevent anti-social behaviour.
"""


def test_a_dated_record_on_a_decisions_page_is_the_decision():
    assert [text for _, text in decisions(DATED)] == [
        "Approve the proposed Public Spaces Protection Order for a further three year period."]


def test_a_dated_line_outside_a_decisions_page_is_not_a_decision():
    assert decisions(DATED.replace("Issue - decisions", "Forward plan")) == []


# --- forms of train batch 17, in look-alikes written for these tests ---

def recommendations(text: str) -> list[tuple]:
    return [(r["addressee"], r["text"]) for r in extract_checked(text)["recommendations"]]


RECORD = """Decision Maker: Cabinet
Decision status: For Determination
Is Key decision?: Yes
That Cabinet:
a) note the findings of the community safety CCTV review;
b) approve the move of the town centre cameras into the new control room;
Reasons for Decision:
The control room helps reduce crime and anti-social behaviour.
Date of decision: 11/03/2025
Decided at meeting: 11/03/2025 - Cabinet
"""


def test_that_body_over_base_form_items_on_a_decision_record_are_decisions():
    assert decisions(RECORD) == [
        ("Cabinet", "note the findings of the community safety CCTV review;"),
        ("Cabinet", "approve the move of the town centre cameras into the new control room;")]
    assert recommendations(RECORD) == []


def test_the_same_items_in_a_report_remain_requests():
    report = RECORD.replace("Date of decision: 11/03/2025\nDecided at meeting: 11/03/2025 - Cabinet\n", "")
    report = report.replace("Decision Maker: Cabinet\nDecision status: For Determination\n", "Report to Cabinet\n\nRecommendations\n\n")
    assert decisions(report) == []
    assert len(recommendations(report)) == 2


UPDATES = """Agenda item

Partner updates

Minutes:

The Area Board noted written updates on community safety attached to the agenda. In addition, the inspector gave a verbal update which covered the following points:

- Shoplifting had risen since the spring and a retail crime plan was in place.

- Patrols in the park had reduced anti-social behaviour.
"""


def test_a_noted_sentence_before_a_later_sentence_that_leads_into_a_list_is_the_decision():
    assert decisions(UPDATES) == [("Area Board", "The Area Board noted written updates on community safety attached to the agenda.")]


PANEL = """Community Safety Scrutiny Panel

Minutes of the meeting held on 3 June 2025

4. Final report: anti-social behaviour enforcement

Following the presentation of the report and discussions, the Panel agreed to recommend the following to Executive:

- That a briefing on the community trigger be arranged for all councillors.

- That the council's anti-social behaviour team publish its response times.
"""


def test_a_panel_agreeing_to_recommend_to_another_body_makes_requests_to_that_body():
    assert decisions(PANEL) == []
    assert [a for a, _ in recommendations(PANEL)] == ["Executive", "Executive"]


ADOPTED = """Cabinet minutes

12. Anti-Social Behaviour Policy

The Community Policy Development Group had recommended that Cabinet approve the updated Anti-Social Behaviour Policy.

The Cabinet Member outlined the contents of the report, a three-yearly review.

Consideration was given to consultation with the housing service and other departments.

RESOLVED that the recommendations of the Policy Development Group be approved.
"""


def test_adopting_another_groups_recommendations_takes_its_subject_from_the_item_above():
    assert [t for _, t in decisions(ADOPTED)] == ["the recommendations of the Policy Development Group be approved."]


# --- forms of train batch 18 ---

LOST_LABEL_RECORD = """Decision Maker: Executive
Decision status: Recommendations Approved
Is Key decision?: No
Is subject to call in?: Yes
To present the scrutiny report on knife crime
i. the report and its recommendations on knife crime be noted.
ii. the report be referred to the Executive Member for Community Safety.
i. The review was finished in the last municipal year.
ii. The Commission endorsed the review's recommendations.
Date of decision: 17/10/2025
"""


def test_a_decided_records_list_after_its_header_is_the_decision_up_to_where_numbering_restarts():
    assert [t for _, t in decisions(LOST_LABEL_RECORD)] == [
        "the report and its recommendations on knife crime be noted.",
        "the report be referred to the Executive Member for Community Safety."]


def test_a_list_after_the_header_of_a_record_not_yet_decided_is_no_decision():
    pending = LOST_LABEL_RECORD.replace("Recommendations Approved", "For Determination")
    assert decisions(pending) == []


AIMS = """RESOLVED:

1. That the hate crime strategy 2025-2028 be approved.

2. That the four strategic aims of the strategy be approved. The strategic aims are:

- Promote the support services for victims of hate crime
- Encourage people to report hate crime

3. That the community safety partnership report on progress each year.
"""


def test_items_a_resolution_lists_in_a_later_sentence_only_detail_it():
    texts = [t for _, t in decisions(AIMS)]
    assert not any(t.startswith(("Promote", "Encourage")) for t in texts)
    assert any(t.startswith("the four strategic aims of the strategy be approved.") for t in texts)


DATED_ISSUE = """Issue - decisions

Review of the street drinking order

14/05/2025 - Review of Public Spaces Protection Orders

(1) the town centre Public Spaces Protection Order on street drinking will be renewed for three years

(2) Cabinet continue to endorse the engage, support, enforce approach to anti-social behaviour.
"""


def test_a_numbered_list_under_a_decisions_pages_dated_line_is_what_was_decided():
    assert [t for _, t in decisions(DATED_ISSUE)] == [
        "the town centre Public Spaces Protection Order on street drinking will be renewed for three years",
        "Cabinet continue to endorse the engage, support, enforce approach to anti-social behaviour."]


def test_a_bulleted_list_of_places_under_a_dated_line_is_no_decision():
    places = DATED_ISSUE.replace("(1) the town centre Public Spaces Protection Order on street drinking will be renewed "
                                 "for three years", "- Town Centre").replace("(2) Cabinet continue to endorse the engage, "
                                 "support, enforce approach to anti-social behaviour.", "- Riverside Park")
    assert decisions(places) == []


ONWARD_SUB_LEAD = """Decision:

RESOLVED:

That Cabinet recommends to Council that it:

1) Notes the community safety budget pressures set out in section 4 of the report;
2) Approves the precept for community safety wardens in section 5.
"""


def test_a_resolution_whose_sub_lead_recommends_to_council_makes_requests_not_decisions():
    assert decisions(ONWARD_SUB_LEAD) == []
    assert {a for a, _ in recommendations(ONWARD_SUB_LEAD)} == {"Council"}


def test_a_resolution_naming_its_body_then_numbering_its_acts_in_one_paragraph_is_one_per_number():
    text = ("Decision RESOLVED that Cabinet: 1. Ratified the creation of a community safety grant fund of £40,000 "
            "for CCTV at places of worship. 2. Agreed that the funding be provided from the contingency budget. "
            "Reasons for decision 1. Cabinet are asked to ratify the decision taken by the Leader.\n")
    assert [t for _, t in decisions(text)] == [
        "Ratified the creation of a community safety grant fund of £40,000 for CCTV at places of worship.",
        "Agreed that the funding be provided from the contingency budget."]
