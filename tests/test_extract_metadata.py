"""Document fields through extract_text(): title, meeting body and date, author, council, county,
plan period.

Headers are quoted from corpus/docs (Medway, Sevenoaks, Spelthorne, Thanet) or are look-alikes.
"""
from __future__ import annotations

import pytest

from .helpers import extract_checked


def fields(text: str) -> dict:
    """extract_text(text)['document'], after checking every item's provenance against the read text."""
    out = extract_checked(text)["document"]
    assert set(out) == {"council", "county", "title", "meeting_body", "meeting_date", "author", "plan_period"}
    return out


MEDWAY = """

REGENERATION, CULTURE, AND ENVIRONMENT OVERVIEW AND SCRUTINY COMMITTEE

3 DECEMBER 2020

ANNUAL SCRUTINY OF THE COMMUNITY SAFETY PARTNERSHIP, INCLUDING AN UPDATE ON THE COMMUNITY SAFETY PLAN 2020 TO 2024

Report from: Richard Hicks, Director of Place and Deputy Chief

Executive

Author: James Brown, Head of Regulatory Services

Summary

This report provides information on the operation of the CSP from October 2019.

- 1.1 CSPs were set up under Sections 5-7 of the Crime and Disorder Act 1998 and comprise representatives from the 'responsible authorities'. For Medway these are:
 - Medway Council
 - Kent Police
"""

SEVENOAKS_2024 = """

**SEVENOAKS DISTRICT COMMUNITY SAFETY PARTNERSHIP STRATEGY &
ACTION PLAN 2024-25**
People and Places Advisory Committee – 5 March

Report of: Sarah Robson, Chief Officer People & Places & Deputy Chief Executive

Status: For Decision

Also considered by:

- **Cabinet – 14 March 2024**
- **Council – 4 April 2024**

Key Decision: Yes

Executive Summary: The 2024-25 Sevenoaks District Community Safety Strategy and Action Plan is set out in the report and appendices.
"""

SEVENOAKS_2021 = """

SEVENOAKS DISTRICT COMMUNITY SAFETY STRATEGY & ACTION PLAN ANNUAL REPORT 2020-21

Cabinet - 8 July 2021

Report of: Chief Officer People & Places

Status: For Information

Also considered by: People & Places Advisory Committee - 15 June 2021

Key Decision: No

Executive Summary: This report looks at the work of the Community Safety Partnership from April 2020 - March 2021.

Contact Officer(s): Kelly Webb, Ext. 7474

Background Papers

None

Sarah Robson

Deputy Chief Executive and Chief Officer People & Places"""

SPELTHORNE = """Title |
Community Safety Partnership Plan & Priorities 2024-2026 |
Purpose of the report |
To approve |
Report Author |
Will Jack – Community Safety Manager |
Ward(s) Affected |
All Wards
|
2.1 This report covers two issues. In this borough this is referred to as Spelthorne Safer Stronger Partnership or 'SSSP'.
"""

THANET = """Annual Community Safety Briefing

Overview

& Scrutiny Panel 16th April 2024

Report Author Jo-Anna Taylor, Community Services Manager

Portfolio Holder Cllr Keen, Cabinet Member for Neighbourhoods

Status For Recommendation

Executive Summary:

This report aims to review the Thanet Community Safety Partnership Plan and the annual strategic assessment.
"""


# ----- title -----------------------------------------------------------------------------------

def test_title_is_the_report_title_not_the_committee_or_date_line():
    assert fields(MEDWAY)["title"] == ("ANNUAL SCRUTINY OF THE COMMUNITY SAFETY PARTNERSHIP, INCLUDING AN UPDATE ON "
                                       "THE COMMUNITY SAFETY PLAN 2020 TO 2024")


def test_bold_title_wrapped_over_two_lines_is_joined_without_markup():
    assert fields(SEVENOAKS_2024)["title"] == ("SEVENOAKS DISTRICT COMMUNITY SAFETY PARTNERSHIP STRATEGY & ACTION "
                                               "PLAN 2024-25")


def test_title_from_cover_sheet_title_row():
    assert fields(SPELTHORNE)["title"] == "Community Safety Partnership Plan & Priorities 2024-2026"


def test_title_from_first_short_line():
    assert fields(THANET)["title"] == "Annual Community Safety Briefing"


def test_minutes_title_is_the_item_with_its_pdf_icon_removed():
    out = fields("Agenda and minutes\n\n"
                 "Wealden Community Safety Partnership - Tuesday, 12th November, 2024 2.00 pm\n\n"
                 "Venue: Council Chamber\n\n"
                 "Draft Community Safety Plan 2025-2028 pdf icon PDF 310 KB\n\n"
                 "1. Priya Shah (Community Safety Manager) introduced the draft plan and explained how the "
                 "strategic assessment had shaped the proposed priorities.\n")
    assert out["title"] == "Draft Community Safety Plan 2025-2028"
    assert out["meeting_body"] == "Wealden Community Safety Partnership"
    assert out["meeting_date"] == "2024-11-12"
    assert out["author"] == "Priya Shah"                    # the officer presenting the item
    assert out["plan_period"] == {"start_year": 2025, "end_year": 2028}


def test_minutes_meeting_line_is_not_the_title():
    out = fields("Agenda and minutes\n\n"
                 "Wealden Community Safety Partnership - Tuesday, 12th November, 2024 2.00 pm\n\n"
                 "Draft Community Safety Plan 2025-2028\n\n"
                 "1. Priya Shah (Community Safety Manager) introduced the draft plan.\n")
    assert out["title"] == "Draft Community Safety Plan 2025-2028"


# ----- meeting --------------------------------------------------------------------------------

def test_meeting_body_and_date_from_committee_line_and_date_line():
    out = fields(MEDWAY)
    assert out["meeting_body"] == "REGENERATION, CULTURE, AND ENVIRONMENT OVERVIEW AND SCRUTINY COMMITTEE"
    assert out["meeting_date"] == "2020-12-03"


def test_meeting_year_is_inferred_from_another_header_date():
    out = fields(SEVENOAKS_2024)       # "– 5 March" with "Cabinet – 14 March 2024" below it
    assert out["meeting_body"] == "People and Places Advisory Committee"
    assert out["meeting_date"] == "2024-03-05"


def test_meeting_year_inferred_in_a_look_alike_header():
    out = fields("Safer Woking Partnership Annual Report\n\n"
                 "Overview and Scrutiny Committee – 9 June\n\n"
                 "Executive – 20 June 2022\n\n"
                 "Report Author: Priya Shah, Community Safety Officer\n")
    assert (out["meeting_body"], out["meeting_date"]) == ("Overview and Scrutiny Committee", "2022-06-09")


def test_first_meeting_named_wins_over_also_considered_by():
    out = fields(SEVENOAKS_2021)
    assert (out["meeting_body"], out["meeting_date"]) == ("Cabinet", "2021-07-08")


def test_body_wrapped_onto_date_line_with_ordinal_date():
    out = fields(THANET)
    assert (out["meeting_body"], out["meeting_date"]) == ("Overview & Scrutiny Panel", "2024-04-16")


def test_cover_sheet_without_a_meeting_gives_null_meeting():
    out = fields(SPELTHORNE)
    assert out["meeting_body"] is None and out["meeting_date"] is None


# ----- author ---------------------------------------------------------------------------------

def test_author_label_wins_over_report_from():
    assert fields(MEDWAY)["author"] == "James Brown"


def test_report_author_without_colon():
    assert fields(THANET)["author"] == "Jo-Anna Taylor"


def test_report_author_cover_sheet_row_drops_the_role():
    assert fields(SPELTHORNE)["author"] == "Will Jack"


def test_report_of_with_a_name_gives_the_name():
    assert fields(SEVENOAKS_2024)["author"] == "Sarah Robson"


def test_report_of_a_role_gives_the_person_who_signs_the_report():
    assert fields(SEVENOAKS_2021)["author"] == "Sarah Robson"


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_lead_officer_and_report_author_on_the_next_line(gap):
    out = fields("Maidstone Borough Council\n\n"
                 "Communities, Housing and Environment Committee\n\n"
                 "Tuesday 9 March 2021\n\n"
                 "Community Safety Partnership Plan 2021-22\n\n"
                 f"Lead Officer and Report Author{gap}"
                 "Priya Shah, Community Safety Officer\n\n"
                 "Classification\n\nPublic\n")
    assert out["author"] == "Priya Shah"
    assert out["title"] == "Community Safety Partnership Plan 2021-22"
    assert (out["meeting_body"], out["meeting_date"]) == ("Communities, Housing and Environment Committee",
                                                          "2021-03-09")


def test_no_author_named_gives_null():
    assert fields("Community Safety Update\n\nThis report updates Members on community safety.\n")["author"] is None


# ----- council and county ------------------------------------------------------------------------

@pytest.mark.parametrize("header, council, county", [
    (MEDWAY, "Medway Council", "Kent"),
    (SEVENOAKS_2024, "Sevenoaks District Council", "Kent"),
    (SEVENOAKS_2021, "Sevenoaks District Council", "Kent"),
    (SPELTHORNE, "Spelthorne Borough Council", "Surrey"),
    (THANET, "Thanet District Council", "Kent"),
])
def test_council_and_county_come_from_the_gazetteer(header, council, county):
    out = fields(header)
    assert (out["council"], out["county"]) == (council, county)


def test_district_named_in_header_beats_county_council_mentions():
    out = fields("Community Safety Partnership Plan 2024-25\n\n"
                 "Cabinet – 14 March 2024\n\n"
                 "1. The Crime & Disorder Act 1998 places a statutory responsibility on Sevenoaks District Council, "
                 "Kent County Council, Kent Fire & Rescue Service and Kent Police.\n\n"
                 "2. Kent County Council co-ordinates the Kent Community Safety Agreement.\n")
    assert (out["council"], out["county"]) == ("Sevenoaks District Council", "Kent")


def test_district_named_in_the_sevenoaks_paragraph_is_the_council():
    # corpus/docs/sevenoaks-2024-...txt, paragraph 1 (district and county both named once)
    out = fields("Introduction and Background\n\n"
                 "1. The Crime & Disorder Act 1998 places a statutory responsibility on Sevenoaks District Council, "
                 "Kent County Council, Kent Fire & Rescue Service, Health, Probation and Kent Police, together with "
                 "other key partners, to undertake an audit of crime and disorder in the District.\n")
    assert (out["council"], out["county"]) == ("Sevenoaks District Council", "Kent")


def test_surrey_district_gives_surrey():
    out = fields("Safer Woking Partnership Annual Report\n\n"
                 "Executive – 20 June 2022\n\n"
                 "This report sets out the work of the partnership on behalf of Woking Borough Council.\n")
    assert (out["council"], out["county"]) == ("Woking Borough Council", "Surrey")


def test_no_council_named_gives_null_council_and_county():
    out = fields("Community Safety Update\n\nThis report updates Members on community safety.\n")
    assert (out["council"], out["county"]) == (None, None)


# ----- plan period ----------------------------------------------------------------------------------

@pytest.mark.parametrize("title, period", [
    ("Community Safety Plan 2024/25", (2024, 2025)),
    ("Community Safety Partnership Strategy 2022 to 2025", (2022, 2025)),
    ("Community Safety Partnership Plan 2023-2026 Refresh", (2023, 2026)),
    ("Safer Dartford Partnership Plan 2020-23", (2020, 2023)),
    ("Community Safety Strategic Assessment 2023", (2023, 2023)),
])
def test_plan_period_from_the_title(title, period):
    out = fields(f"{title}\n\nCabinet – 14 March 2024\n\nReport of: Jane Doe, Head of Community Services\n")
    assert out["plan_period"] == {"start_year": period[0], "end_year": period[1]}


@pytest.mark.parametrize("header, period", [
    (MEDWAY, (2020, 2024)),             # "... PLAN 2020 TO 2024"
    (SEVENOAKS_2024, (2024, 2025)),
    (SEVENOAKS_2021, (2020, 2021)),
    (SPELTHORNE, (2024, 2026)),
])
def test_plan_period_of_corpus_headers(header, period):
    assert fields(header)["plan_period"] == {"start_year": period[0], "end_year": period[1]}


def test_briefing_without_a_plan_period_gives_null():
    assert fields(THANET)["plan_period"] is None


def test_form_labels_give_title_and_proposer():
    out = fields("Budget Amendment Form\n\nAmendment Name:\tExpansion of Community Wardens\tAmendment Number:\t6\n"
                 "Proposer:\tJane Doe\tSeconder:\tJohn Roe\n")
    assert out["title"] == "Expansion of Community Wardens"
    assert out["author"] == "Jane Doe"


def test_appendix_heading_is_a_title_not_a_label():
    out = fields("Appendix J: Budget Risks Register 2025-26\n\nDirectorate\tRisk Title\tLikelihood\n")
    assert out["title"] == "Appendix J: Budget Risks Register 2025-26"


def test_a_district_named_only_by_its_place_twice_is_the_council():
    out = fields("Public Spaces Protection Orders\n\nApproval was sought to renew the orders in Broxtowe.\n\n"
                 "The orders help to make Broxtowe a safe place for everyone.\n")
    assert (out["council"], out["county"]) == ("Broxtowe Borough Council", "Nottinghamshire")


def test_a_place_named_once_in_passing_or_on_a_commissioners_page_names_no_council():
    once = fields("Public Spaces Protection Orders\n\nThe orders were drafted with officers seconded from Broxtowe.\n")
    pcc = fields("Commissioner's grants\n\nThe Commissioner funds projects in Broxtowe. The PCC visited "
                 "Broxtowe in May.\n")
    assert (once["council"], pcc["council"]) == (None, None)


def test_two_places_named_as_often_name_no_council():
    out = fields("Shared CCTV service\n\nCameras in Broxtowe and Gedling. Staff in Broxtowe and Gedling.\n")
    assert out["council"] is None


def test_a_cover_sheets_meeting_row_gives_the_meeting():
    text = ("Issue - meetings\n\n| Meeting | 03/11/2021 - Safer Communities Committee (Item 7) |\n\n"
            "Community Safety Partnership annual report\n\nMembers considered the partnership's annual report.\n")
    out = fields(text)
    assert (out["meeting_body"], out["meeting_date"]) == ("Safer Communities Committee", "2021-11-03")


def test_a_meeting_row_marks_a_minutes_page_whose_resolution_lost_its_label():
    text = ("Issue - meetings\n\n| Meeting | 03/11/2021 - Safer Communities Committee (Item 7) |\n\n"
            "Public space CCTV\n\nMembers considered the report on new cameras. Following discussion it was\n\n"
            "(a) the upgrade of public space CCTV in the town centre be approved.\n")
    out = extract_checked(text)["decisions"]
    assert [(d["body"], d["outcome"]) for d in out] == [("Safer Communities Committee", "approved")]


def test_an_acronym_several_councils_share_names_no_council_alone():
    text = ("Central Area Committee\nMinutes\nCouncillor Jones, having allocated SCC locality funding towards the park "
            "project, declared an interest in item 9.\nCommunity safety update\nThe officer reported on ASB.\n")
    assert fields(text)["council"] is None


def test_a_council_named_once_in_passing_gives_way_to_the_place_the_page_is_about():
    text = ("Overview and Scrutiny Committee\nCommunity Safety Partnership update\n"
            "Community safety grants were awarded to groups in Eastbourne this year.\n"
            "Eastbourne's town centre saw fewer incidents of anti-social behaviour.\n"
            "Partners in Eastbourne ran a street safety week.\n"
            + "The partnership reviewed its action plan and the work of its delivery groups in detail. " * 8 + "\n"
            "Officers also attended a joint meeting of the Lewes District Community Safety Partnership.\n")
    assert fields(text)["council"] == "Eastbourne Borough Council"


@pytest.mark.parametrize("header, title", [
    # a site's navigation above the item, then the agenda link with its number and file size
    ("Council and democracy\nHome > Council and Democracy > Issue\n"
     "14 Ourtown Community Safety Plan Update PDF 38 KB\n", "Ourtown Community Safety Plan Update"),
    # the page's own heading, then a bulleted supporting paper: the paper's name is not the title
    ("Anti-social Behaviour Powers\n\n• Printed decision PDF 15 KB\n", "Anti-social Behaviour Powers"),
    ("Decision - Designating the use of Community Protection Notices\n", "Designating the use of Community Protection Notices"),
    ("Skip Content\n\nDecision 12-2019. Ourtown Community Safety Fund (application, 3MB)\n", "Ourtown Community Safety Fund"),
    ("Decisions published\n\n12/11/2020 - RENEWAL OF THE TOWN CENTRE AND RIVERSIDE PARK PUBLIC SPACES PROTECTION ORDERS "
     "ref: 611    For Determination\n\nDecision Maker: Community Safety Committee\n",
     "RENEWAL OF THE TOWN CENTRE AND RIVERSIDE PARK PUBLIC SPACES PROTECTION ORDERS"),
    ("48 Public Spaces Protection Order - Dogs (00-49-16) PDF 392 KB\n", "Public Spaces Protection Order - Dogs"),
    ("Council meetings\n\nIssue details\n\nOurtown Domestic Abuse Strategy\n", "Ourtown Domestic Abuse Strategy"),
    ("This site uses cookies\n\nNecessary Cookies\n\n01768 217734\n\nOurtown Community Safety Fund\n",
     "Ourtown Community Safety Fund"),
    ("Cookie Consent by Some Policy Generator menu close\n\nOurtown Safer Streets\n", "Ourtown Safer Streets"),
])
def test_a_title_without_the_page_around_it(header, title):
    text = header + "\nThe Cabinet considered a report on the partnership's work on anti-social behaviour.\n"
    assert fields(text)["title"] == title


@pytest.mark.parametrize("line", [
    "Members of the Cabinet raised and discussed the following points",  # leads into a list
    "We also work closely with a number of partner organisations including",  # stops mid-phrase
    "RESOLVED that",
    "Summary of Decision",
    "Welcome and Introductions",
    "The Committee considered the report on the partnership's performance",
    "6:50pm to 7.10pm",  # the item's time on the agenda
    "10.00 am",
])
def test_a_line_that_is_no_title_is_not_taken_for_one(line):
    text = f"{line}\n\nOurtown Community Safety Partnership update\n\nThe partnership met four times this year.\n"
    assert fields(text)["title"] == "Ourtown Community Safety Partnership update"


@pytest.mark.parametrize("line", ["Subject to Urgent Proceedings: No", "Title and Reference – PCC/D/111"])
def test_a_title_label_followed_by_a_lowercase_word_is_no_label(line):
    text = f"Ourtown Community Safety Fund Competition\n\n{line}\n\nThe partnership met four times this year.\n"
    assert fields(text)["title"] == "Ourtown Community Safety Fund Competition"


def test_a_page_heading_about_what_a_meeting_considered_is_still_a_title():
    text = "Matters considered by the Cabinet and/or Scrutiny Committee\n\nMinutes:\n\nIt was moved that the plan be adopted.\n"
    assert fields(text)["title"] == "Matters considered by the Cabinet and/or Scrutiny Committee"


def test_the_year_a_funding_decision_allocates_is_its_period():
    text = ("Community safety grants\n\nThe Commissioner approves the allocation of 2024/25 funding to the "
            "county's community safety partnerships.\n")
    assert fields(text)["plan_period"] == {"start_year": 2024, "end_year": 2025}


@pytest.mark.parametrize("ending", [
    "Alternative Options Considered\n\nNone were considered.\n",  # a section heading near the end
    "- Improving Public Confidence\n",  # the last item of a list
])
def test_a_short_heading_near_the_end_is_not_the_signatory(ending):
    text = "Report of the Head of Community Safety\n\nThe partnership met four times this year.\n\n" + ending
    assert fields(text)["author"] is None


def test_the_signatory_is_a_name_line_above_a_role_line():
    text = ("Report of the Head of Community Safety\n\nThe partnership met four times this year.\n\n"
            "Priya Shah\n\nHead of Community Safety\n")
    assert fields(text)["author"] == "Priya Shah"


@pytest.mark.parametrize("opening", ["In April", "During March", "Following May"])
def test_a_sentence_opening_on_a_month_before_introduced_names_no_one(opening):
    text = f"Crime and Disorder Scrutiny\n\nMinutes:\n\n{opening} 2021 a statutory duty was introduced for refuges.\n"
    assert fields(text)["author"] is None


def test_a_portfolio_named_before_introduced_is_not_a_person():
    text = ("Domestic abuse grant\n\nMinutes:\n\nThe Cabinet Member for Public Health, Leisure, Facilities Management "
            "and Operational Assets introduced the report.\n")
    assert fields(text)["author"] is None


@pytest.mark.parametrize("sentence, council", [
    ("The CSP in Rochford meets four times a year.", "Rochford District Council"),
    ("Officers presented Tendring's Community Safety Plan for the year.", "Tendring District Council"),
    ("The strategy aims to make Broxtowe a safe place for everyone.", "Broxtowe Borough Council"),
])
def test_the_one_place_a_page_names_as_its_own_gives_the_council(sentence, council):
    assert fields(f"Community safety update\n\n{sentence}\n")["council"] == council


@pytest.mark.parametrize("sentence", [
    "The control room will move to the Milton Keynes hub next year.",  # a place in passing
    "Volunteers from the London Fire Brigade joined the patrols.",  # part of another body's name
    "The project with West Oxfordshire runs until March 2025.",
])
def test_a_place_named_once_in_passing_gives_no_council(sentence):
    assert fields(f"Community safety update\n\n{sentence}\n")["council"] is None


COMMISSIONER_PAGE = ("Community grants\n\nThe Commissioner has awarded grants to twelve projects across Surrey. "
                     "The PCC said the projects would help Surrey's young people stay safe.\n")


def test_a_commissioners_page_naming_one_force_area_is_that_commissioners():
    out = fields(COMMISSIONER_PAGE)
    assert (out["council"], out["county"]) == ("Police and Crime Commissioner for Surrey", "Surrey")


@pytest.mark.parametrize("change", [
    ("across Surrey", "across Surrey and Sussex"),  # two force areas
    ("Community grants\n\n", "Agenda item\n\nCommunity grants\n\n"),  # a council's meeting about the PCC
    ("help Surrey's young people", "help young people"),  # the area named once
])
def test_a_page_about_a_commissioner_with_two_areas_or_a_council_voice_names_none(change):
    assert fields(COMMISSIONER_PAGE.replace(*change))["council"] is None


def test_of_two_commissioners_of_one_area_the_page_names_which():
    text = COMMISSIONER_PAGE.replace("across Surrey", "across Cumbria").replace("help Surrey's", "help Cumbria's")
    assert fields(text)["council"] == "Police and Crime Commissioner for Cumbria"
    assert fields(text.replace("The PCC said", "The Police, Fire and Crime Commissioner said"))["council"] == \
        "Police, Fire and Crime Commissioner for Cumbria"


PARTNER_PAPER = ("Community safety update\n\nThe Police and Crime Commissioner for West Mercia has funded three "
                 "projects in Redditch this year. The West Mercia PCC also paid for CCTV across Redditch, and the "
                 "Police and Crime Commissioner for West Mercia will review the grants.\n")


def test_a_district_paper_about_its_commissioners_money_is_the_districts():
    assert fields(PARTNER_PAPER)["council"] == "Redditch Borough Council"


def test_a_councils_minutes_naming_its_commissioner_and_no_place_of_its_own_name_no_council():
    text = ("Minutes:\n\nThe Cabinet received the community safety update. MOPAC has funded three projects and "
            "MOPAC will review the grants. Councillor Jones asked how MOPAC chooses the projects.\n")
    out = fields(text)
    assert (out["council"], out["county"]) == (None, "Greater London")


def test_a_commissioners_page_naming_councillors_as_grant_holders_stays_the_commissioners():
    text = ("The Commissioner's Grant Scheme\n\nThe Police and Crime Commissioner for West Mercia offers councillors "
            "grants. Upper Tier Local Authority Councillors may apply to the Police and Crime Commissioner for West Mercia.\n")
    assert fields(text)["council"] == "Police and Crime Commissioner for West Mercia"


def test_a_commissioners_decision_page_stays_the_commissioners():
    text = "Decision Summary\n\n" + PARTNER_PAPER.replace("Community safety update\n\n", "")
    assert fields(text)["council"] == "Police and Crime Commissioner for West Mercia"


def test_a_title_over_a_line_of_its_years_takes_them():
    out = fields("Ourtown Community Safety Strategy\n\n2023 – 2026\n\nThe partnership's plan for three years.\n")
    assert out["title"] == "Ourtown Community Safety Strategy 2023 – 2026"
    assert out["plan_period"] == {"start_year": 2023, "end_year": 2026}
