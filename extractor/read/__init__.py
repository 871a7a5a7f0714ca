"""Readers: one per file format, each producing a :class:`extractor.document.Document`."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CorruptFileError, EmptyFileError, ExtractorError, UnsupportedFormatError
from .formats import DOCX_SUFFIXES, HTML_SUFFIXES, PDF_SUFFIXES, SUPPORTED, wrong_format

if TYPE_CHECKING:
    from ..document import Document


def read_document(path: str | Path, settings=None) -> Document:
    """Read any supported file; raise an ExtractorError naming the file and the fix.

    Whatever a reader's libraries raise on a damaged file (PDFium's "Failed to load page", a
    zlib error inside a .docx, python-docx's ValueError on a bad attribute, a recursion too deep)
    becomes a :class:`CorruptFileError` saying what to do; MemoryError is left to the caller,
    which knows the memory limit it ran under."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormatError(str(path), f"unsupported file type {suffix or '(none)'}; "
                                     f"csp-extract reads {', '.join(SUPPORTED)}")
    if path.stat().st_size == 0:
        raise EmptyFileError(str(path))
    try:
        return _read(path, suffix, settings)
    except (ExtractorError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a reader's library failing on a hostile file
        raise CorruptFileError(str(path), _damaged(path, suffix, exc)) from exc


def _damaged(path: Path, suffix: str, exc: Exception) -> str:
    """The message for a file a reader's library failed on: what it really is when its bytes
    say so, else that it is damaged, with the library's words."""
    found = wrong_format(path, suffix)
    if found:
        return found
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    what = {".pdf": "PDF", ".docx": "Word .docx", ".html": "HTML", ".htm": "HTML"}.get(suffix, "text")
    return (f"cannot be read as {what}: the file is damaged ({type(exc).__name__}"
            f"{': ' + detail if detail else ''}); re-download it, or open and re-save it")


def _read(path: Path, suffix: str, settings) -> Document:
    """The reader for ``suffix``."""
    if suffix in PDF_SUFFIXES:
        from .pdf import read_pdf
        return read_pdf(path, settings)
    if suffix in HTML_SUFFIXES:
        from .html import read_html
        return read_html(path, settings)
    if suffix in DOCX_SUFFIXES:
        from .docx import read_docx
        return read_docx(path, settings)
    from .text import read_text  # each reader is loaded when first needed
    return read_text(path, settings)


def __getattr__(name: str):
    if name in ("read_text", "parse_text"):
        from . import text
        return getattr(text, name)
    raise AttributeError(f"module 'extractor.read' has no attribute {name!r}")


__all__ = ["read_document", "read_text", "parse_text", "SUPPORTED"]
