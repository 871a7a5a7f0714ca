"""How fast ``csp-extract ingest`` is, and how the database it builds serves: figures as ratios
measured in one run on this machine (never a timed test).

Usage, from the project root (needs the real PDFs in ../shared/corpus-pdfs and the excerpts in
../shared/corpus/docs; everything it builds goes to a temporary folder, removed at the end)::

    python benchmarks/bench.py            # the full run (about 15 minutes on 2 cores)
    python benchmarks/bench.py --quick    # smaller inputs (about 2 minutes)
    python benchmarks/bench.py --keep DIR # build in DIR and keep it

What it measures (targets in brackets):

1. **PDF speed** [>= 2x]: ``csp-extract ingest`` of a 60-page agenda pack (real KCC committee
   papers concatenated with pypdfium2) into a new database with ``--workers 1``, as a command
   (process start included), against a fresh Python process running pdfplumber's
   ``extract_text`` over the same pages (closing each page); the median of three runs of each,
   taken in turn.
2. **Re-ingest** [>= 50x]: ingesting an unchanged folder again (median of three runs) against
   its first ingest (the 200-document folder of 3, and the scale folder of 5).
3. **Workers** [>= 1.6x]: ``--workers 2`` against ``--workers 1`` on a folder of 200 documents
   (the corpus texts and the smaller PDFs, each copy with its own bytes); medians of three runs
   of each, taken in turn.
4. **Memory** [< 400 MB]: the peak resident memory of the largest process (the worker) while
   ingesting a 300-page PDF, from ``getrusage`` of the finished children.
5. **Scale** [< 200 ms each]: a database of 5,000 documents (the 28 corpus texts, each copy
   with its own bytes): ingest time, database size, and the time a Datasette server on
   127.0.0.1 (configured as ``csp-extract serve`` runs it) takes to answer the priority matrix,
   a facet by council and a full-text search (median of 5 HTML pages, after one warm-up
   request); the matrix also without Datasette's facet suggestions (``?_nosuggest=1``).

``--quick`` uses a 30-page pack, 60 documents, a 100-page PDF and 500 documents.  Before
measuring it writes the package's bytecode (``compileall``), as ``pip install`` does.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PDF_DIR = SHARED / "corpus-pdfs"
TEXT_DIRS = [ROOT / "corpus" / "docs", SHARED / "corpus" / "docs"]
BIG_PDF = "kcc_2025-03-04_cabinet_qpr-q3-appendix1.pdf"  # 71 pages: kept out of the agenda pack
SIZES = {
    "full": {"pack": 60, "folder": 200, "memory": 300, "scale": 5000},
    "quick": {"pack": 30, "folder": 60, "memory": 100, "scale": 500},
}
QUERIES = {
    "priority matrix": "/csp/priority_matrix",
    "facet by council": "/csp/priorities?_facet=council",
    "full-text search": "/csp/search_items?q=domestic+abuse",
    # Datasette runs a query per column to suggest facets: the matrix has one column per theme
    "priority matrix, no facet suggestions": "/csp/priority_matrix?_nosuggest=1",
}


# ----------------------------------------------------------------------------- building inputs
def pdf_sources(with_big: bool = False) -> list[Path]:
    """The real council PDFs (the 71-page one only if asked)."""
    found = sorted(PDF_DIR.glob("*.pdf"))
    if not found:
        sys.exit(f"{PDF_DIR}: no PDFs; this benchmark needs the real council PDFs there")
    return [p for p in found if with_big or p.name != BIG_PDF]


def text_sources() -> list[Path]:
    """The 28 corpus texts (bundled and shared), one per name."""
    found = {p.name: p for d in TEXT_DIRS for p in sorted(d.glob("*.txt"))}
    return [found[name] for name in sorted(found)]


def build_pack(path: Path, pages: int, sources: list[Path]) -> int:
    """Whole documents, one after another (cycling), cut at ``pages`` pages: an agenda pack."""
    import pypdfium2 as pdfium

    pack = pdfium.PdfDocument.new()
    i = 0
    while len(pack) < pages:
        source = pdfium.PdfDocument(str(sources[i % len(sources)]))
        take = min(len(source), pages - len(pack))
        pack.import_pages(source, list(range(take)))
        source.close()
        i += 1
    pack.save(str(path))
    return len(pack)


def copy_varied(source: Path, target: Path, n: int) -> None:
    """A copy of ``source`` whose bytes differ from every other copy (a last line or, for a
    PDF, a comment after %%EOF)."""
    if source.suffix == ".pdf":
        target.write_bytes(source.read_bytes() + f"\n% copy {n}\n".encode())
    else:
        text = source.read_text(encoding="utf-8")
        target.write_text(text + f"\nReference: copy {n} of this report.\n", encoding="utf-8")


def build_folder(folder: Path, count: int, sources: list[Path]) -> Path:
    """``count`` varied copies of ``sources`` (cycling) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        source = sources[n % len(sources)]
        copy_varied(source, folder / f"{n:05d}-{source.name}", n)
    return folder


def compile_package() -> None:
    """Write the package's bytecode, as pip does when it installs a package: a checkout
    installed with ``pip install -e`` under PYTHONDONTWRITEBYTECODE (set on these machines)
    would otherwise be compiled from source by every process the benchmark starts."""
    import compileall

    compileall.compile_dir(str(ROOT / "extractor"), quiet=1)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("   (PYTHONDONTWRITEBYTECODE is set: the package's bytecode was written first, as pip does)")


# ----------------------------------------------------------------------------- measuring
def ingest(paths, db: Path, *options: str) -> float:
    """Seconds for ``csp-extract ingest`` as a new process, start-up included."""
    command = [sys.executable, "-m", "extractor", "ingest", *map(str, paths), "--db", str(db), "-q", *options]
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"ingest failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return seconds


PDFPLUMBER = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text()
        page.close()
"""


def pdfplumber_text(pdf: Path) -> float:
    """Seconds for a new Python process to run pdfplumber's extract_text on every page."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", PDFPLUMBER, str(pdf)], check=True)
    return time.perf_counter() - start


PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_memory_mb(pdf: Path, db: Path) -> float:
    """Peak RSS (MB) of the largest process among ingest and its worker."""
    command = [sys.executable, "-m", "extractor", "ingest", str(pdf), "--db", str(db), "-q", "--workers", "1"]
    out = subprocess.run([sys.executable, "-c", PEAK, *command], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def free_port() -> int:
    """A TCP port free on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def datasette_times(db: Path, tmp: Path) -> dict[str, float]:
    """Median milliseconds for each of QUERIES, from a Datasette server run as serve runs it."""
    from extractor.publish import serve

    metadata = tmp / "metadata.json"
    metadata.write_text(json.dumps(serve.load_metadata(serve.database_name(db))), encoding="utf-8")
    port = free_port()
    args = serve.datasette_args(db, metadata, serve.PUBLISH_DIR, port=port)
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base)
        return {name: _median_ms(base + path) for name, path in QUERIES.items()}
    finally:
        server.terminate()
        server.wait()


def _wait_for(url: str, seconds: float = 30) -> None:
    """Wait until the Datasette at ``url`` answers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _median_ms(url: str, runs: int = 5) -> float:
    """Median milliseconds to fetch ``url`` (after one warm-up fetch)."""
    urllib.request.urlopen(url, timeout=60).read()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        urllib.request.urlopen(url, timeout=60).read()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# ----------------------------------------------------------------------------- the benchmarks
RUNS = 3  # runs of each timed command whose median is reported, where a run can be repeated


def _seconds(runs: list[float]) -> str:
    """Run times for the report: "1.41, 1.38, 1.45 s"."""
    return ", ".join(f"{r:.2f}" for r in runs) + " s"


def verdict(ok: bool) -> str:
    """Whether a figure meets its target, in words."""
    return "meets target" if ok else "BELOW TARGET"


def bench_pdf_speed(tmp: Path, pages: int) -> None:
    """1: ingest of an agenda pack against pdfplumber's extract_text."""
    pack = tmp / "agenda-pack.pdf"
    pages = build_pack(pack, pages, pdf_sources())
    plumbers, ours_runs = [], []
    for n in range(RUNS):  # alternated, so that both see the machine in the same state
        plumbers.append(pdfplumber_text(pack))
        ours_runs.append(ingest([pack], tmp / f"pack{n}.db", "--workers", "1"))
    plumber, ours = statistics.median(plumbers), statistics.median(ours_runs)
    ratio = plumber / ours
    read, extract = stages(pack)
    print(f"1. PDF speed, {pages}-page agenda pack (fresh processes):")
    print(f"   pdfplumber extract_text {plumber:.2f} s; csp-extract ingest --workers 1 {ours:.2f} s "
          f"(medians of {RUNS} runs each: {_seconds(plumbers)} and {_seconds(ours_runs)})")
    print(f"   ratio {ratio:.1f}x  [target >= 2x: {verdict(ratio >= 2)}]")
    print(f"   in one process: reading the PDF {read:.2f} s, extracting items {extract:.2f} s; "
          f"the rest is start-up (Python and spaCy imports) and storing")


def stages(pdf: Path) -> tuple[float, float]:
    """Seconds to read ``pdf`` and to extract its items, measured in this process (warm)."""
    from extractor.core import extract_document
    from extractor.read.pdf import read_pdf
    from extractor.settings import Settings

    extract_document(read_pdf(pdf), Settings())  # load the models first
    start = time.perf_counter()
    document = read_pdf(pdf)
    middle = time.perf_counter()
    extract_document(document, Settings())
    return middle - start, time.perf_counter() - middle


def bench_folder(tmp: Path, count: int) -> None:
    """3 and 2: two workers against one, and re-ingesting the unchanged folder."""
    folder = build_folder(tmp / "folder", count, text_sources() + pdf_sources())
    ones, twos = [], []
    for n in range(RUNS):  # alternated, each into a new database
        ones.append(ingest([folder], tmp / f"one{n}.db", "--workers", "1"))
        twos.append(ingest([folder], tmp / f"two{n}.db", "--workers", "2"))
    one, two = statistics.median(ones), statistics.median(twos)
    again = statistics.median(ingest([folder], tmp / "two0.db", "--workers", "2") for _ in range(RUNS))
    print(f"3. Workers, {count} documents: --workers 1 {one:.1f} s; --workers 2 {two:.1f} s "
          f"(medians of {RUNS} runs each: {_seconds(ones)} and {_seconds(twos)})")
    print(f"   ratio {one / two:.2f}x  [target >= 1.6x: {verdict(one / two >= 1.6)}]")
    print(f"2. Re-ingest of the unchanged {count}-document folder: {again:.3f} s (median of {RUNS}) "
          f"against {two:.1f} s")
    print(f"   ratio {two / again:.0f}x  [target >= 50x: {verdict(two / again >= 50)}]")


def bench_memory(tmp: Path, pages: int) -> None:
    """4: peak memory ingesting a long PDF."""
    big = tmp / "big.pdf"
    pages = build_pack(big, pages, pdf_sources(with_big=True))
    peak = peak_memory_mb(big, tmp / "big.db")
    print(f"4. Memory, {pages}-page PDF: peak {peak:.0f} MB  [target < 400 MB: {verdict(peak < 400)}]")


def bench_scale(tmp: Path, count: int) -> None:
    """5: a big database, re-ingesting it, and Datasette's answers over it."""
    folder = build_folder(tmp / "scale", count, text_sources())
    db = tmp / "csp.db"  # named csp so that the shipped metadata's URLs (/csp/...) apply
    first = ingest([folder], db)
    again = ingest([folder], db)
    size = db.stat().st_size / 1e6
    times = datasette_times(db, tmp)
    print(f"5. Scale, {count} documents: ingest {first:.0f} s ({count / first:.0f} documents/s, "
          f"{os.cpu_count()} workers); database {size:.0f} MB")
    print(f"   re-ingest unchanged: {again:.2f} s, ratio {first / again:.0f}x  "
          f"[target >= 50x: {verdict(first / again >= 50)}]")
    for name, ms in times.items():
        print(f"   Datasette {name}: {ms:.0f} ms  [target < 200 ms: {verdict(ms < 200)}]")


def main(argv: list[str] | None = None) -> None:
    """Parse the options and run the benchmarks in order."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs (about 2 minutes)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    sizes = SIZES["quick" if args.quick else "full"]
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="csp-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    print(f"csp-extract benchmarks ({'quick' if args.quick else 'full'}), {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}, in {tmp}")
    compile_package()
    try:
        bench_pdf_speed(tmp, sizes["pack"])
        bench_folder(tmp, sizes["folder"])
        bench_memory(tmp, sizes["memory"])
        bench_scale(tmp, sizes["scale"])
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
