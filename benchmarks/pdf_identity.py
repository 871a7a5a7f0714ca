"""Does a change to the PDF reader leave every PDF's extraction as it was?

Dumps, for every PDF under ../shared/corpus-pdfs, ../shared/corpus/docs, tests/fixtures and
corpus/ (corpus/test excluded: it is the frozen evaluation split), the output of
``csp-extract extract FILE --format json --include-text --all`` (timing fields removed; for a
file that fails, its error message) and the reader's blocks (kind, span, text, page, marker,
cells), one JSON file per PDF.  Usage, from the project root::

    python benchmarks/pdf_identity.py dump DIR       # write DIR/<name>.json for each PDF
    python benchmarks/pdf_identity.py compare DIR    # dump again and list the differences

``compare`` exits 1 when some file differs, naming each one and the first field that differs.
"""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TIMING = {"seconds", "elapsed", "timing", "timings", "duration", "read_seconds", "extract_seconds"}


def pdfs() -> list[Path]:
    """Every PDF to compare, in a stable order (never under corpus/test)."""
    folders = [SHARED / "corpus-pdfs", SHARED / "corpus" / "docs", ROOT / "tests" / "fixtures", ROOT / "corpus"]
    found = [p for d in folders if d.is_dir() for p in sorted(d.rglob("*.pdf"))]
    test_split = ROOT / "corpus" / "test"
    return [p for p in found if test_split not in p.parents]


def key(path: Path) -> str:
    return f"{path.parent.name}__{path.name}"


def _strip(value):
    """``value`` without timing fields (at any depth)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in TIMING}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def extract_json(path: Path) -> dict:
    """The extract command's JSON for one file (or its error on stderr)."""
    command = [sys.executable, "-m", "extractor", "extract", str(path), "--format", "json", "--include-text", "--all"]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0:
        return {"error": run.stderr.strip().splitlines()[-1:] if run.stderr else [], "exit": run.returncode}
    return _strip(json.loads(run.stdout))


def blocks(path: Path) -> list | dict:
    """The reader's blocks, or the error it raised."""
    from extractor.read.pdf import read_pdf

    try:
        doc = read_pdf(path)
    except Exception as exc:  # noqa: BLE001 - the error is part of what must stay the same
        return {"error": f"{type(exc).__name__}: {exc}"}
    out = [dataclasses.asdict(b) for b in doc.blocks]
    return {"blocks": out, "warnings": doc.warnings, "pages": doc.pages, "text": doc.text}


def dump_one(path: Path) -> dict:
    return {"extract": extract_json(path), "read": blocks(path)}


def first_difference(a, b, where: str = "") -> str | None:
    """A path to the first place ``a`` and ``b`` differ, None when equal."""
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{where}.{k}: only in {'new' if k in b else 'baseline'}"
            found = first_difference(a[k], b[k], f"{where}.{k}")
            if found:
                return found
        return None
    if isinstance(a, list):
        for n, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{where}[{n}]")
            if found:
                return found
        return None if len(a) == len(b) else f"{where}: length {len(a)} != {len(b)}"
    return None if a == b else f"{where}: {str(a)[:120]!r} != {str(b)[:120]!r}"


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("dump", "compare"):
        print(__doc__)
        return 2
    mode, folder = argv[0], Path(argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    differ = 0
    for path in pdfs():
        now = dump_one(path)
        target = folder / f"{key(path)}.json"
        if mode == "dump":
            target.write_text(json.dumps(now, indent=1, ensure_ascii=False), encoding="utf-8")
            print(f"dumped {path}")
            continue
        found = first_difference(json.loads(target.read_text(encoding="utf-8")), now)
        differ += found is not None
        print(f"{'DIFFERS' if found else 'same   '} {path}" + (f"\n    {found}" if found else ""))
    if mode == "compare":
        print(f"{differ} of {len(pdfs())} PDFs differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
