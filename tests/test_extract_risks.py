"""Risks through extract_text(): risk tables mapped by their header row; checklists and advice left out.

Snippets are quoted from corpus/docs (Medway, Sevenoaks, Thanet) or are look-alikes of ModernGov tables.
"""
from __future__ import annotations

from extractor.extract.risks import header_columns

from extractor.core import extract_document
from extractor.read.text import parse_text

from .helpers import extract_checked

extract = extract_checked


def fields(item: dict) -> tuple:
    return item["risk"], item["description"], item["mitigation"], item["rating"]


MEDWAY = """4. Risk management

4.1 There are reputational, environmental, economical and legal risks to the Council for not pro-actively pursuing an improvement in crime and disorder levels.

Risk\tDescription\tAction to avoid or mitigate risk\tRisk rating
Decreased Agency "buy in"\tChanges in leadership, staffing or resources could reduce the involvement of key agencies\tEnsure that agencies are aware of the impact of disengagement upon their own service delivery/performance. Ensure that strategic members of the CSP are made aware of any situation as it arises.\tE2
A wide range of CSP objectives\tMeans that the CSP may be spread too thin and not have the resources to deal with all aspects so there may be gaps in service.\tPrioritisation based on strategic assessment\tE2
Legislation\tGovernment guidance could change focus for CSP.\tCSP to ensure that it effectively horizon scans to be aware of impending legislative changes.\tD3
Police and Crime Commissioner (PCC) plans\tChanges in the PCC's Police and Crime Plan.\tContinued engagement with the PCC.\tD3

5. Consultation

5.1 The CSP is required to consult with a wide variety of stakeholders.
"""


def test_risk_table_header_maps_risk_description_action_and_rating_columns():
    out = extract(MEDWAY)
    assert [fields(r) for r in out["risks"]] == [
        ('Decreased Agency "buy in"',
         "Changes in leadership, staffing or resources could reduce the involvement of key agencies",
         "Ensure that agencies are aware of the impact of disengagement upon their own service delivery/"
         "performance. Ensure that strategic members of the CSP are made aware of any situation as it arises.",
         "E2"),
        ("A wide range of CSP objectives",
         "Means that the CSP may be spread too thin and not have the resources to deal with all aspects so "
         "there may be gaps in service.",
         "Prioritisation based on strategic assessment", "E2"),
        ("Legislation", "Government guidance could change focus for CSP.",
         "CSP to ensure that it effectively horizon scans to be aware of impending legislative changes.", "D3"),
        ("Police and Crime Commissioner (PCC) plans", "Changes in the PCC's Police and Crime Plan.",
         "Continued engagement with the PCC.", "D3"),
    ]


def test_header_row_is_not_itself_a_risk():
    risks = [r["risk"] for r in extract(MEDWAY)["risks"]]
    assert "Risk" not in risks


def test_risk_quote_is_the_whole_row():
    doc = parse_text(MEDWAY)
    item = extract_document(doc)["risks"][2]
    assert item["quote"] == ("Legislation\tGovernment guidance could change focus for CSP.\tCSP to ensure that it "
                             "effectively horizon scans to be aware of impending legislative changes.\tD3")


def test_header_columns_of_the_medway_table():
    cols = header_columns(["Risk", "Description", "Action to avoid or mitigate risk", "Risk rating"])
    assert (cols.risk, cols.description, cols.mitigation, cols.rating) == (0, 1, 2, 3)


def test_header_columns_reject_a_checklist_row():
    assert header_columns(["Risk comments", "Yes", "04/11/25"]) is None
    assert header_columns(["Sign-off", "Completed", "Date"]) is None


def test_two_column_risk_description_and_mitigation_table_with_p_markup():
    # corpus/docs/sevenoaks-2024-...txt
    out = extract("The following key risks should be taken into account when agreeing the recommendations in "
                  "this report:\n\n"
                  "Risk description\tMitigation\n"
                  "The Community Safety Strategy fails to deliver its priorities.\t<p>The actions in the strategy "
                  "were identified and formulated through consultation with the appropriate Portfolio Holder and "
                  "relevant stakeholders, together with the production of a strategic assessment.</p> "
                  "<p>Delivery against the Community Safety Strategy is routinely reviewed.</p>\n"
                  "Failing to meet the legal requirement of producing a Community Safety Strategy\tProducing a "
                  "Community Safety Strategy is a legal requirement under The Crime and Disorder Act 1998 for all "
                  "Community Safety Partnerships.\n")
    assert [fields(r) for r in out["risks"]] == [
        ("The Community Safety Strategy fails to deliver its priorities.", None,
         "The actions in the strategy were identified and formulated through consultation with the appropriate "
         "Portfolio Holder and relevant stakeholders, together with the production of a strategic assessment. "
         "Delivery against the Community Safety Strategy is routinely reviewed.", None),
        ("Failing to meet the legal requirement of producing a Community Safety Strategy", None,
         "Producing a Community Safety Strategy is a legal requirement under The Crime and Disorder Act 1998 for "
         "all Community Safety Partnerships.", None),
    ]
    assert all("<p>" not in r["mitigation"] for r in out["risks"])


def test_pipe_risk_table_with_rows_split_by_empty_cells():
    out = extract("Risk |\n"
                  "Mitigation |\n"
                  "Rating |\n"
                  "|\n"
                  "Reduction in PCC funding for the partnership |\n"
                  "<p>Bid for alternative funding streams.</p> |\n"
                  "Medium |\n"
                  "|\n"
                  "Loss of key staff |\n"
                  "Cross-training within the team |\n"
                  "Low |\n"
                  "|\n")
    assert [fields(r) for r in out["risks"]] == [
        ("Reduction in PCC funding for the partnership", None, "Bid for alternative funding streams.", "Medium"),
        ("Loss of key staff", None, "Cross-training within the team", "Low"),
    ]


def test_report_checklist_table_gives_no_risks():
    # look-alike of a ModernGov sign-off checklist ("Risk comments | Yes | 04/11/25")
    out = extract("Report checklist\n\n"
                  "Item |\n"
                  "Completed |\n"
                  "Date |\n"
                  "|\n"
                  "Finance comments (sent to the Finance team) |\n"
                  "Yes |\n"
                  "01/11/25 |\n"
                  "|\n"
                  "Risk comments (sent to the Risk Officer) |\n"
                  "Yes |\n"
                  "04/11/25 |\n"
                  "|\n"
                  "Legal comments (sent to Legal Services) |\n"
                  "No |\n"
                  "|\n")
    assert out["risks"] == []


def test_tab_checklist_table_gives_no_risks():
    out = extract("Sign-off\tCompleted\tDate\n"
                  "Risk comments\tYes\t04/11/25\n"
                  "Legal comments\tYes\t17/10/25\n")
    assert out["risks"] == []


def test_generic_risk_management_advice_names_no_risk():
    # corpus/docs/thanet-...txt
    out = extract("Risk Management:\n\n"
                  "- Risk Assessment: Local authorities should conduct risk assessments related to crime and "
                  "disorder in their communities. This informs the strategic assessment and helps identify areas "
                  "of concern.\n"
                  "- Mitigation Strategies: Authorities need to develop risk mitigation strategies within the CSP "
                  "plan. These may include targeted interventions, community engagement, and collaboration with "
                  "other agencies.\n")
    assert out["risks"] == []


def test_table_that_is_not_a_risk_table_gives_no_risks():
    out = extract("Crime type\t2022-23\t2023-24\n"
                  "Burglary\t312\t287\n"
                  "Shoplifting\t540\t611\n")
    assert out["risks"] == []


def test_risk_table_on_page_two_gives_page_two():
    doc = parse_text("Summary\n\nThe report sets out the plan.\n\f" + MEDWAY.split("\n\n", 2)[2])
    risks = extract_document(doc)["risks"]
    assert len(risks) == 4 and {r["page"] for r in risks} == {2}



def test_rating_key_table_after_a_blank_line_is_not_more_risks():
    out = extract("Risk\tMitigation\tRating\n"
                  "Loss of PCC funding for the partnership\tBid for other grants\tHigh\n"
                  "\n"
                  "Rating\tMeaning\n"
                  "High\tLikely to happen with a serious impact\n"
                  "Low\tUnlikely to happen\n")
    assert [r["risk"] for r in out["risks"]] == ["Loss of PCC funding for the partnership"]
