"""Finding the files to ingest, and hashing them."""
from __future__ import annotations

import fnmatch
import os
import glob
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..read.formats import SUPPORTED as SUFFIXES

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


# Files in a folder that are about the reports, not reports: a folder of papers often holds them
NOT_REPORTS = ("readme*", "annotation*", "license*", "licence*", "changelog*", "contributing*", "manifest*",
               "index.md", "notes*.md", "todo*")


@dataclass
class Selection:
    """The files to ingest, and the files of the folders given that were left out, with why."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    # logged in ingest_log: symbolic links leading out of the folders given ("skipped") and
    # sub-folders that could not be read ("failed"), each with (path, status, message)
    refused: list[tuple[Path, str, str]] = field(default_factory=list)

    def line(self) -> str:
        """'2 files skipped as not reports: README.md, ANNOTATION.md'."""
        outside = [(path, "symbolic links outside the folders given") for path, status, _ in self.refused
                   if status == "skipped"]
        if not self.skipped + outside:
            return ""
        by_reason: dict[str, list[str]] = {}
        for path, reason in self.skipped + outside:
            by_reason.setdefault(reason, []).append(path.name)
        parts = [f"{len(names)} {reason}: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}"
                 for reason, names in by_reason.items()]
        return "skipped " + "; ".join(parts)


def find_files(paths: Iterable[str | Path], exclude: Iterable[str] = ()) -> list[Path]:
    """Files to ingest, absolute and sorted, without duplicates (see :func:`select_files`)."""
    return select_files(paths, exclude).files


def select_files(paths: Iterable[str | Path], exclude: Iterable[str] = ()) -> Selection:
    """Files to ingest, absolute and sorted, without duplicates, and those left out.

    A file named on its own is taken whatever its suffix (extraction reports an unsupported one); a
    folder is searched recursively for the supported formats (.pdf, .txt, .md, .html, .docx),
    skipping hidden ones and files that are about the reports rather than reports (README,
    ANNOTATION, LICENSE ...: :data:`NOT_REPORTS`); a pattern such as ``reports/**/*.pdf`` is
    expanded.  ``exclude`` patterns (matched against the file name and its path) leave files out
    anywhere.  Raises ValueError when a path matches nothing.
    """
    exclude = tuple(exclude)
    found: dict[Path, None] = {}
    selection = Selection()
    for raw in map(str, paths):
        for hit, from_folder in _expand(raw, selection.refused):
            reason = _left_out(hit, exclude, from_folder)
            if reason:
                selection.skipped.append((hit, reason))
            else:
                found[hit] = None
    selection.files = sorted(found)
    return selection


def _expand(raw: str, refused: list[tuple[Path, str, str]]) -> list[tuple[Path, bool]]:
    """The files a path stands for, each with whether it came from searching a folder;
    what a folder search refused is added to ``refused``."""
    path = Path(raw).expanduser()
    if path.is_file():
        return [(path.resolve(), False)]
    if path.is_dir():
        before = len(refused)
        hits = _search(path.resolve(), refused)
        if not hits and len(refused) == before:
            raise ValueError(f"{raw}: no .pdf, .txt, .md, .html or .docx files in this folder or below it")
        return [(p, True) for p in hits]
    if glob.has_magic(raw):
        hits = [Path(p) for p in glob.glob(str(path), recursive=True) if Path(p).is_file()]
        if not hits:
            raise ValueError(f"{raw}: the pattern matches no file")
        root = _pattern_root(path)
        return [(p.resolve(), True) for p in hits if _within(p, root, refused)]
    raise ValueError(f"{raw}: no such file or folder; check the path")


OUTSIDE = ("a symbolic link to {target}, outside the folders given; not read (name the file "
           "itself, or the folder it is in, to ingest it)")
UNREADABLE = "cannot read this folder ({reason}); its files were not ingested: check its permissions"


def _search(root: Path, refused: list[tuple[Path, str, str]]) -> list[Path]:
    """The report files in ``root`` and below it (hidden ones left out), never leaving ``root``:
    a symbolic link (to a file or a folder) whose target lies outside it is refused as
    ``skipped``, and a sub-folder that cannot be read as ``failed``, each with the reason."""
    hits: list[Path] = []

    def unreadable(error: OSError) -> None:
        folder = Path(error.filename or root)
        if not _is_hidden(folder, root):
            refused.append((folder, "failed", UNREADABLE.format(reason=error.strerror or error)))

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _inside(here / d, root, refused))
        for name in sorted(names):
            candidate = here / name
            if name.startswith(".") or candidate.suffix.lower() not in SUFFIXES:
                continue
            if _inside(candidate, root, refused) and candidate.is_file():
                hits.append(candidate)
    return hits


def _inside(path: Path, root: Path, refused: list[tuple[Path, str, str]]) -> bool:
    """False (and ``path`` refused) for a symbolic link leading out of ``root``.  A link to a
    folder inside ``root`` is not followed either: os.walk reaches that folder itself."""
    if not path.is_symlink():
        return True
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link or a loop of links: nothing to read
        return False
    if target != root and root not in target.parents:
        refused.append((path, "skipped", OUTSIDE.format(target=target)))
        return False
    return not target.is_dir()


def _pattern_root(pattern: Path) -> Path:
    """The folder a pattern searches: its parts before the first with a wildcard."""
    parts = []
    for part in pattern.parts:
        if glob.has_magic(part):
            break
        parts.append(part)
    return Path(*parts).resolve() if parts else Path.cwd().resolve()


def _within(path: Path, root: Path, refused: list[tuple[Path, str, str]]) -> bool:
    """A file a pattern matched, unless a symbolic link (the file's or a folder's on the way)
    leads out of the pattern's folder: then refused as ``skipped``, as a folder search does."""
    target = path.resolve()
    if target == root or root in target.parents:
        return True
    refused.append((path, "skipped", OUTSIDE.format(target=target)))
    return False


def _left_out(path: Path, exclude: tuple[str, ...], from_folder: bool) -> str | None:
    if any(fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(str(path), pattern) for pattern in exclude):
        return "excluded by --exclude"
    if from_folder and any(fnmatch.fnmatch(path.name.lower(), pattern) for pattern in NOT_REPORTS):
        return "not reports"
    return None


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
