"""Fuzz the readers and extractors with mutated reports (issue 14): never run as a test by default.

Seeds: the corpus reports (corpus/docs) and, for each, the HTML, Word and PDF forms that
tests/layout_forms.py renders (reportlab for the PDFs), plus a few hostile files from
tests/hostile.py.  Each input is a seed mutated once or a few times (bytes flipped, inserted,
deleted, duplicated or truncated; for a .docx the XML inside the zip is mutated and re-zipped;
numbers in PDF objects and HTML spans made huge) and is extracted with ``extract_file`` in
worker processes of the ingest's own pool: each with the memory ceiling (``--max-memory``) and
the time limit (``--timeout``), a crashed or stuck worker replaced.

Counted: inputs, results by status, **uncaught** (an exception that is not an ExtractorError:
status ``failed`` with "internal error"), **crashes** (a worker killed by a signal), **hangs**
(``timeout``), ``too_large`` (past the memory ceiling) and the peak resident memory of any
worker.  Inputs that raised, crashed or hung are kept in ``--keep`` (default ./fuzz-findings)
to be replayed with ``csp-extract extract FILE --debug``.

    python benchmarks/fuzz.py --inputs 100000 --workers 2
    python benchmarks/fuzz.py --minutes 30 --seed 7
"""
from __future__ import annotations

import argparse
import io
import itertools
import random
import re
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.batch.jobs import Job  # noqa: E402
from extractor.batch.workers import WorkerPool  # noqa: E402
from extractor.errors import format_bytes  # noqa: E402
from extractor.settings import Settings, parse_size  # noqa: E402

FORMS = ("html", "docx", "pdf")
BATCH = 500  # inputs written to disk at a time
INTERESTING = (b"999999999", b"-1", b"0", b"1000000", b"4294967296", b"NaN", b"\x00", b"\xff\xfe",
               b"<table><tr><td colspan=1000000>", b"]]>", b"&#0;", b"%%EOF", b"obj", b"endobj",
               b"<</Type/Pages/Kids[1 0 R]/Count 9>>", b"\xe2\x80\xae", b"<div>" * 50)


# ----------------------------------------------------------------------------- seeds
def seeds(work: Path, limit: int | None = None) -> list[Path]:
    """The corpus reports and their rendered forms (HTML, .docx, PDF), and the hostile files."""
    from tests import hostile
    from tests.layout_forms import render

    texts = sorted((ROOT / "corpus" / "docs").glob("*.txt"))[:limit]
    out: list[Path] = list(texts)
    for text in texts:
        forms = render(text, work / text.stem, forms=FORMS)
        out += [forms[f] for f in FORMS if f in forms]
    out += [hostile.gridspan_docx(work / "span.docx", span=500), hostile.entity_docx(work / "entity.docx"),
            hostile.looping_pdf(work / "loop.pdf")]
    return out


# ----------------------------------------------------------------------------- mutations
def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One to four byte-level changes: flip, insert, delete, duplicate a chunk, truncate, or
    splice in an interesting token."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not buf:
            buf += bytes([rng.randrange(256)])
        op = rng.choice(("flip", "insert", "delete", "duplicate", "truncate", "token", "number"))
        at = rng.randrange(len(buf))
        if op == "flip":
            buf[at] ^= 1 << rng.randrange(8)
        elif op == "insert":
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == "delete":
            del buf[at:at + rng.randint(1, 64)]
        elif op == "duplicate":
            chunk = bytes(buf[at:at + rng.randint(1, 256)])
            buf[at:at] = chunk * rng.randint(1, 8)
        elif op == "truncate":
            del buf[max(1, at):]
        elif op == "token":
            buf[at:at] = rng.choice(INTERESTING)
        else:
            buf = bytearray(_huge_number(bytes(buf), rng))
    return bytes(buf)


def _huge_number(data: bytes, rng: random.Random) -> bytes:
    """Replace one number in the file (an object count, a span, a length) by a huge one."""
    numbers = list(re.finditer(rb"\d+", data[:200_000]))
    if not numbers:
        return data
    m = rng.choice(numbers)
    return data[:m.start()] + rng.choice((b"999999999", b"1000000", b"0", b"65536")) + data[m.end():]


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """Mutate the XML inside the package (a byte flip in the deflated stream only tests zlib),
    sometimes the zip bytes themselves."""
    if rng.random() < 0.2:
        return mutate_bytes(data, rng)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {info.filename: zf.read(info) for info in zf.infolist()}
    except Exception:  # noqa: BLE001 - an earlier mutation broke it: mutate the bytes
        return mutate_bytes(data, rng)
    xml = [name for name in parts if name.endswith(".xml")]
    target = "word/document.xml" if "word/document.xml" in parts and rng.random() < 0.7 else rng.choice(xml)
    part = parts[target]
    if rng.random() < 0.3:
        part = re.sub(rb"<w:tc>", b'<w:tc><w:tcPr><w:gridSpan w:val="%d"/></w:tcPr>' % rng.choice((0, 99999, 10**9)),
                      part, count=rng.randint(1, 5))
    parts[target] = mutate_bytes(part, rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return out.getvalue()


def mutate(seed: Path, rng: random.Random) -> bytes:
    data = seed.read_bytes()
    return mutate_docx(data, rng) if seed.suffix == ".docx" else mutate_bytes(data, rng)


# ----------------------------------------------------------------------------- the run
def extract(path: Path, settings: Settings) -> dict:
    """extract_file, with the worker's peak memory so far in the result."""
    from extractor.core import extract_file

    result = extract_file(path, settings)
    result["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"pages": result["pages"], "peak_rss_kb": result["peak_rss_kb"]}


def inputs(seed_files: list[Path], work: Path, rng: random.Random, count: int | None, deadline: float):
    """Jobs for mutated inputs, written to ``work`` as they are needed."""
    n = 0
    while (count is None or n < count) and time.monotonic() < deadline:
        seed = rng.choice(seed_files)
        path = work / f"in{n:07d}-{seed.stem[:30]}{seed.suffix}"
        path.write_bytes(mutate(seed, rng))
        n += 1
        yield Job(path, None, "extract")


def record(result, counts: Counter, keep: Path, out) -> int:
    """Count one result, keep the input if it raised, crashed or hung, delete it; returns the
    worker's peak memory (kB) when it reported it."""
    kind = classify(result)
    counts[kind] += 1
    counts["inputs"] += 1
    if kind in ("uncaught", "crash", "hang"):
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(result.path, keep / result.path.name)
        print(f"{kind}: {keep / result.path.name}: {result.message}", file=out)
    result.path.unlink(missing_ok=True)
    return (result.data or {}).get("peak_rss_kb", 0)


def classify(result) -> str:
    message = result.message or ""
    if result.status == "failed" and message.startswith("internal error"):
        return "uncaught"
    if result.status == "failed" and "crashed" in message:
        return "crash"
    if result.status == "timeout":
        return "hang"
    return result.status


def run(count: int | None, minutes: float | None, workers: int, timeout: float, max_memory: int,
        seed: int, keep: Path, out=sys.stdout) -> Counter:  # fmt: skip
    """Fuzz ``count`` inputs (or for ``minutes``); print and return the figures."""
    rng = random.Random(seed)
    counts: Counter = Counter()
    peak_kb = 0
    started = time.monotonic()
    deadline = started + (minutes * 60 if minutes else float("inf"))
    with tempfile.TemporaryDirectory(prefix="csp-fuzz-") as tmp:
        work = Path(tmp)
        (work / "seeds").mkdir()
        seed_files = seeds(work / "seeds")
        settings = Settings(timeout=timeout, workers=workers, max_memory=max_memory)
        with WorkerPool(workers, settings, extract) as pool:
            batches = inputs(seed_files, work, rng, count, deadline)
            while batch := list(itertools.islice(batches, BATCH)):  # the pool takes its jobs at once
                for result in pool.run(batch):
                    peak_kb = max(peak_kb, record(result, counts, keep, out))
                print(f"... {counts['inputs']} inputs, {time.monotonic() - started:.0f} s", file=out, flush=True)
    peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    counts["peak_rss_kb"] = peak_kb
    report(counts, time.monotonic() - started, len(seed_files), settings, out)
    return counts


def report(counts: Counter, seconds: float, seeds_used: int, settings: Settings, out) -> None:
    statuses = {k: v for k, v in counts.items() if k not in ("inputs", "peak_rss_kb")}
    print(f"fuzz: {counts['inputs']} inputs from {seeds_used} seeds in {seconds:.0f} s "
          f"({counts['inputs'] / max(seconds, 1e-9):.1f}/s), ceiling {format_bytes(settings.max_memory)} "
          f"per worker, time limit {settings.timeout:g} s", file=out)
    print(f"  uncaught {counts['uncaught']}, crashes {counts['crash']}, hangs {counts['hang']}, "
          f"too_large {counts['too_large']}; peak worker memory {format_bytes(counts['peak_rss_kb'] * 1024)}",
          file=out)
    print("  statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items(), key=lambda kv: -kv[1])),
          file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=None, help="how many inputs (default: 1000 unless --minutes)")
    parser.add_argument("--minutes", type=float, default=None, help="stop after this long")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per input before it counts as a hang")
    parser.add_argument("--max-memory", default="2G", help="memory ceiling per worker (default 2G)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", type=Path, default=Path("fuzz-findings"), help="where failing inputs are kept")
    args = parser.parse_args(argv)
    count = args.inputs if args.inputs is not None or args.minutes else 1000
    counts = run(count, args.minutes, args.workers, args.timeout, parse_size(args.max_memory), args.seed, args.keep)
    return 1 if counts["uncaught"] or counts["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
