"""Decisions minutes record without a resolution, in look-alikes written for these tests: a
sentence saying the meeting agreed something, and telegraphic records under "Decision:" whose verb
comes last; and the sentences that only look like them."""
from __future__ import annotations

from .helpers import extract_checked


def decisions(text: str) -> list[tuple]:
    return [(d["body"], d["outcome"], d["text"]) for d in extract_checked(text)["decisions"]]


def minutes(paragraphs: str) -> str:
    return ("Safer Ashby Partnership Board\n\nMinutes of the meeting held on 4 March 2025\n\n"
            "Present: Councillor A Smith (Chair), Inspector B Jones\n\n"
            "3. Anti-social behaviour and community safety update\n\n" + paragraphs + "\n")


def test_it_was_agreed_that_in_minutes_is_a_decision_of_the_meeting():
    text = minutes("The officer gave an update on anti-social behaviour in the town centre. It was agreed that "
                   "the Board should receive a quarterly report on the community safety hotspots.")
    assert [d[1:] for d in decisions(text)] == [("agreed", "It was agreed that the Board should "
                                                 "receive a quarterly report on the community safety hotspots.")]


def test_a_named_body_agreeing_to_act_keeps_the_whole_sentence():
    text = minutes("Work on the CCTV review had progressed and the Partnership agreed to bring the "
                   "community safety options to the next meeting.")
    assert [d[2] for d in decisions(text)] == [
        "Work on the CCTV review had progressed and the Partnership agreed to bring the community safety "
        "options to the next meeting."]


def test_an_earlier_agreement_retold_is_not_a_decision():
    text = minutes("At its meeting on 20 November 2024 the Scrutiny Committee agreed to set up a working group "
                   "on community safety. At the last meeting it was agreed to invite the police to report on "
                   "anti-social behaviour.")
    assert decisions(text) == []


def test_a_shared_view_is_not_a_decision():
    text = minutes("Members agreed that it was a helpful report on community safety and that there were "
                   "fewer anti-social behaviour incidents.")
    assert decisions(text) == []


def test_agreeing_who_chairs_is_procedure():
    text = minutes("Councillor Smith proposed, Councillor Jones seconded and Members agreed that Councillor "
                   "Brown be the chairman of the Community Safety Partnership Working Group.")
    assert decisions(text) == []


def test_where_minutes_record_a_resolution_the_discussion_is_not_another_decision():
    text = minutes("Members discussed the community safety plan. It was agreed that the plan should say more "
                   "about anti-social behaviour.\n\nRESOLVED: That the Community Safety Plan 2025-28 be approved.")
    assert [d[2] for d in decisions(text)] == ["the Community Safety Plan 2025-28 be approved."]


def test_a_report_that_mentions_an_agreement_records_no_decision():
    text = ("Cabinet report: Community Safety Strategy 2025-28\n\nRecommendation: That Cabinet approves the "
            "strategy.\n\nThe strategy was drafted with partners. It was agreed that the partnership should "
            "focus on anti-social behaviour and domestic abuse.\n")
    assert decisions(text) == []


DECISION = """Agenda item

Community safety small grants

Report of Director of Communities.

Decision:

Proposals for award of community safety small grants as set out in report approved.

(2) Criteria for the grants scheme to reduce anti-social behaviour endorsed.

(3) Noted that the grants are subject to approval of the budget.

(4) Further round of grants in 2026/27 deferred.

Minutes:

The Cabinet considered the report of the director.
"""


def test_records_whose_verb_comes_last_under_a_decision_label():
    assert sorted((d[1], d[2]) for d in decisions(DECISION)) == sorted([
        ("approved", "Proposals for award of community safety small grants as set out in report approved."),
        ("approved", "Criteria for the grants scheme to reduce anti-social behaviour endorsed."),
        ("noted", "Noted that the grants are subject to approval of the budget."),
        ("deferred", "Further round of grants in 2026/27 deferred.")])


def test_a_heading_ending_in_a_verb_is_not_a_record():
    text = DECISION.replace("Minutes:", "Alternative options considered and rejected\n\nMinutes:")
    assert not any(d[2].startswith("Alternative options") for d in decisions(text))


PASSIVE = """The purchase of two mobile CCTV cameras for the town centre was approved.

The release of £12,000 from the capital programme for the cameras was approved.

Scheme 04/112 was deleted from the capital programme.

The Head of Community Safety was authorised to procure a maintenance contract for the CCTV system.
"""


def test_a_page_of_past_passive_records_lists_what_was_decided():
    assert [d[1] for d in decisions(PASSIVE)] == ["approved", "approved", "agreed", "delegated"]


def test_two_passive_sentences_or_retold_approvals_are_no_record():
    assert decisions("\n\n".join(PASSIVE.split("\n\n")[:2]) + "\n") == []
    retold = ("The CCTV strategy was approved by Cabinet in 2019.\n\nThe camera budget was approved previously.\n\n"
              "The control room plan was agreed by the council.\n")
    assert decisions(retold) == []


SOUGHT = """Approval was sought for the renewal of the Public Spaces Protection Orders to control anti-social behaviour.

1. Town Centre Alcohol Control PSPO be approved.
2. Riverside Dog Control PSPO be approved.
"""


def test_approval_sought_then_a_list_of_be_approved_items_records_the_decisions():
    assert [d[2] for d in decisions(SOUGHT)] == ["Town Centre Alcohol Control PSPO be approved.",
                                                 "Riverside Dog Control PSPO be approved."]


def test_minutes_of_time_do_not_make_a_report_into_minutes():
    text = ("Quarterly performance report\n\nAverage call handling time was 6 minutes 26 seconds against an aim of "
            "6 minutes.\n\nThe risk was reviewed. Subsequently it was agreed that the community safety risk rating "
            "would reduce to medium.\n")
    assert decisions(text) == []


def test_it_was_decided_to_act_in_minutes_is_a_decision_of_the_meeting():
    text = minutes("The officer presented a new way of mapping anti-social behaviour hotspots. It was decided to "
                   "trial the mapping in the town centre and report the community safety results in June.")
    assert [d[1:] for d in decisions(text)] == [("agreed", "It was decided to trial the mapping in the town centre "
                                                 "and report the community safety results in June.")]
