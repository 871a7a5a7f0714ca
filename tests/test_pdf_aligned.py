"""Unruled tables in the PDF reader (extractor.read.pdf_aligned) on small generated PDFs: a table
set only by its alignment is read as a table; two short columns of prose, a bulleted or
numbered list with hanging indents and label/value lines stay text."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from extractor.document import TABLE_ROW
from extractor.read.pdf import read_pdf

WIDTH, HEIGHT = A4
LEFT, SIZE, PITCH, PADDING = 60.0, 9, 11.0, 5.0
SPACE = 10.0  # below a paragraph


def wrap(text: str, width: float, font: str = "Helvetica") -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if stringWidth(trial, font, SIZE) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line] if line else lines


def put(c: canvas.Canvas, x: float, top: float, text: str, font: str = "Helvetica") -> None:
    c.setFont(font, SIZE)
    c.drawString(x, HEIGHT - top - SIZE, text)


def paragraph(c: canvas.Canvas, top: float, text: str, width: float = 470) -> float:
    for line in wrap(text, width):
        put(c, LEFT, top, line)
        top += PITCH
    return top + SPACE


def table(c: canvas.Canvas, top: float, rows: list[list[str]], widths: list[float], bold_first=True) -> float:
    """An unruled table: each cell wrapped in its column, rows parted by padding; the top of what follows."""
    for r, row in enumerate(rows):
        font = "Helvetica-Bold" if bold_first and r == 0 else "Helvetica"
        wrapped = [wrap(cell, width - 8, font) for cell, width in zip(row, widths)]
        for k, (lines, x) in enumerate(zip(wrapped, [LEFT + sum(widths[:k]) for k in range(len(widths))])):
            for n, line in enumerate(lines):
                put(c, x, top + n * PITCH, line, font)
        top += PITCH * max(map(len, wrapped)) + PADDING
    return top + PADDING


def make(path: Path, paint) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    paint(c)
    c.save()
    return path


INTRO = "The following key risks should be taken into account when agreeing the recommendations in this report."
OUTRO = "The decisions recommended through this paper have a remote relevance to the Equality Act."
RISKS = [
    ["Risk", "Rating", "Mitigation"],
    ["Partners withdraw from the partnership", "E2",
     "Ensure that agencies are aware of the impact of disengagement upon their own services."],
    ["Legislation changes the focus of the partnership", "D3", "Horizon scanning for impending legislative changes."],
    ["Funding ends", "C1", "Seek other grants early in the year."],
]


def rows_of(path: Path) -> list[list[str]]:
    return [[cell.text for cell in b.cells] for b in read_pdf(path).blocks if b.kind == TABLE_ROW]


def test_unruled_three_column_table_is_read_as_a_table(tmp_path):
    def paint(c):
        top = paragraph(c, 80, INTRO)
        top = table(c, top, RISKS, [150, 60, 260])
        paragraph(c, top, OUTRO)

    doc = read_pdf(make(tmp_path / "risks.pdf", paint))
    assert [[cell.text for cell in b.cells] for b in doc.blocks if b.kind == TABLE_ROW] == RISKS
    assert [b.text for b in doc.blocks if b.kind != TABLE_ROW] == [INTRO, OUTRO]


def test_unruled_two_column_table_of_one_line_rows_is_read_as_a_table(tmp_path):
    figures = [["Crime type", "2023"], ["Burglary", "412"], ["Robbery", "97"], ["Criminal damage", "1,204"]]

    def paint(c):
        top = paragraph(c, 80, INTRO)
        for row in figures:  # no padding between rows: each line a row
            put(c, LEFT, top, row[0])
            put(c, LEFT + 150, top, row[1])
            top += PITCH
        paragraph(c, top + PADDING, OUTRO)

    assert rows_of(make(tmp_path / "figures.pdf", paint)) == figures


def test_two_short_columns_of_prose_are_not_a_table(tmp_path):
    left = ("Community safety partnerships bring together the police, the council, the fire service and health "
            "partners to reduce crime and disorder in the district, and they meet four times a year.")
    right = ("The plan sets out how the partners will work together over the next three years to meet its "
             "priorities, and how the progress made will be reported to the scrutiny committee each year.")

    def paint(c):
        top = paragraph(c, 80, INTRO)
        for x, text in ((LEFT, left), (LEFT + 245, right)):  # too short for the page's column finder
            for n, line in enumerate(wrap(text, 225)):
                put(c, x, top + n * PITCH, line)

    path = make(tmp_path / "prose.pdf", paint)
    assert [len(wrap(text, 225)) for text in (left, right)] == [4, 4]  # side by side, line for line
    assert rows_of(path) == []


def hanging_list(c: canvas.Canvas, markers: list[str], indent: float) -> None:
    top = paragraph(c, 80, INTRO)
    for k, marker in enumerate(markers):
        put(c, LEFT, top, marker)
        lines = wrap(f"Item {k} keeps its wrapped lines at the hanging indent of the list so that they line "
                     "up with the first line's text, as a word processor sets them", 300)
        for n, line in enumerate(lines):
            put(c, LEFT + indent, top + n * PITCH, line)
        top += PITCH * len(lines) + PADDING
    paragraph(c, top, OUTRO)


def test_bulleted_list_with_hanging_indents_is_not_a_table(tmp_path):
    path = make(tmp_path / "bullets.pdf", lambda c: hanging_list(c, ["•", "•", "•"], 18))
    items = [b for b in read_pdf(path).blocks if b.kind == "list_item"]
    assert rows_of(path) == [] and len(items) == 3


def test_numbered_paragraphs_are_not_a_table(tmp_path):
    path = make(tmp_path / "numbered.pdf", lambda c: hanging_list(c, ["1.1", "1.2", "1.3"], 30))
    assert rows_of(path) == []


def label_lines(c: canvas.Canvas, labels: list[str], font: str) -> None:
    top = paragraph(c, 80, INTRO)
    values = ["Jane Smith, Head of Community Safety", "Cabinet, 3 March 2024", "All wards"]
    for label, value in zip(labels, values):
        put(c, LEFT, top, label, font)
        put(c, LEFT + 110, top, value)
        top += PITCH + PADDING
    paragraph(c, top, OUTRO)


def test_label_value_lines_are_not_broken(tmp_path):
    labels = ["Report author:", "Meeting:", "Wards:"]
    path = make(tmp_path / "fields.pdf", lambda c: label_lines(c, labels, "Helvetica"))
    texts = [b.text for b in read_pdf(path).blocks]
    assert rows_of(path) == []
    assert "Report author: Jane Smith, Head of Community Safety" in texts and "Wards: All wards" in texts


def test_bold_labels_beside_values_are_not_a_table(tmp_path):
    labels = ["Report author", "Meeting", "Wards"]
    path = make(tmp_path / "bold.pdf", lambda c: label_lines(c, labels, "Helvetica-Bold"))
    assert rows_of(path) == []
