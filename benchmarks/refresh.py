"""How the end-of-batch council refresh (plan changes and follow-through) scales: figures as
ratios measured in one run on this machine (never a timed test).

Usage, from the project root::

    python benchmarks/refresh.py                      # 1,000, 5,000 and 20,000 documents
    python benchmarks/refresh.py --sizes 1000,5000    # other sizes
    python benchmarks/refresh.py --ingest             # build each database with `csp-extract ingest`
    python benchmarks/refresh.py --keep DIR           # build in DIR and keep it
    python benchmarks/refresh.py --copies             # copies of the corpus texts, as bench.py
    python benchmarks/refresh.py --copies --copies-db # ... and that database stored, one copy changed

Inputs: synthetic committee papers (text files) spread over the 317 councils of
``models/councils.csv``, as a real collection grows: a council has more papers the more years
are collected.  Two in three are reports (three recommendations drawn from a council's topics
of the year, with qualifiers, and its priorities), one in three minutes (three resolutions,
two on that year's topics, so that recommendations find their decisions, one on another).
Topic words recur across councils and years ("strategy", "plan", "2024-25"), as they do.

For each size it prints:

1. **Build**: by default each paper's extraction result is stored directly (``save_document``
   with the refresh left to the batch, as ``ingest``'s writer does), so that the refresh is
   what is measured; with ``--ingest`` the folder goes through ``csp-extract ingest`` (the
   real extractor, all cores) and the documents/s and per-document time are printed.
2. **Full refresh**: every council refreshed from scratch (what a batch does at its end when
   every council has new papers), in this process.
3. **One changed report** (largest size only): a report's recommendation reworded and the file
   re-ingested with ``csp-extract ingest FILE --db`` as a new process, start-up included.

4. With ``--copies``, instead: the follow-through of ``bench.py``'s scale folder (copies of
   the 28 corpus texts, the same papers filed again: a few councils with hundreds of identical
   items each), linked in this process by the indexed rule and, up to ``--all-pairs-up-to``
   documents, by the all-pairs rule it replaced (tests/refresh_reference.py).  With
   ``--copies-db`` the largest size is also stored (each text extracted once, its copies stored
   directly), the batch's closing refresh timed, and one changed copy re-ingested.

To compare with another version, run it with that version first on ``PYTHONPATH``.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOPICS = """Youth Diversion Programme; Town Centre CCTV upgrade; Domestic Abuse Strategy;
Serious Violence Duty action plan; Community Safety Partnership Plan; Anti-Social Behaviour
Policy; Public Spaces Protection Order; Night Time Economy scheme; Knife Crime prevention
campaign; Safer Streets bid; Hate Crime reporting centres; Modern Slavery statement; Prevent
delivery plan; Drug and Alcohol Treatment service; Street Lighting review; Neighbourhood Watch
grant; Fly-tipping enforcement policy; Community Trigger procedure; Violence Against Women and
Girls strategy; Rural Crime partnership; Off-road Motorcycle nuisance plan; Licensing policy
statement; Taxi Licensing safeguarding policy; Homelessness and Rough Sleeping strategy;
Community Wardens service; Graffiti removal contract; Business Crime Reduction Partnership;
Exploitation and County Lines protocol; Water Safety plan; Road Safety partnership; Fraud
awareness campaign; Cyber Crime prevention programme; Restorative Justice service; Integrated
Offender Management scheme; Reducing Reoffending strategy; Mental Health crisis pathway;
Safeguarding Adults board report; Corporate Enforcement policy; Environmental Crime strategy;
Parks byelaws review; Shop Theft initiative; Dog Control order; Alcohol Restriction zone;
Women's Night Safety charter; Youth Centre refurbishment; Sports Outreach programme;
Emergency Planning arrangements; Counter Terrorism protective security plan; Street Drinking
protocol; Begging and Vagrancy approach""".replace("\n", " ").split(";")
QUALIFIERS = ["{year}-{next}", "phase {phase}", "in {place}", "for {place} town centre", "refresh", ""]
ACTIONS = [("approve", "approved"), ("note", "noted"), ("endorse", "approved"), ("agree", "agreed")]
PRIORITIES = [("Reducing anti-social behaviour", "asb"), ("Tackling domestic abuse", "domestic_abuse"),
              ("Reducing serious violence", "serious_violence"), ("Tackling drug harm", "drugs"),
              ("Protecting vulnerable people", "safeguarding"), ("Reducing reoffending", "reoffending")]
MONTHS = "January February March April May June July August September October November December".split()


def councils() -> list[tuple[str, str, str]]:
    """(name, nice name, county) of every council in models/councils.csv."""
    with open(ROOT / "models" / "councils.csv", encoding="utf-8") as f:
        return [(r["name"], r["nice_name"], r["county"]) for r in csv.DictReader(f)]


def paper(n: int, places: list[tuple[str, str, str]]) -> tuple[str, dict]:
    """Paper ``n``: its text and the extraction result that stores it."""
    name, place, county = places[n % len(places)]
    year = 2012 + (n // len(places)) % 14
    month, day = n % 12 + 1, n % 27 + 1
    topics = random.Random(f"{name} {year}").sample(TOPICS, 6)  # the council's business that year
    rng = random.Random(n)
    minutes = n % 3 == 0
    if minutes:
        topics = topics[:2] + [rng.choice(TOPICS)]
    chosen = [_qualified(t.strip(), rng, year, place) for t in rng.sample(topics[:3] if minutes else topics, 3)]
    body = "Community Safety and Wellbeing Committee"
    date = f"{day} {MONTHS[month - 1]} {year}"
    result = {"pages": 1, "document": {"council": name, "county": county, "meeting_body": body,
              "meeting_date": f"{year}-{month:02d}-{day:02d}", "plan_period": {}}}  # fmt: skip
    if minutes:
        lines = [name, f"Minutes of the meeting of the {body} held on {date}", ""]
        decisions = []
        for i, topic in enumerate(chosen):
            verb, outcome = ACTIONS[(n + i) % len(ACTIONS)]
            sentence = f"That the {topic} be {outcome}."
            lines += [f"{10 + i}. {topic}", f"RESOLVED: {sentence}", ""]
            decisions.append({"body": body, "outcome": outcome, "text": sentence})
        result.update(title=None, decisions=decisions, recommendations=[], priorities=[])
    else:
        lines = [name, body, date, "", f"Report of the Head of Communities: {chosen[0]}", "", "Recommendations"]
        recommendations = []
        for i, topic in enumerate(chosen):
            verb, _ = ACTIONS[(n + i) % len(ACTIONS)]
            sentence = f"The Committee is asked to {verb} the {topic}."
            lines.append(f"{i + 1}. {sentence}")
            recommendations.append({"addressee": "Committee", "actions": [verb], "text": sentence})
        ranked = rng.sample(PRIORITIES, 3)
        lines += ["", "Priorities"] + [f"Priority {i + 1}: {text}" for i, (text, _) in enumerate(ranked)]
        priorities = [{"rank": i + 1, "text": text, "themes": [theme]} for i, (text, theme) in enumerate(ranked)]
        result.update(decisions=[], recommendations=recommendations, priorities=priorities)
    text = "\n".join(lines) + "\n"
    result["text"] = text
    for kind in ("recommendations", "decisions", "priorities"):
        for item in result[kind]:
            start = text.find(item["text"])
            item.update(page=1, char_start=start, char_end=start + len(item["text"]), quote=item["text"])
    return text, result


def _qualified(topic: str, rng: random.Random, year: int, place: str) -> str:
    qualifier = rng.choice(QUALIFIERS).format(year=year, next=(year + 1) % 100, phase=rng.randint(1, 3), place=place)
    return f"{topic} {qualifier}".strip()


def build(folder: Path, db_path: Path, count: int, use_ingest: bool) -> tuple[float, float]:
    """Write ``count`` papers to ``folder`` and store them; returns the seconds storing took
    (wall clock, CPU)."""
    folder.mkdir(parents=True, exist_ok=True)
    places, results = councils(), []
    for n in range(count):
        text, result = paper(n, places)
        path = folder / f"{n:05d}.txt"
        path.write_text(text, encoding="utf-8")
        results.append((path, result))
    start, cpu = time.perf_counter(), time.process_time()
    if use_ingest:
        used = run([sys.executable, "-m", "extractor", "ingest", str(folder), "--db", str(db_path), "-q"])
        return time.perf_counter() - start, used
    from extractor.batch.writer import _close, _mark_pending, _open, immediate, refresh_pending
    from extractor.settings import Settings
    from extractor.store import save

    db = _open(db_path, Settings())
    for path, result in results:
        with immediate(db):
            saved = save.save_document(db, result, hashlib.sha256(path.read_bytes()).hexdigest(), path, refresh=False)
            _mark_pending(db, saved["touched"], *([saved["until"]] if "until" in saved else []))
    seconds = time.perf_counter() - start, time.process_time() - cpu
    refresh_pending(db)  # the batch's own refresh (not timed here: see full_refresh)
    _close(db)
    return seconds


def full_refresh(db_path: Path) -> tuple[float, float]:
    """Seconds (wall clock, CPU) to refresh every council from scratch, in this process."""
    from extractor.batch.writer import _close, _open, immediate
    from extractor.settings import Settings
    from extractor.store.derived import refresh_council

    db = _open(db_path, Settings())
    all_councils = [r[0] for r in db.execute("SELECT DISTINCT council FROM documents")]
    start, cpu = time.perf_counter(), time.process_time()
    for council in all_councils:
        with immediate(db):
            refresh_council(db, council)
    seconds = time.perf_counter() - start, time.process_time() - cpu
    _close(db)
    return seconds


def one_changed_report(folder: Path, db_path: Path) -> tuple[float, float, Path]:
    """Reword a recommendation of the latest report and re-ingest that file alone: (wall
    clock, CPU seconds, the file)."""
    reports = [p for p in sorted(folder.glob("*.txt")) if "ecommend" in p.read_text(encoding="utf-8")]
    path = reports[-1]
    text = path.read_text(encoding="utf-8")
    changed = text.replace("1. The Committee is asked to", "1. The Committee is now asked to")
    path.write_text(changed if changed != text else text + "Revised.\n", encoding="utf-8")
    start = time.perf_counter()
    used = run([sys.executable, "-m", "extractor", "ingest", str(path), "--db", str(db_path), "-q"])
    return time.perf_counter() - start, used, path


TEXT_DIRS = [ROOT / "corpus" / "docs", ROOT.parent / "shared" / "corpus" / "docs"]
ITEMS_SQL = {
    "recommendations": "SELECT r.id, r.document_id, r.council, r.county, r.addressee, r.actions, r.text, r.page, "
    "r.quote, d.meeting_date, d.title, d.file_name FROM recommendations r JOIN documents d ON d.id = r.document_id",
    "decisions": "SELECT c.id, c.document_id, c.council, c.body, c.outcome, c.text, c.page, c.quote, d.meeting_body, "
    "d.meeting_date, d.title, d.file_name FROM decisions c JOIN documents d ON d.id = c.document_id",
}


def copies(tmp: Path, sizes: list[int], all_pairs_up_to: int) -> None:
    """The follow-through of ``bench.py``'s scale folder: copies of the corpus texts (the same
    papers filed again), linked per council in this process, indexed and (up to
    ``all_pairs_up_to`` documents) by the all-pairs rule of tests/refresh_reference.py."""
    from extractor.store import outcomes
    from extractor.store.db import query_rows

    sys.path.insert(0, str(ROOT))
    from tests import refresh_reference

    texts = {p.name: p for d in TEXT_DIRS for p in sorted(d.glob("*.txt"))}
    folder = tmp / "texts"
    folder.mkdir(exist_ok=True)
    for name, path in texts.items():
        shutil.copy(path, folder / name)
    run([sys.executable, "-m", "extractor", "ingest", str(folder), "--db", str(tmp / "texts.db"), "-q"])
    import sqlite3

    conn = sqlite3.connect(tmp / "texts.db")
    items = {kind: query_rows(conn, sql, []) for kind, sql in ITEMS_SQL.items()}
    conn.close()
    for count in sizes:
        k = count // len(texts)
        copied = {kind: [dict(r, id=r["id"] + 1_000_000 * n, document_id=f"{r['document_id']} {n}")
                         for n in range(k) for r in rows] for kind, rows in items.items()}  # fmt: skip
        line = f"copies of the {len(texts)} corpus texts, {k * len(texts)} documents: "
        line += f"indexed {_link_all(outcomes.link_recommendations, copied):.2f} s CPU"
        if count <= all_pairs_up_to:
            line += f", all pairs {_link_all(refresh_reference.link_recommendations, copied):.2f} s CPU"
        print(line)


def copies_database(tmp: Path, count: int) -> None:
    """bench.py's scale folder stored (each text extracted once, its copies stored directly),
    the batch's closing refresh timed, then one changed copy re-ingested with the command."""
    from extractor.batch.writer import _close, _mark_pending, _open, immediate, refresh_pending
    from extractor.core import extract_file
    from extractor.settings import Settings
    from extractor.store import save

    texts = sorted((tmp / "texts").glob("*.txt"))
    results = {p.name: extract_file(p, Settings(), include_text=True) for p in texts}
    folder, db_path = tmp / "copies", tmp / "copies.db"
    folder.mkdir(exist_ok=True)
    db = _open(db_path, Settings())
    for n in range(count):
        source = texts[n % len(texts)]
        path = folder / f"{n:05d}-{source.name}"
        text = results[source.name]["text"] + f"\nReference: copy {n} of this report.\n"
        path.write_text(text, encoding="utf-8")
        with immediate(db):
            saved = save.save_document(db, {**results[source.name], "text": text},
                                       hashlib.sha256(path.read_bytes()).hexdigest(), path, refresh=False)  # fmt: skip
            _mark_pending(db, saved["touched"], *([saved["until"]] if "until" in saved else []))
    start, cpu = time.perf_counter(), time.process_time()
    refresh_pending(db)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    _close(db)
    print(f"copies database, {count} documents ({counts(db_path)}): the batch's closing refresh "
          f"{wall:.2f} s wall, {cpu:.2f} s CPU")
    wall, cpu, path = one_changed_report(folder, db_path)
    print(f"   one changed copy ({path.name}) re-ingested: {wall:.2f} s wall, {cpu:.2f} s CPU "
          "(a new process, start-up included)")


def _link_all(link, items) -> float:
    """CPU seconds to link every council's recommendations (as the refresh does, per council)."""
    by_council: dict = {}
    for kind, rows in items.items():
        for row in rows:
            by_council.setdefault(row["council"], {"recommendations": [], "decisions": []})[kind].append(row)
    start = time.process_time()
    for council in by_council.values():
        link(council["recommendations"], council["decisions"])
    return time.process_time() - start


def run(command: list[str]) -> float:
    """Run a command; returns the CPU seconds it used (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def counts(db_path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(db_path)
    q = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    text = (f"{q('SELECT COUNT(*) FROM recommendations')} recommendations, {q('SELECT COUNT(*) FROM decisions')} "
            f"decisions, {q('SELECT COUNT(DISTINCT council) FROM documents')} councils, "
            f"{q('SELECT COUNT(*) FROM recommendation_outcomes WHERE decision_id IS NOT NULL')} linked")
    conn.close()
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="document counts, comma-separated")
    parser.add_argument("--ingest", action="store_true", help="build with `csp-extract ingest` (real extractor)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--copies", action="store_true",
                        help="only the follow-through of copies of the corpus texts, as bench.py's scale folder")
    parser.add_argument("--copies-db", action="store_true",
                        help="with --copies: also store the largest size and re-ingest one changed copy")
    parser.add_argument("--all-pairs-up-to", type=int, default=5000,
                        help="with --copies: time the all-pairs rule too, up to this many documents")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="csp-refresh-"))
    tmp.mkdir(parents=True, exist_ok=True)
    import extractor

    print(f"refresh benchmark, sizes {sizes}, code {Path(extractor.__file__).parent}, in {tmp}")
    per_document = {}
    if args.copies:
        try:
            copies(tmp, sizes, args.all_pairs_up_to)
            if args.copies_db:
                copies_database(tmp, max(sizes))
        finally:
            if not args.keep:
                shutil.rmtree(tmp, ignore_errors=True)
        return
    try:
        for count in sizes:
            folder, db_path = tmp / f"docs-{count}", tmp / f"csp-{count}.db"
            wall, cpu = build(folder, db_path, count, args.ingest)
            per_document[count] = cpu / count
            how = "ingest" if args.ingest else "store (no refresh)"
            print(f"{count} documents ({counts(db_path)}): {how} {wall:.1f} s wall, {cpu:.1f} s CPU, "
                  f"{1000 * cpu / count:.1f} ms CPU/document")
            wall, cpu = full_refresh(db_path)
            print(f"   full refresh of every council: {wall:.2f} s wall, {cpu:.2f} s CPU "
                  f"({1000 * cpu / count:.2f} ms CPU/document)")
        small, large = min(sizes), max(sizes)
        print(f"per-document build CPU, {large} against {small}: {per_document[large] / per_document[small]:.2f}x")
        wall, cpu, path = one_changed_report(tmp / f"docs-{large}", tmp / f"csp-{large}.db")
        print(f"one changed report ({path.name}) re-ingested into the {large}-document database: {wall:.2f} s wall, "
              f"{cpu:.2f} s CPU (a new process, start-up included)")
        wall, cpu = time.perf_counter(), run([sys.executable, "-m", "extractor", "ingest", str(path), "--db",
                                              str(tmp / "alone.db"), "-q"])  # fmt: skip
        print(f"   the same file into a new, empty database: {time.perf_counter() - wall:.2f} s wall, {cpu:.2f} s CPU")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
