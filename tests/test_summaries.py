"""The comparison views kept as tables (extractor/store/summaries.py): on a database of the bundled
reports, every such view gives exactly the rows its old query (the view's definition over the
whole database, reading no table of summaries) gives: after an ingest, after one report changes
and is ingested again, after a document is deleted, and for a database made before the tables."""
from __future__ import annotations

import datetime
import shutil
import sqlite3

import pytest

from extractor import store
from extractor.batch import ingest
from extractor.store.summaries import PREFIX, SUMMARIES, matrix_theme_rows, old_query
from tests.test_store import CORPUS, fake_extract

MARK = "Reference: revised for the summaries test."
EARLIER = "Reference: the plan two years before."
PLAN = "sevenoaks-2024-03-05-csp-strategy-action-plan-2024-25.txt"  # copied as an earlier plan
THIS_YEAR = datetime.date.today().year


def revised_extract(path, settings=None):
    """The gold items, except that a report carrying MARK lost its first priority and is a
    year newer (the changed report re-ingested below), and one carrying EARLIER is its plan two
    years before, ranked otherwise and without its last priority (so that plans change)."""
    text = open(path, encoding="utf-8").read()
    result = fake_extract(path, settings)
    if EARLIER in text:  # the copy: the gold items of the plan it copies
        result = {**fake_extract(next(p for p in CORPUS if p.name == PLAN), settings), "text": text}
        doc = result["document"]
        doc["plan_period"] = {"start_year": 2022, "end_year": 2023}
        doc["meeting_date"] = "2022-03-01"
        kept = result["priorities"][:-1]
        for item, rank in zip(kept, [2, 1] + list(range(3, len(kept) + 1))):
            item["rank"] = rank
        result["priorities"] = kept
    if MARK in result["text"]:
        result["priorities"] = result["priorities"][1:]
        period = result["document"].get("plan_period") or {}
        if period.get("start_year"):
            result["document"]["plan_period"] = {**period, "start_year": period["start_year"] + 1}
    return result


def _rows(conn, sql: str) -> tuple[list[str], list[tuple]]:
    cursor = conn.execute(sql)
    return [c[0] for c in cursor.description], [tuple(r) for r in cursor.fetchall()]


def assert_views_equal_old_queries(db_path) -> dict[str, list[tuple]]:
    """Each summary view against its old query: same columns, same rows (in the same order when
    the view has one).  Returns the views' rows."""
    db = store.open_db(db_path)
    themes = matrix_theme_rows(db)
    found = {}
    for name, spec in SUMMARIES.items():
        columns, rows = _rows(db.conn, f"SELECT * FROM [{name}]")
        old_columns, old_rows = _rows(db.conn, old_query(name, themes))
        assert columns == old_columns, name
        if not spec.order:
            rows, old_rows = sorted(rows, key=repr), sorted(old_rows, key=repr)
        assert rows == old_rows, name
        found[name] = rows
    db.close()
    return found


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("summaries")
    docs = tmp / "docs"
    docs.mkdir()
    for path in CORPUS:
        shutil.copy(path, docs / path.name)
    earlier = (docs / PLAN).read_text(encoding="utf-8") + f"\n{EARLIER}\n"
    (docs / f"earlier-{PLAN}").write_text(earlier, encoding="utf-8")
    db_path = tmp / "csp.db"
    ingest.ingest_paths([docs], db_path, extract=revised_extract, quiet=True, workers=0)
    return db_path


def test_after_ingest(corpus_db):
    rows = assert_views_equal_old_queries(corpus_db)
    for name in ("latest_plans", "priority_matrix", "themes_by_county", "funding_by_council_year",
                 "what_changed", "recommendation_follow_through", "peers"):  # fmt: skip
        assert rows[name], f"{name} is empty: the comparison would prove nothing"


def _latest(db_path) -> dict[str, tuple]:
    conn = sqlite3.connect(db_path)
    found = {r[0]: r for r in conn.execute("SELECT council, document_id, plan, priorities FROM latest_plans")}
    conn.close()
    return found


def _busiest(db_path) -> tuple[str, str, str]:
    """(council, its plan of record's document id, the file's path) for the council with the
    most plan-to-plan changes."""
    conn = sqlite3.connect(db_path)
    row = conn.execute(
        "SELECT lp.council, lp.document_id, d.path FROM latest_plans lp JOIN documents d ON d.id = lp.document_id "
        "WHERE lp.priorities >= 2 ORDER BY (SELECT COUNT(*) FROM what_changed w WHERE w.council = lp.council) DESC, "
        "lp.council LIMIT 1").fetchone()  # fmt: skip
    conn.close()
    return row


def test_after_a_changed_report_is_ingested_again(corpus_db, tmp_path):
    db_path = tmp_path / "csp.db"
    shutil.copy(corpus_db, db_path)
    council, document_id, path = _busiest(db_path)
    before = _latest(db_path)[council]
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"\n{MARK}\n")
    try:
        ingest.ingest_paths([path], db_path, extract=revised_extract, quiet=True, workers=0)
    finally:
        shutil.copy(next(p for p in CORPUS if p.name == path.rsplit("/", 1)[-1]), path)
    after = _latest(db_path)[council]
    assert after != before and after[1] != document_id  # the summaries did change ...
    assert after[3] == before[3] - 1
    assert_views_equal_old_queries(db_path)  # ... to what the old views give


def test_after_a_document_is_deleted(corpus_db, tmp_path):
    db_path = tmp_path / "csp.db"
    shutil.copy(corpus_db, db_path)
    council, document_id, _ = _busiest(db_path)
    db = store.open_db(db_path)
    with db.atomic():
        store.delete_document(db, document_id)
    db.close()
    assert _latest(db_path).get(council, (None, None))[1] != document_id
    assert_views_equal_old_queries(db_path)


def test_a_database_from_before_the_tables_gets_them(corpus_db, tmp_path):
    db_path = tmp_path / "old.db"
    shutil.copy(corpus_db, db_path)
    conn = sqlite3.connect(db_path)
    themes = matrix_theme_rows(store.open_db(db_path))
    for name in SUMMARIES:  # the views as they were: their queries, no tables
        sql = old_query(name, themes)
        conn.execute(f"DROP VIEW [{name}]")
        conn.execute(f"CREATE VIEW [{name}] AS {sql}")
    for name in SUMMARIES:
        conn.execute(f"DROP TABLE [{PREFIX}{name}]")
    conn.commit()
    conn.close()
    db = store.open_db(db_path)
    store.ensure_schema(db)
    db.close()
    assert_views_equal_old_queries(db_path)


def test_after_a_report_from_a_council_not_in_the_register(corpus_db, tmp_path):
    """A council a report names that the register lacks joins its county's peers."""
    db_path = tmp_path / "csp.db"
    shutil.copy(corpus_db, db_path)
    db = store.open_db(db_path)
    text = "Priority: Rural crime"
    result = {"text": text, "pages": 1, "document": {"council": "Newtown Borough Council", "county": "Kent"},
              "priorities": [{"rank": 1, "text": "Rural crime", "themes": ["asb"], "page": 1, "char_start": 10,
                              "char_end": 21, "quote": text[10:21]}]}  # fmt: skip
    store.save_document(db, result, "e" * 64, tmp_path / "newtown.txt")
    db.close()
    rows = assert_views_equal_old_queries(db_path)
    assert ("Newtown Borough Council", "Sevenoaks District Council") in {r[:2] for r in rows["peers"]}
    assert "Newtown Borough Council" in {r[0] for r in rows["priority_matrix"]}


def test_tables_keep_the_year_an_age_counts_from_not_the_age(corpus_db):
    """A plan's age is counted when the view is read, so it is right next year too: no summary
    table stores an age, and each view's ages are today's year minus the stored year."""
    conn = sqlite3.connect(corpus_db)
    aged = 0
    for name in SUMMARIES:
        stored = [r[1] for r in conn.execute(f"PRAGMA table_info([{PREFIX}{name}])")]
        assert not [c for c in stored if c.endswith("age_years")], name
        shown = [c[0] for c in conn.execute(f"SELECT * FROM [{name}] LIMIT 0").description]
        for column in (c for c in shown if c.endswith("age_years") and name != "peers"):
            year = column[: -len("age_years")] + "age_from_year"
            assert year in stored, (name, column)
            ages = [r[0] for r in conn.execute(f"SELECT [{column}] FROM [{name}]")]
            years = [r[0] for r in conn.execute(f"SELECT [{year}] FROM [{PREFIX}{name}]")]
            key = repr  # None sorts beside numbers
            assert sorted(ages, key=key) == sorted((None if y is None else THIS_YEAR - y for y in years), key=key)
            aged += sum(a is not None for a in ages)
    conn.close()
    assert aged > 10
