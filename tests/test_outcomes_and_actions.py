"""What a resolution decided (its outcome) and what a recommendation asks (its actions), on texts written for these tests."""
from __future__ import annotations

import pytest

from .helpers import extract_checked as extract


def outcomes(*items: str) -> list[str]:
    text = ("Cabinet - Tuesday, 12th November, 2024\n\nCommunity safety: public spaces protection orders\n\n"
            "RESOLVED:\n\n" + "\n\n".join(f"{n}. {item}" for n, item in enumerate(items, 1)) + "\n")
    return [d["outcome"] for d in extract(text)["decisions"]]


@pytest.mark.parametrize("item, outcome", [
    ("That delegated authority be granted to the Head of Community Safety to vary the order.", "delegated"),
    ("To authorise the Director of Communities to make the public spaces protection order.", "delegated"),
    ("That the Head of Legal Services be authorised to seal the order.", "delegated"),
    ("That a one-off budget of £4,000 to replace the CCTV signs be authorised.", "approved"),
    ("That the task group be granted an extension to report to the next meeting.", "approved"),
])
def test_authority_given_to_an_officer_is_delegated_and_a_thing_authorised_or_granted_is_approved(item, outcome):
    assert outcomes(item) == [outcome]


def test_of_two_outcomes_in_one_resolution_the_first_said_is_its_outcome():
    assert outcomes("That the proposed signage be noted and the Director of Environment be authorised to finalise it.",
                    "That the ASB policy be approved and authority be delegated to the Head of Service to review it.") \
        == ["noted", "approved"]


@pytest.mark.parametrize("item, outcome", [
    ("That the work undertaken on the council's surveillance systems be received and noted.", "noted"),
    ("On the report from the Scrutiny Panel on child exploitation, to note the recommendations and refer the report "
     "to the Executive Member.", "noted"),
])
def test_the_outcome_verb_may_come_later_in_the_resolution(item, outcome):
    assert outcomes(item) == [outcome]


def test_a_verb_in_a_later_sentence_of_the_resolution_is_not_its_outcome():
    item = ("That full consultation on the strategy is undertaken. The assessment will enable the board to approve "
            "the final plan.")
    assert outcomes(item) == ["agreed"]


def actions(text: str) -> list[list[str]]:
    page = f"Community Safety Partnership report\n\nRecommendations\n\n1. {text}\n"
    return [r["actions"] for r in extract(page)["recommendations"]]


@pytest.mark.parametrize("text, asked", [
    ("Members are requested to consider the approval of the partnership's recommendations.", ["consider"]),
    ("That Cabinet notes the comments of the Director of Finance on the ASB budget.", ["note"]),
    ("To agree the adoption of the new CCTV policy 2024 – 2028.", ["agree"]),
    ("That Cabinet approves the plan and comments on the priorities.", ["approve", "comment"]),
])
def test_an_action_named_as_a_thing_is_not_asked_for(text, asked):
    assert actions(text) == [asked]


def test_the_body_that_made_the_recommendations_is_not_who_they_are_put_to():
    page = ("12 Recommendations of the ASB Working Group PDF 9 KB\n\nFollowing a report from the Policy Officer the "
            "Community Policy Development Group has made the following recommendations:\n\n"
            "1. That the Community Safety Partnership review the Community Trigger process.\n")
    assert [r["addressee"] for r in extract(page)["recommendations"]] == [None]


def test_a_lead_in_naming_who_is_asked_still_gives_the_addressee():
    page = ("Community safety plan\n\nIt is recommended that Cabinet:\n\n1. Approves the Community Safety Plan 2024-27.\n")
    assert [r["addressee"] for r in extract(page)["recommendations"]] == ["Cabinet"]
