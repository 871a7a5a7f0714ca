"""Errors raised by csp-extract.  Every message names the file and says the fix."""
from __future__ import annotations


class ExtractorError(Exception):
    """Base class: a document could not be read or extracted."""

    status = "failed"

    def __init__(self, path: str, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class EmptyFileError(ExtractorError):
    status = "empty"

    def __init__(self, path: str, size: int = 0):
        what = "the file is empty (0 bytes)" if not size else f"the file holds only white space ({size:,} bytes)"
        super().__init__(path, f"{what}; re-download or remove it")


class CorruptFileError(ExtractorError):
    status = "corrupt"


class EncryptedFileError(ExtractorError):
    status = "encrypted"

    def __init__(self, path: str):
        super().__init__(
            path,
            "the PDF is password protected; give --password or decrypt it first "
            "(e.g. qpdf --decrypt --password=PASS in.pdf out.pdf)",
        )


class NeedsOCRError(ExtractorError):
    status = "needs_ocr"

    def __init__(self, path: str):
        super().__init__(
            path,
            "no text layer (a scanned PDF); run OCR first (e.g. ocrmypdf in.pdf out.pdf) then re-ingest",
        )


class UnsupportedFormatError(ExtractorError):
    status = "unsupported"


class TooLargeError(ExtractorError):
    """Reading the file would take more memory than allowed: a zip or XML bomb, a table that
    claims a million columns, or a genuinely enormous document."""

    status = "too_large"


def memory_message(limit: int | None) -> str:
    """What to say about a file that ran out of memory under the per-worker ``limit`` (bytes)."""
    allowed = f"the limit of {format_bytes(limit)} per worker" if limit else "the memory available"
    return (f"reading it needed more memory than {allowed} (a file that inflates enormously when "
            "read, or a huge document); if it is a genuine report, give more with --max-memory "
            "(e.g. --max-memory 8G) and fewer --workers, otherwise remove it")


def format_bytes(size: int) -> str:
    """1536 -> '1.5 kB', 4 * 2**30 -> '4.0 GB' (binary units, as --max-memory reads them)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


class StoreError(Exception):
    """The database cannot be written (locked by another process, read-only, disk full):
    the batch stops, nothing is logged as failed, and the message says the fix."""


class ModelError(ExtractorError):
    """The spaCy pipeline in models/ is missing or broken."""

    status = "failed"
