"""One large PDF: two workers reading it in page ranges against one, and the longest packs'
time and memory.  Figures are measured in one run on this machine (never a timed test).

Usage, from the project root (needs the council PDFs in ../shared/corpus-pdfs; everything it
builds goes to a temporary folder, removed at the end)::

    python benchmarks/pages.py                 # 300-page pack; 1,000- and 2,000-page packs
    python benchmarks/pages.py --quick         # 100-page pack; a 300-page pack
    python benchmarks/pages.py --pages 300 --long  # the ratio only (no long packs)

1. **Same items** [identical]: ``csp-extract ingest PACK --workers 1`` and ``--workers 2`` (which
   reads the pack in two page ranges, :mod:`extractor.batch.split`) into two new databases;
   every row of the item tables and of ``documents`` (but the time it was stored) must be equal.
   Exit status 1 if they differ.
2. **Pages in parallel** [>= 1.6x]: the same two commands, alternated, medians of three runs;
   then each step's CPU seconds (the ratio two idle cores would give), and how much two busy
   processes get done on this machine against one (the ceiling of any two-worker ratio).
3. **Long packs** [< 400 MB]: ``ingest --workers 1`` of each longer pack: seconds and the peak
   resident memory of the largest process (the worker), from ``getrusage`` of the finished
   children.

The machine may be shared: run it when nothing else runs, and compare figures of one run only.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import PEAK, RUNS, _seconds, build_pack, compile_package, ingest, pdf_sources, verdict  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extractor.store.schema import ITEM_TABLES  # noqa: E402

VOLATILE = {"ingested_at"}  # columns that say when, not what


def stored(db: Path) -> dict[str, list[tuple]]:
    """Every row of the item tables and of documents, sorted, without the time columns."""
    conn = sqlite3.connect(db)
    try:
        out = {}
        for table in ("documents", *ITEM_TABLES):
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])") if r[1] not in VOLATILE]
            rows = conn.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}]").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def differences(one: dict[str, list], two: dict[str, list]) -> list[str]:
    """What differs between two ``stored`` answers, table by table."""
    out = []
    for table in one:
        if one[table] != two[table]:
            extra = set(map(repr, two[table])) ^ set(map(repr, one[table]))
            out.append(f"{table}: {len(one[table])} rows against {len(two[table])}; {len(extra)} differ")
    return out


def bench_split(tmp: Path, pages: int) -> bool:
    """1 and 2: same items, and the time of --workers 2 against --workers 1."""
    pack = tmp / f"pack-{pages}.pdf"
    pages = build_pack(pack, pages, pdf_sources())
    ones, twos = [], []
    for n in range(RUNS):  # alternated, so that both see the machine in the same state
        ones.append(ingest([pack], tmp / f"one{n}.db", "--workers", "1"))
        twos.append(ingest([pack], tmp / f"two{n}.db", "--workers", "2"))
    found = differences(stored(tmp / "one0.db"), stored(tmp / "two0.db"))
    items = sum(len(rows) for table, rows in stored(tmp / "one0.db").items() if table != "documents")
    print(f"1. Same items, {pages}-page pack: --workers 2 (two page ranges) against --workers 1: "
          + ("identical" if not found else "DIFFERENT: " + "; ".join(found))
          + f" ({items} items, the document row and its text)")
    one, two = statistics.median(ones), statistics.median(twos)
    print(f"2. Pages in parallel, {pages}-page pack: --workers 1 {one:.2f} s; --workers 2 {two:.2f} s "
          f"(medians of {RUNS} runs each: {_seconds(ones)} and {_seconds(twos)})")
    print(f"   ratio {one / two:.2f}x ({pages / one:.0f} and {pages / two:.0f} pages/s)  "
          f"[target >= 1.6x: {verdict(one / two >= 1.6)}]")
    critical_path(pack)
    machine_ceiling()
    return not found


SPIN = 20_000_000  # steps of the busy loop (about 0.7 s of one core here)


def machine_ceiling(rounds: int = RUNS) -> None:
    """2c: how much work two busy processes get done on this machine against one (a pure-Python
    loop, alone and two at once; medians of ``rounds``): no ``--workers 2`` ratio can exceed it,
    and on a shared virtual machine it is often well under 2."""
    import multiprocessing

    alone, together = [], []
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for _ in range(rounds):
            alone.append(_spin(SPIN))
            together.append(max(pool.map(_spin, [SPIN, SPIN])))
    ratios = sorted(2 * a / t for a, t in zip(alone, together))
    print(f"   this machine: two busy processes do {statistics.median(ratios):.2f}x the work of one "
          f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}x): the ceiling of any --workers 2 ratio")


def _spin(steps: int) -> float:
    """Seconds a pure-Python loop of ``steps`` takes."""
    start, total = time.perf_counter(), 0
    for i in range(steps):
        total += i
    return time.perf_counter() - start


def critical_path(pack: Path, parts: int = 2) -> None:
    """2b: CPU seconds (``time.process_time``, which other processes on a shared machine barely
    change) of each step in this process: reading the whole pack and each range, pickling the
    ranges' pages, joining and extracting alone and with a helper process (as the worker joining
    the ranges does, :mod:`extractor.batch.helper`: this process's CPU seconds, the helper's on the
    other core); from them the ratio two idle cores would give (the ranges in parallel, then the
    join with its helper), start-up and the moments this process waits for its helper excluded.
    The cyclic garbage collector is off, as in the workers (it doubles the time of unpickling)."""
    import gc
    import resource

    from extractor.core import extract_read
    from extractor.read.pdf import join_pages, read_pages
    from extractor.settings import Settings

    def helpers() -> float:  # CPU seconds of the finished helper processes
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime

    extract_read(join_pages(pack, read_pages(pack, None, range(1, 11))), pack, Settings())  # load the models
    gc.disable()
    try:
        _critical_path(pack, parts, helpers)
    finally:
        gc.enable()


def _critical_path(pack: Path, parts: int, helpers) -> None:
    """:func:`critical_path`'s measurements, the models loaded."""
    import pickle

    from extractor.batch.child import in_child
    from extractor.batch.helper import Helper
    from extractor.batch.split import ranges
    from extractor.read.pdf import read_pages

    cpu = time.process_time
    start = cpu()
    pages = read_pages(pack)
    whole = cpu() - start
    split, moved = [], 0.0
    for pages_range in ranges(len(pages), parts):
        start = cpu()
        read = read_pages(pack, None, pages_range)
        middle = cpu()
        pickle.loads(pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL))
        split.append(middle - start)
        moved += cpu() - middle
    rest, _, _ = in_child(pack, _extracted, pack, pages, None, helpers)  # each in a child: both meet the
    helped, helper, wall = in_child(pack, _extracted, pack, pages, Helper(), helpers)  # pack's words first
    one, two = whole + rest, max(split) + moved + helped
    print(f"   CPU seconds in one process: reading {whole:.2f} (ranges {', '.join(f'{s:.2f}' for s in split)}; "
          f"pickling them {moved:.2f}), joining and extracting {rest:.2f} (with a helper process {helped:.2f} "
          f"and {helper:.2f} in the helper, {wall:.2f} s wall): on {parts} idle cores "
          f"{one:.2f} against {two:.2f}, ratio {one / two:.2f}x (start-up excluded)")


def _extracted(pack: Path, pages: list, helper, helpers) -> tuple[float, float, float]:
    """Joining and extracting ``pages`` (with ``helper`` if given): this process's CPU seconds,
    its helpers' and the seconds it took."""
    from extractor.core import extract_read
    from extractor.read.pdf import join_pages
    from extractor.settings import Settings

    cpu, used, wall = time.process_time(), helpers(), time.perf_counter()
    extract_read(join_pages(pack, pages), pack, Settings(), include_text=True, helper=helper)
    return time.process_time() - cpu, helpers() - used, time.perf_counter() - wall


def peak_run(pdf: Path, db: Path, workers: int) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of the largest process of ``ingest --workers N``."""
    command = [sys.executable, "-m", "extractor", "ingest", str(pdf), "--db", str(db), "-q", "--workers", str(workers),
               "--timeout", "3600"]  # a long pack on a busy machine may take minutes
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", PEAK, *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"ingest of {pdf.name} failed:\n{out.stderr[-2000:]}")
    return seconds, int(out.stdout.strip()) / 1024


def bench_long(tmp: Path, sizes: list[int]) -> None:
    """3: the longest packs, one worker and two."""
    for pages in sizes:
        pack = tmp / f"long-{pages}.pdf"
        pages = build_pack(pack, pages, pdf_sources(with_big=True))
        for workers in (1, 2):
            seconds, peak = peak_run(pack, tmp / f"long-{pages}-{workers}.db", workers)
            print(f"3. Long pack, {pages} pages, --workers {workers}: {seconds:.1f} s ({pages / seconds:.0f} pages/s), "
                  f"peak {peak:.0f} MB  [target < 400 MB: {verdict(peak < 400)}]")


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run the benchmarks in order; 1 when the items differ."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 100-page pack and a 300-page long pack")
    parser.add_argument("--pages", type=int, help="pages of the pack timed with one and two workers")
    parser.add_argument("--long", type=int, nargs="*", help="pages of each long pack (none: skip them)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    pages = args.pages or (100 if args.quick else 300)
    long = args.long if args.long is not None else ([300] if args.quick else [1000, 2000])
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="csp-pages-"))
    tmp.mkdir(parents=True, exist_ok=True)
    print(f"csp-extract pages benchmark, in {tmp}")
    compile_package()
    try:
        same = bench_split(tmp, pages)
        bench_long(tmp, long)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
