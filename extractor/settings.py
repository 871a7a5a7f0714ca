"""One validated settings object for reading, extraction and ingest."""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_MODELS = Path(__file__).resolve().parent.parent / "models"


def _default_models() -> Path:
    return Path(os.environ.get("CSP_EXTRACT_MODELS", DEFAULT_MODELS))


MIN_MEMORY = 512 << 20  # below this the models cannot even load
SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", re.I)


def parse_size(text: str) -> int:
    """'4G', '1500M', '2.5GB', '800m' -> bytes (binary units; a bare number is megabytes)."""
    m = SIZE.fullmatch(str(text))
    if not m:
        raise ValueError(f"{text!r} is not a size; write it like 4G, 1500M or 2.5GB")
    scale = {"": 1 << 20, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[m.group(2).lower()]
    return int(float(m.group(1)) * scale)


def machine_memory() -> int | None:
    """The machine's physical memory in bytes, or None where the OS does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def memory_limit(settings: "Settings", processes: int | None = None) -> int | None:
    """The address space one extracting process may use: ``settings.max_memory`` if given, else
    three quarters of the machine's memory shared by the ``processes`` (default: the workers)
    extracting at once, and never under 2 GB.  None where the machine's memory is unknown."""
    if settings.max_memory is not None:
        return settings.max_memory
    total = machine_memory()
    if total is None:
        return None
    share = total * 3 // 4 // max(1, processes if processes is not None else settings.workers)
    return max(2 << 30, share)


@dataclass(frozen=True)
class Settings:
    """Tunable behaviour.  Invalid values raise ``ValueError`` with the fix."""

    models_dir: Path = field(default_factory=_default_models)
    timeout: float = 120.0  # seconds one file may take in a worker before it is stopped
    workers: int = max(1, os.cpu_count() or 1)  # ingest worker processes; 0: in this process
    password: str | None = None
    max_memory: int | None = None  # bytes of address space per worker; None: memory_limit()'s default
    min_confidence: float = 0.5
    heading_score: float = 82.0
    split_pages: int = 100  # a PDF of this many pages or more is read by every worker at once; 0: never

    def __post_init__(self) -> None:
        object.__setattr__(self, "models_dir", Path(self.models_dir))
        if not self.models_dir.is_dir():
            raise ValueError(f"models_dir {self.models_dir} is not a folder; give the models/ folder of csp-extract "
                             "or a copy of it (--models DIRECTORY, or set CSP_EXTRACT_MODELS)")
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive seconds, got {self.timeout}")
        if self.workers < 0:
            raise ValueError(
                f"workers must be 0 (extract in this process) or more, got {self.workers}"
            )
        if self.max_memory is not None and self.max_memory < MIN_MEMORY:
            raise ValueError(f"max_memory must be at least {MIN_MEMORY >> 20} MB (the models alone take "
                             f"about 300 MB), got {self.max_memory >> 20} MB")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, got {self.min_confidence}")
        if self.split_pages < 0:
            raise ValueError(f"split_pages must be 0 (never split a PDF) or a number of pages, got {self.split_pages}")
        if not 0.0 < self.heading_score <= 100.0:
            raise ValueError(f"heading_score must be in (0, 100], got {self.heading_score}")


# Files of the models folder that extraction does not read: the taxonomy and the councils are
# applied to the database by the schema stamp (store/unchanged.py); metrics.json is a measurement.
NOT_EXTRACTION = frozenset({"taxonomy.json", "councils.csv", "metrics.json"})
_HASHES: dict[tuple, str] = {}


def models_hash(settings: Settings) -> str:
    """A hash (16 hex digits) of what extraction reads from ``settings.models_dir``: every file
    (hidden ones and :data:`NOT_EXTRACTION` aside), by its path in the folder and its bytes, and of
    the extraction code itself (:func:`_code_files`).
    Part of each extraction's output (:func:`extractor.core.extract_document`) and stored with
    each document (``documents.models_hash``), it makes a file extracted with another models
    folder's content be extracted again (:func:`extractor.batch.jobs.plan`).  Cached by
    the files' sizes and times, so a worker may ask for it at every file."""
    folder = Path(settings.models_dir)
    files = sorted((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*") if p.is_file())
    files = [(name, p) for name, p in files if name not in NOT_EXTRACTION and not _hidden(name)]
    code = _code_state()
    key = (str(folder), *((name, p.stat().st_size, p.stat().st_mtime_ns) for name, p in files), *code)
    if key not in _HASHES:
        digest = hashlib.sha256()
        for name, p in files + [(name, p) for name, _, _, p in code]:
            data = p.read_bytes()
            digest.update(f"{name}\0{len(data)}\0".encode() + data)
        _HASHES[key] = digest.hexdigest()[:16]
    return _HASHES[key]


EXTRACTION_CODE = ("core.py", "document.py", "read", "analyse", "extract", "normalise")  # extractor/'s modules that extract


@lru_cache(maxsize=1)
def _code_state() -> tuple:
    """``(name, size, mtime, path)`` of each extraction code file, looked at once per process: the code
    that runs is the code imported at start, so a worker asking at every file need not stat it again."""
    return tuple((name, p.stat().st_size, p.stat().st_mtime_ns, p) for name, p in _code_files())


def _code_files() -> list[tuple[str, Path]]:
    """The extraction code (:data:`EXTRACTION_CODE`), as ``code/<path>`` entries: a newer csp-extract whose rules
    changed extracts a stored file again, as a changed models folder does."""
    package = Path(__file__).resolve().parent
    found = []
    for entry in EXTRACTION_CODE:
        path = package / entry
        found += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return [(f"code/{p.relative_to(package).as_posix()}", p) for p in found]


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in name.split("/"))
