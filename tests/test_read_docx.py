"""Tests for the Word reader (extractor.read.docx).

Every .docx is generated in tmp_path with python-docx; the wording is written for these tests
in the style of council committee reports, not copied from one.  Every test checks the reader's
promises: a block's span quotes its text, a cell's span quotes the cell's text, pages count the
form feeds.
"""
from __future__ import annotations

import zipfile

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractor.core import extract_document
from extractor.document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Document
from extractor.errors import CorruptFileError, EmptyFileError
from extractor.read.docx import raw_text, read_docx

RISK_HEADER = ["Risk", "Description", "Action to avoid or mitigate risk", "Risk rating"]
RISK_ROWS = [
    ["Loss of grant funding", "The Safer Streets grant ends in March 2026.",
     "Bid for the next round and seek partner contributions.", "Medium"],
    ["Partner capacity", "Staff changes in partner agencies slow the actions.",
     "Quarterly monitoring at the partnership board.", "Low"],
    ["Data sharing", "Partners cannot share case information quickly.",
     "Agree an information sharing protocol.", None],  # rating merged with the row above
]


def check_model(doc: Document) -> None:
    assert doc.format == "docx" and doc.pages == doc.text.count("\f") + 1
    for b in doc.blocks:
        assert b.text and b.page == doc.page_of(b.start)
        if b.kind == TABLE_ROW:
            assert b.text == "\t".join(c.text for c in b.cells)
            assert all(doc.text[c.start:c.end] == c.text for c in b.cells)
        else:
            assert doc.text[b.start:b.end] == b.text
            assert b.text == " ".join(b.text.split())
        if b.kind == LIST_ITEM:
            assert doc.text[:b.start].endswith(b.marker + " ")


def save_and_read(word, tmp_path, name: str = "report.docx") -> Document:
    path = tmp_path / name
    word.save(path)
    doc = read_docx(path)
    check_model(doc)
    return doc


def kinds(doc: Document) -> list[tuple[str, str | None, str]]:
    return [(b.kind, b.marker, b.text) for b in doc.blocks]


def risk_table(word):
    table = word.add_table(rows=2 + len(RISK_ROWS), cols=4)
    title = table.cell(0, 0).merge(table.cell(0, 3))
    title.text = "Risk register 2025/26"
    for col, text in enumerate(RISK_HEADER):
        table.cell(1, col).text = text
    for row, values in enumerate(RISK_ROWS, start=2):
        for col, text in enumerate(values):
            if text is not None:
                table.cell(row, col).text = text
    table.cell(3, 3).merge(table.cell(4, 3))
    return table


def report(tmp_path) -> Document:
    """A committee report: title, recommendations, a page break, a risk table, a new section."""
    word = docx.Document()
    word.add_heading("Community Safety Partnership Plan 2025-28", 0)
    word.add_paragraph("Report of: Head of Community Safety")
    word.add_heading("Recommendations", 1)
    word.add_paragraph("The Committee is asked to:")
    word.add_paragraph("note the Community Safety Partnership annual report for 2024/25;", style="List Number")
    word.add_paragraph("approve the Community Safety Partnership Plan 2025-28; and", style="List Number")
    word.add_paragraph("agree funding of £40,000 for the community safety wardens.", style="List Number")
    word.add_page_break()
    word.add_heading("Risk Management", 1)
    word.add_paragraph("The main risks to the Community Safety Partnership Plan are set out below.")
    risk_table(word)
    word.add_paragraph("Risks are reviewed by the partnership board every quarter.")
    word.add_section(WD_SECTION.NEW_PAGE)
    word.add_heading("Background Papers", 1)
    word.add_paragraph("None.")
    return save_and_read(word, tmp_path)


# ----------------------------------------------------------------------------- the report
def test_report_headings_lists_and_pages(tmp_path):
    doc = report(tmp_path)
    assert doc.pages == 3 and doc.text.count("\f") == 2
    assert kinds(doc)[:7] == [
        (HEADING, None, "Community Safety Partnership Plan 2025-28"),
        (PARAGRAPH, None, "Report of: Head of Community Safety"),
        (HEADING, None, "Recommendations"),
        (PARAGRAPH, None, "The Committee is asked to:"),
        (LIST_ITEM, "1.", "note the Community Safety Partnership annual report for 2024/25;"),
        (LIST_ITEM, "2.", "approve the Community Safety Partnership Plan 2025-28; and"),
        (LIST_ITEM, "3.", "agree funding of £40,000 for the community safety wardens."),
    ]
    pages = {b.text: b.page for b in doc.blocks if b.kind == HEADING}
    assert pages == {"Community Safety Partnership Plan 2025-28": 1, "Recommendations": 1,
                     "Risk Management": 2, "Background Papers": 3}


def test_report_table_in_body_order_with_merged_cells(tmp_path):
    doc = report(tmp_path)
    order = [b.kind for b in doc.blocks]
    first_row = order.index(TABLE_ROW)
    assert doc.blocks[first_row - 1].text.startswith("The main risks")
    rows = [b for b in doc.blocks if b.kind == TABLE_ROW]
    assert doc.blocks[doc.blocks.index(rows[-1]) + 1].text.startswith("Risks are reviewed")
    assert {b.table for b in rows} == {1} and all(b.page == 2 for b in rows)
    assert [c.text for c in rows[0].cells] == ["Risk register 2025/26", "", "", ""]  # merged across
    assert [c.text for c in rows[1].cells] == RISK_HEADER
    assert [c.text for c in rows[3].cells] == RISK_ROWS[1]
    assert [c.text for c in rows[4].cells] == RISK_ROWS[2][:3] + [""]  # merged down: text once
    assert doc.text.count("Risk register 2025/26") == 1 and doc.text.count("\tLow") == 1


def test_report_end_to_end(tmp_path):
    result = extract_document(report(tmp_path))
    assert result["pages"] == 3
    recs = result["recommendations"]
    assert [r["actions"] for r in recs] == [["note"], ["approve"], ["agree"]]
    assert recs[1]["text"].startswith("approve the Community Safety Partnership Plan 2025-28")
    assert all(r["page"] == 1 and r["addressee"] == "Committee" for r in recs)
    risks = {r["risk"]: r for r in result["risks"]}
    assert set(risks) == {"Loss of grant funding", "Partner capacity", "Data sharing"}
    assert risks["Loss of grant funding"]["rating"] == "Medium"
    assert risks["Partner capacity"]["rating"] == "Low"
    assert risks["Data sharing"]["mitigation"] == "Agree an information sharing protocol."
    assert all(r["page"] == 2 for r in risks.values())


def test_minutes_resolution_with_typed_letters_end_to_end(tmp_path):
    word = docx.Document()
    word.add_heading("12. Community Safety Partnership Annual Review", 2)
    word.add_paragraph("The Community Safety Manager presented the review of the partnership's year.")
    word.add_paragraph("RESOLVED that the Committee:")
    word.add_paragraph("a) notes the Community Safety Partnership annual review;")
    word.add_paragraph("b) endorses the priorities of anti-social behaviour and domestic abuse.")
    doc = save_and_read(word, tmp_path)
    assert kinds(doc)[-2:] == [(LIST_ITEM, "a)", "notes the Community Safety Partnership annual review;"),
                               (LIST_ITEM, "b)", "endorses the priorities of anti-social behaviour and domestic abuse.")]
    decisions = extract_document(doc)["decisions"]
    assert [d["outcome"] for d in decisions] == ["noted", "agreed"]
    assert decisions[1]["text"].startswith("endorses the priorities")


# ----------------------------------------------------------------------------- numbering
def add_numbering(word, levels: list[tuple[str, str]], num_id: int, start: int = 1) -> int:
    """Add an abstract list (numFmt, lvlText per level) and a num pointing at it."""
    numbering = word.part.numbering_part.element
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id + 100}">{lvls}'
                                  "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                               f'<w:abstractNumId w:val="{num_id + 100}"/></w:num>'))
    return num_id


def numbered(word, text: str, num_id: int, ilvl: int = 0):
    paragraph = word.add_paragraph(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def test_numbering_formats_levels_and_restarts(tmp_path):
    word = docx.Document()
    legal = add_numbering(word, [("decimal", "%1."), ("decimal", "%1.%2"), ("lowerRoman", "(%3)")], 901)
    letters = add_numbering(word, [("lowerLetter", "%1)"), ("bullet", "\uf0b7")], 902)
    numbered(word, "Introduction text", legal)
    numbered(word, "First point", legal, 1)
    numbered(word, "Second point", legal, 1)
    numbered(word, "A detail", legal, 2)
    numbered(word, "Next section", legal)
    numbered(word, "Its point", legal, 1)
    numbered(word, "notes the report", letters)
    numbered(word, "a sub bullet", letters, 1)
    numbered(word, "agrees the plan", letters)
    doc = save_and_read(word, tmp_path)
    assert [(b.marker, b.level) for b in doc.blocks] == [
        ("1.", 0), ("1.1", 1), ("1.2", 1), ("(i)", 2), ("2.", 0), ("2.1", 1), ("a)", 0), ("•", 1), ("b)", 0)]
    assert all(b.kind == LIST_ITEM for b in doc.blocks)


def test_list_style_without_numbering_and_typed_markers(tmp_path):
    word = docx.Document()
    word.add_paragraph("(i) typed in a list paragraph", style="List Paragraph")
    word.add_paragraph("no marker at all", style="List Paragraph")
    word.add_paragraph("3.2 A numbered paragraph typed by hand")
    word.add_paragraph("2024 was a year of change.")
    doc = save_and_read(word, tmp_path)
    assert kinds(doc) == [(LIST_ITEM, "(i)", "typed in a list paragraph"), (LIST_ITEM, "•", "no marker at all"),
                          (LIST_ITEM, "3.2", "A numbered paragraph typed by hand"),
                          (PARAGRAPH, None, "2024 was a year of change.")]


# ----------------------------------------------------------------------------- headings and text
def test_bold_short_paragraph_is_a_heading(tmp_path):
    word = docx.Document()
    word.add_paragraph().add_run("Financial Implications").bold = True
    mixed = word.add_paragraph()
    mixed.add_run("Partly").bold = True
    mixed.add_run(" bold text")
    word.add_paragraph().add_run("A whole bold sentence that ends with a full stop.").bold = True
    styled = word.add_paragraph("Equality Implications", style="Intense Quote")
    styled.style.font.bold = True
    doc = save_and_read(word, tmp_path)
    assert [b.kind for b in doc.blocks] == [HEADING, PARAGRAPH, PARAGRAPH, HEADING]


def test_page_breaks_sections_and_break_before(tmp_path):
    word = docx.Document()
    para = word.add_paragraph("Page one text")
    para.add_run().add_break(WD_BREAK.PAGE)
    para.add_run("page two text")
    word.add_section(WD_SECTION.CONTINUOUS)
    word.add_paragraph("still page two")
    word.add_paragraph("page three by break before").paragraph_format.page_break_before = True
    word.add_paragraph("line one").add_run().add_break(WD_BREAK.LINE)
    word.paragraphs[-1].add_run("line two")
    word.add_page_break()  # a trailing break starts no page
    doc = save_and_read(word, tmp_path)
    assert [(b.text, b.page) for b in doc.blocks] == [
        ("Page one text", 1), ("page two text", 2), ("still page two", 2),
        ("page three by break before", 3), ("line one line two", 3)]
    assert doc.pages == 3


def test_raw_text_skips_deletions_fields_hidden_text_and_text_boxes():
    p = parse_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">Kept </w:t></w:r>'
        '<w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>'
        '<w:ins><w:r><w:t>inserted</w:t></w:r></w:ins><w:r><w:tab/><w:t>co</w:t><w:noBreakHyphen/>'
        '<w:t>operate</w:t></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:hyperlink><w:r><w:t> link</w:t></w:r></w:hyperlink><w:r><w:br/><w:t>next</w:t>'
        '<w:br w:type="page"/></w:r><w:r><w:pict><w:t>in a box</w:t></w:pict></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>'
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>shown</w:t></w:r></w:p>')
    assert raw_text(p) == "Kept inserted co-operate link\nnext\fshown"


def test_content_controls_and_one_column_tables_are_read_as_paragraphs(tmp_path):
    word = docx.Document()
    anchor = word.add_paragraph("Before")
    anchor._p.addnext(parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent><w:p><w:r>'
                                "<w:t>Inside a content control</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    box = word.add_table(rows=1, cols=1)
    box.cell(0, 0).text = "Summary in a box"
    box.cell(0, 0).add_paragraph("Second box paragraph")
    doc = save_and_read(word, tmp_path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "Before"), (PARAGRAPH, "Inside a content control"), (PARAGRAPH, "Summary in a box"),
        (PARAGRAPH, "Second box paragraph")]


def test_cell_paragraphs_join_with_spaces_and_keep_list_markers(tmp_path):
    word = docx.Document()
    table = word.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Recommendations"
    cell = table.cell(0, 1)
    cell.text = "The Cabinet is asked to:"
    cell.add_paragraph("note the report;", style="List Number")
    cell.add_paragraph("approve the plan.", style="List Number")
    doc = save_and_read(word, tmp_path)
    assert [c.text for c in doc.blocks[0].cells] == [
        "Recommendations", "The Cabinet is asked to: 1. note the report; 2. approve the plan."]


# ----------------------------------------------------------------------------- bad files
def test_empty_file(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError, match="empty.docx"):
        read_docx(path)


def test_not_a_zip_is_corrupt(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(CorruptFileError) as err:
        read_docx(path)
    assert str(err.value) == f"{path}: cannot be read as .docx: it is an old Word .doc or Excel file; save it as PDF or .docx"


def test_zip_that_is_not_word_is_corrupt(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a document")
    with pytest.raises(CorruptFileError, match="re-save it as .docx"):
        read_docx(path)


def test_truncated_docx_is_corrupt(tmp_path):
    word = docx.Document()
    word.add_paragraph("Some text")
    whole = tmp_path / "whole.docx"
    word.save(whole)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole.read_bytes()[:2000])
    with pytest.raises(CorruptFileError, match="cut.docx"):
        read_docx(cut)


def test_document_without_text_warns(tmp_path):
    word = docx.Document()
    word.add_paragraph("")
    doc = save_and_read(word, tmp_path, "blank.docx")
    assert doc.blocks == [] and "no text" in doc.warnings[0]
