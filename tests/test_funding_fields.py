"""Funding fields on forms written for these tests: who gives the money, what for, for which year."""
from __future__ import annotations

import pytest

from .helpers import extract_checked as extract


def fields(text: str, name: str) -> list:
    return [f[name] for f in extract(text)["funding"]]


@pytest.mark.parametrize("sentence", [
    "MOPAC has awarded £50,000 to the borough's community safety partnership for youth diversion work.",
    "The Mayor's Office for Policing and Crime will provide £20,000 for the ASB team in 2023/24.",
    "Funding of £10,000 from the Mayor’s Office for Policing & Crime will support the ASB team.",
])
def test_londons_commissioner_is_named_in_full_as_the_funder(sentence):
    assert fields(f"Community safety funding\n\n{sentence}\n", "funder") == ["Mayor's Office for Policing and Crime"]


def test_a_sum_paid_to_mopac_is_not_mopacs_money():
    text = ("Cabinet report: community safety funding\n\nCamden's community safety partnership works across Camden."
            "\n\nThe council paid £5,000 to MOPAC for the shared analyst post.\n")
    assert fields(text, "funder") == [None]


def dated(date: str, sentence: str) -> str:
    return f"Decision record: community safety grants\n\nDate: {date}\n\n{sentence}\n"


@pytest.mark.parametrize("date, sentence, period", [
    ("26/02/2024", "The intention for the coming financial year is to allocate £30,000 to each partnership.", "2024-25"),
    ("14/06/2023", "This year's community safety grant of £12,000 supports the ASB team.", "2023-24"),
    ("10/01/2023", "The current financial year's allocation of £8,000 pays for CCTV.", "2022-23"),
    ("03/10/2021", "Last year £5,000 was spent on the domestic abuse helpline.", "2020-21"),
])
def test_a_year_named_from_the_papers_date_is_that_financial_year(date, sentence, period):
    assert fields(dated(date, sentence), "period") == [period]


@pytest.mark.parametrize("text", [
    "Community safety grants\n\nThe intention for the coming financial year is to allocate £30,000 to each partnership.\n",
    dated("26/02/2024", "Unlike last year, next year the partnership receives £30,000 for community safety."),
])
def test_no_year_without_the_papers_date_or_with_two_relative_years(text):
    assert fields(text, "period") == [None]


def test_a_year_the_page_opens_with_beats_one_named_from_the_date():
    text = ("Community Safety Fund 2014/15 allocations\n\nDate: 20/02/2014\n\n"
            "The £248,000 allocated to offender management is required in the current year.\n")
    assert fields(text, "period") == ["2014-15"]


POINTED = """Community safety update

The partnership's work continues into 2021/22 and has been awarded £30,000 from the Police and Crime Commissioner to fund four projects.

{pointer}

  • Investment in mobile CCTV cameras (£5,000)
  • A youth diversion programme (£10,000)
"""


@pytest.mark.parametrize("pointer", ["They are:", "These include:", "The projects are:"])
def test_list_items_under_a_lead_in_that_only_points_take_the_year_and_funder_of_the_paragraph_above(pointer):
    out = extract(POINTED.format(pointer=pointer))["funding"]
    items = [(f["amount_gbp"], f["period"], f["funder"]) for f in out if f["amount_gbp"] != 30000]
    assert items == [(5000, "2021-22", "Police and Crime Commissioner"), (10000, "2021-22", "Police and Crime Commissioner")]


def test_a_lead_in_with_words_of_its_own_is_not_passed_over():
    text = POINTED.format(pointer="Projects the council funds itself:")
    out = extract(text)["funding"]
    assert [(f["period"], f["funder"]) for f in out if f["amount_gbp"] != 30000] == [(None, None), (None, None)]


@pytest.mark.parametrize("name", ["Safer Streets Round Five", "Safer Streets (Round 5)", "Safer Streets Four"])
def test_a_numbered_round_of_safer_streets_is_the_home_offices_fund(name):
    text = f"{name}: update on projects\n\nWe had to make a reduction of £180,000 for 24/25, as the new total shows.\n"
    assert [(f["funder"], f["purpose"]) for f in extract(text)["funding"]] == [("Home Office", name)]


def test_a_page_fund_is_named_as_fully_as_the_page_names_it_and_takes_the_funder_a_later_line_gives():
    text = ("Safer Streets\n\nSafer Streets Round Five: update on projects\n\n"
            "We had to make a reduction of £180,000 for 24/25, as the new total shows.\n")
    assert [(f["funder"], f["purpose"]) for f in extract(text)["funding"]] == [("Home Office", "Safer Streets Round Five")]


def test_a_page_fund_is_not_lengthened_by_a_different_fund():
    text = ("Community Safety Fund\n\nCommunity Safety Partnership Fund and Safer Streets Round Five\n\n"
            "We had to make a reduction of £18,000 for 24/25, as the new total shows.\n")
    assert [f["purpose"] for f in extract(text)["funding"]] == ["Community Safety Fund"]


LISTED = """Community safety contributions

The Cabinet Member approved the following contributions:

f) £34,000 for 2023/24 towards the partnership's research and information team.

g) £34,000 for 2023/24 towards the administration costs of the MARAC process.
"""


def test_one_sum_listed_twice_for_two_uses_is_two_items():
    out = extract(LISTED)["funding"]
    assert [(f["amount_gbp"], f["period"]) for f in out] == [(34000, "2023-24"), (34000, "2023-24")]
    assert "MARAC" in out[1]["purpose"] and "research" in out[0]["purpose"]


@pytest.mark.parametrize("text, amount", [
    # summary and body: one use, then the same use in other words around it
    ("Community safety funding\n\nThe PCC awarded £34,000 towards the MARAC process.\n\n"
     "Later in the year £34,000 was paid towards the MARAC process administration.\n", 34000),
    # a named fund, then a use in words: the fund's money, not a second sum
    ("Community safety funding\n\nThe Community Safety Fund gave £5,000.\n\nThe £5,000 will help deliver youth work.\n",
     5000),
])
def test_one_sum_printed_twice_for_one_use_stays_one_item(text, amount):
    assert [f["amount_gbp"] for f in extract(text)["funding"]] == [amount]


@pytest.mark.parametrize("text, purpose", [
    # a use that ends a list item stops there, not at the next item's marker
    ("Contributions:\n\nf) £34,000 for 2023/24 towards the partnership's research team\n\n"
     "g) a review of the scheme.\n", "partnership's research team"),
    # a long use after two joined years is still read, without the years
    ("Community safety contributions\n\ne) £5,000 for 2023-24 and 2024-25 for the delivery of a high-harm domestic "
     "abuse perpetrator scheme.\n", "high-harm domestic abuse perpetrator scheme"),
])
def test_a_use_in_words_ends_at_a_blank_line_and_may_follow_joined_years(text, purpose):
    assert fields(text, "purpose") == [purpose]


OURTOWN = "Ourtown Borough Council\n\nCabinet report: anti-social behaviour\n\nThe Ourtown community safety partnership works across Ourtown.\n\n{}\n"


@pytest.mark.parametrize("sentence", [
    "In 2017/18 the\nCouncil invested £2.458 million in a range of ASB initiatives.",
    "The Council has allocated £40,000 to the community safety team.",
])
def test_the_council_giving_money_is_the_documents_council(sentence):
    out = extract(OURTOWN.format(sentence))
    assert out["document"]["council"] == "Ourtown Borough Council"
    assert [f["funder"] for f in out["funding"]] == ["Ourtown Borough Council"]


def test_the_council_given_money_is_not_its_funder():
    out = extract(OURTOWN.format("The Council was allocated £40,000 for the community safety team."))
    assert [f["funder"] for f in out["funding"]] == [None]


@pytest.mark.parametrize("sentence, purpose", [
    ("The council was awarded £1.08m to help the Council deliver community safety projects.", "community safety projects"),
    ("The PCC gave £2,500 for the purchase of the Junior Citizen Handbook.", "Junior Citizen Handbook"),
    ("The PCC gave £2,500 to help advertise the scheme.", "to help advertise the scheme"),  # no body named: kept
])
def test_a_use_after_a_verb_that_only_carries_it_is_what_it_carries(sentence, purpose):
    assert fields(f"Community safety funding\n\n{sentence}\n", "purpose") == [purpose]


@pytest.mark.parametrize("sentence, amount", [
    ("Funding for the partnership now totals £2.4million.", 2400000),
    ("The PCC gave £1.3Million for the CCTV network upgrade.", 1300000),
    ("Round five of the national fund is worth £0.5billion.", 500000000),
])
def test_a_unit_word_glued_to_the_number_is_read(sentence, amount):
    assert [f["amount_gbp"] for f in extract(f"Community safety funding\n\n{sentence}\n")["funding"]] == [amount]


def test_a_body_that_received_the_money_is_not_its_funder():
    text = "Community safety funding\n\nThe Safer Streets funding received by the Council now totals £2.4million.\n"
    assert fields(text, "funder") == ["Home Office"]


@pytest.mark.parametrize("sentence, purpose", [
    ("The council received £550k of Children's Social Care Prevention Grant.", "Children's Social Care Prevention Grant"),
    ("Jane Smith-Jones's Safer Communities Fund gave £6,000 to the youth club.", "Safer Communities Fund"),
    ("The Committee’s ASB Budget of £30,000 pays for the wardens.", "ASB Budget"),
])
def test_a_possessive_in_a_fund_name_is_kept_and_an_owners_is_dropped(sentence, purpose):
    assert fields(f"Community safety funding\n\n{sentence}\n", "purpose") == [purpose]


def test_a_table_header_cell_is_no_fund_name():
    text = ("Expansion of Community Wardens\n\nUse the additional money received in the settlement to expand the "
            "community wardens scheme.\n\nProposed Amount\t\t\tProposed Funding Source:\n£550k\t\t\tthe settlement money\n")
    assert fields(text, "purpose") == [None]


def test_a_rounded_mention_of_a_sum_is_that_sum_and_gives_it_its_funder():
    text = ("Almost £1,000,000 of Home Office funding comes to Ourtown\n\n"
            "The county has been awarded £964,055 to drive forward community safety projects against anti-social behaviour.\n")
    out = extract(text)["funding"]
    assert [(f["amount_gbp"], f["funder"]) for f in out] == [(964055, "Home Office")]


@pytest.mark.parametrize("text, amounts", [
    # rounded, but no exact sum near it: the only figure for that money
    ("Community safety funding\n\nThe partnership secured more than £1.5m in two bids of £742,500 each.\n",
     [1500000, 742500]),
    ("Community safety funding\n\nThe PCC gave around £50,000 to the youth club.\n", [50000]),
    # two exact sums a tenth apart are two sums
    ("Community safety funding\n\nThe PCC gave £50,000 to the youth club and £54,000 to the ASB team.\n", [50000, 54000]),
])
def test_a_rounded_sum_with_no_exact_sum_near_it_stays(text, amounts):
    assert [f["amount_gbp"] for f in extract(text)["funding"]] == amounts


@pytest.mark.parametrize("text, funder", [
    ("Safer Streets 5 bids\n\nThe Home Office launched its Safer Streets 5 funding round in July 2023. "
     "Each PCC was initially allocated a fixed allocation of £1.000m.\n", "Home Office"),
    ("Community safety funding\n\nThe Council has been awarded £40,000 by the PCC for the ASB team.\n",
     "Police and Crime Commissioner"),
])
def test_a_body_given_the_money_in_the_passive_is_not_its_funder(text, funder):
    assert fields(text, "funder") == [funder]
