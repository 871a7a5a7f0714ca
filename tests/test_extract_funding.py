"""Funding through extract_text(): amounts in pounds, financial year, funder, purpose, recipient.

Snippets are quoted from corpus/docs (Medway, Sevenoaks) or are look-alikes.
"""
from __future__ import annotations

import pytest

from extractor.core import extract_document
from extractor.read.text import parse_text

from .helpers import extract_checked

extract = extract_checked


def money(text: str) -> list[tuple]:
    return [(f["amount_gbp"], f["period"], f["funder"]) for f in extract(text)["funding"]]


MEDWAY = """6. Financial implications

- 6.1 The Police and Crime Commissioner (PCC) has not yet submitted his Police and Crime Plan, which in previous years has granted CSPs a Crime Reduction Grant to use for funding activities to tackle crime, disorder, drugs and reoffending. In 2019-2020 the amount allocated to Medway CSP was £106,460.
- The PCC has in previous years been committed to supporting the funding of CSPs, however the Office of the Police and Crime Commissioner are not yet able to update us on the commissioning plan for 2021-2022.
"""


def test_medway_crime_reduction_grant_has_amount_period_funder_purpose_recipient():
    out = extract(MEDWAY)
    assert len(out["funding"]) == 1
    item = out["funding"][0]
    assert item["amount_gbp"] == 106460
    assert item["period"] == "2019-20"                          # "In 2019-2020"
    assert item["funder"] == "Police and Crime Commissioner"    # from "(PCC)" in the sentence before
    assert item["purpose"] == "Crime Reduction Grant"
    assert item["recipient"] == "Medway CSP"


def test_funding_quote_is_the_sentence_with_the_amount():
    doc = parse_text(MEDWAY)
    item = extract_document(doc)["funding"][0]
    assert item["quote"] == "In 2019-2020 the amount allocated to Medway CSP was £106,460."
    assert item["amount_text"] == "£106,460"


@pytest.mark.parametrize("sentence, amount", [
    ("The partnership was allocated £106,460 for community safety projects.", 106460),
    ("The Home Office awarded £1.2m to the partnership for community safety work.", 1_200_000),
    ("The partnership received £1.2 million from the Home Office for community safety work.", 1_200_000),
    ("The CSP was awarded £3,000 to run a community safety event.", 3000),
    ("The CSP was awarded £50k to run community safety projects.", 50_000),
])
def test_amounts_are_converted_to_pounds(sentence, amount):
    assert [f["amount_gbp"] for f in extract(sentence + "\n")["funding"]] == [amount]


def test_pcc_is_normalised_to_the_full_funder_name():
    assert money("The CSP was awarded £3,000 by the PCC in 2021-2022.\n") == [
        (3000, "2021-22", "Police and Crime Commissioner")]


def test_police_and_crime_commissioner_with_ampersand_is_the_same_funder():
    assert money("The Police & Crime Commissioner granted the CSP £40,000 in 2023/24.\n") == [
        (40000, "2023-24", "Police and Crime Commissioner")]


def test_home_office_funder_and_named_fund():
    out = extract("The Home Office awarded £1.2m through the Safer Streets Fund in 2021-22 to improve lighting "
                  "and CCTV in the town centre.\n")
    item = out["funding"][0]
    assert (item["amount_gbp"], item["period"], item["funder"]) == (1_200_000, "2021-22", "Home Office")
    assert item["purpose"] == "Safer Streets Fund"


def test_each_amount_takes_the_year_nearest_to_it():
    assert money("The community safety grant was £20,000 in 2022-23 and £25,000 in 2023-24.\n") == [
        (20000, "2022-23", None), (25000, "2023-24", None)]


def test_same_amount_mentioned_twice_is_one_item():
    out = extract("The Crime Reduction Grant of £106,460 was received in 2019-20. Of the £106,460, most was spent "
                  "on youth diversion.\n")
    assert [(f["amount_gbp"], f["period"]) for f in out["funding"]] == [(106460, "2019-20")]


def test_duplicate_mention_fills_fields_the_first_one_lacked():
    out = extract("In 2019-20 the partnership spent £106,460 on community safety projects.\n\n"
                  "The £106,460 was allocated to Medway CSP by the PCC.\n")
    assert len(out["funding"]) == 1
    item = out["funding"][0]
    assert item["period"] == "2019-20"
    assert item["funder"] == "Police and Crime Commissioner"
    assert item["recipient"] == "Medway CSP"


def test_same_amount_in_different_years_is_two_items():
    assert money("The PCC allocated £50,000 to the CSP in 2022-23 and a further £50,000 in 2023-24.\n") == [
        (50000, "2022-23", "Police and Crime Commissioner"), (50000, "2023-24", "Police and Crime Commissioner")]


def test_funding_mention_without_a_sum_is_not_funding():
    # corpus/docs/sevenoaks-2021-...txt
    out = extract("Financial\n\nThe cost of the action plan itself is minimal. Funding to implement the plan is "
                  "provided by all partner agencies through their core budgets with additional funding from the "
                  "PCC (Police & Crime Commissioner) and other external funding streams.\n")
    assert out["funding"] == []


def test_salaries_and_fines_are_not_funding():
    out = extract("The Community Safety Officer salary is £32,000 per annum. Fixed penalty notices of £150 were "
                  "issued for fly-tipping.\n")
    assert out["funding"] == []


def test_amounts_in_a_funding_table_take_the_row_year_and_purpose():
    out = extract("Funding\tAmount\tYear\n"
                  "Crime Reduction Grant\t£106,460\t2019-20\n"
                  "Safer Streets Fund\t£273,000\t2021-22\n")
    assert [(f["amount_gbp"], f["period"], f["purpose"]) for f in out["funding"]] == [
        (106460, "2019-20", "Crime Reduction Grant"), (273000, "2021-22", "Safer Streets Fund")]


def test_purpose_is_not_borrowed_from_another_funders_sentence():
    out = extract("The Home Office awarded £1.2m through the Safer Streets Fund in 2021-22 to improve lighting and "
                  "CCTV in the town centre. The partnership also received £3,000 from the PCC for a Hate Crime "
                  "Awareness Week event.\n")
    small = next(f for f in out["funding"] if f["amount_gbp"] == 3000)
    assert small["funder"] == "Police and Crime Commissioner"
    assert small["purpose"] != "Safer Streets Fund"


def test_government_department_is_the_funder_and_grant_word_may_be_lower_case():
    from extractor import extract_text
    out = extract_text("The Department for Transport has confirmed the Road Safety grant for 2025-26. "
                       "The allocation is £5,728.2k.\n")
    item = out["funding"][0]
    assert item["amount_gbp"] == 5728200
    assert item["funder"] == "Department for Transport"
    assert item["purpose"] == "Road Safety grant"
    assert item["period"] == "2025-26"


# --- units, rates and relevance (issue 12); look-alikes written for these tests ---

@pytest.mark.parametrize("text, amount, printed", [
    ("The Safer Streets bid was worth £23.1m. It pays for CCTV.", 23_100_000, "£23.1m"),
    ("The partnership bid for £5m. The Home Office replied.", 5_000_000, "£5m"),
    ("A £1.2bn policing budget for the force area.", 1_200_000_000, "£1.2bn"),
    ("The Police and Crime Commissioner granted £0.5 million for community safety.", 500_000, "£0.5 million"),
    ("The community safety grant was £1,000k this year.", 1_000_000, "£1,000k"),
])
def test_units_after_the_number_are_read(text, amount, printed):
    out = extract(text + "\n")["funding"]
    assert [(f["amount_gbp"], f["amount_text"]) for f in out] == [(amount, printed)]


@pytest.mark.parametrize("text", [
    "Community wardens cost £64.00 per person per year to train.",
    "The community safety team pays youth workers £16 an hour.",
])
def test_rates_are_not_sums(text):
    assert extract(text + "\n")["funding"] == []


BUDGET_PAPER = """Late changes to the 2025-26 budget

1. Business rates

The council will receive an extra £1,048,900 from business rates, which goes into reserves.

2. Community wardens

An extra £550,000 will expand the community wardens scheme in the town centres.
"""


def test_in_a_paper_about_something_else_only_community_safety_money_counts():
    assert [f["amount_gbp"] for f in extract(BUDGET_PAPER)["funding"]] == [550_000]


CAPITAL_PAPER = """Capital programme changes 2025-26

Agenda item 7

The council's finance team reviewed the capital programme for the coming years with the heads of service. Schemes for housing, parks, libraries, leisure, highways, car parks, waste collection and the new council offices were reviewed against the medium term financial strategy and the reserves policy, and several were moved into later years to match the expected spend profile. The council's finance team reviewed the capital programme for the coming years with the heads of service. Schemes for housing, parks, libraries, leisure, highways, car parks, waste collection and the new council offices were reviewed against the medium term financial strategy and the reserves policy, and several were moved into later years to match the expected spend profile. The council's finance team reviewed the capital programme for the coming years with the heads of service. Schemes for housing, parks, libraries, leisure, highways, car parks, waste collection and the new council offices were reviewed against the medium term financial strategy and the reserves policy, and several were moved into later years to match the expected spend profile. The council's finance team reviewed the capital programme for the coming years with the heads of service. Schemes for housing, parks, libraries, leisure, highways, car parks, waste collection and the new council offices were reviewed against the medium term financial strategy and the reserves policy, and several were moved into later years to match the expected spend profile. 

Decision:

(1) That the leisure centre roof budget of £90,000 be re-profiled as below:

        2025/26     £60,000
        2026/27     £30,000

(2) That the camera budget for the town centre CCTV of £40,000 per annum be re-profiled as below:

        2025/26     £25,000
        2026/27     £15,000
        2027/28     £40,000

(3) That the library opening hours be extended on Saturdays.

Grants for the town

The council has agreed grants to local groups this year.

Safer Streets

The council was told that its grant for year two would fall by £120,000, from £400,000 to £280,000.
"""


def test_lines_of_figures_take_the_relevance_of_the_sentence_that_introduces_them():
    amounts = [f["amount_gbp"] for f in extract(CAPITAL_PAPER)["funding"]]
    assert {25_000, 15_000, 40_000} <= set(amounts)
    assert not {90_000, 60_000, 30_000} & set(amounts)  # the leisure centre's lines are not community safety


def test_a_sum_under_a_community_safety_heading_a_few_blocks_up_counts():
    amounts = [f["amount_gbp"] for f in extract(CAPITAL_PAPER)["funding"]]
    assert {120_000, 400_000, 280_000} <= set(amounts)


def test_a_two_digit_year_is_not_a_purpose():
    text = "Money for the community wardens will fall by £12,000 for 24/25 year.\n"
    assert [f["purpose"] for f in extract(text)["funding"]] == [None]


def test_other_sums_are_kept_with_all_below_the_threshold_with_a_reason():
    from extractor.core import extract_document

    out = extract_document(parse_text(BUDGET_PAPER), all_items=True)["funding"]
    unrelated = [f for f in out if f["rules"] == ["funding.unrelated"]]
    assert [f["amount_gbp"] for f in unrelated] == [1_048_900]
    assert unrelated[0]["confidence"] < 0.5 and "community safety" in unrelated[0]["reason"]


def test_commissioner_forms_are_normalised():
    out = extract("The Police, Fire and Crime Commissioner awarded £22,511 from the Community Safety Fund.\n\n"
                  "The Commissioner also gave £9,000 to the women's centre for a domestic abuse project.\n")
    assert [f["funder"] for f in out["funding"]] == ["Police, Fire and Crime Commissioner", "Police and Crime Commissioner"]


def test_a_use_in_words_is_the_purpose_when_no_grant_is_named():
    out = extract("The community safety partnership spent £8,000 to help advertise the new CCTV project.\n")
    assert [f["purpose"] for f in out["funding"]] == ["to help advertise the new CCTV project"]


def test_a_named_fund_beats_a_use_in_words_for_the_same_sum():
    out = extract("The committee has a budget of £3,000 for community safety projects.\n\n"
                  "(i) The delegated Community Safety budget of £3,000 is retained by the partnership team.\n")
    assert [f["purpose"] for f in out["funding"]] == ["Community Safety budget"]


TABLE_IN_THOUSANDS = """Late changes to the budget

Table 2: changes to the 2025-26 budget (£000s)

Service\t2025-26\t2026-27
Community wardens\t150.0\t(50.0)
Highways drainage\t1,200.0\t300.0
CCTV replacement\t75.5\t-10
"""


def test_table_cells_take_the_unit_and_year_of_their_column_and_keep_reductions():
    out = extract(TABLE_IN_THOUSANDS)["funding"]
    assert [(f["amount_gbp"], f["period"], f["purpose"]) for f in out] == [
        (150_000, "2025-26", "Community wardens"), (-50_000, "2026-27", "Community wardens"),
        (75_500, "2025-26", "CCTV replacement"), (-10_000, "2026-27", "CCTV replacement")]


def test_a_table_in_millions_from_its_header():
    text = "Police and Crime Commissioner grants\n\nGrant\t£m 2024-25\nSafer Streets Fund\t1.2\n"
    assert [(f["amount_gbp"], f["period"]) for f in extract(text)["funding"]] == [(1_200_000, "2024-25")]


def test_a_table_with_no_unit_gives_no_money():
    text = "Community safety activity\n\nMeasure\t2024-25\nIncidents of anti-social behaviour\t1,250\n"
    assert extract(text)["funding"] == []


def test_the_owner_of_a_named_fund_is_the_funder_not_a_body_merely_named():
    text = ("The Police and Crime Commissioner welcomed a successful bid to the Home Office Safer Streets Fund, "
            "which brings £400,000 for lighting and CCTV to tackle burglary in two wards.\n")
    assert money(text) == [(400_000, None, "Home Office")]


def test_a_body_the_money_is_paid_to_is_not_its_funder():
    text = ("The partnership had received crime reduction funding from the Home Office for many years. "
            "The remaining £90,000 will be paid directly to the Police and Crime Commissioner from April.\n")
    assert money(text) == [(90_000, None, "Home Office")]


def test_a_body_that_bids_for_money_is_not_its_funder():
    text = ("The Ministry of Justice funding was allocated to domestic abuse services. "
            "The PCC successfully bid for two projects, providing services with £75,000.\n")
    assert money(text) == [(75_000, None, "Ministry of Justice")]


def test_a_commissioners_page_credits_the_fund_named_earlier_before_the_commissioner():
    text = ("Police and Crime Commissioner for Cleveland\n\n"
            "The Commissioner has secured a place in the Home Office Safer Streets Fund for a third year.\n\n"
            "A £250,000 investment will tackle anti-social behaviour in the town centre.\n")
    out = extract(text)
    assert "Commissioner" in (out["document"]["council"] or ""), out["document"]
    assert [f["funder"] for f in out["funding"]] == ["Home Office"]


def test_list_items_take_the_year_of_their_lead_in():
    text = ("Projects funded in 2022-23 included:\n\n"
            "\u00d8  £4,000 for street lighting in the town centre\n\n"
            "\u00d8  £2,500 for a knife crime awareness campaign\n")
    assert [(f["amount_gbp"], f["period"]) for f in extract(text)["funding"]] == [(4_000, "2022-23"), (2_500, "2022-23")]


def test_list_items_under_a_lead_in_of_several_years_take_no_year():
    text = ("Community safety funding included:\n\n"
            "- £4,000 for street lighting in 2021-22\n\n"
            "- £2,500 for a knife crime awareness campaign\n\n"
            "- £3,000 for CCTV in 2023-24\n")
    assert [(f["amount_gbp"], f["period"]) for f in extract(text)["funding"]] == [
        (4_000, "2021-22"), (2_500, None), (3_000, "2023-24")]


def test_a_one_digit_financial_year_is_read():
    assert money("The Commissioner approved £12,000 from the 2024-5 Community Safety Fund.\n") == [
        (12_000, "2024-25", "Police and Crime Commissioner")]


@pytest.mark.parametrize("item, purpose", [
    ("- £3,000 Street Pastors scheme", "Street Pastors scheme"),
    ("- £750 training for licensed premises staff. Delivered in March.", "training for licensed premises staff"),
    ("- £5,000 was spent on lighting in the park", None),               # a sentence about the sum, not a label
    ("- £2,000 Youth Forum – a summer programme of diversion activities", None),  # recipient and use: not one label
])
def test_a_list_item_led_by_its_amount_names_its_use(item, purpose):
    out = extract("Community safety projects funded this year:\n\n" + item + "\n")
    assert [f["purpose"] for f in out["funding"]] == [purpose]


# --- ranges, totals and double counting (issue 12); examples written for these tests ---

def ends(text: str) -> list[tuple]:
    return [(f["amount_gbp"], f["amount_high_gbp"], f["amount_text"]) for f in extract(text + "\n")["funding"]]


@pytest.mark.parametrize("text, low, high, printed", [
    ("The CCTV upgrade for the community safety team will cost £1m-£1.5m.", 1_000_000, 1_500_000, "£1m-£1.5m"),
    ("The CCTV upgrade for the community safety team will cost £1m to £1.5m.", 1_000_000, 1_500_000, "£1m to £1.5m"),
    ("The PCC will give each community safety partnership between £10,000 and £15,000.", 10_000, 15_000,
     "between £10,000 and £15,000"),
    ("Community safety grants of £20-30k are open to local groups.", 20_000, 30_000, "£20-30k"),
])
def test_a_range_is_one_figure_with_both_ends(text, low, high, printed):
    assert ends(text) == [(low, high, printed)]


def test_a_change_from_one_sum_to_another_is_two_figures():
    assert ends("The PCC's community safety grant rose from £50,000 to £60,000.") == [
        (50_000, None, "£50,000"), (60_000, None, "£60,000")]


def test_a_range_printed_twice_is_one_item_and_differs_from_its_low_end_alone():
    text = ("The community safety review will cost £20-30k. The £20-30k will come from reserves; "
            "a further £20,000 pays for CCTV.")
    assert ends(text) == [(20_000, 30_000, "£20-30k"), (20_000, None, "£20,000")]


def totals(text: str) -> list[tuple]:
    return [(f["amount_gbp"], f["is_total"]) for f in extract(text)["funding"]]


def test_a_sentence_total_of_the_sums_before_it_is_marked():
    text = "In 2023-24 the CSP received £20,000 for CCTV and £30,000 for wardens, a total of £50,000.\n"
    assert totals(text) == [(20_000, False), (30_000, False), (50_000, True)]


def test_a_total_stated_first_and_its_parts_listed_after_is_marked():
    text = ("The PCC awarded community safety grants totalling £9,500 in 2022-23:\n\n"
            "- £4,000 for street lighting\n\n- £3,000 for a knife crime campaign\n\n- £2,500 for youth diversion\n")
    assert totals(text) == [(9_500, True), (4_000, False), (3_000, False), (2_500, False)]


def test_a_total_whose_parts_are_not_given_counts_as_a_sum():
    text = "A total of £2.3m was awarded by the PCC to 15 community safety projects in 2014-15.\n"
    assert totals(text) == [(2_300_000, False)]


def test_a_total_that_does_not_add_up_is_not_marked():
    text = "The CSP received £20,000 for CCTV and £30,000 for wardens; the total budget is £80,000.\n"
    assert totals(text) == [(20_000, False), (30_000, False), (80_000, False)]


def test_a_sum_equal_to_others_without_a_word_for_total_is_not_marked():
    text = "The CSP received £20,000 for CCTV, £30,000 for wardens and £50,000 for youth diversion.\n"
    assert totals(text) == [(20_000, False), (30_000, False), (50_000, False)]


def test_a_grand_total_is_checked_against_the_sums_not_its_sub_totals():
    text = ("Community safety grants in 2023-24: £1,000 and £2,000 for CCTV, in total £3,000; £4,000 and "
            "£5,000 for wardens, in total £9,000. Altogether £12,000 was spent.\n")
    assert totals(text) == [(1_000, False), (2_000, False), (3_000, True), (4_000, False), (5_000, False),
                            (9_000, True), (12_000, True)]


def test_a_total_row_of_a_table_is_marked():
    text = ("Community safety grants (£000s)\n\n"
            "Grant\t2024-25\nCCTV\t40.0\nWardens\t60.0\nTotal\t100.0\n")
    assert totals(text) == [(40_000, False), (60_000, False), (100_000, True)]


def test_a_total_row_with_pound_signs_is_marked():
    text = ("Community safety grants 2024-25\n\n"
            "Grant | Amount\n--- | ---\nCCTV | £40,000\nWardens | £60,000\nTotal | £100,000\n")
    assert totals(text) == [(40_000, False), (60_000, False), (100_000, True)]


def test_the_same_sum_in_the_summary_and_the_body_is_one_item():
    text = ("Summary\n\nIn 2019-20 £106,460 was allocated to Medway CSP.\n\n"
            "Financial implications\n\nThe Crime Reduction Grant of £106,460 for 2019-20 is paid by the PCC.\n")
    out = extract(text)["funding"]
    assert [(f["amount_gbp"], f["period"], f["purpose"], f["recipient"]) for f in out] == [
        (106_460, "2019-20", "Crime Reduction Grant", "Medway CSP")]


def test_the_same_sum_in_a_table_and_in_the_text_is_one_item():
    text = ("The community safety budget for 2025-26 includes £150,000 for community wardens.\n\n"
            "Table 1 (£000s)\n\nService\t2025-26\nCommunity wardens\t150.0\n")
    out = extract(text)["funding"]
    assert [(f["amount_gbp"], f["period"]) for f in out] == [(150_000, "2025-26")]


def test_the_summary_shows_a_range_with_both_ends_and_marks_a_total(tmp_path):
    from click.testing import CliRunner
    from extractor.cli import cli

    path = tmp_path / "grants.txt"
    path.write_text("Community safety grants\n\nIn 2023-24 the PCC gave the CSP £20,000 for CCTV and £30,000 for "
                    "wardens, a total of £50,000.\n\nCommunity safety bids of £1m-£1.5m are expected.\n")
    output = CliRunner().invoke(cli, ["extract", str(path)]).output
    assert "£50,000 (total) 2023-24" in output and "£20,000 2023-24" in output
    assert "£1,000,000–£1,500,000" in output


# --- purpose, funder and period by the form of the words (issue 12); examples written for these tests ---

def purposes(text: str) -> list:
    return [f["purpose"] for f in extract(text + "\n")["funding"]]


@pytest.mark.parametrize("text, purpose", [
    ("The partnership was allocated £22,000 from the OPCC’s Community Safety Fund.", "Community Safety Fund"),
    ("The town will get £40,000 from the MOJ's Safer Streets Fund.", "Safer Streets Fund"),
    ("The group won £9,000 from the Commissioner’s Making Ourtown Safer fund.", "Making Ourtown Safer fund"),
])
def test_a_fund_named_with_its_owner_is_named_without_it(text, purpose):
    assert purposes(text) == [purpose]


def test_a_possessive_that_is_not_a_funder_is_not_cut_into_a_fund_name():
    text = "The Children’s Services Budget gives £30,000 to youth diversion against crime."
    assert purposes(text) != ["Services Budget"]


@pytest.mark.parametrize("text, purpose", [
    ("The PCC made £75,000 available for the Children and Young People Fund.", "Children and Young People Fund"),
    ("The council gave £20,000 to the Safer & Stronger Communities Fund to cut crime.",
     "Safer & Stronger Communities Fund"),
])
def test_a_fund_name_may_join_its_words_with_and(text, purpose):
    assert purposes(text) == [purpose]


@pytest.mark.parametrize("text, purpose", [
    ("The first bid awarded £60,000, to be spent on new CCTV cameras and lighting.", "new CCTV cameras and lighting"),
    ("A sum of £8,000 had been received to help advertise the knife crime amnesty.",
     "to help advertise the knife crime amnesty"),
    ("The CSP was awarded £5,000 for youth diversion and £7,000 for wardens.", "youth diversion"),
])
def test_a_use_in_words_after_the_sum_and_its_verb(text, purpose):
    assert purposes(text)[0] == purpose


@pytest.mark.parametrize("text, purpose", [
    ("The board noted the Serious Violence Prevention Funds of £41,000 for 2024/25.", "Serious Violence Prevention Funds"),
    ("Cabinet agreed to spend Neighbourhood Renewal funding of £12,500 on wardens in 2023-24.",
     "Neighbourhood Renewal funding"),
])
def test_a_fund_named_in_the_plural_or_with_lower_case_funding(text, purpose):
    assert purposes(text) == [purpose]


@pytest.mark.parametrize("text", [
    "The partnership received Home Office funding of £30,000 for 2023/24.",
    "The project will draw on PCC funds of £9,000 in 2022-23.",
    "The victims scheme of the CSP gets Ministry of Justice funding of £18,000 in 2021/22.",
    "The partnership wrote the Ourtown Community Safety Plan The funding of £7,000 was agreed for 2024/25.",
])
def test_money_named_only_by_its_giver_or_a_year_has_no_purpose(text):
    assert purposes(text) == [None]


@pytest.mark.parametrize("text", [
    "That the General Fund Revenue Budget be increased by £61,500 for 2023/24 after the crime grant.",
    "The CCTV works of £18,000 will be paid from the Capital Programme in 2024/25.",
])
def test_the_account_a_sum_is_drawn_from_is_not_its_purpose(text):
    assert purposes(text) == [None]


def test_a_use_after_the_year_is_the_use_without_the_year():
    text = "The county council will contribute £21,000 for 2023/24 towards the Ourtown Domestic Abuse Hub."
    assert purposes(text) == ["Ourtown Domestic Abuse Hub"]


def test_a_use_printed_with_the_sum_beats_a_fund_named_in_an_earlier_sentence():
    text = ("The CSP is paid from the Ourtown Safety Fund each year. Last year £9,400 was spent, including "
            "£3,100 funding for the two mobile CCTV cameras.")
    assert purposes(text)[-1] == "two mobile CCTV cameras"


@pytest.mark.parametrize("item, purpose", [
    ("- Youth offending including restorative justice and diversion work: £81,000", "Youth offending"),
    ("- Domestic abuse (DA) such as outreach and advocates: £48,500", "Domestic abuse (DA)"),
    ("- Street pastors: £3,000.", "Street pastors"),
    ("- Ourtown Youth Justice Service £25,300", None),   # a recipient, not a label ending in a colon
    ("- In 2023-24 the partnership spent: £4,000", None),  # a sentence about the sum, not a label
])
def test_a_list_item_ending_with_its_amount_after_a_colon_names_its_use(item, purpose):
    out = extract("What the PCC paid for community safety this year:\n\n" + item + "\n")
    assert [f["purpose"] for f in out["funding"]] == [purpose]


def test_list_items_take_the_funder_of_their_lead_in_unless_they_name_their_own():
    text = ("In 2021-22 the Home Office paid for the following community safety services:\n\n"
            "- Street lighting in the town centre: £4,000\n\n"
            "- A knife crime campaign funded by the PCC: £2,500\n")
    assert money(text) == [(4_000, "2021-22", "Home Office"), (2_500, "2021-22", "Police and Crime Commissioner")]


def test_a_paragraph_after_a_list_does_not_take_the_lead_in_funder():
    text = ("The Home Office paid for the following community safety services:\n\n"
            "- Street lighting: £4,000\n\nThe council spent £9,000 on CCTV repairs.\n")
    assert money(text) == [(4_000, None, "Home Office"), (9_000, None, None)]


def test_a_districts_paper_giving_its_whole_countys_figure_marks_it_as_a_total_regression_7x_bar():
    """The money chart showed Redditch 2011-12 at £751,738: the county's grant and Redditch's share
    of it, added up as Redditch's money."""
    text = ("Redditch Borough Council\nAnnual Report - Chair of the Community Safety Partnership\n"
            "In 2011/12 the Community Safety Grant funding for Worcestershire would be £644,338 which represented "
            "a reduction on the previous year. Consequently, the Redditch Community Safety Partnership had been "
            "allocated £107,400 for 2011/12.\n")
    assert [(f["amount_gbp"], f["is_total"]) for f in extract(text)["funding"]] == [(644_338, True), (107_400, False)]


def test_a_county_councils_own_county_wide_figure_is_its_money():
    text = ("Worcestershire County Council\nCabinet report\nThe Community Safety Grant funding for Worcestershire "
            "would be £644,338 in 2011/12, of which £107,400 is allocated to the Redditch partnership.\n")
    assert [f["is_total"] for f in extract(text)["funding"]] == [False, False]


def test_a_commissioners_decision_record_credits_unattributed_sums_to_the_commissioner():
    text = ("Decision Record 12/2023 – Community Safety Grants\n\n"
            "Office of the Police and Crime Commissioner for Midshire – Decision Making Record\n\n"
            "Decision number: 12/2023\n\n"
            "To award Northtown Youth Trust £4,500 to run a knife crime awareness project.\n")
    assert [f["funder"] for f in extract(text)["funding"]] == ["Police and Crime Commissioner"]


def test_a_council_report_that_does_not_open_with_a_commissioner_gives_no_funder():
    text = ("Community Safety Partnership Annual Report\n\n"
            "Northtown Borough Council\n\n"
            "The partnership spent £4,500 on a knife crime awareness project.\n\n"
            "The Police and Crime Commissioner attended the partnership's last meeting.\n")
    assert [f["funder"] for f in extract(text)["funding"]] == [None]


@pytest.mark.parametrize("sentence, purpose", [
    ("The partnership secured £45k funding from the Police and Crime Commissioner towards a youth diversion "
     "project with the district council, running until March 2026.", "youth diversion project"),
    ("A grant payment of £12,000 will be paid to the Council to support the refurbishment of the town centre "
     "CCTV control room.", "refurbishment of the town centre CCTV control room"),
    ("The community safety team has been awarded £20,000 from the Office of the Police and Crime Commissioner "
     "to fund three knife crime projects.", "to fund three knife crime projects"),
])
def test_a_use_named_after_the_funder_or_recipient_is_the_purpose(sentence, purpose):
    assert [f["purpose"] for f in extract(sentence + "\n")["funding"]] == [purpose]


def test_a_use_after_the_next_sum_is_not_this_sums_purpose():
    text = "The partnership received £5,000 from the Home Office and £3,000 from the PCC towards CCTV upgrades.\n"
    assert [(f["amount_gbp"], f["purpose"]) for f in extract(text)["funding"]] == [
        (5_000, None), (3_000, "CCTV upgrades")]


def test_a_financial_year_written_fy_with_two_digit_years_is_the_period():
    text = "The partnership spent £12,500 received from the PCC in FY22/23 on community safety patrols.\n"
    assert money(text) == [(12_500, "2022-23", "Police and Crime Commissioner")]


@pytest.mark.parametrize("sentence", [
    "The partnership was awarded £60,000 from the Safer Streets Fund to improve street lighting.",
    "The Police and Crime Commissioner allocated £60,000 of Safer Streets funding to three town centres.",
    "Midshire has been awarded £60,000 from Safer Streets 4 funding for street lighting.",
])
def test_safer_streets_money_is_the_home_offices(sentence):
    assert [f["funder"] for f in extract(sentence + "\n")["funding"]] == ["Home Office"]


def test_a_local_fund_named_safer_streets_is_not_the_home_offices():
    text = "The council gave £250 from its Safer Streets Community Fund to a residents' group for CCTV.\n"
    assert [f["funder"] for f in extract(text)["funding"]] == [None]


@pytest.mark.parametrize("sentence, purpose", [
    ("The partnership spent £18,400 funding for the two mobile CCTV cameras.", "two mobile CCTV cameras"),
    ("The CSP received £96,500 grant funding from the Police and Crime Commissioner in 2022/23.", "grant funding"),
    ("Next year the partnership would have £250,000 of Hotspot funding from the Home Office.", "Hotspot funding"),
])
def test_the_funding_a_sum_is_named_right_after_it_is_its_purpose(sentence, purpose):
    assert [f["purpose"] for f in extract(sentence + "\n")["funding"]] == [purpose]


def test_a_list_item_ending_with_its_amount_in_brackets_names_its_use_before_it():
    text = ("The partnership funded these projects in 2022-23:\n\n"
            "  • Street lighting improvements in the Riverside underpass (£7,500)\n"
            "  • Training for door staff to spot vulnerable customers (£2,000)\n")
    assert [(f["amount_gbp"], f["purpose"]) for f in extract(text)["funding"]] == [
        (7_500, "Street lighting improvements in the Riverside underpass"),
        (2_000, "Training for door staff to spot vulnerable customers")]


def test_each_sum_of_a_sentence_takes_its_own_year():
    text = ("The community safety budget will be increased by £40,000 for 2023/24 and £55,000 for 2024/25 "
            "to reflect the grant.\n")
    assert [(f["amount_gbp"], f["period"]) for f in extract(text)["funding"]] == [
        (40_000, "2023-24"), (55_000, "2024-25")]


def test_a_year_before_several_sums_still_dates_them_all():
    text = "In 2021/22 the partnership spent £6,000 on street lighting and £4,000 on youth diversion.\n"
    assert [(f["amount_gbp"], f["period"]) for f in extract(text)["funding"]] == [
        (6_000, "2021-22"), (4_000, "2021-22")]


@pytest.mark.parametrize("sentence", [
    "The Council allocated £35,000 to the community safety partnership for CCTV upgrades.",
    "A further £35,000 has been ring fenced by the council to extend the community wardens scheme.",
])
def test_the_council_as_funder_is_the_documents_council(sentence):
    text = "Medway Council\n\nCommunity Safety Partnership update\n\n" + sentence + "\n"
    out = extract(text)
    assert out["document"]["council"] == "Medway Council"
    assert [f["funder"] for f in out["funding"]] == ["Medway Council"]


def test_a_page_opening_on_commissioners_in_the_plural_is_a_commissioners_page():
    text = ("Few people know what Police and Crime Commissioners do, years after the first elections.\n\n"
            "Every year I invite local charities to bid for community safety grants.\n\n"
            "This year I was able to provide grants of up to £4,000 to 30 projects tackling crime.\n")
    assert [f["funder"] for f in extract(text)["funding"]] == ["Police and Crime Commissioner"]


@pytest.mark.parametrize("sentence, purpose", [
    ("To award the Youth Trust £3,250 to support the delivery of the Street Sports crime diversion programme.",
     "Street Sports crime diversion programme"),
    ("To award the residents' association £1,800 to continue to support their anti-social behaviour patrols.",
     "anti-social behaviour patrols"),
    ("The partnership set aside £95k to support PCC Initiatives on knife crime.", "PCC Initiatives on knife crime"),
])
def test_to_support_x_has_x_for_its_purpose(sentence, purpose):
    assert [f["purpose"] for f in extract(sentence + "\n")["funding"]] == [purpose]


@pytest.mark.parametrize("name", ["Safer Streets Four", "Safer Streets 5", "Safer Streets (Round 5)"])
def test_a_numbered_safer_streets_round_is_the_purpose(name):
    text = ("Community Safety Partnership report\n"
            f"The partnership was awarded \u00a3250,000 from {name} for CCTV and street lighting in the town centre.\n")
    assert [f["purpose"] for f in extract_checked(text)["funding"]] == [name]


def funders(text: str) -> list:
    return [f["funder"] for f in extract(text + "\n")["funding"]]


@pytest.mark.parametrize("text, funder", [
    ("The CSP received £40,000 from the Department of Levelling Up for domestic abuse support.",
     "Department for Levelling Up, Housing and Communities"),
    ("DLUHC awarded £12,500 of domestic abuse safe accommodation funding.", "Department for Levelling Up, Housing and Communities"),
    ("The MHCLG grant of £75,000 pays for domestic abuse refuges.", "Ministry of Housing, Communities and Local Government"),
    ("A bid of £9,000 was made to the DCLG fund for safer streets lighting and was granted by DCLG.",
     "Department for Communities and Local Government"),
])
def test_government_departments_are_named_in_full(text, funder):
    assert funders(text) == [funder]


def test_money_the_government_allocates_is_the_governments():
    assert funders("The Government allocation for domestic abuse support of £620,000 was noted.") == ["Government"]
    assert funders("The total fund allocated by Government for community safety is £572,000.") == ["Government"]


def test_the_government_merely_named_or_in_an_earlier_sentence_funds_nothing():
    assert funders("Following Government guidance the CSP will spend £4,000 on anti-social behaviour work.") == [None]
    text = ("The community safety fund was allocated by Government last year. The PCC then gave £8,000 "
            "to the anti-social behaviour project.")
    assert funders(text)[-1] == "Police and Crime Commissioner"


def test_a_money_title_naming_one_year_gives_the_year_of_sums_that_name_none():
    text = ("Community safety grant allocations 2024-5\n\nThe commissioner will provide the following grants:\n\n"
            "- Northdale Youth Justice Service £25,300\n- Southdale Domestic Abuse Service £18,000\n")
    assert [f["period"] for f in extract(text)["funding"]] == ["2024-25", "2024-25"]


def test_a_plan_title_spanning_years_gives_no_period():
    text = ("Community Safety Plan 2023-2026\n\nThe partnership will spend £25,300 on youth diversion to reduce crime.\n")
    assert [f["period"] for f in extract(text)["funding"]] == [None]


@pytest.mark.parametrize("text, national", [
    ("Northdale is one of the areas across England and Wales to receive money from the £50 million Safer Streets "
     "round; it will get £450,000.", 50_000_000),
    ("Round 5 of the Safer Streets Fund invited Police and Crime Commissioners to bid for £43m of funding.", 43_000_000),
])
def test_a_national_pot_is_marked_and_the_local_sum_beside_it_is_not(text, national):
    marked = {f["amount_gbp"]: "funding.national" in f["rules"] for f in extract(text + "\n")["funding"]}
    assert marked[national] and not any(v for k, v in marked.items() if k != national)


@pytest.mark.parametrize("text", [
    "The CCTV review delivered an efficiency saving of £202,000 for the community safety team.",
    "The partnership must find savings of £50,000 in its anti-social behaviour budget.",
])
def test_a_saving_is_not_money_allocated(text):
    assert extract(text + "\n")["funding"] == []


def test_a_sum_introduced_by_of_which_is_a_part_of_the_sum_before_it():
    text = "In 2024/25 the council invested £2.4 million in anti-social behaviour work, of which £1.4 million paid for wardens.\n"
    parts = {f["amount_gbp"]: "funding.part" in f["rules"] for f in extract(text)["funding"]}
    assert parts == {2_400_000: False, 1_400_000: True}


FLAT_TABLE = """Community Safety Fund

The commissioner's community safety grants to councils:

2024/25

£

2025/26

£

Northdale

136,091

140,000

Southdale

441,082

450,000

Total

577,173

590,000
"""


def test_a_table_printed_one_cell_per_line_gives_one_item_per_row_and_year():
    got = [(f["amount_gbp"], f["period"], f["recipient"], f["is_total"]) for f in extract(FLAT_TABLE)["funding"]]
    assert got == [(136_091, "2024-25", "Northdale", False), (140_000, "2025-26", "Northdale", False),
                   (441_082, "2024-25", "Southdale", False), (450_000, "2025-26", "Southdale", False),
                   (577_173, "2024-25", None, True), (590_000, "2025-26", None, True)]


def test_lines_of_numbers_without_a_header_of_years_are_no_table():
    text = FLAT_TABLE.replace("2024/25\n\n£\n\n2025/26\n\n£\n\n", "")
    assert extract(text)["funding"] == []


def test_the_fund_a_heading_above_a_flattened_table_names_is_its_rows_purpose():
    assert {f["purpose"] for f in extract(FLAT_TABLE)["funding"]} == {"Community Safety Fund"}


# a page of decision records: each record's "Title:" line names the fund its list of grants comes from
RECORDS = """Decision Notices

Date: 03/02/25
Title: Ministry of Justice Victims Grant - grants to the county's support services
Summary: Agreement to pay the grants below.
Ourtown Victim Care - £41,500.00
Riverside Women's Aid - £12,250.00
Decision Approved: Approved

Date: 27/01/25
Title: Home Office Safer Streets Six - agreement to enter into grant agreements
Summary: Agreement that the Authority will enter into the grant agreements below.
Ourtown Borough Council - £64,000.00
Riverside District Council - £18,900.00
Decision Approved: Approved
"""


def test_a_record_title_names_the_fund_and_funder_of_the_sums_below_it():
    out = {f["amount_gbp"]: (f["purpose"], f["funder"]) for f in extract(RECORDS)["funding"]}
    assert out[41500] == ("Victims Grant", "Ministry of Justice")
    assert out[12250] == ("Victims Grant", "Ministry of Justice")
    assert out[64000] == ("Safer Streets Six", "Home Office")
    assert out[18900] == ("Safer Streets Six", "Home Office")


def test_a_fund_the_document_title_names_is_the_purpose_of_sums_with_none_of_their_own():
    text = ("Ourtown Community Safety Fund 2024-25: allocations\n\n"
            "The partnership agreed the following awards this year.\n\n"
            "- Street Angels: £4,000\n- Night marshals on the pier: £2,500\n")
    assert {f["purpose"] for f in extract(text)["funding"]} == {"Street Angels", "Night marshals on the pier"}
    text = text.replace("- Street Angels: £4,000\n- Night marshals on the pier: £2,500\n",
                        "The awards came to £6,500 in total, paid in April.\n")
    assert [f["purpose"] for f in extract(text)["funding"]] == ["Ourtown Community Safety Fund"]


@pytest.mark.parametrize("sentence, purpose", [
    ("The Home Office Safer Streets Fund awarded the partnership £212,000.", "Safer Streets Fund"),
    ("The OPCC Community Safety Fund gave £30,000 to the partnership.", "Community Safety Fund"),
    ("The Greater Manchester Home Office Safer Streets Fund gave £30,000 for CCTV.", "Safer Streets Fund"),
    ("The Youth Justice Board Grant of £96,000 pays for the youth offending team.", "Youth Justice Board Grant"),
    ("The Youth Justice Grant of £96,000 pays for the youth offending team.", "Youth Justice Grant"),
])
def test_a_giver_printed_before_its_fund_is_not_part_of_the_fund_name(sentence, purpose):
    assert purposes(sentence) == [purpose]


@pytest.mark.parametrize("sentence, period", [
    ("The PCC awarded £12,000 for 2023-24 and 2024-25 to the Ourtown youth diversion scheme.", "2023-25"),
    ("The Home Office grant of £80,000 for the CCTV upgrade is spread across 2022/23 and 2023/24.", "2022-24"),
    ("The PCC awarded £12,000 for 2023-24 and £15,000 for 2024-25 to the partnership.", "2023-24"),
    ("The PCC gave £5,000 and £6,000 to the partnership in 2023/24 and 2024/25 respectively.", "2023-24"),
    ("The PCC awarded £12,000 for 2021-22 and 2024-25 to the partnership.", "2021-22"),  # not one after the other
])
def test_two_financial_years_joined_by_and_are_one_span(sentence, period):
    assert [f["period"] for f in extract(sentence + "\n")["funding"]][0] == period


OPENING_YEAR = """Community safety grants

This page lists the grants the Commissioner has made in 2022-23 to community safety partners.

Ourtown Street Pastors received £4,500 for their Friday night patrols.
"""


def test_the_one_financial_year_a_page_opens_with_is_the_year_of_sums_that_name_none():
    assert [f["period"] for f in extract(OPENING_YEAR)["funding"]] == ["2022-23"]


@pytest.mark.parametrize("opening", [
    "This page lists the grants the Commissioner has made in 2022-23 and 2023-24 to partners.",  # two years
    "Record 0072 2022/23: community safety partners.",  # a year with no money words is a record number
])
def test_an_opening_with_two_years_or_no_money_gives_no_year(opening):
    text = OPENING_YEAR.replace(OPENING_YEAR.splitlines()[2], opening)
    assert [f["period"] for f in extract(text)["funding"]] == [None]


ONE_FUNDER = """Community Safety Fund

This year the Police and Crime Commissioner has a community safety budget of £500,000, given in grants to councils.

2022/23

£

2023/24

£

Northdale

110,000

120,000

Southdale

75,000

80,000

Source: the Commissioner's grant letters.
"""


def test_table_rows_take_the_one_funder_the_text_names():
    assert {f["amount_gbp"]: f["funder"] for f in extract(ONE_FUNDER)["funding"]} == {
        500_000: "Police and Crime Commissioner", 110_000: "Police and Crime Commissioner",
        120_000: "Police and Crime Commissioner", 75_000: "Police and Crime Commissioner",
        80_000: "Police and Crime Commissioner"}


def test_table_rows_take_no_funder_when_the_text_names_two():
    text = ONE_FUNDER.replace("to councils.", "to councils. The Home Office gave £20,000 for the CCTV upgrade.")
    assert {f["amount_gbp"]: f["funder"] for f in extract(text)["funding"] if "funding.table" in f["rules"]} == {
        110_000: None, 120_000: None, 75_000: None, 80_000: None}


def test_a_fund_named_in_the_opening_after_a_title_with_a_sum_is_the_page_fund():
    text = ("Over £2m secured to make streets safer\n\n"
            "The Commissioner is pleased to announce a successful bid to the Home Office Safer Streets Fund.\n\n"
            "Project 1 - Northdale - A £500,000 investment in the market square.\n\n"
            "Project 2 - Southdale - A further £250,000 investment in the station underpass.\n")
    assert {f["amount_gbp"]: f["purpose"] for f in extract(text)["funding"]} == {
        2_000_000: "Safer Streets Fund", 500_000: "Safer Streets Fund", 250_000: "Safer Streets Fund"}


@pytest.mark.parametrize("sentence, purpose", [
    ("Cabinet approved spending £18,500 from the capital programme for new CCTV cameras at the bus station.",
     "new CCTV cameras at the bus station"),
    ("The CSP was given £6,000 to spend on street marshals.", "street marshals"),
    ("A £4,000 budget for youth diversion work was agreed by the CSP.", "youth diversion work"),
])
def test_a_use_after_an_account_or_to_spend_on(sentence, purpose):
    assert purposes(sentence) == [purpose]


@pytest.mark.parametrize("sentence, purpose", [
    ("The PCC gave £2,500 for the purchase of safety leaflets which will go to every school.",
     "safety leaflets"),
    ("There is still £61,394 for community safety projects per year until March 2025.", "community safety projects"),
    ("The PCC agreed £5,000 for 2023-24 and 2024-25 for the delivery of a perpetrator scheme.", "perpetrator scheme"),
    ("The CSP gave £3,000 to contribute to a year's extension of the youth diversion service.",
     "to contribute to a year's extension of the youth diversion service"),
])
def test_a_use_in_words_ends_before_a_clause_or_a_time_and_starts_after_its_years(sentence, purpose):
    assert purposes(sentence) == [purpose]


@pytest.mark.parametrize("sentence, period", [
    ("The PCC will pay £41,000 a year for the hub officer from 1st April 2017 until 31st March 2019.", "2017-19"),
    ("The PCC awarded £1m for the CCTV upgrade, commencing on the 01 October 2023, through to 31 March 2025.", "2023-25"),
    ("The PCC awarded £90,000 for the CCTV upgrade from 1 February 2024 to 31 March 2025.", "2023-25"),
    ("The PCC awarded £90,000 for the CCTV upgrade from 1 February 2024 to 30 June 2025.", None),  # not a year's end
])
def test_a_sum_from_a_date_to_a_31_march_spans_those_financial_years(sentence, period):
    assert [f["period"] for f in extract(sentence + "\n")["funding"]] == [period]


def test_a_sum_printed_with_its_span_and_again_with_one_of_its_years_is_one_item():
    text = ("The Home Office awarded £600,000 for the domestic abuse perpetrator programme, split between 2023/24 and 2024/25.\n\n"
            "The 2023/24 award of £600,000 lets the programme run until March 2025.\n")
    assert [(f["amount_gbp"], f["period"]) for f in extract(text)["funding"]] == [(600_000, "2023-25")]


def test_a_sum_in_two_years_that_do_not_overlap_stays_two_items():
    text = "The PCC gave £5,000 for CCTV in 2022/23.\n\nThe PCC gave £5,000 for CCTV in 2024/25.\n"
    assert [(f["amount_gbp"], f["period"]) for f in extract(text)["funding"]] == [(5_000, "2022-23"), (5_000, "2024-25")]


@pytest.mark.parametrize("sentence, period", [
    ("The Home Office cut the CCTV grant by £18,000 for 24/25 year.", "2024-25"),
    ("The PCC gave £7,500 for CCTV in 23/24.", "2023-24"),
    ("The PCC gave £7,500 for CCTV on 12/03 this year.", None),  # a date, not a year
    ("The PCC gave £7,500 for CCTV in 23/25.", None),  # not one year and the next
])
def test_a_financial_year_in_two_digits(sentence, period):
    assert [f["period"] for f in extract(sentence + "\n")["funding"]] == [period]


@pytest.mark.parametrize("sentence, period", [
    ("The PCC's 2023/24 budget allocates £250,000 to each district for two years for CCTV.", "2023-25"),
    ("In 2024/25 the PCC gave £90,000 for CCTV for a further three years.", "2024-27"),
    ("In 2024/25 the PCC gave £90,000 for CCTV.", "2024-25"),
])
def test_a_year_that_runs_for_n_years_is_their_span(sentence, period):
    assert [f["period"] for f in extract(sentence + "\n")["funding"]] == [period]
