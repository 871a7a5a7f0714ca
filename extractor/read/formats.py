"""The file formats the readers take (importable without loading any reader)."""

TEXT_SUFFIXES = (".txt", ".md", ".text")
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
SUPPORTED = TEXT_SUFFIXES + PDF_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES

# What a file's first bytes say it is, for a file whose name says otherwise
SIGNATURES = ((b"%PDF-", "a PDF", ".pdf"), (b"PK\x03\x04", "a zip file (a Word .docx is one)", ".docx"),
              (b"\xd0\xcf\x11\xe0", "an old Word .doc or Excel file", None), (b"{\\rtf", "an RTF file", None))
HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<!--", b"<meta", b"<title")


def sniff(head: bytes) -> tuple[str, str | None] | None:
    """(what the bytes are, the suffix csp-extract reads them under) from a file's first bytes."""
    for magic, what, suffix in SIGNATURES:
        if head.startswith(magic):
            return what, suffix
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(HTML_START) and (b"<html" in head.lower() or b"<body" in head.lower()):
        return "an HTML page", ".html"
    return None


def wrong_format(path, suffix: str) -> str | None:
    """The fix for a file whose bytes are another format than its name says (an HTML login or
    error page saved as .pdf, a .docx renamed .pdf), or None."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError:
        return None
    found = sniff(head)
    if found is None or found[1] == suffix:
        return None
    what, right = found
    if right == ".html" and suffix in PDF_SUFFIXES:
        return ("cannot be read as PDF: it is an HTML page (often a login, cookie or error page saved in "
                "place of the report); open it in a browser to check, then download the PDF itself, or "
                "rename it to .html if it is the report")
    if right:
        return f"cannot be read as {suffix}: it is {what}; rename it to {right}"
    return f"cannot be read as {suffix}: it is {what}; save it as PDF or .docx"


def utf16_codec(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text without a byte-order mark (Notepad's
    "Unicode" without one, PowerShell redirects): ASCII text is then a zero byte in every
    other position.  None for anything else, binary data included."""
    sample = data[:4096]
    sample = sample[:len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    codec = "utf-16-le" if odd > 0.3 and even < 0.02 else "utf-16-be" if even > 0.3 and odd < 0.02 else None
    if codec is None or len(data) % 2:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text[:2048] if ord(ch) < 32 and ch not in "\t\n\f\r")
    return codec if controls <= len(text[:2048]) * 0.05 else None


HTML_MAGIC = {b"%PDF": "a PDF", b"PK\x03\x04": "a zip or Office file", b"\xd0\xcf\x11\xe0": "an old Office file"}


def not_html(data: bytes) -> str | None:
    """Why ``data`` named .html is not HTML (a PDF, zip or Office file, other binary data) with
    the fix, or None; UTF-16 text, with or without a byte-order mark, is text."""
    for magic, what in HTML_MAGIC.items():
        if data.startswith(magic):
            return f"not HTML (it is {what}); re-download it or give it the right extension"
    sample = data[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_codec(data):
        return None
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) * 0.05:
        return "not HTML (binary data); re-download it"
    return None
