"""Column detection in the PDF reader (extractor.read.pdf_columns) on small generated PDFs:
two-column pages are read column by column; single-column pages with indented lists or a
table of short cells are not split."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from extractor.read import pdf_columns
from extractor.read.pdf import read_pdf

WIDTH, HEIGHT = A4
MARGIN, GUTTER, SIZE, PITCH = 50.0, 24.0, 10, 13.0
COLUMN = (WIDTH - 2 * MARGIN - GUTTER) / 2


def prose(tag: str, sentences: int) -> str:
    """Distinct, wrapped-looking prose: every word carries ``tag`` so its column is known."""
    return " ".join(f"{tag}{k} sentence {k} says {tag} words and more {tag} words here." for k in range(sentences))


def wrap(text: str, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if stringWidth(trial, "Helvetica", SIZE) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line] if line else lines


def draw(c: canvas.Canvas, x: float, top: float, lines: list[str], font: str = "Helvetica") -> float:
    """Lines from ``top`` (distance from the page top) down; the top of the next line."""
    c.setFont(font, SIZE)
    for line in lines:
        c.drawString(x, HEIGHT - top - SIZE, line)
        top += PITCH
    return top


def make(path: Path, paint) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    paint(c)
    c.save()
    return path


def two_columns(c: canvas.Canvas, left: str, right: str, top: float = MARGIN) -> None:
    draw(c, MARGIN, top, wrap(left, COLUMN))
    draw(c, MARGIN + COLUMN + GUTTER, top, wrap(right, COLUMN))


def test_left_column_is_read_before_the_right_one(tmp_path):
    path = make(tmp_path / "two.pdf", lambda c: two_columns(c, prose("alpha", 12), prose("beta", 12)))
    text = read_pdf(path).text
    assert text.rindex("alpha") < text.index("beta")
    assert "alpha11 sentence 11 says alpha words and more alpha words here." in text
    assert "beta0 sentence 0 says beta words" in text


def test_a_title_across_both_columns_comes_first(tmp_path):
    def paint(c):
        draw(c, MARGIN, MARGIN, ["Annual report of the partnership set across the whole page width"], "Helvetica-Bold")
        two_columns(c, prose("alpha", 14), prose("beta", 14), top=MARGIN + 3 * PITCH)

    doc = read_pdf(make(tmp_path / "title.pdf", paint))
    assert doc.text.startswith("Annual report of the partnership")
    assert doc.text.rindex("alpha") < doc.text.index("beta")


def test_a_paragraph_going_on_in_the_next_column_is_one_block(tmp_path):
    lines = wrap(prose("gamma", 45), COLUMN)
    rows = int((HEIGHT - 2 * MARGIN) // PITCH)
    rows -= lines[rows - 1].endswith(".")  # the column breaks inside a sentence
    assert len(lines) > rows  # the paragraph does not fit in the left column

    def paint(c):
        draw(c, MARGIN, MARGIN, lines[:rows])
        draw(c, MARGIN + COLUMN + GUTTER, MARGIN, lines[rows:])

    doc = read_pdf(make(tmp_path / "flow.pdf", paint))
    paragraphs = [b.text for b in doc.blocks]
    assert any(p.startswith("gamma0 ") and p.endswith("gamma44 sentence 44 says gamma words and more gamma words here.") for p in paragraphs), paragraphs


def test_an_indented_list_on_one_column_is_not_split(tmp_path):
    items = [("", "Introduction to the plan with a sentence long enough to cross the middle of the page"),
             ("1.", "Reduce violence in the town centre"), ("(a)", "knife crime"), ("(b)", "robbery"),
             ("2.", "Protect vulnerable people"), ("(a)", "domestic abuse"), ("(b)", "exploitation"),
             ("3.", "Tackle anti-social behaviour"), ("(a)", "youth nuisance"), ("(b)", "fly-tipping"),
             ("", "A closing paragraph again long enough to cross the middle of the page on its line.")]

    def paint(c):
        c.setFont("Helvetica", SIZE)
        top = MARGIN
        for marker, text in items:
            indent = MARGIN + (0 if not marker else 20 if marker[0].isdigit() else 300)
            if marker:
                c.drawString(indent, HEIGHT - top - SIZE, marker)
            c.drawString(indent + (24 if marker else 0), HEIGHT - top - SIZE, text)
            top += PITCH

    text = read_pdf(make(tmp_path / "list.pdf", paint)).text
    places = [text.index(t) for _, t in items]
    assert places == sorted(places), text


def test_a_table_of_short_cells_is_not_split(tmp_path):
    rows = [("Chair", "Councillor Alice Smith"), ("Vice-chair", "Councillor Bob Jones"),
            ("Police", "Chief Inspector Carol White"), ("Fire", "Station Manager Dan Brown"),
            ("Health", "Director Eve Green"), ("Probation", "Head of Service Frank Black"),
            ("Housing", "Manager Grace Hall"), ("Youth", "Team Leader Harry King")]

    def paint(c):
        c.setFont("Helvetica", SIZE)
        for k, (label, value) in enumerate(rows):
            y = HEIGHT - MARGIN - SIZE - k * PITCH * 1.5
            c.drawString(MARGIN, y, label)
            c.drawString(WIDTH / 2 + 10, y, value)

    text = read_pdf(make(tmp_path / "table.pdf", paint)).text
    places = [text.index(t) for row in rows for t in row]
    assert places == sorted(places), text


def word(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + 10, "size": 10}


def test_no_gutter_in_one_column_prose():
    rows = [[word("abcd", MARGIN + 27 * k + (7 * r) % 23, 20 * r) for k in range(17)] for r in range(20)]
    assert pdf_columns.find_gutter(rows) is None


def test_gutter_between_two_word_masses():
    rows = [[word("left", 50 + 30 * k, 20 * r) for k in range(8)] + [word("right", 320 + 30 * k, 20 * r) for k in range(8)]
            for r in range(20)]
    x0, x1 = pdf_columns.find_gutter(rows)
    assert x0 == 50 + 30 * 7 + 24 and x1 == 320


def test_a_paragraph_beside_a_column_of_short_bullets_is_read_column_by_column(tmp_path):
    # Regression (layout gap C3, Thames Valley): a left column holding a paragraph and then many
    # short cells, beside a right column of short bullets, showed too few filled rows for the share
    # rule, so the page was read row by row and the paragraph interleaved with the bullets.  A
    # paragraph's worth of running filled rows now shows a column of prose.
    places = ["Bracknell Forest", "Buckinghamshire", "Milton Keynes", "Oxfordshire", "Reading", "Slough",
              "West Berkshire", "Windsor and Maidenhead", "Wokingham"]
    cells = ["2019/20", "136,091", "441,082", "261,694", "693,923", "457,814", "335,938", "155,864", "148,921",
             "104,205", "303,948", "3,039,000"] * 3
    paragraph = wrap(prose("alpha", 4), COLUMN)

    def paint(c):
        top = draw(c, MARGIN, MARGIN, paragraph)
        draw(c, MARGIN, top, cells)
        draw(c, MARGIN + COLUMN + GUTTER, MARGIN, [f"\u2022 {p}" for p in places])

    text = read_pdf(make(tmp_path / "beside.pdf", paint)).text
    assert len(paragraph) >= 4 and len(paragraph) < 0.25 * (len(paragraph) + len(cells))  # few filled rows
    words = text[text.index("alpha0"):text.index("alpha3 sentence 3")]
    assert not any(p in words for p in places), text  # no bullet inside the paragraph
    assert text.index("2019/20") < text.index("\u2022 Bracknell Forest"), text  # the left column first
