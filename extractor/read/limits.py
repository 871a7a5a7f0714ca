"""Size caps checked before a reader parses anything: what a hostile file claims or inflates to.

A .docx is a zip: 1 kB of it can inflate to gigabytes of XML, which lxml would then build a
tree of (about ten times the XML's size).  :func:`check_inflated_size` refuses, as
``too_large``, a package whose XML parts inflate past :data:`MAX_XML_PART` each or whose parts
together pass :data:`MAX_INFLATED`, before python-docx reads it.  An HTML page over
:data:`MAX_HTML_BYTES` is not parsed either (:func:`check_html_size`).
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from extractor.errors import TooLargeError, format_bytes

MAX_XML_PART = 64 << 20  # inflated bytes of one XML part (word/document.xml ...) read at most
MAX_INFLATED = 512 << 20  # inflated bytes of the whole package read at most
MAX_HTML_BYTES = 64 << 20  # a saved committee page is a few MB; parsing takes ~10x its size
TOO_LARGE = ("{what} inflates to more than {limit} when unzipped (a zip bomb, or an enormous "
             "document); csp-extract does not read it: save it as PDF, or split it into smaller files")


def check_inflated_size(path: Path, part_limit: int = MAX_XML_PART, total_limit: int = MAX_INFLATED) -> None:
    """TooLargeError unless every XML part inflates to at most ``part_limit`` bytes and the
    package to at most ``total_limit``: the sizes the zip declares are checked first, then each
    XML part is inflated in chunks, counting, since a declared size can lie."""
    with zipfile.ZipFile(path) as zf:
        members = zf.infolist()
        if sum(m.file_size for m in members) > total_limit:
            raise TooLargeError(str(path), TOO_LARGE.format(what="the .docx", limit=format_bytes(total_limit)))
        for member in members:
            if member.filename.endswith((".xml", ".rels")) and _inflates_past(zf, member, part_limit):
                what = f"its part {member.filename}"
                raise TooLargeError(str(path), TOO_LARGE.format(what=what, limit=format_bytes(part_limit)))


def _inflates_past(zf: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bool:
    """Whether ``member`` inflates to more than ``limit`` bytes (never holding more than 1 MB)."""
    if member.file_size > limit:
        return True
    seen = 0
    with zf.open(member) as fh:
        while chunk := fh.read(1 << 20):
            seen += len(chunk)
            if seen > limit:
                return True
    return False


def check_html_size(path: Path, limit: int | None = None) -> None:
    """TooLargeError for an HTML file over ``limit`` bytes (default :data:`MAX_HTML_BYTES`)."""
    limit = MAX_HTML_BYTES if limit is None else limit
    size = path.stat().st_size
    if size > limit:
        raise TooLargeError(str(path), f"the page is {format_bytes(size)}, more than the {format_bytes(limit)} "
                            "csp-extract parses; print it to PDF, or save the report it links to instead")
