"""Tests for the plain-text reader (extractor.read.text + read.layout).

Snippets are copied from corpus/docs/*.txt (the five reports that may be quoted) or are
look-alikes written in the style of ModernGov reports and minutes.  Every test also checks
the reader's promise that a block's span quotes the file's own words.
"""
from __future__ import annotations

import re

import pytest

from extractor.document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Document
from extractor.errors import CorruptFileError, EmptyFileError
from extractor.read.layout import fold
from extractor.read.text import parse_text, read_text

_TAGS = re.compile(r"</?p\s*>", re.I)


def read(text: str) -> Document:
    """parse_text, then check every block's span against its text."""
    doc = parse_text(text, source="snippet.txt")
    assert_spans_quote_text(doc)
    return doc


def assert_spans_quote_text(doc: Document) -> None:
    for b in doc.blocks:
        assert 0 <= b.start <= b.end <= len(doc.text)
        assert b.page == doc.page_of(b.start)
        if b.kind == TABLE_ROW:
            for cell in b.cells:
                assert fold(_TAGS.sub(" ", doc.text[cell.start:cell.end])) == cell.text, cell
        else:
            assert fold(doc.text[b.start:b.end].replace("**", "")) == b.text, b


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


# ----- list markers ---------------------------------------------------------------------

def test_dash_number_marker_from_medway_report_is_a_list_item():
    doc = read("- 1.2 CSPs are able to work in partnership with any other agencies or bodies that "
               "they feel would contribute to community safety\n"
               "- 1.3 Although the Police and Crime Commissioner is not a responsible authority on the "
               "CSP, there is a mutual duty to take account of each other's priorities and to co-operate.\n")
    assert [b.kind for b in doc.blocks] == [LIST_ITEM, LIST_ITEM]
    assert [b.marker for b in doc.blocks] == ["- 1.2", "- 1.3"]
    assert doc.blocks[0].text.startswith("CSPs are able")
    assert doc.blocks[1].text.endswith("to co-operate.")


@pytest.mark.parametrize("line, marker, text", [
    ("• Strengthening communities", "•", "Strengthening communities"),
    ("· Reducing re-offending", "·", "Reducing re-offending"),
    ("1. Serious and Acquisitive Crime", "1.", "Serious and Acquisitive Crime"),
    ("a) Consider and comment on the proposed changes.", "a)", "Consider and comment on the proposed changes."),
    ("(iv)Agreed the priorities for 2024/25.", "(iv)", "Agreed the priorities for 2024/25."),
    ("o Tackling the harm caused by substance misuse", "o", "Tackling the harm caused by substance misuse"),
    ("- Kent Police", "-", "Kent Police"),
    ("B. Delegate authority to the Director", "B.", "Delegate authority to the Director"),
    ("Ø  £7,200 for a street outreach worker", "Ø", "£7,200 for a street outreach worker"),  # Wingdings arrow, font lost
    ("➢ Reducing reoffending", "➢", "Reducing reoffending"),
    ("8.1 The Committee is requested to note the findings", "8.1", "The Committee is requested to note the findings"),
])
def test_list_markers_are_split_from_item_text(line, marker, text):
    doc = read(line + "\n")
    assert len(doc.blocks) == 1
    block = doc.blocks[0]
    assert block.kind == LIST_ITEM
    assert block.marker == marker
    assert block.text == text
    assert doc.text[block.start:block.end] == text  # the span starts after the marker


def test_nesting_level_comes_from_indentation():
    doc = read("- 1.1 CSPs were set up under Sections 5-7 of the Crime and Disorder Act 1998. "
               "For Medway these are:\n"
               " - Medway Council\n"
               " - Kent Police\n"
               "- 1.2 CSPs are able to work in partnership\n")
    assert [(b.text, b.level) for b in doc.blocks] == [
        ("CSPs were set up under Sections 5-7 of the Crime and Disorder Act 1998. For Medway these are:", 0),
        ("Medway Council", 1),
        ("Kent Police", 1),
        ("CSPs are able to work in partnership", 0),
    ]


def test_deeper_indentation_gives_a_deeper_level():
    doc = read("The priorities are:\n"
               " 1. Serious Violence\n"
               " 2. Anti-Social Behaviour\n"
               "     a) Environmental crime\n"
               "     b) Fly-tipping\n"
               " 3. Business Crime\n")
    items = [b for b in doc.blocks if b.kind == LIST_ITEM]
    levels = {b.text: b.level for b in items}
    assert levels["Serious Violence"] == levels["Business Crime"]
    assert levels["Environmental crime"] == levels["Fly-tipping"] > levels["Serious Violence"]


def test_numbered_ranked_list_from_sevenoaks_report_keeps_numbers_as_markers():
    doc = read("2. The Strategic Assessment for Sevenoaks District was undertaken in December 2023. "
               "As a result, the seven priorities, as ranked in the Strategic Assessment, are:\n"
               " 1. Serious and Acquisitive Crime including Crime Trends and Serious Violence Duty\n"
               " 2. Anti-Social Behaviour including Environmental Crime\n"
               " 3. Domestic Abuse including Stalking and Harassment\n"
               "3. The draft 2024-25 Sevenoaks District Community Safety Strategy and Action Plan is "
               "attached as Appendix A.\n")
    assert [(b.marker, b.level) for b in doc.blocks] == [("2.", 0), ("1.", 1), ("2.", 1), ("3.", 1), ("3.", 0)]
    assert doc.blocks[2].text == "Anti-Social Behaviour including Environmental Crime"


def test_money_and_dates_at_line_start_are_not_list_markers():
    doc = read("14/10/25 |\n")  # a checklist date, not item 10
    assert all(b.marker is None for b in doc.blocks)


# ----- wrapped lines ---------------------------------------------------------------------

def test_hard_wrapped_sentence_is_joined_into_one_block():
    doc = read("The partnership works closely with\n"
               "Kent Police and the Kent Fire and Rescue Service to reduce\n"
               "crime and disorder in the district.\n")
    assert kinds(doc) == [(PARAGRAPH, "The partnership works closely with Kent Police and the Kent Fire and "
                                      "Rescue Service to reduce crime and disorder in the district.")]


def test_wrap_across_one_blank_line_joins_when_next_line_is_lower_case():
    # corpus/docs/medway-...txt, 5.1: the PDF put a blank line inside the sentence
    doc = read("5.1 The CSP is required to consult with a wide variety of stakeholders in putting\n"
               "\n"
               "together the annual strategic assessment.\n")
    assert len(doc.blocks) == 1
    assert doc.blocks[0].marker == "5.1"
    assert doc.blocks[0].text == ("The CSP is required to consult with a wide variety of stakeholders in "
                                  "putting together the annual strategic assessment.")


def test_wrap_across_one_blank_line_joins_when_next_line_starts_with_ampersand():
    # corpus/docs/thanet-...txt: "Overview" / "& Scrutiny Panel ..." is one line in the PDF
    doc = read("The report was considered by the Overview\n\n& Scrutiny Panel in April.\n")
    assert kinds(doc) == [(PARAGRAPH, "The report was considered by the Overview & Scrutiny Panel in April.")]


def test_complete_sentences_separated_by_blank_line_stay_apart():
    doc = read("The Action Plan is a multi-agency document.\n\nIt is monitored on a quarterly basis.\n")
    assert [b.text for b in doc.blocks] == ["The Action Plan is a multi-agency document.",
                                            "It is monitored on a quarterly basis."]


def test_capitalised_line_after_blank_line_starts_a_new_block():
    doc = read("The CSP is required to consult with a wide variety of stakeholders\n\n"
               "Plans for this financial year's event are being discussed.\n")
    assert len(doc.blocks) == 2


def test_two_blank_lines_end_a_wrapped_sentence():
    doc = read("The plan was agreed by the partnership and\n\n\nthe council in April.\n")
    assert len(doc.blocks) == 2


def test_wrapped_list_item_continues_on_the_next_line():
    doc = read("- To create a thriving place: Collaborating with our partners, we work diligently\n"
               " to provide a range of community safety initiatives throughout the district.\n"
               "- To work efficiently for you.\n")
    assert [b.kind for b in doc.blocks] == [LIST_ITEM, LIST_ITEM]
    assert doc.blocks[0].text.endswith("we work diligently to provide a range of community safety "
                                       "initiatives throughout the district.")


# ----- pipe tables -----------------------------------------------------------------------

SPELTHORNE_COVER = """Title |
Community Safety Partnership Plan & Priorities 2024-2026 |
Purpose of the report |
To approve |
Report Author |
Will Jack – Community Safety Manager |
Ward(s) Affected |
All Wards
|
Exempt |
No |
Recommendations
|
Committee is asked to:
1. Note the Report; and 2. Approve the Community Safety Partnership Plan and Priorities 2024-26
|
Reason for Recommendation |
Approval of the new Community Safety Partnership plan and Priorities is required. |
1. Summary of the report
"""


def test_pipe_table_cells_pair_up_as_label_value_rows():
    doc = read(SPELTHORNE_COVER)
    rows = [[c.text for c in b.cells] for b in doc.blocks if b.kind == TABLE_ROW]
    assert rows[0] == ["Title", "Community Safety Partnership Plan & Priorities 2024-2026"]
    assert rows[1] == ["Purpose of the report", "To approve"]
    assert rows[2] == ["Report Author", "Will Jack – Community Safety Manager"]
    assert ["Exempt", "No"] in rows


def test_lone_pipe_closes_a_multi_line_cell():
    doc = read(SPELTHORNE_COVER)
    rows = {b.cells[0].text: b.cells[1] for b in doc.blocks if b.kind == TABLE_ROW}
    assert rows["Ward(s) Affected"].text == "All Wards"
    cell = rows["Recommendations"]
    assert cell.text == ("Committee is asked to: 1. Note the Report; and 2. Approve the Community Safety "
                         "Partnership Plan and Priorities 2024-26")
    raw = doc.text[cell.start:cell.end]
    assert raw.startswith("Committee is asked to:\n1. Note") and "|" not in raw


def test_pipe_table_ends_at_the_first_line_without_a_pipe():
    doc = read(SPELTHORNE_COVER)
    last = doc.blocks[-1]
    assert last.kind == LIST_ITEM and last.text == "Summary of the report"
    assert sum(b.kind == TABLE_ROW for b in doc.blocks) == 7


def test_empty_pipe_cells_split_checklist_rows():
    # look-alike of a ModernGov report checklist: each row closed by an empty cell
    doc = read("Sign-off |\n"
               "Completed |\n"
               "Date |\n"
               "|\n"
               "Finance comments |\n"
               "Yes |\n"
               "01/11/25 |\n"
               "|\n"
               "Risk comments |\n"
               "Yes |\n"
               "04/11/25 |\n"
               "|\n"
               "HR comments (where relevant) |\n"
               "N/A |\n"
               "|\n")
    rows = [[c.text for c in b.cells] for b in doc.blocks]
    assert all(b.kind == TABLE_ROW for b in doc.blocks)
    assert rows == [["Sign-off", "Completed", "Date"],
                    ["Finance comments", "Yes", "01/11/25"],
                    ["Risk comments", "Yes", "04/11/25"],
                    ["HR comments (where relevant)", "N/A"]]


def test_single_pipe_line_is_not_a_table():
    doc = read("Background papers: None |\n\nThe report was noted.\n")
    assert not any(b.kind == TABLE_ROW for b in doc.blocks)


# ----- tab-separated tables -----------------------------------------------------------------

MEDWAY_RISKS = (
    "Risk\tDescription\tAction to avoid or mitigate risk\tRisk rating\n"
    "Legislation\tGovernment guidance could change focus for CSP.\tCSP to ensure that it effectively "
    "horizon scans to be aware of impending legislative changes.\tD3\n"
    "Police and Crime Commissioner (PCC) plans\tChanges in the PCC's Police and Crime Plan.\t"
    "Continued engagement with the PCC.\tD3\n"
)


def test_tab_separated_lines_become_table_rows_with_cells():
    doc = read(MEDWAY_RISKS)
    assert [b.kind for b in doc.blocks] == [TABLE_ROW] * 3
    assert [c.text for c in doc.blocks[0].cells] == ["Risk", "Description", "Action to avoid or mitigate risk",
                                                     "Risk rating"]
    assert [c.text for c in doc.blocks[2].cells] == [
        "Police and Crime Commissioner (PCC) plans", "Changes in the PCC's Police and Crime Plan.",
        "Continued engagement with the PCC.", "D3"]


def test_tab_cell_spans_give_their_text():
    doc = read("Some introduction.\n\n" + MEDWAY_RISKS)
    for block in doc.blocks:
        if block.kind == TABLE_ROW:
            assert block.start == block.cells[0].start and block.end == block.cells[-1].end
            for cell in block.cells:
                assert doc.text[cell.start:cell.end] == cell.text
                assert "\t" not in cell.text


def test_p_markup_inside_cells_is_removed_from_cell_text():
    # corpus/docs/sevenoaks-2024-...txt: the mitigation column holds <p> paragraphs
    doc = read("Risk description\tMitigation\n"
               "The Community Safety Strategy fails to deliver its priorities.\t<p>The actions in the "
               "strategy were identified through consultation.</p> <p>Delivery against the Community "
               "Safety Strategy is routinely reviewed.</p>\n")
    cell = doc.blocks[1].cells[1]
    assert cell.text == ("The actions in the strategy were identified through consultation. Delivery against "
                         "the Community Safety Strategy is routinely reviewed.")
    assert "<p>" in doc.text[cell.start:cell.end]  # the span still quotes the file


# ----- headings ------------------------------------------------------------------------------

def test_markdown_bold_title_over_two_lines_is_one_bold_heading():
    doc = read("**SEVENOAKS DISTRICT COMMUNITY SAFETY PARTNERSHIP STRATEGY &\n"
               "ACTION PLAN 2024-25**\n"
               "People and Places Advisory Committee – 5 March\n\n"
               "Report of: Sarah Robson, Chief Officer People & Places & Deputy Chief Executive\n")
    first = doc.blocks[0]
    assert first.kind == HEADING and first.bold
    assert first.text == "SEVENOAKS DISTRICT COMMUNITY SAFETY PARTNERSHIP STRATEGY & ACTION PLAN 2024-25"
    assert doc.blocks[1].text == "People and Places Advisory Committee – 5 March"


def test_all_caps_line_is_a_heading_even_without_a_blank_line():
    doc = read("FINANCIAL IMPLICATIONS\nThere are no direct financial implications arising from this report.\n")
    assert kinds(doc) == [(HEADING, "FINANCIAL IMPLICATIONS"),
                          (PARAGRAPH, "There are no direct financial implications arising from this report.")]


def test_short_line_followed_by_blank_line_is_a_heading():
    doc = read("Summary\n\nCommunity Safety Partnerships (CSPs) are under a duty to produce a Community "
               "Safety Plan.\n\nBackground papers\n\nNone.\n")
    assert kinds(doc) == [
        (HEADING, "Summary"),
        (PARAGRAPH, "Community Safety Partnerships (CSPs) are under a duty to produce a Community Safety Plan."),
        (HEADING, "Background papers"),
        (PARAGRAPH, "None."),
    ]


def test_label_with_value_and_sentences_are_not_headings():
    doc = read("Report of: Chief Officer People & Places\n\n"
               "Status: For Information\n\n"
               "There are no direct legal implications arising from this report.\n\n"
               "this line starts lower case\n")
    assert all(b.kind != HEADING for b in doc.blocks), kinds(doc)


def test_line_ending_with_colon_is_a_heading():
    doc = read("Recommendation(s):\nMembers of the Crime and Disorder Committee are asked to note the plan.\n")
    assert doc.blocks[0].kind == HEADING and doc.blocks[0].text == "Recommendation(s):"


# ----- pages -------------------------------------------------------------------------------

def test_form_feed_starts_page_two():
    doc = read("Summary\n\nThe report provides an update.\n\f7. Legal implications\n\n"
               "- 7.1 There are no direct legal implications arising from this report.\n")
    assert doc.pages == 2
    pages = {b.text: b.page for b in doc.blocks}
    assert pages["Summary"] == 1 and pages["The report provides an update."] == 1
    assert pages["Legal implications"] == 2
    assert pages["There are no direct legal implications arising from this report."] == 2
    ff = doc.text.index("\f")
    assert doc.page_of(0) == 1 and doc.page_of(ff) == 1 and doc.page_of(ff + 1) == 2


def test_page_of_counts_every_form_feed():
    doc = parse_text("one\ftwo\f\fthree")
    assert doc.pages == 4
    assert [doc.page_of(doc.text.index(w)) for w in ("one", "two", "three")] == [1, 2, 4]


def test_block_after_a_page_break_heading_is_on_the_new_page():
    doc = read("3.4 The partnership held six meetings in the year.\n\fAppendices\n\n"
               "Appendix 1 - Strategic Assessment 2020\n")
    assert [(b.text, b.page) for b in doc.blocks] == [
        ("The partnership held six meetings in the year.", 1),
        ("Appendices", 2),
        ("Appendix 1 - Strategic Assessment 2020", 2),
    ]


def test_windows_line_endings_are_normalised():
    doc = read("Summary\r\n\r\nThe report was noted.\r\n")
    assert "\r" not in doc.text
    assert kinds(doc) == [(HEADING, "Summary"), (PARAGRAPH, "The report was noted.")]


# ----- files: encodings and bad input --------------------------------------------------------

def test_cp1252_file_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("Cabinet \u2013 8 July 2021\n\nThe Council\u2019s grant was \u00a33,000.\n".encode("cp1252"))
    doc = read_text(path)
    assert "Cabinet \u2013 8 July 2021" in doc.text
    assert "The Council\u2019s grant was \u00a33,000." in doc.text
    assert len(doc.warnings) == 1 and "cp1252" in doc.warnings[0] and "report.txt" in doc.warnings[0]
    assert_spans_quote_text(doc)


def test_utf8_file_with_bom_reads_without_warning(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("\ufeffSummary\n\nThe grant was \u00a3106,460.\n".encode("utf-8"))
    doc = read_text(path)
    assert doc.warnings == []
    assert doc.text.startswith("Summary")


@pytest.mark.parametrize("junk", [
    b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 200,          # a .docx renamed .txt
    bytes(range(256)) * 8,
    b"\x1b\x02\x03\x04\x05\x06\x07\x08" * 100,
])
def test_binary_junk_raises_corrupt_file_error(tmp_path, junk):
    path = tmp_path / "report.txt"
    path.write_bytes(junk)
    with pytest.raises(CorruptFileError) as err:
        read_text(path)
    assert "report.txt" in str(err.value)


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"])
def test_empty_file_raises_empty_file_error(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyFileError) as err:
        read_text(path)
    assert "empty.txt" in str(err.value)


# ----- the five corpus reports ----------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "medway-2020-12-03-csp-annual-scrutiny.txt",
    "sevenoaks-2021-07-08-csp-annual-report-2020-21.txt",
    "sevenoaks-2024-03-05-csp-strategy-action-plan-2024-25.txt",
    "spelthorne-2024-csp-plan-priorities-2024-26.txt",
    "thanet-2024-04-16-annual-community-safety-briefing.txt",
])
def test_every_block_of_a_corpus_report_quotes_its_text(name):
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "corpus" / "docs" / name
    doc = read_text(path)
    assert doc.blocks and doc.warnings == []
    assert_spans_quote_text(doc)


def test_one_cp1252_byte_in_a_utf8_file_keeps_the_rest_utf8():
    """Regression: one stray cp1252 '£' re-decoded the whole file, so '£106,460' elsewhere became
    'Â£106,460' and its funding item was lost."""
    from extractor.read.text import decode

    data = "Budget: £106,460 for CCTV.\nStray: ".encode("utf-8") + b"\xa35,000\n" + "Café\n".encode("utf-8")
    text, warnings = decode(data, "mixed.txt")
    assert text == "Budget: £106,460 for CCTV.\nStray: £5,000\nCafé\n"
    assert warnings and "1 byte not valid UTF-8" in warnings[0]


def test_utf16_text_with_a_byte_order_mark_is_text():
    from extractor.read.text import decode

    assert decode("Community safety £5".encode("utf-16"), "u.txt") == ("Community safety £5", [])


def test_a_capital_o_slash_word_at_line_start_is_not_a_bullet():
    doc = read("Østergaard reported on the night-time economy.\n")
    assert [b.kind for b in doc.blocks] != [LIST_ITEM]


def test_lines_split_by_pipes_into_equal_cells_are_one_table():
    doc = parse_text("Priorities\nPriority | Lead agency\n---|---\nDomestic abuse | Council\nSerious violence | Police\n"
                     "After the table.\n")
    rows = [b for b in doc.blocks if b.kind == TABLE_ROW]
    assert [[c.text for c in r.cells] for r in rows] == [
        ["Priority", "Lead agency"], ["Domestic abuse", "Council"], ["Serious violence", "Police"]]
    assert len({r.table for r in rows}) == 1
    assert doc.text[rows[1].cells[0].start:rows[1].cells[0].end] == "Domestic abuse"


def test_a_single_line_with_a_pipe_or_ragged_pipe_lines_stay_paragraphs():
    doc = parse_text("Home | News\nThe plan | 2024 | draft\nA paragraph follows.\n")
    assert TABLE_ROW not in {b.kind for b in doc.blocks}


def test_a_marker_alone_on_its_line_opens_the_item_on_the_next_lines():
    doc = parse_text("The priorities for 2019/20 were:\n-\nAnti-social\nbehaviour with a focus on youth nuisance;\n-\n"
                     "Domestic Abuse;\n-\nRobbery.\nIt was confirmed that these linked with the Police and Crime Plan.\n")
    items = [(b.marker, b.text) for b in doc.blocks if b.kind == LIST_ITEM]
    assert items == [("-", "Anti-social behaviour with a focus on youth nuisance;"), ("-", "Domestic Abuse;"),
                     ("-", "Robbery.")]


def test_a_lone_dash_over_a_title_is_debris_not_a_list_item():
    doc = parse_text("-\nLocal partnerships work together to keep the town safe\nPublished 26/07/2022\n")
    assert LIST_ITEM not in {b.kind for b in doc.blocks}


def test_a_bracketed_line_after_a_blank_line_opens_a_paragraph_of_its_own():
    doc = read("Agenda item\n\nStreet Lighting and CCTV - Strategic Direction\n\n"
               "(Community Safety Portfolio Holder) To consider the attached report.\n")
    assert [b.text for b in doc.blocks][1:] == ["Street Lighting and CCTV - Strategic Direction",
                                                "(Community Safety Portfolio Holder) To consider the attached report."]


def test_a_bracketed_line_with_no_blank_line_before_it_continues_the_sentence():
    doc = read("The partnership will fund two wardens\n(subject to the budget) from April.\n")
    assert [b.text for b in doc.blocks] == ["The partnership will fund two wardens (subject to the budget) from April."]
