"""Hostile files for the regression tests of issue 14 and the fuzz harness: built in code, small.

- :func:`gridspan_docx`: a ~1 kB .docx whose table cells claim ``gridSpan=1000000``;
- :func:`inflating_docx`: a .docx whose document.xml inflates to ``size`` bytes;
- :func:`entity_docx`: a run whose text holds an XML entity reference, with words after it;
- :func:`pdf_bytes`, :func:`looping_pdf`: a PDF from raw objects; one whose page tree lists
  itself as a kid (PDFium: "Failed to load page").
"""
from __future__ import annotations

import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def docx_with(path: Path, body: str, prolog: str = "") -> Path:
    """A minimal .docx whose body is ``body`` (WordprocessingML, ``w:`` prefix)."""
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
           f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", xml)
    return path


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def gridspan_docx(path: Path, span: int = 1_000_000, rows: int = 20) -> Path:
    """Rows of two cells, each claiming ``span`` grid columns."""
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>{paragraph("Priority")}</w:tc>'
    table = "<w:tbl>" + f"<w:tr>{cell * 2}</w:tr>" * rows + "</w:tbl>"
    return docx_with(path, paragraph("Community safety partnership") + table)


def inflating_docx(path: Path, size: int) -> Path:
    """document.xml padded with ``size`` bytes of spaces (they deflate about 1000 to 1)."""
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
           + paragraph("Priorities") + " " * size + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", xml)
    return path


def entity_docx(path: Path) -> Path:
    """'Tackling &asb; in town centres', the entity declared in the document's DTD."""
    prolog = '<!DOCTYPE w:document [<!ENTITY asb "anti-social behaviour">]>'
    return docx_with(path, paragraph("Our priority is tackling &asb; in town centres."), prolog)


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 the catalogue) with a correct cross-reference table."""
    out, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def looping_pdf(path: Path) -> Path:
    """A page tree whose root lists itself among its kids."""
    path.write_bytes(pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (Priorities) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
    return path


def looping_pdf_pdfium_rejects(path: Path) -> Path:
    """The looping page tree with its kids list mangled as the fuzzer left it ('3 0 %%EOFR'): PDFium
    refuses the file, and pdfminer's page walk, which pdfplumber then runs, never ends."""
    looping_pdf(path)
    path.write_bytes(path.read_bytes().replace(b"/Kids [2 0 R 3 0 R]", b"/Kids [2 0 R 3 0 %%EOFR]"))
    return path

