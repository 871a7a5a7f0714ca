"""Tests for the HTML reader (extractor.read.html).

The pages are look-alikes written for these tests in the style of ModernGov pages (decision
details, minutes, agenda items); none is copied from a council document.  Every test checks
the reader's promises: a block's span quotes its text, a cell's span quotes the cell's text.
"""
from __future__ import annotations

import pytest

from extractor.core import extract_document
from extractor.document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Document
from extractor.errors import CorruptFileError, EmptyFileError
from extractor.read.html import format_number, parse_html, read_html
from extractor.read.text import parse_text

CHROME = """
<div id="mgSkipLinks"><a href="#content">Skip to main content</a></div>
<div class="cookie-banner"><p>We use cookies to improve this site.</p><button>Accept</button></div>
<header><a href="/">Borsetshire District Council</a></header>
<ul id="mainNav"><li><a>Councillors</a></li><li><a>Meetings</a></li><li><a>Decisions</a></li></ul>
<div class="mgBreadCrumbs"><a>Home</a> &gt; <a>Decisions</a></div>
"""
FOOTER = """
<div class="mgFooter"><p>Powered by committee software</p></div>
<footer><p>Copyright Borsetshire District Council</p></footer>
<script>window.dataLayer = [];</script>
"""

DECISION_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Decision - Safer Borsetshire Plan</title>
<style>.mgLabel {{ font-weight: bold }}</style></head>
<body>{CHROME}
<div id="modgov"><div class="mgHeader"><h1 class="mgMainTitleTxt">Decision details</h1></div>
<h2 class="mgSubTitleTxt">Safer Borsetshire Partnership Plan 2025-28</h2>
<div class="mgContent">
<p><span class="mgLabel">Decision Maker: </span>Cabinet</p>
<p><span class="mgLabel">Decision status: </span>Recommendations Approved</p>
<p><span class="mgLabel">Is Key decision?: </span>No</p>
<h3 class="mgSubSubTitleTxt">Purpose:</h3>
<p>To agree the Safer Borsetshire Partnership Plan, which sets the community safety
priorities for the next three years.</p>
<h3 class="mgSubSubTitleTxt">Decision:</h3>
<div class="mgWordPara">
<p class="MsoNormal">(i)&nbsp;&nbsp;the Safer Borsetshire Partnership Plan 2025-28 be adopted; and</p>
<p class="MsoNormal">(ii)&nbsp;authority be delegated to the Head of Community Safety,<br>
in consultation with the Portfolio Holder, to make minor amendments to the Plan.</p>
</div>
<p><span class="mgLabel">Publication date: </span>12/03/2025</p>
</div></div>
{FOOTER}</body></html>"""

MINUTES_PAGE = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body>{CHROME}
<div id="modgov">
<h1 class="mgMainTitleTxt">Minutes</h1>
<p>Minutes of the meeting of the Overview and Scrutiny Committee held on 4 February 2025.</p>
<h2 class="mgSubTitleTxt">41. Apologies for absence</h2>
<p>Apologies were received from Councillor Grey.</p>
<h2 class="mgSubTitleTxt">42. Community Safety Partnership Annual Review</h2>
<p>The Community Safety Manager introduced the annual review of the Community Safety
Partnership. Reported anti-social behaviour had fallen by 8% over the year.</p>
<p>Members asked about youth diversion work and street lighting in the town centre.</p>
<p><strong>RESOLVED</strong> that the Committee:</p>
<ol type="a">
<li>notes the Community Safety Partnership annual review for 2024/25;</li>
<li>endorses the partnership priorities of anti-social behaviour, domestic abuse and serious violence; and</li>
<li>asks the Partnership to report progress on the serious violence duty in six months.</li>
</ol>
</div>
{FOOTER}</body></html>"""

AGENDA_ITEM = f"""<html><head><meta charset="windows-1252"></head><body>{CHROME}
<div class="mgAiTitle"><h1>Agenda item</h1></div>
<h2>Community Safety Partnership Action Plan 2025/26</h2>
<table class="mgDetailsTable"><tr><td>Report of:</td><td>Head of Housing and Community Safety</td></tr>
<tr><td>Wards affected:</td><td>All wards</td></tr></table>
<h3>1. Summary</h3>
<p>This report presents the Community Safety Partnership action plan for 2025/26.</p>
<h3>Recommendations</h3>
<p>The Committee is asked to:</p>
<ol>
<li>note the Community Safety Partnership action plan for 2025/26; and</li>
<li>approve the funding of £25,000 for the CCTV upgrade.</li>
</ol>
<h3>Risk Management</h3>
<table class="MsoTableGrid" border="1">
<thead><tr><th>Risk</th><th>Description</th><th>Action to avoid or mitigate risk</th><th>Risk rating</th></tr></thead>
<tbody>
<tr><td>Loss of funding</td><td><p>The Safer Streets grant</p><p>ends in March 2026.</p></td>
<td>Bid for the next round and seek partner contributions.</td><td>Medium</td></tr>
<tr><td>Partner capacity</td><td>Police and housing staff changes slow the actions.</td>
<td>Quarterly monitoring at the partnership board.</td><td>Low</td></tr>
</tbody></table>
</body></html>"""


def read(html: str) -> Document:
    """parse_html, then check the model's promises."""
    doc = parse_html(html, "page.html")
    check_model(doc)
    return doc


def check_model(doc: Document) -> None:
    assert doc.format == "html" and doc.pages == 1 and "\f" not in doc.text
    for b in doc.blocks:
        assert b.text and b.page == 1
        if b.kind == TABLE_ROW:
            assert b.text == "\t".join(c.text for c in b.cells)
            assert all(doc.text[c.start:c.end] == c.text for c in b.cells)
            assert (b.start, b.end) == (b.cells[0].start, b.cells[-1].end)
        else:
            assert doc.text[b.start:b.end] == b.text
            assert b.text == " ".join(b.text.split())
        if b.kind == LIST_ITEM:
            assert doc.text[:b.start].endswith(b.marker + " ")


def kinds(doc: Document) -> list[tuple[str, str | None, str]]:
    return [(b.kind, b.marker, b.text) for b in doc.blocks]


def page(body: str) -> str:
    return f"<html><body>{body}</body></html>"


# ----------------------------------------------------------------------------- decision details
def test_decision_page_model():
    doc = read(DECISION_PAGE)
    assert kinds(doc)[:4] == [
        (HEADING, None, "Decision details"),
        (HEADING, None, "Safer Borsetshire Partnership Plan 2025-28"),
        (PARAGRAPH, None, "Decision Maker: Cabinet"),
        (PARAGRAPH, None, "Decision status: Recommendations Approved"),
    ]
    items = [b for b in doc.blocks if b.kind == LIST_ITEM]
    assert [(b.marker, b.level) for b in items] == [("(i)", 0), ("(ii)", 0)]
    assert items[0].text == "the Safer Borsetshire Partnership Plan 2025-28 be adopted; and"
    assert items[1].text == ("authority be delegated to the Head of Community Safety, in consultation "
                             "with the Portfolio Holder, to make minor amendments to the Plan.")
    assert doc.blocks[doc.blocks.index(items[0]) - 1].text == "Decision:"


def test_decision_page_drops_chrome():
    doc = read(DECISION_PAGE)
    for junk in ("Skip to", "cookies", "Accept", "Councillors", "Home", "Powered by", "Copyright",
                 "dataLayer", "font-weight", "Decision - Safer"):
        assert junk not in doc.text
    assert doc.text.startswith("Decision details\n\n")
    assert doc.text.rstrip().endswith("Publication date: 12/03/2025")


def test_decision_page_end_to_end():
    result = extract_document(read(DECISION_PAGE))
    decisions = result["decisions"]
    assert len(decisions) == 2
    assert decisions[0]["text"].startswith("the Safer Borsetshire Partnership Plan")
    assert decisions[1]["text"].startswith("authority be delegated to the Head of Community Safety")
    assert decisions[0]["body"] == "Cabinet"
    assert [d["outcome"] for d in decisions] == ["approved", "delegated"]
    assert decisions[0]["quote"] == "the Safer Borsetshire Partnership Plan 2025-28 be adopted; and"


# ----------------------------------------------------------------------------- minutes
def test_minutes_model():
    doc = read(MINUTES_PAGE)
    headings = [b.text for b in doc.blocks if b.kind == HEADING]
    assert headings == ["Minutes", "41. Apologies for absence", "42. Community Safety Partnership Annual Review"]
    lead = next(b for b in doc.blocks if b.text.startswith("RESOLVED"))
    assert lead.kind == PARAGRAPH and lead.text == "RESOLVED that the Committee:"
    items = [b for b in doc.blocks if b.kind == LIST_ITEM]
    assert [b.marker for b in items] == ["a)", "b)", "c)"]
    assert doc.text.count("\n".join(f"{b.marker} {b.text}" for b in items)) == 1


def test_minutes_end_to_end_decisions():
    result = extract_document(read(MINUTES_PAGE))
    decisions = result["decisions"]
    assert len(decisions) == 3
    assert [d["outcome"] for d in decisions] == ["noted", "agreed", "agreed"]
    assert {d["body"] for d in decisions} == {"Committee"}
    assert decisions[1]["text"].startswith("endorses the partnership priorities")
    assert all(d["rules"] == ["decision.lead_in"] for d in decisions)


# ----------------------------------------------------------------------------- agenda item
def agenda_doc() -> Document:
    return read(AGENDA_ITEM)


def test_agenda_item_tables_and_cells():
    doc = agenda_doc()
    rows = [b for b in doc.blocks if b.kind == TABLE_ROW]
    assert {b.table for b in rows} == {1, 2}
    assert [c.text for c in rows[0].cells] == ["Report of:", "Head of Housing and Community Safety"]
    risk_rows = [b for b in rows if b.table == 2]
    assert [c.text for c in risk_rows[0].cells] == ["Risk", "Description", "Action to avoid or mitigate risk",
                                                     "Risk rating"]
    assert risk_rows[1].cells[1].text == "The Safer Streets grant ends in March 2026."
    assert doc.text.count("\n") >= 4 and "Risk rating\nLoss of funding\t" in doc.text


def test_agenda_item_end_to_end_risks_and_recommendations():
    result = extract_document(agenda_doc())
    risks = {r["risk"]: r for r in result["risks"]}
    assert set(risks) == {"Loss of funding", "Partner capacity"}
    assert risks["Loss of funding"]["rating"] == "Medium"
    assert risks["Partner capacity"]["mitigation"] == "Quarterly monitoring at the partnership board."
    recs = result["recommendations"]
    assert [r["text"] for r in recs] == [
        "note the Community Safety Partnership action plan for 2025/26",
        "approve the funding of £25,000 for the CCTV upgrade.",
    ]
    assert recs[0]["addressee"] == "Committee"


def test_agenda_item_read_from_cp1252_file_by_meta_charset(tmp_path):
    path = tmp_path / "agenda.htm"
    path.write_bytes(AGENDA_ITEM.encode("cp1252"))
    doc = read_html(path)
    check_model(doc)
    assert doc.warnings == [] and "£25,000" in doc.text
    assert doc.source == str(path)


# ----------------------------------------------------------------------------- lists
def test_ordered_list_start_type_and_value():
    doc = read(page('<ol start="3"><li>three</li><li>four</li><li value="9">nine</li><li>ten</li></ol>'
                    '<ol type="i"><li>one</li><li>two</li><li>three</li><li>four</li></ol>'
                    '<ol type="A" start="2"><li>bee</li></ol>'
                    '<ol style="list-style-type: lower-alpha"><li>ay</li></ol>'))
    assert [b.marker for b in doc.blocks] == ["3.", "4.", "9.", "10.", "i)", "ii)", "iii)", "iv)", "B)", "a)"]


def test_nested_lists_levels_and_markers():
    doc = read(page("<ul><li>Priorities<ul><li>Anti-social behaviour</li><li>Violence<ol>"
                    "<li>Serious violence duty</li></ol></li></ul></li><li>Actions</li></ul>"))
    assert [(b.marker, b.level, b.text) for b in doc.blocks] == [
        ("•", 0, "Priorities"), ("•", 1, "Anti-social behaviour"), ("•", 1, "Violence"),
        ("1.", 2, "Serious violence duty"), ("•", 0, "Actions")]
    assert doc.text == ("• Priorities\n• Anti-social behaviour\n• Violence\n1. Serious violence duty\n"
                        "• Actions")


def test_list_item_with_paragraphs_and_typed_marker_in_bullets():
    doc = read(page("<ul style='list-style:none'><li><p>(a) First part</p><p>continues here</p></li>"
                    "<li>(b) Second</li></ul><ol><li>(x) kept as printed</li></ol>"))
    assert kinds(doc) == [(LIST_ITEM, "(a)", "First part continues here"), (LIST_ITEM, "(b)", "Second"),
                          (LIST_ITEM, "1.", "(x) kept as printed")]


@pytest.mark.parametrize("n, kind, marker", [(1, "1", "1."), (28, "a", "ab)"), (14, "I", "XIV)"), (2, "A", "B)")])
def test_format_number(n, kind, marker):
    assert format_number(n, kind) == marker


# ----------------------------------------------------------------------------- paragraphs
def test_br_folds_to_a_space_but_a_marker_line_starts_an_item():
    doc = read(page("<p>The Partnership<br/>meets quarterly.</p>"
                    "<p>The Board agreed:<br>1. to fund two wardens;<br>2. to review CCTV.</p>"))
    assert kinds(doc) == [(PARAGRAPH, None, "The Partnership meets quarterly."),
                          (PARAGRAPH, None, "The Board agreed:"),
                          (LIST_ITEM, "1.", "to fund two wardens;"), (LIST_ITEM, "2.", "to review CCTV.")]


def test_bold_or_title_class_short_paragraph_is_a_heading():
    doc = read(page("<p><b>Financial Implications</b></p><p class='mgSectionTitle'>Background</p>"
                    "<p><b>Bold</b> but not all of it</p><p><strong>A whole bold sentence that ends.</strong></p>"))
    assert [b.kind for b in doc.blocks] == [HEADING, HEADING, PARAGRAPH, PARAGRAPH]
    assert doc.blocks[0].bold and not doc.blocks[2].bold


def test_inline_markup_does_not_split_words_and_divs_make_paragraphs():
    doc = read(page("<div>Intro <span>text</span> <a href='#'>li</a><b>nk</b>\u200b<div>Inner block</div>"
                    "tail text</div><!-- a comment --><p>&nbsp;</p>"))
    assert kinds(doc) == [(PARAGRAPH, None, "Intro text link"), (PARAGRAPH, None, "Inner block"),
                          (PARAGRAPH, None, "tail text")]


# ----------------------------------------------------------------------------- tables
def test_colspan_and_rowspan_keep_columns_aligned():
    doc = read(page("<table><tr><th>Risk</th><th>Impact</th><th>Rating</th></tr>"
                    "<tr><td rowspan='2'>Funding</td><td>Grant ends</td><td>High</td></tr>"
                    "<tr><td colspan='2'>Staff turnover</td></tr>"
                    "<tr><td></td><td></td><td></td></tr></table>"))
    assert [[c.text for c in b.cells] for b in doc.blocks] == [
        ["Risk", "Impact", "Rating"], ["Funding", "Grant ends", "High"], ["", "Staff turnover", ""]]


def test_layout_tables_are_read_as_content():
    doc = read(page("<table><tr><td><h2>Agenda item</h2><p>Text in a layout cell.</p>"
                    "<table><tr><td>Ward</td><td>All</td></tr></table></td></tr></table>"
                    "<table><tr><td>One column box</td></tr></table>"))
    assert kinds(doc) == [(HEADING, None, "Agenda item"), (PARAGRAPH, None, "Text in a layout cell."),
                          (TABLE_ROW, None, "Ward\tAll"), (PARAGRAPH, None, "One column box")]


def test_chrome_looking_wrapper_with_the_content_is_kept():
    doc = read(page("<div class='page nav-open'><h1>Community Safety</h1><p>All of the page.</p></div>"
                    "<div class='submenu'><a>Link</a></div>"))
    assert [b.text for b in doc.blocks] == ["Community Safety", "All of the page."]


# ----------------------------------------------------------------------------- files and decoding
def test_utf8_without_meta(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes(page("<p>Café – £5</p>").encode("utf-8"))
    doc = read_html(path)
    assert doc.text == "Café – £5" and doc.warnings == []


def test_bad_utf8_falls_back_to_cp1252_with_a_warning(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes(page("<p>Caf\xe9 \x96 \xa35</p>").encode("latin-1"))
    doc = read_html(path)
    assert doc.text == "Café – £5"
    assert len(doc.warnings) == 1 and "cp1252" in doc.warnings[0] and str(path) in doc.warnings[0]


def test_wrong_meta_charset_warns(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes(b'<html><head><meta charset="utf-8"></head><body><p>\x93Quoted\x94</p></body></html>')
    doc = read_html(path)
    assert doc.text == "“Quoted”"
    assert any("declares charset utf-8" in w for w in doc.warnings)


@pytest.mark.parametrize("data", [b"", b"  \n\t \n"])
def test_empty_file(tmp_path, data):
    path = tmp_path / "empty.html"
    path.write_bytes(data)
    with pytest.raises(EmptyFileError, match="empty.html"):
        read_html(path)


@pytest.mark.parametrize("data, words", [
    (bytes(range(256)) * 4, "not HTML"),
    (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
    (b"PK\x03\x04\x14\x00\x00\x00", "zip"),
    (b"Just some notes with no markup at all.\n", "no tags"),
])
def test_not_html_is_corrupt(tmp_path, data, words):
    path = tmp_path / "bad.htm"
    path.write_bytes(data)
    with pytest.raises(CorruptFileError, match=words) as err:
        read_html(path)
    assert "bad.htm" in str(err.value) and ("re-download" in str(err.value) or "rename" in str(err.value))


def test_page_with_only_chrome_warns():
    doc = parse_html(page(CHROME + FOOTER), "chrome.html")
    assert doc.blocks == [] and doc.text == "" and "no text" in doc.warnings[0]


def test_absurdly_deep_nesting_is_corrupt_not_a_crash():
    with pytest.raises(CorruptFileError, match="nested too deeply"):
        parse_html(page("<div>x " * 3000), "deep.html")


def test_a_lead_in_line_ending_in_a_colon_opens_the_section_it_names_as_in_the_text_reader():
    # Regression (layout gap C1): "This report makes the following recommendations to this Committee:"
    # on a line of its own is a heading to the text reader (short, ends in ":"), so the numbered
    # request under it sat in a Recommendations section; as an HTML <p> it was a paragraph and the
    # request was lost.  A plain block ending in ":" with a heading's shape now opens the section
    # it names in every format.
    lines = ["Community Safety Plan 2025-28", "Purpose of Report", "Decision",
             "This report makes the following recommendations to this Committee:",
             "1. That the Committee approves the timetable for the new Community Safety Plan 2025-28 and "
             "provides direction on member engagement.", "Timetable",
             "The draft plan will be written over the summer."]
    as_text = extract_document(parse_text("\n\n".join(lines) + "\n"))["recommendations"]
    page = (f"<html><body>{CHROME}<div id='content'><h2>{lines[0]}</h2><h2>{lines[1]}</h2><h2>{lines[2]}</h2>"
            f"<p>{lines[3]}</p><ol><li>{lines[4][3:]}</li></ol><h2>{lines[5]}</h2><p>{lines[6]}</p></div>{FOOTER}</body></html>")
    as_html = extract_document(parse_html(page))["recommendations"]
    expected = [("Committee", lines[4][3:])]
    assert [(r["addressee"], r["text"]) for r in as_text] == expected
    assert [(r["addressee"], r["text"]) for r in as_html] == expected
