"""Tests for extractor.read.pdf: fixture PDFs, real council PDFs (when present) and bad input.

The fixture PDFs in tests/fixtures/pdf/ are built from corpus/docs/*.txt by
tests/fixtures/make_pdfs.py.  The real council PDFs live outside the repository, in
../shared/corpus-pdfs/ (or $CSP_CORPUS_PDFS); tests that need them skip when it is absent.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.document import BLOCK_KINDS, HEADING, LIST_ITEM, TABLE_ROW
from extractor.errors import CorruptFileError, EmptyFileError, EncryptedFileError, NeedsOCRError
from extractor.read import pdf as pdf_reader
from extractor.read import chars as chars_module
from extractor.read import pdfium_page
from extractor.read.chars import Chars
from extractor.read.pdf import join_lines, read_pdf
from extractor.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpus" / "docs"
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
REAL = Path(os.environ.get("CSP_CORPUS_PDFS", ROOT.parent / "shared" / "corpus-pdfs"))
STEMS = sorted(p.stem for p in DOCS.glob("*.txt"))
MEDWAY = "medway-2020-12-03-csp-annual-scrutiny"

_cache: dict[str, object] = {}


def fixture_doc(stem: str):
    if stem not in _cache:
        _cache[stem] = read_pdf(FIXTURES / f"{stem}.pdf")
    return _cache[stem]


def real_pdf(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real council PDFs not available ({REAL})")
    return path


def words(text: str) -> Counter:
    text = re.sub(r"</?p>|\*\*|\|", " ", text)
    return Counter(re.findall(r"[A-Za-z0-9£'’&]+", text))


def rows_of(doc, number: int) -> list:
    return [b for b in doc.blocks if b.kind == TABLE_ROW and b.table == number]


# ----------------------------------------------------------------------------- fixtures
@pytest.mark.parametrize("stem", STEMS)
def test_fixture_spans_and_pages(stem):
    doc = fixture_doc(stem)
    with pdfplumber.open(FIXTURES / f"{stem}.pdf") as pdf:
        assert doc.pages == len(pdf.pages) >= 2
    assert doc.format == "pdf" and doc.text.count("\f") == doc.pages - 1
    for b in doc.blocks:
        assert b.kind in BLOCK_KINDS and b.text
        assert doc.page_of(b.start) == b.page
        if b.kind == TABLE_ROW:
            assert b.text == "\t".join(c.text for c in b.cells)
            assert all(doc.text[c.start : c.end] == c.text for c in b.cells)
        else:
            assert doc.text[b.start : b.end] == b.text
            assert b.text == " ".join(b.text.split())


@pytest.mark.parametrize("stem", STEMS)
def test_fixture_keeps_every_word_and_drops_running_lines(stem):
    doc = fixture_doc(stem)
    source = words((DOCS / f"{stem}.txt").read_text(encoding="utf-8"))
    got = words(doc.text)
    assert source - got == Counter(), "words lost"
    assert got - source == Counter(), "words added (header/footer left in?)"
    assert "Agenda Item" not in doc.text
    assert not re.search(r"Page \d", doc.text)


def test_medway_risk_table_is_five_rows_of_four_cells():
    doc = fixture_doc(MEDWAY)
    tables = {b.table for b in doc.blocks if b.kind == TABLE_ROW}
    assert len(tables) == 1
    rows = rows_of(doc, tables.pop())
    assert [len(r.cells) for r in rows] == [4, 4, 4, 4, 4]
    assert rows[0].cells[0].text == "Risk" and rows[0].cells[3].text == "Risk rating"
    assert rows[1].cells[0].text == 'Decreased Agency "buy in"'
    assert rows[1].cells[-1].text == "E2"
    assert [r.cells[-1].text for r in rows[1:]] == ["E2", "E2", "D3", "D3"]


def test_medway_headings_and_numbered_items():
    doc = fixture_doc(MEDWAY)
    heading = next(b for b in doc.blocks if b.kind == HEADING and b.text == "Recommendations")
    assert heading.marker == "8." and heading.bold
    items = {b.marker: b for b in doc.blocks if b.kind == LIST_ITEM}
    assert items["8.1"].text == "The Committee is requested to note the findings of the strategic assessment"
    # 8.2 is broken by a page break: one block, on the page it starts on
    assert items["8.2"].text.endswith("in light of the strategic assessment findings.")
    assert doc.text[items["8.2"].start - 4 : items["8.2"].start] == "8.2 "
    bullets = [b.text for b in doc.blocks if b.marker == "•" and b.level == 1]
    assert "Strengthening communities" in bullets and "Reducing re-offending" in bullets
    assert "co-operate." in items["1.3"].text  # a real hyphen at a line end is kept


def test_cells_join_their_paragraphs():
    doc = fixture_doc("sevenoaks-2024-03-05-csp-strategy-action-plan-2024-25")
    rows = [b for b in doc.blocks if b.kind == TABLE_ROW]
    assert [len(r.cells) for r in rows] == [2, 2, 2]
    mitigation = rows[1].cells[1].text
    assert "strategic assessment. Delivery against" in mitigation and "<p>" not in mitigation
    doc = fixture_doc("spelthorne-2024-csp-plan-priorities-2024-26")
    cells = {r.cells[0].text: r.cells[1].text for r in doc.blocks if r.kind == TABLE_ROW}
    assert cells["Recommendations"].startswith("Committee is asked to: 1. Note the Report; and 2. Approve")
    assert cells["Report Author"] == "Will Jack – Community Safety Manager"


def test_recommendation_headings_are_bold_headings():
    doc = fixture_doc("sevenoaks-2021-07-08-csp-annual-report-2020-21")
    headings = [b.text for b in doc.blocks if b.kind == HEADING]
    assert "Recommendation to Cabinet:" in headings
    after = doc.blocks[[b.text for b in doc.blocks].index("Recommendation to Cabinet:") + 1]
    assert after.text.startswith("To consider and note") and after.kind == "paragraph"


def test_pages_are_closed_as_they_are_read(monkeypatch):
    closed = []
    original = pypdfium2.PdfPage.close

    def close(self, *args, **kwargs):
        closed.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(pypdfium2.PdfPage, "close", close)
    doc = read_pdf(FIXTURES / f"{MEDWAY}.pdf")
    assert len(closed) == doc.pages


def test_pdfplumber_pages_are_closed_as_they_are_read(monkeypatch):
    closed = []
    original = pdfplumber.page.Page.close

    def close(self):
        closed.append(self.page_number)
        original(self)

    monkeypatch.setattr(pdfplumber.page.Page, "close", close)
    monkeypatch.setattr(pdfium_page, "needs_pdfplumber", lambda page: True)
    doc = read_pdf(FIXTURES / f"{MEDWAY}.pdf")
    assert sorted(set(closed)) == list(range(1, doc.pages + 1))


def test_long_pdf_is_reopened_every_few_pages_with_the_same_document(monkeypatch):
    # issue 15: PDFium keeps every object it parsed until the document is closed (about 50 MB per
    # 1,000 pages), so a long pack is read with the document opened again every REOPEN_EVERY pages
    opened = []
    original = pdfium_page.open_pdf

    def open_pdf(path, password):
        opened.append(path)
        return original(path, password)

    whole = read_pdf(FIXTURES / f"{MEDWAY}.pdf")
    monkeypatch.setattr(pdfium_page, "open_pdf", open_pdf)
    monkeypatch.setattr(pdfium_page, "REOPEN_EVERY", 2)
    again = read_pdf(FIXTURES / f"{MEDWAY}.pdf")
    assert whole.pages == 4 and len(opened) == 3  # a first look whether PDFium opens it, then pages 1-2 and 3-4
    assert same_document(again, whole)


# ----------------------------------------------------------------------------- fast path
def slow_read(path, monkeypatch):
    """read_pdf through pdfplumber only (the reader before the PDFium path)."""
    with monkeypatch.context() as m:
        m.setattr(pdf_reader, "_has_eof_marker", lambda path: False)
        return read_pdf(path)


def same_document(a, b) -> bool:
    shape = lambda doc: [(x.kind, x.start, x.end, x.page, x.marker, x.level, x.table, x.bold) for x in doc.blocks]
    return a.text == b.text and shape(a) == shape(b) and a.warnings == b.warnings


@pytest.mark.parametrize("stem", STEMS)
def test_pdfium_path_reads_fixtures_as_pdfplumber_does(stem, monkeypatch):
    path = FIXTURES / f"{stem}.pdf"
    assert same_document(fixture_doc(stem), slow_read(path, monkeypatch))


@pytest.mark.parametrize("name", [
    "kcc_2025-01-09_council_devolution-white-paper-report.pdf",  # lone spaces PDFium drops
    "kcc_2025-03-04_cabinet_late-budget-changes-report.pdf",  # ruled tables
])
def test_pdfium_path_reads_real_pdfs_as_pdfplumber_does(name, monkeypatch):
    path = real_pdf(name)
    assert same_document(read_pdf(path), slow_read(path, monkeypatch))


def test_rotated_pages_go_to_pdfplumber(tmp_path, monkeypatch):
    rotated = tmp_path / "rotated.pdf"
    qpdf("--rotate=+90:2", str(FIXTURES / f"{MEDWAY}.pdf"), str(rotated))
    used = []
    original = pdf_reader._LazyPlumber.page
    monkeypatch.setattr(pdf_reader._LazyPlumber, "page", lambda self, n: used.append(n) or original(self, n))
    doc = read_pdf(rotated)
    assert used == [2]
    assert same_document(doc, slow_read(rotated, monkeypatch))


# ----------------------------------------------------------------------------- line joining
@pytest.mark.parametrize(
    "lines, joined",
    [
        (["to formulate and imple-", "ment a strategy"], "to formulate and implement a strategy"),
        (["tackling anti-", "social behaviour"], "tackling anti-social behaviour"),
        (["each other's priorities and to co-", "operate."], "each other's priorities and to co-operate."),
        (["the plan for 2020-", "2024 was adopted"], "the plan for 2020-2024 was adopted"),
        (["the South-", "East region"], "the South-East region"),
        (["Kent Police -", "the force"], "Kent Police - the force"),
        (["the anti-social", "behaviour order"], "the anti-social behaviour order"),
        (["soft hyph\u00ad", "enation"], "soft hyphenation"),
        (["  folded   white ", "", "space  "], "folded white space"),
    ],
)
def test_join_lines_repairs_hyphenation(lines, joined):
    assert join_lines(lines) == joined


# ----------------------------------------------------------------------------- real PDFs
def test_real_risk_register_yields_one_table_of_rows():
    doc = read_pdf(real_pdf("kcc_2025-02-13_appendix-j_budget-risk-register.pdf"))
    rows = [b for b in doc.blocks if b.kind == TABLE_ROW and b.table == 1]
    assert len(rows) >= 30 and {len(r.cells) for r in rows} == {8}
    assert rows[-1].page == 11  # continued over 11 pages
    legend = [[c.text for c in b.cells] for b in doc.blocks if b.kind == TABLE_ROW and b.table != 1]
    assert legend == [["Very Likely", "5"], ["Likely", "4"], ["Possible", "3"], ["Unlikely", "2"], ["Very Unlikely", "1"]]  # unruled
    assert sum(r.text.startswith("Directorate\tRisk Title") for r in rows) == 1
    assert any(r.cells[1].text == "High Needs Spending" for r in rows)
    assert "TOTAL £m" not in doc.text  # the box repeated at the top of every page


def test_gradient_cell_background_does_not_split_a_risk_row():
    # Page 10's directorate cells are filled with a colour gradient drawn as thin stacked strips;
    # their edges used to cut the first risk's row in two and glue its tail to the next risk.
    doc = read_pdf(real_pdf("kcc_2025-02-13_appendix-j_budget-risk-register.pdf"))
    titles = [b.cells[1].text for b in doc.blocks if b.kind == TABLE_ROW and b.page == 10]
    assert titles[:2] == ["Reduction in DFE grants for central services for schools and review of school "
                          "services provided by the Local Authority", "Uplift in Public Health Grant"]


def test_real_late_budget_report_numbered_recommendations():
    doc = read_pdf(real_pdf("kcc_2025-03-04_cabinet_late-budget-changes-report.pdf"))
    items = [b for b in doc.blocks if b.kind == LIST_ITEM and b.marker in ("1)", "2)", "3)")]
    assert [b.marker for b in items[:3]] == ["1)", "2)", "3)"]
    assert [b.text.split()[0] for b in items[:3]] == ["NOTE", "APPROVE", "APPROVE"]
    assert items[1].text.endswith("to improve the Council’s financial resilience.")
    assert any(b.kind == HEADING and b.text.startswith("Recommendations") for b in doc.blocks)
    assert "Cabinet – 4th March 2025" in doc.text
    assert any(b.kind == TABLE_ROW and b.cells[0].text == "Business rates top up grant" for b in doc.blocks)


def test_real_minutes_have_resolutions():
    doc = read_pdf(real_pdf("kcc_2025-03-13_council_printed-minutes.pdf"))
    assert doc.pages == 19
    resolved = [b for b in doc.blocks if b.text.startswith("RESOLVED")]
    assert len(resolved) >= 5
    assert any(b.kind == HEADING and b.marker == "292." for b in doc.blocks)
    assert not any(re.fullmatch(r"(Page )?\d+", b.text) for b in doc.blocks)


# ----------------------------------------------------------------------------- bad input
def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError):
        read_pdf(path)


@pytest.mark.parametrize("cut", [0.5, 0.05])
def test_truncated_pdf(tmp_path, cut):
    data = (FIXTURES / f"{MEDWAY}.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(CorruptFileError, match="cannot be read as PDF; re-download it"):
        read_pdf(path)


@pytest.mark.parametrize("content", [b"this is not a PDF at all\n" * 20, bytes(range(256)) * 20])
def test_not_a_pdf(tmp_path, content):
    path = tmp_path / "fake.pdf"
    path.write_bytes(content)
    with pytest.raises(CorruptFileError) as err:
        read_pdf(path)
    assert err.value.status == "corrupt" and str(path) in str(err.value)


def qpdf(*args: str) -> None:
    if not shutil.which("qpdf"):
        pytest.skip("qpdf not installed")
    subprocess.run(["qpdf", *args], check=True, capture_output=True)


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    qpdf("--encrypt", "user", "owner", "256", "--", str(FIXTURES / f"{MEDWAY}.pdf"), str(path))
    with pytest.raises(EncryptedFileError, match="password"):
        read_pdf(path)
    with pytest.raises(EncryptedFileError):
        read_pdf(path, Settings(password="wrong"))
    doc = read_pdf(path, Settings(password="user"))
    assert doc.text == fixture_doc(MEDWAY).text


def test_owner_password_only_reads_normally(tmp_path):
    path = tmp_path / "owner.pdf"
    qpdf("--encrypt", "", "owner", "256", "--", str(FIXTURES / f"{MEDWAY}.pdf"), str(path))
    assert read_pdf(path).text == fixture_doc(MEDWAY).text


def write_scanned_pdf(path: Path, image: bool = True, stamp: str = "") -> None:
    """A one-page PDF holding only an image, as a scanner makes it; ``stamp`` adds a line of
    text at the foot of the page (as agenda packs stamp "Page 12" on scanned appendices)."""
    content = b"q 400 0 0 600 100 100 cm /Im1 Do Q" if image else b""
    if stamp:
        content += b" BT /F1 9 Tf 280 30 Td (%s) Tj ET" % stamp.encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources "
        b"<< /XObject << /Im1 4 0 R >> /Font << /F1 6 0 R >> >> >>",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)


@pytest.mark.parametrize("stamp", ["", "Page 3"])
def test_scanned_pdf_needs_ocr(tmp_path, stamp):
    path = tmp_path / "scan.pdf"
    write_scanned_pdf(path, stamp=stamp)
    with pytest.raises(NeedsOCRError, match="ocrmypdf"):
        read_pdf(path)


def test_pdf_with_neither_text_nor_images(tmp_path):
    path = tmp_path / "blank.pdf"
    write_scanned_pdf(path, image=False)
    with pytest.raises(CorruptFileError, match="neither text nor images"):
        read_pdf(path)


def test_some_scanned_pages_give_a_warning(tmp_path):
    scan, stamped, mixed = tmp_path / "scan.pdf", tmp_path / "stamped.pdf", tmp_path / "mixed.pdf"
    write_scanned_pdf(scan)
    write_scanned_pdf(stamped, stamp="Page 4")
    source = str(FIXTURES / f"{MEDWAY}.pdf")
    qpdf("--empty", "--pages", source, "1", str(scan), "1", source, "2", str(stamped), "1", "--", str(mixed))
    doc = read_pdf(mixed)
    assert doc.pages == 4 and doc.text.count("\f") == 3
    assert doc.warnings == ["pages 2, 4 have no text layer; run OCR (e.g. ocrmypdf) to include them"]
    assert {b.page for b in doc.blocks} == {1, 3}


def test_fixture_pdfs_are_small():
    assert all((FIXTURES / f"{stem}.pdf").stat().st_size < 200_000 for stem in STEMS)


# ----------------------------------------------------------------------------- fast words
def plumber_words(chars, boxes):
    """What read/pdf.py did before: pdfplumber's filter + extract_words."""
    def keep(ch):
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        return ch["upright"] and not any(x0 <= cx <= x1 and t <= cy <= b for x0, t, x1, b in boxes)

    return pdfplumber.utils.extract_words([ch for ch in chars if keep(ch)], extra_attrs=["fontname", "size"])


def fake_char(text, x0, top, size=10.0, font="A", upright=True, width=5.0):
    return {"object_type": "char", "text": text, "x0": x0, "x1": x0 + width, "top": top,
            "bottom": top + size, "doctop": top, "fontname": font, "size": size, "upright": upright,
            "width": width, "height": size}  # fmt: skip


char_lists = st.lists(
    st.builds(fake_char, st.sampled_from(["a", "b", " ", "ﬁ", "", "\u00a0", "1"]),
              st.floats(0, 60).map(lambda x: round(x, 1)), st.sampled_from([0.0, 1.5, 2.9, 3.1, 4.0, 20.0]),
              st.sampled_from([8.0, 10.0]), st.sampled_from(["A", "A-Bold"]), st.booleans(),
              st.sampled_from([1.0, 5.0])),
    max_size=30,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(char_lists, st.sampled_from([[], [(10.0, 0.0, 30.0, 10.0)]]))
def test_fast_words_are_pdfplumbers_words(chars, boxes):
    assert pdfium_page.words(chars, boxes) == plumber_words(chars, boxes)


@pytest.mark.parametrize("stem", STEMS[:2])
def test_fast_words_on_real_pages(stem):
    for _, page in pdfium_page.pages(lambda: pypdfium2.PdfDocument(str(FIXTURES / f"{stem}.pdf"))):
        fast = pdfium_page.read_page(page)
        boxes = [t.bbox for t in fast.find_tables()]
        assert fast.words_outside(boxes) == plumber_words(fast.chars, boxes)


@settings(max_examples=300, deadline=None)
@given(char_lists)
def test_fast_cell_text_is_pdfplumbers_extract_text(chars):
    upright = [ch for ch in chars if ch["upright"]]
    lines = chars_module.text_lines(Chars.from_dicts(upright))
    expected = pdfplumber.utils.extract_text(upright)
    assert "\n".join(lines) == expected


def test_cell_text_of_sideways_characters_is_left_to_pdfplumber():
    sideways = [fake_char("a", 0, 0, upright=False), fake_char("b", 6, 0)]
    assert chars_module.text_lines(Chars.from_dicts(sideways)) is None


def test_a_label_stamped_over_a_row_is_dropped_and_a_heading_is_kept():
    body = [fake_char(t, 10 + 5 * i, 100) for i, t in enumerate("cell text here")]
    stamp = [fake_char(t, 20 + 9 * i, 96, size=16.0, font="B", width=9.0) for i, t in enumerate("RISK")]
    heading = [fake_char(t, 10 + 9 * i, 60, size=16.0, font="B", width=9.0) for i, t in enumerate("Title")]
    stamped = chars_module.overprinted(Chars.from_dicts(body + stamp + heading))
    assert stamped.tolist() == [False] * len(body) + [True] * len(stamp) + [False] * len(heading)
    assert chars_module.overprinted(Chars.from_dicts(body + heading)) is None


def test_code_points_keep_a_lone_surrogate_from_a_broken_tounicode_map():
    assert pdfium_page.code_points("a\ud800 b").tolist() == [97, 0xD800, 32, 98]
    assert chars_module.Chars.blank_codes(pdfium_page.code_points("a\ud800 b")).tolist() == [False, False, True, False]


def test_capital_letter_markers_start_list_items_that_wrap(tmp_path):
    # Regression: "A. Agree to ..." lettered recommendations (a common cabinet-report form) were
    # read as one-line paragraphs, so each recommendation lost its wrapped second line.
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "lettered.pdf"
    c = canvas.Canvas(str(path))
    lines = [(72, "Cabinet is asked to:"),
             (72, "A. Agree to the transfer of the youth diversion service from the"),
             (86, "Children's Directorate to the Community Safety Unit from 1 April; and"),
             (72, "B. Delegate authority to the Director of Community Safety to take the"),
             (86, "relevant actions to implement the decision.")]
    for i, (x, text) in enumerate(lines):
        c.drawString(x, 760 - 16 * i, text)
    c.save()
    items = [b for b in read_pdf(path).blocks if b.kind == LIST_ITEM]
    assert [b.text for b in items] == [
        "Agree to the transfer of the youth diversion service from the Children's Directorate to the "
        "Community Safety Unit from 1 April; and",
        "Delegate authority to the Director of Community Safety to take the relevant actions to implement the decision."]


def test_a_paragraph_after_a_one_line_bullet_is_not_glued_to_it(tmp_path):
    # Regression (layout gap C8): a one-line bullet that fills its line and ends its sentence, then
    # a paragraph starting back at the bullet's edge, was read as one list item, so a plan's list
    # of methods ran into the next paragraph and the list after it lost its lead-in.
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "bullets.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 11)
    lines = [(72, "The partnership used a strategic assessment to understand local crime, which meant:"),
             (72, "\u2022"), (86, "analysing levels and patterns of crime, anti-social behaviour and offending over"),
             (86, "the last three years across every ward of the borough; and"),
             (72, "\u2022"), (86, "reviewing how well local services worked for victims and their families in 2023."),
             (72, "This has ensured that the plan rests on evidence and helped the partnership to agree:")]
    top, row = 760, 0
    for x, text in lines:
        c.drawString(x, top - 15 * row, text)
        row += x == 86 or text[0] != "\u2022"
    c.save()
    blocks = [(b.kind, b.text) for b in read_pdf(path).blocks]
    assert blocks[-3:] == [
        (LIST_ITEM, "analysing levels and patterns of crime, anti-social behaviour and offending over the last three "
                    "years across every ward of the borough; and"),
        (LIST_ITEM, "reviewing how well local services worked for victims and their families in 2023."),
        ("paragraph", "This has ensured that the plan rests on evidence and helped the partnership to agree:")]


def test_the_next_number_of_a_list_opens_the_next_item_after_and(tmp_path):
    # Regression: "1) Approve the strategy ...; and" filling its line, then "2) Agree ..." at the same
    # edge, was read as one item (the "and" looked like a sentence going on), so a resolution was lost.
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "numbered.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 11)
    lines = ["Councillor Jones introduced a report seeking approval of the community safety strategy.",
             "1) Approve the new Community Safety Partnership Strategy set out at Appendix 2 to this and",
             "2) Agree to a new target for reducing anti-social behaviour in the town centre by 2030."]
    for i, text in enumerate(lines):
        c.drawString(72, 760 - 15 * i, text)
    c.save()
    items = [b.text for b in read_pdf(path).blocks if b.kind == LIST_ITEM]
    assert items == ["Approve the new Community Safety Partnership Strategy set out at Appendix 2 to this and",
                     "Agree to a new target for reducing anti-social behaviour in the town centre by 2030."]


def test_a_bracketed_marker_glued_to_an_opening_quote_opens_an_item(tmp_path):
    # Regression: "(iii)‘Horsforth PCSOs’ - ..." (marker and quoted title as one word) was a paragraph in a
    # PDF while the text reader made it a list item, so the run of resolutions broke there.
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from tests.layout_forms import font_file
    regular = font_file("LiberationSans-Regular.ttf", "DejaVuSans.ttf")
    if regular is None:
        pytest.skip("no TrueType font with curly quotes")
    pdfmetrics.registerFont(TTFont("Body", str(regular)))
    path = tmp_path / "glued.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Body", 11)
    for i, text in enumerate(["(ii)\u2018Town centre CCTV\u2019 - That the funding be approved;",
                              "(iii)\u2018Park wardens\u2019 - That the funding be deferred."]):
        c.drawString(72, 760 - 15 * i, text)
    c.save()
    assert [(b.kind, b.marker) for b in read_pdf(path).blocks] == [(LIST_ITEM, "(ii)"), (LIST_ITEM, "(iii)")]


def test_sub_bullets_a_short_step_in_nest_under_their_parent(tmp_path):
    # Regression (layout gap C5): list levels came from a fixed 36 pt step, so sub-bullets set
    # 18 pt in (as reportlab, or 5 mm as fpdf2, print them) stood at their parent's level and a
    # lead-in's list ran on through the next top-level bullet.  The page's own marker positions
    # now set the step.
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "nested.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 11)
    lines = [(72, "The partnership agreed three priorities for the year:"),
             (76, "\u2022  Violence and vulnerability"), (94, "\u2022  Knife crime and robbery."),
             (94, "\u2022  Possession of offensive weapons."), (76, "\u2022  Crime prevention and home safety"),
             (94, "\u2022  Burglary."), (76, "\u2022  Gangs and drug related crime"), (112, "\u2022  County lines.")]
    for i, (x, text) in enumerate(lines):
        c.drawString(x, 760 - 18 * i, text)
    c.save()
    items = [(b.level, b.text) for b in read_pdf(path).blocks if b.kind == LIST_ITEM]
    assert [level for level, _ in items] == [0, 1, 1, 0, 1, 0, 2]


def test_a_lone_list_keeps_the_level_its_indent_gives(tmp_path):
    # The page sets the step only between its marker positions: one list 40 pt in is still level 1.
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "indented.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 11)
    for i, (x, text) in enumerate([(72, "The plan has two aims:"), (112, "\u2022  Reduce harm."),
                                   (112, "\u2022  Support victims.")]):
        c.drawString(x, 760 - 18 * i, text)
    c.save()
    assert [b.level for b in read_pdf(path).blocks if b.kind == LIST_ITEM] == [1, 1]


def test_the_items_own_bullet_again_at_its_edge_opens_the_next_item(tmp_path):
    # Regression: "o Reducing ... nuisance" filling its line, then "o Protecting ..." at the same edge
    # (a letter bullet, not a glyph, with no tab after it), was read as the first item's wrapped line.
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "letter-bullets.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 11)
    lines = [(72, "The partnership's plan is refreshed every year and sets four priority areas:"),
             (86, "o Reducing violence and abuse in the home and in public places"),
             (86, "o Reducing anti-social behaviour, criminal damage and nuisance"),
             (86, "o Protecting vulnerable communities")]
    for i, (x, text) in enumerate(lines):
        c.drawString(x, 760 - 14 * i, text)
    c.save()
    items = [b.text for b in read_pdf(path).blocks if b.kind == LIST_ITEM]
    assert items == ["Reducing violence and abuse in the home and in public places",
                     "Reducing anti-social behaviour, criminal damage and nuisance", "Protecting vulnerable communities"]


def _draw(path, lines, size=11):
    """Lines (x, top from the page's top, text) in Helvetica on one page."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", size)
    for x, top, text in lines:
        c.drawString(x, 800 - top, text)
    c.save()
    return read_pdf(path)


def test_a_paragraph_spaced_below_a_one_line_bullet_without_a_full_stop_is_not_glued_to_it(tmp_path):
    # Regression (layout gap C8): a one-line bullet that fills its line without a full stop, then a
    # capitalised paragraph at the bullet's edge, was read as the bullet's wrap; a paragraph's
    # spacing (more than the page's line pitch) now parts them.  A wrapped line keeps the pitch.
    pytest.importorskip("reportlab")
    text = [(72, 0, "The partnership agreed these strategic themes:"),
            (72, 14, "\u2022"), (86, 14, "Tackling serious violence"),
            (72, 28, "\u2022"), (86, 28, "Strengthening governance and accountability arrangements across the"),
            (86, 42, "partnership and its delivery groups"),
            (72, 56, "\u2022"), (86, 56, "Strengthening governance and accountability arrangements across the"),
            (72, 72.5, "Committee were also provided with crime and disorder data for the year."),
            (72, 86.5, "Members asked about the data.")]
    blocks = [(b.kind, b.text) for b in _draw(tmp_path / "spaced.pdf", text).blocks]
    assert blocks[1:] == [
        (LIST_ITEM, "Tackling serious violence"),
        (LIST_ITEM, "Strengthening governance and accountability arrangements across the partnership and its "
                    "delivery groups"),
        (LIST_ITEM, "Strengthening governance and accountability arrangements across the"),
        ("paragraph", "Committee were also provided with crime and disorder data for the year. "
                      "Members asked about the data.")]


def test_a_field_line_below_a_one_line_item_is_not_its_wrap(tmp_path):
    # Regression (layout gap C8): "1. That the Council adopt the Plan 2021-24" then "Meeting: 03/03/2021 -
    # Cabinet (Item 6)" at the marker's edge was one item, so the decision took the meeting line.
    pytest.importorskip("reportlab")
    text = [(72, 0, "RESOLVED:"), (72, 14, "1."), (90, 14, "That the Council adopt the Community Safety Partnership Plan"),
            (72, 28, "Meeting: 03/03/2021 - Cabinet (Item 6) and the other business of the meeting")]
    blocks = [(b.kind, b.text) for b in _draw(tmp_path / "field.pdf", text).blocks]
    assert blocks[1:] == [(LIST_ITEM, "That the Council adopt the Community Safety Partnership Plan"),
                          ("paragraph", "Meeting: 03/03/2021 - Cabinet (Item 6) and the other business of the meeting")]


def test_a_number_wider_than_its_hang_keeps_its_wrapped_lines(tmp_path):
    # Regression (layout gap C9): "2.1.1 Cabinet authorised ..." whose number pushed the first line's
    # text right of the list's indent, then wrapped lines at the indent, was cut at its first line.
    pytest.importorskip("reportlab")
    text = [(72, 0, "Decision:"), (72, 14, "2.1.1"), (104, 14, "Cabinet authorised the Chief Executive to undertake a twelve"),
            (98, 28, "week consultation on whether the order should be renewed for three years."),
            (72, 42, "2.1.2"), (104, 42, "Cabinet agreed to receive a further report.")]
    items = [b.text for b in _draw(tmp_path / "wide.pdf", text).blocks if b.kind == LIST_ITEM]
    assert items == ["Cabinet authorised the Chief Executive to undertake a twelve week consultation on whether the "
                     "order should be renewed for three years.", "Cabinet agreed to receive a further report."]


def test_a_fields_value_wrapped_in_its_column_is_one_block(tmp_path):
    # Regression: "Priority Two:<gap>Tackling anti-social behaviour, harmful" then "misuse ..." under the
    # value (an unruled two-column field) was cut in two: the hang after a two-word label was not seen.
    pytest.importorskip("reportlab")
    text = [(72, 0, "The report set out the progress made on each of the partnership's priorities over the"),
            (72, 14, "year and what was planned for the next."), (72, 34, "Priority Two:"),
            (160, 34, "Tackling Anti-Social Behaviour, Harmful Drug Misuse and"), (160, 48, "Organised Crime"),
            (72, 68, "These issues were often interlinked and the priority aimed at reducing the harm they do to"),
            (72, 82, "the borough's communities.")]
    blocks = [b.text for b in _draw(tmp_path / "field-column.pdf", text).blocks]
    assert blocks[1] == "Priority Two: Tackling Anti-Social Behaviour, Harmful Drug Misuse and Organised Crime"


def test_a_full_line_at_the_edge_under_an_items_hanging_line_is_not_centred_with_it(tmp_path):
    # Regression (layout gap C3, Sefton): "(2) arrangements ..." wrapped at its hang, then a paragraph's
    # full line back at the column's edge, had nearly the same centre, so the paragraph was read as
    # the item's (centred) wrap.  Centred lines stand off the left edge.
    pytest.importorskip("reportlab")
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def fill(words: str, width: float) -> str:  # the longest start of ``words`` narrower than ``width``
        out = ""
        for word in words.split():
            if stringWidth(f"{out} {word}".strip(), "Helvetica", 11) > width:
                break
            out = f"{out} {word}".strip()
        return out

    right = 500.0
    para = fill("The partnership discussed the review of its plan and the Prevent duty and agreed these actions", right - 72)
    wrap = fill("sub-group prior to the next meeting of the partnership and report back to it in the new year.",
                right - 40 - 100)
    last = fill("OFSTED Report on Links with Domestic Abuse presented by the lead officer for the children's services",
                right - 72)
    text = [(72, 0, para), (72, 14, "at the end of the discussion:"),
            (80, 32, "(2)"), (100, 32, fill("arrangements be put in place to establish the Prevent group of the partnership and its officers",
                                        right - 100)),
            (100, 46, wrap), (72, 60, last), (72, 74, "and the council.")]
    blocks = [(b.kind, b.text) for b in _draw(tmp_path / "centre.pdf", text).blocks]
    assert [kind for kind, _ in blocks] == ["paragraph", LIST_ITEM, "paragraph"]
    assert blocks[2][1].startswith("OFSTED Report")


def test_a_numbered_item_left_of_a_sub_bullet_opens_an_outer_item(tmp_path):
    # Regression (Medway pdf2col): "• Commitment to ... services" then "2.3. The Community Safety Plan ..."
    # left of the bullet was read as the bullet's wrap, so the last priority took the next paragraph.
    pytest.importorskip("reportlab")
    text = [(72, 0, "2.2."), (96, 0, "The plan contains five priorities, agreed by the partnership:"),
            (96, 14, "\u2022"), (106, 14, "Reducing re-offending across the borough and the county"),
            (96, 28, "\u2022"), (106, 28, "Commitment to safeguarding and improving services"),
            (72, 42, "2.3."), (96, 42, "The Community Safety Plan for 2020 to 2024 is attached.")]
    items = [(b.level, b.text) for b in _draw(tmp_path / "outdent.pdf", text).blocks if b.kind == LIST_ITEM]
    assert items[-2:] == [(1, "Commitment to safeguarding and improving services"),
                          (0, "The Community Safety Plan for 2020 to 2024 is attached.")]
