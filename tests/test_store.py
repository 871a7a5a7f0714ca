"""Tests for extractor.store (schema, save): the declared schema, saving and replacing documents, FTS.

``gold_result`` (also used by test_ingest, test_datasette and test_browser) turns a corpus file
into the dict ``extractor.extract_file`` returns, from its gold annotation plus provenance
found in the text, so these tests exercise storage and publishing independently of the
extractor's accuracy.  A file with no gold file becomes one priority per "Priority: ..." line.
"""
from __future__ import annotations

import datetime
import hashlib
import shutil
import json
import re
import sqlite3
from pathlib import Path

import pytest

from extractor import store
from extractor.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpus" / "docs"
GOLD = ROOT / "corpus" / "gold"
CORPUS = sorted(DOCS.glob("*.txt"))


# ------------------------------------------------------------------------------ the fake extractor
def _locate(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    """Span of ``needle`` in ``text`` (whitespace-insensitive, case-insensitive), or of its first
    words; (after, after + 1) when nothing matches."""
    words = re.findall(r"\w+", needle)
    for n in (len(words), 8, 4, 2, 1):
        if not words[:n]:
            continue
        pattern = r"\W+".join(re.escape(w) for w in words[:n])
        m = re.compile(pattern, re.I).search(text, after) or re.compile(pattern, re.I).search(text)
        if m:
            return m.start(), m.end()
    return after, min(len(text), after + 1)


def _prov(text: str, needle: str, after: int = 0) -> dict:
    start, end = _locate(text, needle or "", after)
    return {
        "page": text.count("\f", 0, start) + 1,
        "char_start": start,
        "char_end": end,
        "quote": text[start:end],
        "confidence": 0.9,
        "rules": ["gold.fake"],
    }


def gold_result(path, settings: Settings | None = None) -> dict:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        from extractor.errors import EmptyFileError

        raise EmptyFileError(str(path))
    gold_file = GOLD / f"{path.stem}.json"
    result = {
        "source": str(path),
        "pages": text.count("\f") + 1,
        "extractor_version": "0.0.0-fake",
        "warnings": [],
        "text": text,
    }
    if not gold_file.exists():
        result["document"] = {"council": "Testham Borough Council", "county": "Surrey"}
        result["priorities"] = []
        for i, m in enumerate(re.finditer(r"Priority: (.+)", text)):
            result["priorities"].append(
                {"rank": i + 1, "text": m.group(1), "themes": ["asb"],
                 "page": 1, "char_start": m.start(1), "char_end": m.end(1),
                 "quote": m.group(1), "confidence": 1.0, "rules": ["fake.line"]}
            )  # fmt: skip
        for kind in ("recommendations", "risks", "funding", "decisions"):
            result[kind] = []
        return result
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    result["document"] = gold["document"]
    for kind, key in [
        ("priorities", "text"), ("recommendations", "text"), ("risks", "risk"),
        ("funding", "purpose"), ("decisions", "text"),
    ]:  # fmt: skip
        items = []
        for item in gold.get(kind, []):
            item = {k: v for k, v in item.items() if k != "ignore"}
            if kind == "funding":
                item["amount_text"] = f"£{item['amount_gbp']:,}"
                needle = item["amount_text"]
            else:
                needle = item.get(key) or ""
            items.append({**item, **_prov(text, needle)})
        result[kind] = items
    return result


def fake_extract(path, settings=None):
    return gold_result(path, settings)


def ingested_copy(tmp_path_factory, name: str, extract=fake_extract, **options) -> Path:
    """The bundled reports copied to a fresh folder (``docs`` beside the database) and ingested
    (gold items by default; ``options`` go to ingest_paths): the database file, for tests of
    what the site shows."""
    tmp = tmp_path_factory.mktemp(name)
    docs = tmp / "docs"
    docs.mkdir()
    for path in CORPUS:
        shutil.copy(path, docs / path.name)
    db_path = tmp / "csp.db"
    from extractor.batch import ingest

    assert ingest.ingest_paths([docs], db_path, extract=extract, quiet=True, **options).failed == 0
    return db_path


def ingest_corpus(db, paths=CORPUS):
    """Store each corpus file with save_document; returns the document ids."""
    ids = []
    for path in paths:
        sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        store.save_document(db, gold_result(path), sha, Path(path).resolve())
        ids.append(sha)
    return ids


def dump(db) -> dict:
    """Every row of every data table, for before/after comparisons."""
    return {
        name: sorted(map(tuple, db.execute(f"SELECT * FROM [{name}]").fetchall()), key=repr)
        for name in store.TABLES
        if name != "ingest_log"
    }


# ------------------------------------------------------------------------------ schema
EXPECTED_COLUMNS = {
    "themes": {"id": "TEXT", "label": "TEXT", "description": "TEXT", "words": "TEXT"},
    "councils": {"name": "TEXT", "county": "TEXT", "kind": "TEXT", "code": "TEXT", "nice_name": "TEXT",
                 "type": "TEXT", "county_council": "TEXT", "region": "TEXT", "population": "INTEGER",
                 "gss_code": "TEXT"},
    "documents": {
        "id": "TEXT", "path": "TEXT", "file_name": "TEXT", "council": "TEXT", "county": "TEXT",
        "title": "TEXT", "meeting_body": "TEXT", "meeting_date": "TEXT", "author": "TEXT",
        "plan_start_year": "INTEGER", "plan_end_year": "INTEGER", "pages": "INTEGER",
        "text": "TEXT", "warnings": "TEXT", "source_url": "TEXT", "supplied": "TEXT", "extractor_version": "TEXT",
        "models_hash": "TEXT", "ingested_at": "TEXT", "corrected": "INTEGER", "correction_id": "TEXT",
    },
    "corrections": {
        "id": "TEXT", "kind": "TEXT", "document_id": "TEXT", "source_path": "TEXT", "item_kind": "TEXT",
        "field": "TEXT", "value": "TEXT", "quote": "TEXT", "char_start": "INTEGER", "char_end": "INTEGER",
        "page": "INTEGER", "who": "TEXT", "at": "TEXT", "why": "TEXT", "status": "TEXT", "message": "TEXT",
        "applied_to": "TEXT", "item_id": "INTEGER", "original": "TEXT", "position": "INTEGER",
    },
    "priorities": {
        "id": "INTEGER", "document_id": "TEXT", "council": "TEXT", "county": "TEXT",
        "rank": "INTEGER", "text": "TEXT", "main_theme": "TEXT",
    },
    "priority_themes": {
        "priority_id": "INTEGER", "theme_id": "TEXT", "is_main": "INTEGER", "position": "INTEGER",
    },
    "recommendations": {
        "id": "INTEGER", "document_id": "TEXT", "council": "TEXT", "county": "TEXT",
        "addressee": "TEXT", "actions": "TEXT", "text": "TEXT",
    },
    "risks": {
        "id": "INTEGER", "document_id": "TEXT", "council": "TEXT", "county": "TEXT",
        "risk": "TEXT", "description": "TEXT", "mitigation": "TEXT", "rating": "TEXT",
    },
    "funding": {
        "id": "INTEGER", "document_id": "TEXT", "council": "TEXT", "county": "TEXT",
        "amount_gbp": "INTEGER", "amount_high_gbp": "INTEGER", "amount_text": "TEXT", "is_total": "INTEGER",
        "period": "TEXT", "funder": "TEXT",
        "purpose": "TEXT", "recipient": "TEXT",
    },
    "decisions": {
        "id": "INTEGER", "document_id": "TEXT", "council": "TEXT", "county": "TEXT",
        "body": "TEXT", "outcome": "TEXT", "text": "TEXT",
    },
    "priority_changes": {
        "id": "INTEGER", "council": "TEXT", "county": "TEXT", "pair": "INTEGER",
        "from_document_id": "TEXT", "to_document_id": "TEXT", "change": "TEXT", "score": "REAL",
        "detail": "TEXT", "from_priority_id": "INTEGER", "from_rank": "INTEGER",
        "from_text": "TEXT", "from_theme": "TEXT", "from_page": "INTEGER", "from_quote": "TEXT",
        "to_priority_id": "INTEGER", "to_rank": "INTEGER", "to_text": "TEXT", "to_theme": "TEXT",
        "to_page": "INTEGER", "to_quote": "TEXT",
    },
    "recommendation_outcomes": {
        "id": "INTEGER", "recommendation_id": "INTEGER", "decision_id": "INTEGER",
        "council": "TEXT", "county": "TEXT", "status": "TEXT", "score": "REAL", "reason": "TEXT",
        "recommendation_document_id": "TEXT", "recommendation_page": "INTEGER",
        "recommendation_quote": "TEXT", "decision_document_id": "TEXT", "decision_page": "INTEGER",
        "decision_quote": "TEXT",
    },
    "pages": {"document_id": "TEXT", "page": "INTEGER", "char_start": "INTEGER", "text": "TEXT"},
    "ingest_log": {
        "id": "INTEGER", "path": "TEXT", "sha256": "TEXT", "status": "TEXT", "message": "TEXT",
        "document_id": "TEXT", "pages": "INTEGER", "seconds": "REAL", "at": "TEXT",
    },
}  # fmt: skip
PROV = {"page": "INTEGER", "char_start": "INTEGER", "char_end": "INTEGER", "quote": "TEXT",
        "confidence": "REAL", "rules": "TEXT", "corrected": "INTEGER", "correction_id": "TEXT"}  # fmt: skip
for _kind in store.ITEM_TABLES:
    EXPECTED_COLUMNS[_kind] = {**EXPECTED_COLUMNS[_kind], **PROV}


def _types(db, table):
    return {r[1]: r[2] for r in db.execute(f"PRAGMA table_info([{table}])")}


def test_tables_and_columns_exactly(db):
    from extractor.store.summaries import PREFIX, SUMMARIES

    tables = {t for t in db.table_names() if "_fts" not in t and not t.startswith(PREFIX)}
    assert tables == set(EXPECTED_COLUMNS)
    # the comparison views kept as tables (tests/test_summaries.py checks their rows)
    assert {t for t in db.table_names() if t.startswith(PREFIX)} == {PREFIX + n for n in SUMMARIES}
    for table, columns in EXPECTED_COLUMNS.items():
        assert _types(db, table) == columns, table
        assert list(_types(db, table)) == list(columns), f"column order of {table}"


def test_primary_keys_and_not_null(db):
    assert db["documents"].pks == ["id"]
    assert db["councils"].pks == ["name"]
    assert db["themes"].pks == ["id"]
    assert db["priority_themes"].pks == ["priority_id", "theme_id"]
    notnull = {r[1] for r in db.execute("PRAGMA table_info(documents)") if r[3]}
    assert {"path", "file_name", "pages", "text", "ingested_at"} <= notnull


def test_foreign_keys_declared(db):
    declared = {
        (t, fk.column, fk.other_table, fk.other_column)
        for t in EXPECTED_COLUMNS
        for fk in db[t].foreign_keys
    }
    assert declared == set(store.FOREIGN_KEYS)
    for kind in store.ITEM_TABLES:
        assert (kind, "document_id", "documents", "id") in declared


def test_fts_tables_use_porter(db):
    for table, columns in store.FTS_CONFIG.items():
        assert db[table].detect_fts() == f"{table}_fts"
        schema = db[f"{table}_fts"].schema
        assert "fts5" in schema.lower() and "porter" in schema
        for column in columns:
            assert f"[{column}]" in schema or f'"{column}"' in schema or column in schema


def test_views_exist(db):
    assert set(store.VIEWS) <= set(db.view_names())
    for view in store.VIEWS:
        db.execute(f"SELECT * FROM [{view}] LIMIT 1").fetchall()


def test_themes_from_taxonomy(db):
    rows = {r[0]: r[1] for r in db.execute("SELECT id, label FROM themes")}
    assert len(rows) == 18
    assert rows["asb"] == "Anti-social behaviour" and rows["vawg"].startswith("Violence against")
    assert "other" in rows


def test_ensure_schema_is_idempotent(db):
    before = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    ingest_corpus(db)
    data = dump(db)
    store.ensure_schema(db)
    store.ensure_schema(db)
    after = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    assert before == after
    assert dump(db) == data


def test_missing_column_is_added(tmp_path):
    database = store.open_db(tmp_path / "old.db")
    database["councils"].create({"name": str, "county": str}, pk="name")
    store.ensure_schema(database)
    assert "kind" in database["councils"].columns_dict


def test_taxonomy_missing_says_fix(tmp_path):
    database = store.open_db(tmp_path / "x.db")
    with pytest.raises(ValueError, match="CSP_EXTRACT_MODELS"):
        store.ensure_schema(database, Settings(models_dir=tmp_path))


# ------------------------------------------------------------------------------ saving
def test_save_corpus_counts_and_values(db):
    ingest_corpus(db)
    c = store.counts(db)
    assert c["documents"] == 5
    assert c["councils"] == len(store.load_councils()) == 317  # the register, with or without documents
    assert db.execute("SELECT COUNT(DISTINCT council) FROM documents").fetchone()[0] == 4
    assert c["priorities"] == 13
    assert c["recommendations"] == 11
    assert c["risks"] == 6
    assert c["funding"] == 1
    medway = db.execute(
        "SELECT council, county, meeting_date, plan_start_year, plan_end_year, pages, author "
        "FROM documents WHERE file_name LIKE 'medway%'"
    ).fetchone()
    assert tuple(medway) == ("Medway Council", "Kent", "2020-12-03", 2020, 2024, 1, "James Brown")
    kinds = dict(db.execute("SELECT name, kind FROM councils").fetchall())
    assert kinds["Medway Council"] == "unitary"
    assert kinds["Sevenoaks District Council"] == "district"


def test_values_are_typed(db):
    ingest_corpus(db)
    row = db.execute(
        "SELECT typeof(amount_gbp), amount_gbp, amount_text, period, funder FROM funding"
    ).fetchone()
    assert tuple(row) == ("integer", 106460, "£106,460", "2019-20", "Police and Crime Commissioner")
    types = db.execute(
        "SELECT DISTINCT typeof(plan_start_year), typeof(pages) FROM documents "
        "WHERE plan_start_year IS NOT NULL"
    ).fetchall()
    assert [tuple(t) for t in types] == [("integer", "integer")]
    assert db.execute("SELECT typeof(rank) FROM priorities WHERE rank IS NOT NULL").fetchone()[0] == "integer"


def test_every_quote_is_the_text_at_its_span(db):
    ingest_corpus(db)
    for kind in store.ITEM_TABLES:
        for doc_text, start, end, quote, page in db.execute(
            f"SELECT d.text, i.char_start, i.char_end, i.quote, i.page FROM [{kind}] i "
            "JOIN documents d ON d.id = i.document_id"
        ):
            assert doc_text[start:end] == quote
            assert page == doc_text.count("\f", 0, start) + 1


def test_priority_themes_main_first(db):
    ingest_corpus(db)
    rows = db.execute(
        "SELECT p.text, p.main_theme, pt.theme_id, pt.is_main, pt.position FROM priorities p "
        "JOIN priority_themes pt ON pt.priority_id = p.id "
        "WHERE p.text LIKE 'Supporting victims%' ORDER BY pt.position"
    ).fetchall()
    assert [tuple(r)[1:] for r in rows] == [
        ("domestic_abuse", "domestic_abuse", 1, 1),
        ("domestic_abuse", "vawg", 0, 2),
    ]


def test_pages_split_the_text_at_form_feeds(db, tmp_path):
    text = "Cover page\fSerious violence on page two\f\fLast page"
    result = {**gold_result(CORPUS[0]), "text": text, "pages": 4}
    store.save_document(db, result, "b" * 64, tmp_path / "paged.txt")
    rows = db.execute("SELECT page, char_start, text FROM pages WHERE document_id = ? ORDER BY page",
                      ["b" * 64]).fetchall()
    assert [tuple(r) for r in rows] == [
        (1, 0, "Cover page"), (2, 11, "Serious violence on page two"), (3, 40, ""), (4, 41, "Last page")]
    for page, start, page_text in rows:  # a page's text is documents.text from char_start
        assert text[start:start + len(page_text)] == page_text
        assert text.count("\f", 0, start) + 1 == page
    hits = db.execute("SELECT page FROM pages_fts JOIN pages ON pages.rowid = pages_fts.rowid "
                      "WHERE pages_fts MATCH '\"serious violence\"'").fetchall()
    assert [h[0] for h in hits] == [2]


def test_reingest_replaces_pages_and_leaves_no_orphans(db, tmp_path):
    path = tmp_path / "report.txt"
    store.save_document(db, {**gold_result(CORPUS[0]), "text": "one\ftwo\fthree"}, "c" * 64, path)
    store.save_document(db, {**gold_result(CORPUS[0]), "text": "uno\fdos"}, "d" * 64, path)
    # the same bytes again under another path
    store.save_document(db, {**gold_result(CORPUS[0]), "text": "uno\fdos"}, "d" * 64, tmp_path / "copy.txt")
    rows = db.execute("SELECT document_id, page, text FROM pages ORDER BY page").fetchall()
    assert [tuple(r) for r in rows] == [("d" * 64, 1, "uno"), ("d" * 64, 2, "dos")]
    assert db.execute("SELECT COUNT(*) FROM pages WHERE document_id NOT IN "
                      "(SELECT id FROM documents)").fetchone()[0] == 0
    # the full-text index follows the table
    assert db.execute("SELECT COUNT(*) FROM pages_fts WHERE pages_fts MATCH 'three OR one'").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM pages_fts WHERE pages_fts MATCH 'dos'").fetchone()[0] == 1


def test_pages_are_filled_for_a_database_from_before_them(db):
    ingest_corpus(db)
    before = db.execute("SELECT document_id, page, char_start, text FROM pages ORDER BY 1, 2").fetchall()
    db["pages_fts"].drop()
    for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                 "AND tbl_name = 'pages'").fetchall():
        db.execute(f"DROP TRIGGER [{trigger}]")
    db["pages"].drop()
    store.ensure_schema(db)
    after = db.execute("SELECT document_id, page, char_start, text FROM pages ORDER BY 1, 2").fetchall()
    assert after == before and len(after) == 5
    assert db.execute("SELECT COUNT(*) FROM pages_fts WHERE pages_fts MATCH 'partnership'").fetchone()[0] == 5


def test_themes_keep_their_words(db):
    words = dict(db.execute("SELECT id, words FROM themes").fetchall())
    assert "knife crime" in json.loads(words["serious_violence"])
    assert json.loads(words["other"]) == []


def test_foreign_keys_hold(db):
    ingest_corpus(db)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO risks (document_id, risk) VALUES ('nope', 'x')")


def test_unknown_theme_is_added_not_lost(db, tmp_path):
    result = gold_result(CORPUS[0])
    result["priorities"][0]["themes"] = ["space_piracy", "asb"]
    store.save_document(db, result, "a" * 64, tmp_path / "x.txt")
    assert db.execute("SELECT label FROM themes WHERE id = 'space_piracy'").fetchone()[0]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_resave_same_document_is_identical(db):
    ingest_corpus(db)
    first = dump(db)
    ids = [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]
    # saving the same bytes again replaces rows with equal content
    for path in CORPUS:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        store.save_document(db, gold_result(path), sha, path.resolve(), ingested_at="x")
    assert [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")] == ids
    assert store.counts(db) == {k: len(v) for k, v in first.items()}


def test_changed_file_replaces_its_rows(db, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("Priority: Anti-social behaviour\nPriority: Drugs\n")
    store.save_document(db, gold_result(path), "1" * 64, path)
    path.write_text("Priority: Road safety\n")
    saved = store.save_document(db, gold_result(path), "2" * 64, path)
    assert saved["replaced"] == "1" * 64
    assert [r[0] for r in db.execute("SELECT id FROM documents")] == ["2" * 64]
    assert [r[0] for r in db.execute("SELECT text FROM priorities")] == ["Road safety"]
    assert db.execute("SELECT COUNT(*) FROM priority_themes").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM priorities_fts WHERE priorities_fts MATCH 'drugs'").fetchone()[0] == 0


def test_failed_save_leaves_nothing(db, tmp_path):
    result = gold_result(CORPUS[0])
    result["risks"].append({"risk": None})  # NOT NULL violation half way through
    with pytest.raises(sqlite3.IntegrityError):
        store.save_document(db, result, "f" * 64, tmp_path / "bad.txt")
    assert store.counts(db)["documents"] == 0
    assert store.counts(db)["priorities"] == 0


def test_bad_meeting_date_is_dropped_with_warning(db, tmp_path):
    result = gold_result(CORPUS[0])
    result["document"]["meeting_date"] = "3 December"
    store.save_document(db, result, "e" * 64, tmp_path / "x.txt")
    date, warnings = db.execute("SELECT meeting_date, warnings FROM documents").fetchone()
    assert date is None and "not an ISO date" in json.loads(warnings)[0]


# ------------------------------------------------------------------------------ FTS and views
def test_fts_search_with_porter_stemming(db):
    ingest_corpus(db)
    hits = db.execute(
        "SELECT p.council, p.text FROM priorities_fts JOIN priorities p ON p.id = priorities_fts.rowid "
        "WHERE priorities_fts MATCH 'offend' ORDER BY p.council"
    ).fetchall()
    assert ("Medway Council", "Reducing re-offending") in [tuple(h) for h in hits]
    docs = db.execute(
        "SELECT d.council FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
        "WHERE documents_fts MATCH 'strategic assessment'"
    ).fetchall()
    assert {"Medway Council", "Sevenoaks District Council"} <= {d[0] for d in docs}
    assert db.execute("SELECT COUNT(*) FROM risks_fts WHERE risks_fts MATCH 'mitig*'").fetchone()[0] >= 1


def test_priority_matrix_and_themes_by_county(db):
    ingest_corpus(db)
    matrix = {r["council"]: r for r in db.query("SELECT * FROM priority_matrix")}
    assert set(matrix) == {"Medway Council", "Sevenoaks District Council", "Spelthorne Borough Council"}
    sevenoaks = matrix["Sevenoaks District Council"]
    assert sevenoaks["plan"] == "2024-25"
    assert sevenoaks["Anti-social behaviour"] == 2
    assert sevenoaks["Business and retail crime"] == 4
    assert matrix["Medway Council"]["Strong and engaged communities"] == 1
    assert matrix["Medway Council"]["Violence against women and girls"] == 2  # a secondary theme
    assert matrix["Medway Council"]["Road safety"] is None
    by_county = {r["theme_id"]: r for r in db.query("SELECT * FROM themes_by_county")}
    assert by_county["domestic_abuse"]["kent_partnerships"] == 2
    assert len(by_county) == 18


def test_other_views(db):
    ingest_corpus(db)
    over_time = list(db.query("SELECT * FROM priorities_over_time WHERE council LIKE 'Medway%'"))
    assert [r["rank"] for r in over_time] == [1, 2, 3, 4, 5]
    assert over_time[0]["plan"] == "2020-24"
    funding = list(db.query("SELECT * FROM funding_by_council_year"))
    [medway_id] = [r[0] for r in db.execute("SELECT id FROM funding WHERE council = 'Medway Council'")]
    age = datetime.date.today().year - 2019  # the financial year's age, counted from today
    assert funding == [{"council": "Medway Council", "county": "Kent", "period": "2019-20",
                        "period_start_year": 2019, "period_end_year": 2020, "age_years": age,
                        "total_gbp": 106460, "total_high_gbp": 106460, "items": 1, "repeats": 0,
                        "funders": "Police and Crime Commissioner",
                        "purposes": "Crime Reduction Grant", "funding_ids": str(medway_id)}]  # fmt: skip
    by_body = {(r["body"], r["action"]): r["recommendations"]
               for r in db.query("SELECT * FROM recommendations_by_body_action")}  # fmt: skip
    assert by_body[("Committee", "note")] >= 2
    risks = list(db.query("SELECT * FROM risk_register WHERE rating IS NOT NULL"))
    assert {r["rating"] for r in risks} >= {"E2", "D3"}
    kinds = dict(db.execute("SELECT kind, COUNT(*) FROM items GROUP BY kind").fetchall())
    assert kinds == {"priority": 13, "recommendation": 11, "risk": 6, "funding": 1}


def test_the_plan_of_record_is_the_ranked_list_not_a_later_paper_naming_one_in_passing(db):
    """Regression: latest_plans picked Spelthorne's covering report naming one priority in passing
    over its review listing ten, so 'themes by county' lost domestic abuse for Surrey."""
    from extractor import store

    def result(text, year, priorities):
        return {"text": text, "pages": 1, "document": {"council": "Runnymede Borough Council", "county": "Surrey",
                "plan_period": {"start_year": year, "end_year": year + 1}, "meeting_date": f"{year}-06-01"},
                "priorities": priorities}

    ranked = [{"rank": n, "text": t, "themes": [theme], "page": 1, "char_start": 0, "char_end": 1, "quote": "R"}
              for n, (t, theme) in enumerate([("Domestic Abuse", "domestic_abuse"), ("Serious Violence", "serious_violence")], 1)]
    passing = [{"rank": None, "text": "Anti-Social Behaviour", "themes": ["asb"], "page": 1, "char_start": 0,
                "char_end": 1, "quote": "R"}]
    store.save_document(db, result("Review of the plan", 2024, ranked), "a" * 64, "/r/plan.txt")
    store.save_document(db, result("Covering report", 2025, passing), "b" * 64, "/r/cover.txt")
    (document_id, priorities), = db.execute("SELECT document_id, priorities FROM latest_plans").fetchall()
    assert (document_id, priorities) == ("a" * 64, 2)


def test_county_wide_bodies_are_counted_apart_from_district_partnerships(db):
    from extractor import store

    def result(council, county):
        return {"text": "T", "pages": 1, "document": {"council": council, "county": county},
                "priorities": [{"rank": 1, "text": "Domestic Abuse", "themes": ["domestic_abuse"], "page": 1,
                                "char_start": 0, "char_end": 1, "quote": "T"}]}

    store.save_document(db, result("Kent County Council", "Kent"), "a" * 64, "/r/kcc.txt")
    store.save_document(db, result("Dover District Council", "Kent"), "b" * 64, "/r/dover.txt")
    row = db.execute("SELECT kent_partnerships, all_partnerships, county_wide_bodies FROM themes_by_county "
                     "WHERE theme_id = 'domestic_abuse'").fetchone()
    assert tuple(row) == (1, 1, 1)
